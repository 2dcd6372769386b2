// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The fast math policy (include/ctmlp/math.hpp, ctmlp::fast::sigmoid / tanh / softmax):
//   * run time equals constant evaluation bit for bit (-ffp-contract=off comes from the test flags);
//   * the documented error bounds over a stride of every float bit pattern, and special values
//     (benchmarks/fast_math_error.cpp sweeps all of them and measured the bounds asserted here);
//   * networks of fast activations: gradients against finite differences, training close to the
//     <cmath> network, the fused cross-entropies, the spelling, the file format and export.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/export.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include "catch.hpp"

namespace {

namespace fm = ctmlp::math::fast;

// ---- error in ulp against a double reference -------------------------------------------------

/// The spacing of floats at the float nearest `ref` (2^-149 for subnormals and zero).
double float_ulp(double ref) {
    const float r = static_cast<float>(ref);
    if (r == 0.0f || std::fabs(r) < std::numeric_limits<float>::min()) return 0x1p-149;
    if (std::isinf(r)) return std::ldexp(1.0, 127 - 23);
    return std::ldexp(1.0, std::ilogb(r) - 23);
}

/// |got - ref| in ulp of the float result; 0 when both are the same infinity, or both NaN.
double ulp_error(float got, double ref) {
    if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) && std::isnan(got) ? 0.0 : 1e30;
    const float r = static_cast<float>(ref);
    if (std::isinf(got) || std::isinf(r)) return got == r ? 0.0 : 1e30;
    return std::fabs(static_cast<double>(got) - ref) / float_ulp(ref);
}

/// |got - ref| in ulp of the double result (ref in long double).
double ulp_error(double got, long double ref) {
    if (std::isnan(ref) || std::isnan(got)) return std::isnan(ref) && std::isnan(got) ? 0.0 : 1e30;
    const double r = static_cast<double>(ref);
    if (std::isinf(got) || std::isinf(r)) return got == r ? 0.0 : 1e30;
    const double ulp =
        std::fabs(r) < std::numeric_limits<double>::min() ? 0x1p-1074 : std::ldexp(1.0, std::ilogb(r) - 52);
    return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) / ulp);
}

float float_from_bits(std::uint32_t u) { return std::bit_cast<float>(u); }

template <class T>
bool same_bits(T a, T b) {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// ---- compile time == run time ------------------------------------------------------------------

// Inputs spread over the whole range: a geometric ladder of magnitudes from tiny to 2^7, both
// signs, plus values around the clamps and a few in between.
template <class T, std::size_t N>
constexpr std::array<T, N> ladder() {
    std::array<T, N> x{};
    T v = T(1e-30);
    for (std::size_t i = 0; i < N; i += 2) {
        x[i] = v;
        x[i + 1] = -v * T(1.0009765625);
        v = v * T(1.31);
        if (v > T(800)) v = T(1e-6) + v * T(1e-5);
    }
    return x;
}

enum class fn { exp, tanh, sigmoid };

template <fn F, class T>
constexpr T apply(T x) {
    if constexpr (F == fn::exp)
        return fm::exp(x);
    else if constexpr (F == fn::tanh)
        return ctmlp::fast::tanh::apply(x);
    else
        return ctmlp::fast::sigmoid::apply(x);
}

template <fn F, class T, std::size_t N>
constexpr std::array<T, N> apply_all(const std::array<T, N>& x) {
    std::array<T, N> y{};
    for (std::size_t i = 0; i < N; ++i) y[i] = apply<F>(x[i]);
    return y;
}

constexpr std::size_t ladder_size = 600;
constexpr auto ladder_f = ladder<float, ladder_size>();
constexpr auto ladder_d = ladder<double, ladder_size>();

template <fn F, class T, std::size_t N>
std::size_t run_time_differences(const std::array<T, N>& x, const std::array<T, N>& at_compile_time) {
    std::size_t differing = 0;
    for (std::size_t i = 0; i < N; ++i) {
        volatile T launder = x[i];  // keep the evaluation at run time
        differing += !same_bits(apply<F>(static_cast<T>(launder)), at_compile_time[i]);
    }
    return differing;
}

}  // namespace

