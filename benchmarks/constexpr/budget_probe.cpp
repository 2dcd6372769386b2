// Probe for benchmarks/constexpr/constexpr_budget.sh: trains XOR for CTMLP_EPOCHS epochs inside
// one constant evaluation. The script bisects the largest CTMLP_EPOCHS that still compiles.
#include <ctmlp/ctmlp.hpp>

#ifndef CTMLP_SCALAR
#define CTMLP_SCALAR double
#endif
#ifndef CTMLP_HIDDEN
#define CTMLP_HIDDEN 4
#endif
#ifndef CTMLP_EPOCHS
#define CTMLP_EPOCHS 10
#endif

using S = CTMLP_SCALAR;
using net_t =
    ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<CTMLP_HIDDEN, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr std::array<net_t::input_array, 4> x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<net_t::output_array, 4> y{{{0}, {1}, {1}, {0}}};

constexpr net_t trained = [] {
    ctmlp::splitmix64 gen{4};
    auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::uniform{-1, 1});
    ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1.0, .epochs = CTMLP_EPOCHS}, ctmlp::half_squared_error{});
    return net;
}();
static_assert(trained.predict({0, 0})[0] >= S(0));
