// expect: ctmlp::train: the network is const .* train a copy
#include <ctmlp/ctmlp.hpp>
// A constexpr (hence const) network handed to train(): before the guard, 5 errors from inside the
// loop on GCC (97 lines) and 16 on clang (340 lines).
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr net_t trained{};
void f() {
    const std::array<net_t::input_array, 2> x{{{0, 1}, {1, 0}}};
    const std::array<net_t::output_array, 2> y{{{1}, {0}}};
    const auto r =
        ctmlp::train(trained, x, y, ctmlp::sgd{.learning_rate = 0.5, .epochs = 10}, ctmlp::half_squared_error{});
    (void)r;
}