TEST_CASE("fast math: run time equals compile time bit for bit (float and double)", "[math][fast]") {
    static constexpr auto exp_f = apply_all<fn::exp>(ladder_f);
    static constexpr auto tanh_f = apply_all<fn::tanh>(ladder_f);
    static constexpr auto sigmoid_f = apply_all<fn::sigmoid>(ladder_f);
    static constexpr auto exp_d = apply_all<fn::exp>(ladder_d);
    static constexpr auto tanh_d = apply_all<fn::tanh>(ladder_d);
    static constexpr auto sigmoid_d = apply_all<fn::sigmoid>(ladder_d);
    CHECK(run_time_differences<fn::exp>(ladder_f, exp_f) == 0);
    CHECK(run_time_differences<fn::tanh>(ladder_f, tanh_f) == 0);
    CHECK(run_time_differences<fn::sigmoid>(ladder_f, sigmoid_f) == 0);
    CHECK(run_time_differences<fn::exp>(ladder_d, exp_d) == 0);
    CHECK(run_time_differences<fn::tanh>(ladder_d, tanh_d) == 0);
    CHECK(run_time_differences<fn::sigmoid>(ladder_d, sigmoid_d) == 0);
    // The ladder reaches the special regions: exp overflows and underflows, tanh saturates.
    CHECK(std::count(exp_f.begin(), exp_f.end(), std::numeric_limits<float>::infinity()) > 0);
    CHECK(std::count(exp_f.begin(), exp_f.end(), 0.0f) > 0);
    CHECK(std::count_if(exp_f.begin(), exp_f.end(),
                        [](float v) { return v > 0.0f && v < std::numeric_limits<float>::min(); }) > 0);
    CHECK(std::count(tanh_f.begin(), tanh_f.end(), 1.0f) > 0);
}

TEST_CASE("fast math: float error over a stride of every bit pattern within the documented bounds", "[math][fast]") {
    // Bounds measured over all 2^32 patterns by benchmarks/fast_math_error.cpp (docs/math.md).
    // exp and sigmoid: where the result is a normal float (exp: x in [-87.33, 88.72]); where exp is
    // subnormal (x in [-103.97, -87.33]) its error is counted in subnormal steps (2^-149).
    double exp_worst = 0, tanh_worst = 0, sigmoid_worst = 0, exp_sub_worst = 0;
    float exp_at = 0, tanh_at = 0, sigmoid_at = 0;
    std::size_t checked = 0;
    constexpr std::uint32_t stride = 2039;  // prime: every exponent, mantissas all over
    for (std::uint64_t b = 0; b < (std::uint64_t{1} << 32); b += stride) {
        const float x = float_from_bits(static_cast<std::uint32_t>(b));
        if (std::isnan(x)) continue;
        ++checked;
        const double xd = x;
        const double e_ref = std::exp(xd);
        const double e = ulp_error(fm::exp(x), e_ref);
        if (e_ref >= static_cast<double>(std::numeric_limits<float>::min())) {
            if (e > exp_worst) exp_worst = e, exp_at = x;
        } else {
            exp_sub_worst = std::max(exp_sub_worst, e);
        }
        const double t = ulp_error(ctmlp::fast::tanh::apply(x), std::tanh(xd));
        if (t > tanh_worst) tanh_worst = t, tanh_at = x;
        const double s_ref = 1.0 / (1.0 + std::exp(-xd));
        if (s_ref >= static_cast<double>(std::numeric_limits<float>::min())) {
            const double s = ulp_error(ctmlp::fast::sigmoid::apply(x), s_ref);
            if (s > sigmoid_worst) sigmoid_worst = s, sigmoid_at = x;
        }
    }
    INFO("exp " << exp_worst << " ulp at " << exp_at << ", tanh " << tanh_worst << " ulp at " << tanh_at << ", sigmoid "
                << sigmoid_worst << " ulp at " << sigmoid_at << ", exp subnormal " << exp_sub_worst);
    CHECK(checked > 2'000'000);
    CHECK(exp_worst <= 1.25);
    CHECK(exp_sub_worst <= 1.0);  // gradual underflow: within one subnormal step
    CHECK(tanh_worst <= 3.0);
    CHECK(sigmoid_worst <= 2.5);
    // Not too loose either: the bounds are tight to the measurement.
    CHECK(exp_worst > 0.5);
}

