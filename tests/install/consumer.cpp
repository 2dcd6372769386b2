// Uses an installed ctmlp: a network trained at compile time, checked at compile and run time.
#include <ctmlp/ctmlp.hpp>

using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr net_t make() {
    ctmlp::splitmix64 gen{7};
    auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::uniform{-1.0, 1.0});
    const std::array<net_t::input_array, 1> x{{{1.0, 0.0}}};
    const std::array<net_t::output_array, 1> y{{{1.0}}};
    ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 20}, ctmlp::half_squared_error{});
    return net;
}
constexpr net_t net = make();
static_assert(net.predict({1.0, 0.0})[0] > 0.8);
static_assert(CTMLP_VERSION >= 100);

int main() { return make().predict({1.0, 0.0})[0] > 0.8 ? 0 : 1; }
