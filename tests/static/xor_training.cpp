// XOR trained inside the compiler: compiling this file is passing. Each network is its own
// constexpr variable, so each training is its own constant evaluation; all of them fit in half
// of GCC 12's and clang 14's default constexpr budgets (see the test static_half_constexpr_budget).
#include <ctmlp/ctmlp.hpp>

namespace {

template <class Net>
inline constexpr std::array<typename Net::input_array, 4> xor_x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
template <class Net>
inline constexpr std::array<typename Net::output_array, 4> xor_y{{{0}, {1}, {1}, {0}}};

// The worst margin over the four samples: how far each prediction is on the correct side of 0.5.
template <class Net>
constexpr double xor_margin(const Net& net) {
    double worst = 1.0;
    for (std::size_t s = 0; s < 4; ++s) {
        const double p = static_cast<double>(net.predict(xor_x<Net>[s])[0]);
        const double m = xor_y<Net>[s][0] > 0.5 ? p - 0.5 : 0.5 - p;
        worst = m < worst ? m : worst;
    }
    return worst;
}

template <class Net>
constexpr Net train_xor(std::uint64_t seed, double rate, std::size_t epochs) {
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1.0, 1.0});
    const auto r = ctmlp::train(net, xor_x<Net>, xor_y<Net>, ctmlp::sgd{.learning_rate = rate, .epochs = epochs},
                                ctmlp::half_squared_error{});
    return r ? net : Net{};  // a failed run gives a zero network, which fails the margin check
}

template <class S, std::size_t Hidden>
using xor_net = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<Hidden, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

// 2-4-1, tanh/sigmoid, lr 1, seed 4: margin 0.1 is reached after 67 epochs; 80 are run.
constexpr auto net_241_double = train_xor<xor_net<double, 4>>(4, 1.0, 80);
static_assert(xor_margin(net_241_double) >= 0.1, "2-4-1 double did not learn XOR with margin 0.1");
constexpr auto net_241_float = train_xor<xor_net<float, 4>>(4, 1.0, 80);
static_assert(xor_margin(net_241_float) >= 0.1, "2-4-1 float did not learn XOR with margin 0.1");

// 2-2-1, tanh/sigmoid, lr 2, seed 10: margin 0.1 after 51 epochs; 70 are run.
constexpr auto net_221_double = train_xor<xor_net<double, 2>>(10, 2.0, 70);
static_assert(xor_margin(net_221_double) >= 0.1, "2-2-1 double did not learn XOR with margin 0.1");
constexpr auto net_221_float = train_xor<xor_net<float, 2>>(10, 2.0, 70);
static_assert(xor_margin(net_221_float) >= 0.1, "2-2-1 float did not learn XOR with margin 0.1");

// Training longer than one evaluation allows: chain stages, each its own constexpr variable
// (each starts a fresh budget). Here 3 x 60 epochs continue the 2-2-1 network above.
template <class Net>
constexpr Net continue_xor(Net net, double rate, std::size_t epochs) {
    ctmlp::train(net, xor_x<Net>, xor_y<Net>, ctmlp::sgd{.learning_rate = rate, .epochs = epochs},
                 ctmlp::half_squared_error{});
    return net;
}
constexpr auto stage_1 = continue_xor(net_221_double, 2.0, 60);
constexpr auto stage_2 = continue_xor(stage_1, 2.0, 60);
constexpr auto stage_3 = continue_xor(stage_2, 2.0, 60);
static_assert(xor_margin(stage_3) > xor_margin(net_221_double), "more epochs must widen the margin");
static_assert(xor_margin(stage_3) >= 0.3);

}  // namespace