TEST_CASE("fast math: double error on random samples within the documented bounds", "[math][fast]") {
    ctmlp::splitmix64 gen{2024};
    double exp_worst = 0, tanh_worst = 0, sigmoid_worst = 0;
    for (int i = 0; i < 200'000; ++i) {
        // Half uniform over the exp range, half log-uniform magnitudes (tiny arguments for tanh).
        const double u = gen.random_sample();
        const double x = i % 2 == 0 ? -745.0 + 1455.0 * u
                                    : (i % 4 == 1 ? 1.0 : -1.0) * std::exp2(-60.0 + 66.0 * gen.random_sample());
        const long double xl = x;
        const long double e_ref = std::exp(xl);
        if (e_ref >= std::numeric_limits<double>::min()) exp_worst = std::max(exp_worst, ulp_error(fm::exp(x), e_ref));
        tanh_worst = std::max(tanh_worst, ulp_error(ctmlp::fast::tanh::apply(x), std::tanh(xl)));
        const long double s_ref = 1.0L / (1.0L + std::exp(-xl));
        if (s_ref >= std::numeric_limits<double>::min())
            sigmoid_worst = std::max(sigmoid_worst, ulp_error(ctmlp::fast::sigmoid::apply(x), s_ref));
    }
    INFO("double: exp " << exp_worst << " ulp, tanh " << tanh_worst << " ulp, sigmoid " << sigmoid_worst << " ulp");
    CHECK(exp_worst <= 1.25);
    CHECK(tanh_worst <= 3.0);
    CHECK(sigmoid_worst <= 2.5);
}

TEST_CASE("fast math: special values", "[math][fast]") {
    constexpr float inf = std::numeric_limits<float>::infinity();
    constexpr float nan = std::numeric_limits<float>::quiet_NaN();
    constexpr float den = std::numeric_limits<float>::denorm_min();
    volatile float launder = 1.0f;
    const float one = launder;
    // NaN stays NaN (training reports it), in every function.
    CHECK(std::isnan(fm::exp(nan * one)));
    CHECK(std::isnan(fm::tanh(nan * one)));
    CHECK(std::isnan(fm::tanh(-nan * one)));
    CHECK(std::isnan(ctmlp::fast::sigmoid::apply(nan * one)));
    CHECK(std::isnan(fm::exp(std::numeric_limits<double>::quiet_NaN() * one)));
    CHECK(std::isnan(fm::tanh(std::numeric_limits<double>::quiet_NaN() * one)));
    // Infinities and overflow.
    CHECK(fm::exp(inf * one) == inf);
    CHECK(fm::exp(-inf * one) == 0.0f);
    CHECK(fm::exp(89.0f * one) == inf);
    CHECK(fm::exp(0x1.62e42ep+6f * one) < inf);  // largest x with a finite exp
    CHECK(fm::exp(0x1.62e430p+6f * one) == inf);
    CHECK(fm::exp(710.0 * one) == std::numeric_limits<double>::infinity());
    CHECK(fm::exp(709.78 * one) < std::numeric_limits<double>::infinity());
    CHECK(fm::exp(-inf * one) == 0.0f);
    CHECK(fm::exp(-std::numeric_limits<double>::infinity() * one) == 0.0);
    CHECK(ctmlp::fast::sigmoid::apply(inf * one) == 1.0f);
    CHECK(ctmlp::fast::sigmoid::apply(-inf * one) == 0.0f);
    CHECK(fm::tanh(inf * one) == 1.0f);
    CHECK(fm::tanh(-inf * one) == -1.0f);
    CHECK(fm::tanh(1e4f * one) == 1.0f);
    CHECK(fm::tanh(-30.0 * one) == -1.0);
    // Gradual underflow: subnormal results, then 0.
    CHECK(fm::exp(-100.0f * one) > 0.0f);
    CHECK(fm::exp(-100.0f * one) < std::numeric_limits<float>::min());
    CHECK(fm::exp(-103.9f * one) == den);
    CHECK(fm::exp(-104.0f * one) == 0.0f);
    CHECK(fm::exp(-740.0 * one) > 0.0);
    CHECK(fm::exp(-746.0 * one) == 0.0);
    // Zeros and tiny arguments: exp = 1, tanh(x) = x (no cancellation), with the sign of zero.
    CHECK(fm::exp(0.0f * one) == 1.0f);
    CHECK(fm::exp(-0.0f * one) == 1.0f);
    CHECK(fm::exp(den * one) == 1.0f);
    CHECK(same_bits(fm::tanh(0.0f * one), 0.0f));
    CHECK(same_bits(fm::tanh(-0.0f * one), -0.0f));
    CHECK(same_bits(fm::tanh(-0.0 * one), -0.0));
    CHECK(fm::tanh(1e-20f * one) == 1e-20f);
    CHECK(fm::tanh(-1e-20f * one) == -1e-20f);
    CHECK(fm::tanh(den * one) == den);
    CHECK(fm::tanh(1e-300 * one) == 1e-300);
    CHECK(ctmlp::fast::sigmoid::apply(0.0f * one) == 0.5f);
    // Odd symmetry of tanh, exactly (the sign is a bit).
    for (float x = 1e-7f; x < 20.0f; x *= 1.7f) CHECK(fm::tanh(-x * one) == -fm::tanh(x * one));
    // log and log1p are the library's.
    CHECK(fm::log(3.0f * one) == ctmlp::math::portable::log(3.0f * one));
    CHECK(fm::log1p(1e-3 * one) == ctmlp::math::portable::log1p(1e-3 * one));
}

