// Softmax, the fused cross-entropies and the classification helpers in constant evaluation.
// Compiling this file is passing (also with half the compilers' constexpr budgets).
#include <ctmlp/ctmlp.hpp>

namespace losses_test {

// Integers are not a Scalar; float, double and fixed point are.
static_assert(!ctmlp::Scalar<int> && !ctmlp::Scalar<long> && !ctmlp::Scalar<bool> && !ctmlp::Scalar<unsigned char>);
static_assert(ctmlp::Scalar<float> && ctmlp::Scalar<double> && ctmlp::Scalar<ctmlp::q7_8>);

// Bit-level classification of special values.
static_assert(!ctmlp::is_finite(std::numeric_limits<double>::infinity()) &&
              !ctmlp::is_finite(-std::numeric_limits<float>::infinity()));
static_assert(ctmlp::is_nan(std::numeric_limits<float>::quiet_NaN()) &&
              !ctmlp::is_finite(std::numeric_limits<float>::quiet_NaN()));
static_assert(ctmlp::is_finite(std::numeric_limits<float>::max()) &&
              ctmlp::is_finite(-std::numeric_limits<double>::denorm_min()));

// A softmax output is a distribution, computed stably.
using clf = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
constexpr clf with_output_bias(double a, double b, double c) {
    clf n{};
    n.layer<2>().bias = {a, b, c};
    return n;
}
constexpr auto p = with_output_bias(1.0, 2.0, 3.0).predict({0.0, 0.0});
static_assert(p[0] < p[1] && p[1] < p[2]);
static_assert(p[0] + p[1] + p[2] > 1.0 - 1e-15 && p[0] + p[1] + p[2] < 1.0 + 1e-15);
constexpr auto q = with_output_bias(1000.0, -1000.0, 0.0).predict({0.0, 0.0});
static_assert(q[0] == 1.0 && q[1] == 0.0 && q[2] == 0.0);

// The fused losses from the logits, in a constant expression.
constexpr double ce_value(double a, double b, double c, std::size_t label) {
    const clf n = with_output_bias(a, b, c);
    ctmlp::workspace<clf> ws{};
    ctmlp::forward(n, ws, {0.0, 0.0});
    clf::output_array y{};
    y[label] = 1.0;
    return ctmlp::loss_value(ctmlp::categorical_cross_entropy{}, ws, y);
}
static_assert(ce_value(1000.0, -1000.0, 0.0, 0) == 0.0);
static_assert(ce_value(1000.0, -1000.0, 0.0, 1) == 2000.0);
static_assert(ce_value(0.0, 0.0, 0.0, 2) > 1.0986122886681 && ce_value(0.0, 0.0, 0.0, 2) < 1.0986122886682);  // ln 3

using yes_no = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr float bce_at(float logit, float target) {
    yes_no n{};
    n.layer<1>().weights = {logit};
    ctmlp::workspace<yes_no> ws{};
    ctmlp::forward(n, ws, {1.0f});
    return ctmlp::loss_value(ctmlp::binary_cross_entropy{}, ws, {target});
}
static_assert(bce_at(20.0f, 1.0f) > 2.0e-9f && bce_at(20.0f, 1.0f) < 2.1e-9f);  // ŷ is 1.0f there
static_assert(bce_at(20.0f, 0.0f) == 20.0f);
static_assert(bce_at(-1000.0f, 1.0f) == 1000.0f);

// A 3-class problem learnt inside the compiler with softmax + categorical cross-entropy.
inline constexpr std::array<clf::input_array, 6> xs{
    {{-1.0, -1.0}, {-0.8, -1.2}, {1.0, -1.0}, {1.2, -0.8}, {0.0, 1.0}, {0.2, 1.1}}};
inline constexpr std::array<clf::output_array, 6> ys{
    {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}}};
inline constexpr std::array<int, 6> labels{0, 0, 1, 1, 2, 2};
constexpr clf trained(std::size_t epochs) {
    ctmlp::splitmix64 gen{5};
    auto n = ctmlp::initialized<clf>(gen, ctmlp::init::xavier_normal{});
    const auto r =
        ctmlp::train(n, xs, ys, ctmlp::sgd{.learning_rate = 0.2, .epochs = epochs}, ctmlp::categorical_cross_entropy{});
    return r ? n : clf{};
}
constexpr clf net_0 = trained(0);
constexpr clf net_20 = trained(20);
static_assert(ctmlp::accuracy::of(net_0, xs, labels) < 1.0);
static_assert(ctmlp::accuracy::of(net_20, xs, labels) == 1.0);
static_assert(ctmlp::confusion(net_20, xs, ys).correct() == 6);
constexpr double mean_loss(const clf& n) {
    ctmlp::workspace<clf> ws{};
    double sum = 0.0;
    for (std::size_t s = 0; s < xs.size(); ++s) {
        ctmlp::forward(n, ws, xs[s]);
        sum += ctmlp::loss_value(ctmlp::categorical_cross_entropy{}, ws, ys[s]);
    }
    return sum / static_cast<double>(xs.size());
}
static_assert(mean_loss(net_20) < 0.5 * mean_loss(net_0));

}  // namespace losses_test
