// The README's example: XOR learned inside the compiler, checked by static_assert.
#include <ctmlp/ctmlp.hpp>

using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr std::array<xor_net::input_array, 4> x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<xor_net::output_array, 4> y{{{0}, {1}, {1}, {0}}};

constexpr xor_net trained = [] {
    ctmlp::splitmix64 gen{9};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1, 1});
    ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 100}, ctmlp::half_squared_error{});
    return net;
}();

static_assert(trained.predict({0, 0})[0] < 0.4f && trained.predict({1, 1})[0] < 0.4f);
static_assert(trained.predict({0, 1})[0] > 0.6f && trained.predict({1, 0})[0] > 0.6f);

int main() { return trained.predict({1, 0})[0] > 0.5f ? 0 : 1; }