TEST_CASE("fast math: exp is monotonic, and tanh from |x| = 1/2 (every 193rd float up to 2^7)", "[math][fast]") {
    // Monotonic exp keeps softmax's order of probabilities that of its logits. Walked by bit
    // patterns in increasing order of value: the negative ones from -2^7 up to -2^-30, then the
    // positive ones from 2^-30 to 2^7 (below 2^-30, exp is 1 and tanh(x) = x, tested above).
    // tanh below 1/2 is a quotient of two rising values, which may step back by an ulp.
    const std::uint32_t small = std::bit_cast<std::uint32_t>(0x1p-30f), large = std::bit_cast<std::uint32_t>(0x1p7f);
    float previous_exp = 0.0f, previous_tanh = -1.0f;
    std::size_t violations = 0, steps = 0;
    const auto visit = [&](std::uint32_t bits) {
        const float x = float_from_bits(bits);
        const float e = fm::exp(x), t = fm::tanh(x);
        violations += e < previous_exp;
        if (std::fabs(x) >= 0.5f) violations += t < previous_tanh;
        previous_exp = e;
        previous_tanh = t;
        ++steps;
    };
    for (std::uint32_t m = large; m >= small; m -= 193) visit(m | 0x80000000u);
    for (std::uint32_t m = small; m <= large; m += 193) visit(m);
    CHECK(steps > 1'500'000);
    CHECK(violations == 0);
}

// ---- networks -----------------------------------------------------------------------------------

namespace {

template <class S, class Hidden, class Out, std::size_t H = 4>
using net_of = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<H, Hidden>, ctmlp::dense<1, Out>>;

template <class Net, class Loss>
double xor_training_loss(std::uint64_t seed, double rate, std::size_t epochs, Loss loss, ctmlp::train_status& status) {
    constexpr std::array<typename Net::input_array, 4> x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
    constexpr std::array<typename Net::output_array, 4> y{{{0}, {1}, {1}, {0}}};
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::xavier_normal{});
    status = ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = rate, .epochs = epochs}, loss).status;
    ctmlp::workspace<Net> ws{};
    double total = 0;
    for (std::size_t s = 0; s < 4; ++s) {
        ctmlp::forward(net, ws, x[s]);
        total += static_cast<double>(ctmlp::loss_value(loss, ws, y[s]));
    }
    return total / 4;
}

// Central differences of the summed loss against backward(), for one double network.
template <class Net, class Loss>
double worst_gradient_error(std::uint64_t seed, Loss loss, bool distribution_targets) {
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1.0, 1.0});
    std::array<typename Net::input_array, 3> xs{};
    std::array<typename Net::output_array, 3> ys{};
    for (auto& x : xs)
        for (auto& v : x) v = -1.0 + 2.0 * gen.random_sample();
    for (auto& y : ys) {
        double total = 0;
        for (auto& v : y) total += v = 0.1 + 0.8 * gen.random_sample();
        if (distribution_targets)
            for (auto& v : y) v /= total;
    }
    const auto total_loss = [&](const Net& n) {
        ctmlp::workspace<Net> ws{};
        double sum = 0;
        for (std::size_t s = 0; s < xs.size(); ++s) {
            ctmlp::forward(n, ws, xs[s]);
            sum += ctmlp::loss_value(loss, ws, ys[s]);
        }
        return sum;
    };
    Net grad{};
    ctmlp::workspace<Net> ws{};
    for (std::size_t s = 0; s < xs.size(); ++s) {
        ctmlp::forward(net, ws, xs[s]);
        ctmlp::backward(net, ws, ys[s], loss);
        ctmlp::accumulate_gradient(grad, ws);
    }
    auto flat = ctmlp::to_parameters(net);
    const auto analytic = ctmlp::to_parameters(grad);
    double worst = 0;
    for (std::size_t p = 0; p < flat.size(); ++p) {
        const double keep = flat[p], h = 1e-3;
        const auto at = [&](double v) {
            flat[p] = v;
            return total_loss(ctmlp::from_parameters<Net>(flat));
        };
        const double numeric = (-at(keep + 2 * h) + 8 * at(keep + h) - 8 * at(keep - h) + at(keep - 2 * h)) / (12 * h);
        flat[p] = keep;
        worst = std::max(
            worst, std::fabs(numeric - analytic[p]) / std::max({std::fabs(numeric), std::fabs(analytic[p]), 1e-6}));
    }
    return worst;
}

}  // namespace

TEST_CASE("fast math: gradients of fast networks match finite differences", "[math][fast][gradient]") {
    using ctmlp::dense;
    using ctmlp::input;
    using tanh_sigmoid = ctmlp::network<double, input<3>, dense<5, ctmlp::fast::tanh>, dense<2, ctmlp::fast::sigmoid>>;
    using sigmoid_softmax =
        ctmlp::network<double, input<3>, dense<4, ctmlp::fast::sigmoid>, dense<3, ctmlp::fast::softmax>>;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        INFO("seed " << seed);
        CHECK(worst_gradient_error<tanh_sigmoid>(seed, ctmlp::half_squared_error{}, false) <= 1e-6);
        CHECK(worst_gradient_error<tanh_sigmoid>(seed, ctmlp::binary_cross_entropy{}, false) <= 1e-6);
        CHECK(worst_gradient_error<sigmoid_softmax>(seed, ctmlp::categorical_cross_entropy{}, true) <= 1e-6);
        CHECK(worst_gradient_error<sigmoid_softmax>(seed, ctmlp::squared_error{}, true) <= 1e-6);
    }
}

TEST_CASE("fast math: a fast network trains like the <cmath> one", "[math][fast][train]") {
    ctmlp::train_status status{};
    // XOR, tanh hidden and sigmoid output, per-sample SGD: the two final losses agree closely
    // (the runs differ only by the last bits of each activation).
    for (std::uint64_t seed : {4u, 7u}) {
        INFO("seed " << seed);
        const double libm_f = xor_training_loss<net_of<float, ctmlp::tanh, ctmlp::sigmoid>>(
            seed, 1.0, 300, ctmlp::mean_squared_error{}, status);
        REQUIRE(status == ctmlp::train_status::ok);
        const double fast_f = xor_training_loss<net_of<float, ctmlp::fast::tanh, ctmlp::fast::sigmoid>>(
            seed, 1.0, 300, ctmlp::mean_squared_error{}, status);
        REQUIRE(status == ctmlp::train_status::ok);
        CHECK(libm_f < 0.01);  // it learned XOR
        CHECK(std::fabs(fast_f - libm_f) <= 1e-3 * libm_f + 1e-6);
        const double libm_d = xor_training_loss<net_of<double, ctmlp::tanh, ctmlp::sigmoid>>(
            seed, 1.0, 300, ctmlp::mean_squared_error{}, status);
        const double fast_d = xor_training_loss<net_of<double, ctmlp::fast::tanh, ctmlp::fast::sigmoid>>(
            seed, 1.0, 300, ctmlp::mean_squared_error{}, status);
        CHECK(std::fabs(fast_d - libm_d) <= 1e-9 * libm_d);
    }
    // With the fused binary cross-entropy (fast sigmoid output, the policy's exp and log1p).
    const double libm_bce = xor_training_loss<net_of<float, ctmlp::tanh, ctmlp::sigmoid>>(
        4, 0.5, 300, ctmlp::binary_cross_entropy{}, status);
    const double fast_bce = xor_training_loss<net_of<float, ctmlp::fast::tanh, ctmlp::fast::sigmoid>>(
        4, 0.5, 300, ctmlp::binary_cross_entropy{}, status);
    REQUIRE(status == ctmlp::train_status::ok);
    CHECK(libm_bce < 0.05);
    CHECK(std::fabs(fast_bce - libm_bce) <= 1e-3 * libm_bce + 1e-6);
}

TEST_CASE("fast math: fast softmax with categorical_cross_entropy learns three classes", "[math][fast][train]") {
    using fast_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<8, ctmlp::fast::tanh>,
                                    ctmlp::dense<3, ctmlp::fast::softmax>>;
    using libm_net =
        ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<8, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
    constexpr std::size_t n = 30;
    std::array<fast_net::input_array, n> xs{};
    std::array<fast_net::output_array, n> ys{};
    std::array<std::size_t, n> labels{};
    ctmlp::splitmix64 gen{11};
    const std::array<std::array<float, 2>, 3> centres{{{-1.0f, -1.0f}, {1.0f, -1.0f}, {0.0f, 1.0f}}};
    for (std::size_t s = 0; s < n; ++s) {
        labels[s] = s % 3;
        for (std::size_t d = 0; d < 2; ++d)
            xs[s][d] = centres[labels[s]][d] + 0.6f * static_cast<float>(gen.random_sample() - 0.5);
        ys[s][labels[s]] = 1.0f;
    }
    ctmlp::splitmix64 init_gen{12};
    auto fast = ctmlp::initialized<fast_net>(init_gen, ctmlp::init::xavier_normal{});
    auto libm = ctmlp::from_parameters<libm_net>(ctmlp::to_parameters(fast));
    const auto options = ctmlp::sgd{.learning_rate = 0.1, .epochs = 60};
    REQUIRE(ctmlp::train(fast, xs, ys, options, ctmlp::categorical_cross_entropy{}).status == ctmlp::train_status::ok);
    REQUIRE(ctmlp::train(libm, xs, ys, options, ctmlp::categorical_cross_entropy{}).status == ctmlp::train_status::ok);
    CHECK(ctmlp::accuracy::of(fast, xs, labels) == 1.0);
    const auto mean_loss = [&](const auto& net) {
        ctmlp::workspace<std::remove_cvref_t<decltype(net)>> ws{};
        double sum = 0;
        for (std::size_t s = 0; s < n; ++s) {
            ctmlp::forward(net, ws, xs[s]);
            sum += static_cast<double>(ctmlp::loss_value(ctmlp::categorical_cross_entropy{}, ws, ys[s]));
        }
        return sum / n;
    };
    CHECK(mean_loss(fast) < 0.1);
    CHECK(std::fabs(mean_loss(fast) - mean_loss(libm)) <= 1e-3 * mean_loss(libm));
}

TEST_CASE("fast math: a NaN weight makes a fast network's output NaN", "[math][fast]") {
    using net_t = net_of<float, ctmlp::fast::tanh, ctmlp::fast::sigmoid>;
    ctmlp::splitmix64 gen{3};
    auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::xavier_normal{});
    net.layer<1>().weights[0] = std::numeric_limits<float>::quiet_NaN();
    CHECK(std::isnan(net.predict({1.0f, 0.5f})[0]));
    using softmax_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::fast::softmax>>;
    auto s = ctmlp::initialized<softmax_net>(gen, ctmlp::init::xavier_normal{});
    s.layer<1>().bias[1] = std::numeric_limits<float>::quiet_NaN();
    const auto p = s.predict({1.0f, 0.5f});
    CHECK((std::isnan(p[0]) && std::isnan(p[1]) && std::isnan(p[2])));
}

// ---- spelling, file format, export --------------------------------------------------------------

namespace {
using fast_xor =
    ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::fast::tanh>, ctmlp::dense<1, ctmlp::fast::sigmoid>>;
using libm_xor = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
}  // namespace

static_assert(!std::is_same_v<ctmlp::fast::sigmoid, ctmlp::sigmoid> &&
              !std::is_same_v<ctmlp::fast::sigmoid, ctmlp::portable::sigmoid>);
static_assert(ctmlp::is_sigmoid_v<ctmlp::fast::sigmoid> && ctmlp::is_tanh_v<ctmlp::fast::tanh> &&
              ctmlp::is_softmax_v<ctmlp::fast::softmax> && !ctmlp::is_softmax_v<ctmlp::fast::sigmoid>);
static_assert(std::is_same_v<ctmlp::fast::softmax::math_policy, ctmlp::math_policy::fast>);

TEST_CASE("fast math: type_name spells ctmlp::fast::, the file format does not record the policy", "[math][fast]") {
    // The string is the C++ spelling of fast_xor above, as written in this file.
    CHECK(ctmlp::type_name<fast_xor>().view() ==
          "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::fast::tanh>, "
          "ctmlp::dense<1, ctmlp::fast::sigmoid>>");
    using softmax_net = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<2, ctmlp::fast::softmax, ctmlp::no_bias>>;
    CHECK(ctmlp::type_name<softmax_net>().view() ==
          "ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<2, ctmlp::fast::softmax, ctmlp::no_bias>>");
    STATIC_REQUIRE(ctmlp::activation_format<ctmlp::fast::sigmoid>::code == ctmlp::activation_code::sigmoid);
    STATIC_REQUIRE(ctmlp::activation_format<ctmlp::fast::tanh>::code == ctmlp::activation_code::tanh);
    STATIC_REQUIRE(ctmlp::activation_format<ctmlp::fast::softmax>::code ==
                   ctmlp::activation_format<ctmlp::softmax>::code);
}

TEST_CASE("fast math: a file saved from a <cmath> network loads into a fast one and back", "[math][fast][serialize]") {
    ctmlp::splitmix64 gen{8};
    const auto trained = ctmlp::initialized<libm_xor>(gen, ctmlp::init::xavier_normal{});
    const auto bytes = ctmlp::save(trained);
    fast_xor fast{};
    const auto r = ctmlp::load(fast, bytes);
    INFO(r.describe().c_str());
    REQUIRE(r.ok());
    CHECK(ctmlp::save(fast) == bytes);
    libm_xor back{};
    REQUIRE(ctmlp::load(back, ctmlp::save(fast)).ok());
    CHECK(std::memcmp(&back, &trained, sizeof back) == 0);
    // Same weights, outputs within a few ulp of each other.
    const float a = trained.predict({0.25f, -0.5f})[0], b = fast.predict({0.25f, -0.5f})[0];
    CHECK(std::fabs(a - b) <= 4 * std::numeric_limits<float>::epsilon());
}

TEST_CASE("fast math: the exported header names the fast type", "[math][fast][export]") {
    ctmlp::splitmix64 gen{9};
    const auto net = ctmlp::initialized<fast_xor>(gen, ctmlp::init::xavier_normal{});
    std::string header;
    REQUIRE(ctmlp::host::write_header(header, net, {.name_space = "fast_model"}));
    // The header declares `network_type` as this spelling, which is fast_xor (see above).
    CHECK(header.find("using network_type = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, "
                      "ctmlp::fast::tanh>, ctmlp::dense<1, ctmlp::fast::sigmoid>>;") != std::string::npos);
}

TEST_CASE("fast math: int8 quantisation of a fast network equals that of the <cmath> one", "[math][fast][int8]") {
    // The int8 tables and the calibration use the library's own math whatever the float policy,
    // so the two flavours of the same weights quantise to the same integers.
    using fast_net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<6, ctmlp::fast::tanh>,
                                    ctmlp::dense<2, ctmlp::fast::sigmoid>>;
    using libm_net =
        ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<6, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
    ctmlp::splitmix64 gen{21};
    const auto fast = ctmlp::initialized<fast_net>(gen, ctmlp::init::xavier_normal{});
    const auto libm = ctmlp::from_parameters<libm_net>(ctmlp::to_parameters(fast));
    std::array<fast_net::input_array, 16> xs{};
    for (auto& x : xs)
        for (auto& v : x) v = static_cast<float>(-1.0 + 2.0 * gen.random_sample());
    const auto qf = ctmlp::int8::quantize(fast, std::span<const fast_net::input_array>(xs));
    const auto ql = ctmlp::int8::quantize(libm, std::span<const libm_net::input_array>(xs));
    REQUIRE(qf.succeeded());
    REQUIRE(ql.succeeded());
    for (const auto& x : xs) {
        std::array<std::int8_t, 3> xq{};
        for (std::size_t i = 0; i < 3; ++i)
            xq[i] = static_cast<std::int8_t>(std::lround(std::clamp(x[i] * 100.0f, -128.0f, 127.0f)));
        CHECK(qf.net.predict(xq) == ql.net.predict(xq));
    }
}
