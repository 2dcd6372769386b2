// ctmlp::int8: requantisation arithmetic against exact rationals, float-vs-int8 error bounds for
// each activation, lookup-table errors, compile time == run time, and hostile inputs.
#include <ctmlp/int8.hpp>
#include <ctmlp/init.hpp>
#include <ctmlp/parameters.hpp>
#include <ctmlp/random.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "catch.hpp"

namespace {

using ctmlp::int8::multiply_by_quantized_multiplier;
using ctmlp::int8::quantize_multiplier;
using ctmlp::int8::quantize_status;

// round(p / 2^n) with half-way cases upwards, from C++'s truncating division and its remainder
// (not from a shift, as the library computes it).
std::int64_t exact_round_half_up(std::int64_t p, int n) {
    const std::int64_t d = std::int64_t{1} << n;
    const std::int64_t t = p / d;           // toward zero
    const std::int64_t r = p % d;           // same sign as p
    if (r > 0 && r >= d - r) return t + 1;  // fraction ≥ 1/2
    if (r < 0 && -r > d + r) return t - 1;  // fraction < −1/2 (−1/2 itself rounds up, to t)
    return t;
}

}  // namespace

TEST_CASE("int8: multiply_by_quantized_multiplier is the exact rational rounded half up", "[int8]") {
    // Half-way cases: M = 2^30 · 2^(0−31) = 1/2.
    CHECK(multiply_by_quantized_multiplier(5, 1 << 30, 0) == 3);
    CHECK(multiply_by_quantized_multiplier(-5, 1 << 30, 0) == -2);
    CHECK(multiply_by_quantized_multiplier(-1, 1 << 30, 0) == 0);
    CHECK(multiply_by_quantized_multiplier(1, 1 << 30, 0) == 1);
    CHECK(multiply_by_quantized_multiplier(-3, 1 << 30, 0) == -1);
    // M = 1/4: −6/4 = −1.5 → −1, −10/4 = −2.5 → −2, 6/4 → 2, −7/4 = −1.75 → −2.
    CHECK(multiply_by_quantized_multiplier(-6, 1 << 30, -1) == -1);
    CHECK(multiply_by_quantized_multiplier(-10, 1 << 30, -1) == -2);
    CHECK(multiply_by_quantized_multiplier(6, 1 << 30, -1) == 2);
    CHECK(multiply_by_quantized_multiplier(-7, 1 << 30, -1) == -2);
    // Extremes of the range: the int64 product does not overflow.
    constexpr std::int32_t big = std::numeric_limits<std::int32_t>::max();
    constexpr std::int32_t small = std::numeric_limits<std::int32_t>::min();
    CHECK(multiply_by_quantized_multiplier(big, big, 30) == exact_round_half_up(std::int64_t{big} * big, 1));
    CHECK(multiply_by_quantized_multiplier(small, big, 30) == exact_round_half_up(std::int64_t{small} * big, 1));
    CHECK(multiply_by_quantized_multiplier(small, big, -31) == exact_round_half_up(std::int64_t{small} * big, 62));
    CHECK(multiply_by_quantized_multiplier(small, 1 << 30, -31) == 0);  // −2^31 · 2^−32 = −1/2 → 0

    std::mt19937_64 gen(11);
    std::uniform_int_distribution<std::int32_t> acc_d(small, big);
    std::uniform_int_distribution<std::int32_t> small_acc_d(-5000, 5000);
    std::uniform_int_distribution<std::int32_t> mult_d(1 << 30, big);
    std::uniform_int_distribution<std::int32_t> shift_d(-31, 30);
    std::size_t ties = 0, negative_ties = 0;
    for (int k = 0; k < 200000; ++k) {
        const std::int32_t acc = k % 2 ? acc_d(gen) : small_acc_d(gen);
        // Every 4th multiplier has few significant bits, so that exact half-way cases occur.
        const std::int32_t mult = k % 4 == 0 ? (mult_d(gen) & ~((1 << 27) - 1)) | (1 << 30) : mult_d(gen);
        const std::int32_t shift = k % 3 == 0 ? shift_d(gen) % 8 - 4 : shift_d(gen);
        const std::int64_t p = std::int64_t{acc} * mult;
        const int n = 31 - shift;
        const std::int64_t want = exact_round_half_up(p, n);
        if (p % (std::int64_t{1} << n) != 0 && 2 * (p % (std::int64_t{1} << (n - 1))) == 0 && (p >> (n - 1)) % 2 != 0) {
            ++ties;
            if (p < 0) ++negative_ties;
        }
        if (multiply_by_quantized_multiplier(acc, mult, shift) != want) {
            INFO("acc " << acc << " multiplier " << mult << " shift " << shift);
            CHECK(multiply_by_quantized_multiplier(acc, mult, shift) == want);
        }
    }
    CHECK(negative_ties > 100);  // the loop did reach negative half-way cases
    CHECK(ties > negative_ties);
}

TEST_CASE("int8: quantize_multiplier decomposes a double exactly as frexp would", "[int8]") {
    const auto check = [](double m, std::int32_t q, std::int32_t shift, bool ok) {
        const auto r = quantize_multiplier(m);
        INFO("m = " << m);
        CHECK(r.ok == ok);
        CHECK(r.multiplier == q);
        CHECK(r.shift == shift);
    };
    check(0.5, 1 << 30, 0, true);
    check(1.0, 1 << 30, 1, true);
    check(0.75, 3 << 29, 0, true);
    check(std::ldexp(1.0, -31), 1 << 30, -30, true);
    check(std::ldexp(1.0, -32), 1 << 30, -31, true);
    check(std::ldexp(1.0, -33), 0, 0, true);  // below 2^−32: |acc·m| < 1/2, exactly 0
    check(std::ldexp(1.0, 29), 1 << 30, 30, true);
    check(std::ldexp(1.0, 30), 0, 0, false);
    check(std::ldexp(1.0, 30) - std::ldexp(1.0, -20), 0, 0, false);  // rounds up to 2^30
    check(1.0 - std::ldexp(1.0, -40), 1 << 30, 1, true);             // mantissa rounds up to 2^31
    check(0.0, 0, 0, true);
    check(std::numeric_limits<double>::denorm_min(), 0, 0, true);
    check(-0.5, 0, 0, false);
    check(-0.0, 0, 0, false);
    check(std::numeric_limits<double>::infinity(), 0, 0, false);
    check(std::numeric_limits<double>::quiet_NaN(), 0, 0, false);

    // Random multipliers against TFLite's formulation with std::frexp and std::round.
    std::mt19937_64 gen(12);
    std::uniform_real_distribution<double> mant(0.5, 1.0);
    std::uniform_int_distribution<int> expo(-40, 30);
    for (int k = 0; k < 100000; ++k) {
        const double m = std::ldexp(mant(gen), expo(gen));
        int e = 0;
        const double f = std::frexp(m, &e);
        auto q = static_cast<std::int64_t>(std::round(f * 2147483648.0));
        if (q == (std::int64_t{1} << 31)) {
            q /= 2;
            ++e;
        }
        const auto r = quantize_multiplier(m);
        if (e > 30) {
            CHECK(!r.ok);
        } else if (e < -31) {
            CHECK((r.ok && r.multiplier == 0 && r.shift == 0));
        } else if (!(r.ok && r.multiplier == q && r.shift == e)) {
            INFO("m = " << m);
            CHECK(r.multiplier == q);
            CHECK(r.shift == e);
        }
        if (r.ok && r.multiplier != 0) {  // within half a unit of the mantissa's last place
            CHECK(std::abs(std::ldexp(static_cast<double>(r.multiplier), r.shift - 31) - m) <=
                  std::ldexp(1.0, r.shift - 32));
        }
    }
}

namespace {

// A random float network of type Net: per-unit weight magnitudes spread over 30x, biases.
template <class Net>
Net random_network(std::mt19937_64& gen, double weight_scale = 1.0) {
    std::normal_distribution<double> normal(0.0, 1.0);
    std::array<float, Net::parameter_count> flat{};
    for (auto& v : flat) v = static_cast<float>(normal(gen) * weight_scale);
    Net net = ctmlp::from_parameters<Net>(flat);
    std::uniform_real_distribution<double> unit(0.1, 3.0);
    ctmlp::for_each_layer(net, [&](auto, auto& p) {
        using P = std::remove_cvref_t<decltype(p)>;
        for (std::size_t o = 0; o < P::outputs; ++o) {
            const auto f = static_cast<float>(unit(gen) / std::sqrt(static_cast<double>(P::inputs)));
            for (std::size_t i = 0; i < P::inputs; ++i) p.weight(i, o) *= f;
        }
    });
    return net;
}

template <class Net>
std::vector<typename Net::input_array> random_inputs(std::mt19937_64& gen, std::size_t count) {
    std::vector<std::pair<double, double>> ranges;
    std::uniform_real_distribution<double> u(-2.0, 1.0), w(0.3, 3.0);
    for (std::size_t i = 0; i < Net::input_size; ++i) {
        const double lo = u(gen);
        ranges.emplace_back(lo, lo + w(gen));
    }
    std::vector<typename Net::input_array> xs(count);
    for (auto& x : xs)
        for (std::size_t i = 0; i < Net::input_size; ++i)
            x[i] = static_cast<float>(std::uniform_real_distribution<double>(ranges[i].first, ranges[i].second)(gen));
    return xs;
}

// The requantisation target's scale s_acc, from the stored multiplier: M = s_in·s_w / s_acc.
template <class L>
double accumulator_scale(const L& l, double s_in, double s_w, std::size_t c) {
    return s_in * s_w / std::ldexp(static_cast<double>(l.multiplier[c]), l.shift[c] - 31);
}

struct bound_result {
    double worst_error = 0;     // largest |int8 − float| seen
    double worst_fraction = 0;  // largest |int8 − float| / bound
};

// One dense layer with activation A: every output of the int8 network is within a bound derived
// from the quantisation steps of the input, the weights, the bias and the requantisation, when the
// inputs lie in the calibrated range (the calibration set is the test set).
template <class A, class Scales>
bound_result single_layer_bound(std::uint64_t seed) {
    using Net = ctmlp::network<float, ctmlp::input<8>, ctmlp::dense<6, A>>;
    std::mt19937_64 gen(seed);
    const Net net = random_network<Net>(gen);
    const auto xs = random_inputs<Net>(gen, 300);
    const auto q = ctmlp::int8::quantize<Scales>(net, std::span<const typename Net::input_array>(xs));
    REQUIRE(q.succeeded());
    const auto& l = q.net.template layer<1>();
    const auto& p = net.template layer<1>();
    const double s_in = static_cast<double>(q.net.input_scale());
    std::array<double, 6> s_w{};
    double layer_max = 0;
    for (std::size_t o = 0; o < 6; ++o)
        for (std::size_t i = 0; i < 8; ++i) {
            s_w[o] = std::max(s_w[o], std::abs(static_cast<double>(p.weight(i, o))));
            layer_max = std::max(layer_max, std::abs(static_cast<double>(p.weight(i, o))));
        }
    for (auto& s : s_w) s = (std::is_same_v<Scales, ctmlp::int8::per_layer> ? layer_max : s) / 127.0;
    bound_result r;
    for (const auto& x : xs) {
        const auto y = q.net.dequantize_output(q.net.predict(q.net.quantize_input(x)));
        for (std::size_t o = 0; o < 6; ++o) {
            const std::size_t c = std::is_same_v<Scales, ctmlp::int8::per_layer> ? 0 : o;
            double z = static_cast<double>(p.bias[o]);
            double bound = s_in * s_w[o] / 2 + 1.5 * accumulator_scale(l, s_in, s_w[o], c);
            for (std::size_t i = 0; i < 8; ++i) {
                const double w = static_cast<double>(p.weight(i, o));
                const double w_hat = s_w[o] * l.weight(i, o);
                z += static_cast<double>(x[i]) * w;
                bound += s_in * std::abs(w_hat) + std::abs(static_cast<double>(x[i])) * s_w[o] / 2;
            }
            bound += std::abs(z) * 0x1p-29;
            double want = z, err_bound = bound;
            if constexpr (std::is_same_v<A, ctmlp::relu>) want = std::max(z, 0.0);
            if constexpr (!std::is_same_v<A, ctmlp::relu> && requires { A::slope; })
                want = z < 0 ? static_cast<double>(static_cast<float>(A::slope)) * z : z;
            if constexpr (std::is_same_v<A, ctmlp::sigmoid>) {
                want = 1.0 / (1.0 + std::exp(-z));
                err_bound = bound / 4 + 1.0 / 256;
            }
            if constexpr (std::is_same_v<A, ctmlp::tanh>) {
                want = std::tanh(z);
                err_bound = bound + 1.0 / 128;
            }
            const double err = std::abs(static_cast<double>(y[o]) - want);
            r.worst_error = std::max(r.worst_error, err);
            r.worst_fraction = std::max(r.worst_fraction, err / err_bound);
        }
    }
    return r;
}

}  // namespace

TEST_CASE("int8: one layer's int8 output is within the quantisation bound of the float one", "[int8]") {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        INFO("seed " << seed);
        CHECK(single_layer_bound<ctmlp::identity, ctmlp::int8::per_channel>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::relu, ctmlp::int8::per_channel>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::leaky_relu<>, ctmlp::int8::per_channel>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::leaky_relu<1, 5>, ctmlp::int8::per_layer>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::sigmoid, ctmlp::int8::per_channel>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::tanh, ctmlp::int8::per_channel>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::softmax, ctmlp::int8::per_channel>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::identity, ctmlp::int8::per_layer>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::relu, ctmlp::int8::per_layer>(seed).worst_fraction <= 1.0);
        CHECK(single_layer_bound<ctmlp::sigmoid, ctmlp::int8::per_layer>(seed).worst_fraction <= 1.0);
    }
    // The bound is not vacuous: the errors are a few quantisation steps, not the output's range.
    CHECK(single_layer_bound<ctmlp::identity, ctmlp::int8::per_channel>(1).worst_fraction > 0.05);
    CHECK(single_layer_bound<ctmlp::sigmoid, ctmlp::int8::per_channel>(1).worst_error < 0.02);
    CHECK(single_layer_bound<ctmlp::tanh, ctmlp::int8::per_channel>(1).worst_error < 0.1);
}

namespace {

// Deep networks (hidden sigmoid/tanh included): the largest int8 error over fresh inputs drawn
// from the calibration distribution, relative to the float output's spread.
template <class Net>
double deep_relative_error(std::uint64_t seed) {
    std::mt19937_64 gen(seed);
    const Net net = random_network<Net>(gen);
    const auto calib = random_inputs<Net>(gen, 400);
    std::mt19937_64 gen2(seed);
    (void)random_network<Net>(gen2);
    const auto tests = random_inputs<Net>(gen2, 400);  // same ranges (same draws), other samples
    const auto q = ctmlp::int8::quantize(net, std::span<const typename Net::input_array>(calib));
    REQUIRE(q.succeeded());
    double lo = 1e300, hi = -1e300, worst = 0;
    for (std::size_t s = 0; s < tests.size(); ++s) {
        const auto x = tests[(s * 7919) % tests.size()];
        const auto y_float = net.predict(x);
        const auto y_int8 = q.net.dequantize_output(q.net.predict(q.net.quantize_input(x)));
        for (std::size_t o = 0; o < Net::output_size; ++o) {
            lo = std::min(lo, static_cast<double>(y_float[o]));
            hi = std::max(hi, static_cast<double>(y_float[o]));
            worst = std::max(worst, std::abs(static_cast<double>(y_float[o]) - static_cast<double>(y_int8[o])));
        }
    }
    return worst / (hi - lo);
}

}  // namespace

TEST_CASE("int8: deep networks stay within a few percent of the float output range", "[int8]") {
    using namespace ctmlp;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        INFO("seed " << seed);
        CHECK(deep_relative_error<network<float, input<6>, dense<12, relu>, dense<10, relu>, dense<4, identity>>>(
                  seed) < 0.05);
        CHECK(deep_relative_error<
                  network<float, input<6>, dense<12, sigmoid>, dense<10, ctmlp::tanh>, dense<4, identity>>>(seed) <
              0.05);
        CHECK(deep_relative_error<network<float, input<6>, dense<12, ctmlp::tanh>, dense<3, sigmoid>>>(seed) < 0.05);
        CHECK(deep_relative_error<network<float, input<6>, dense<12, leaky_relu<1, 10>>, dense<4, identity>>>(seed) <
              0.05);
    }
}

namespace {

// Every table entry against f at the entry's own input, in units of the output scale.
template <class A>
double worst_lut_error_ulp(std::uint64_t seed, double weight_scale) {
    using Net = ctmlp::network<float, ctmlp::input<5>, ctmlp::dense<4, A>>;
    std::mt19937_64 gen(seed);
    const Net net = random_network<Net>(gen, weight_scale);
    const auto xs = random_inputs<Net>(gen, 100);
    const auto q = ctmlp::int8::quantize(net, std::span<const typename Net::input_array>(xs));
    REQUIRE(q.succeeded());
    const auto& l = q.net.template layer<1>();
    const auto& p = net.template layer<1>();
    const double s_in = static_cast<double>(q.net.input_scale());
    double s_w = 0;
    for (std::size_t i = 0; i < 5; ++i) s_w = std::max(s_w, std::abs(static_cast<double>(p.weight(i, 0))));
    s_w /= 127.0;
    const double s_z = accumulator_scale(l, s_in, s_w, 0);
    const bool is_sigmoid = std::is_same_v<A, ctmlp::sigmoid>;
    const double s_y = is_sigmoid ? 1.0 / 256 : 1.0 / 128;
    const double zp_y = is_sigmoid ? -128 : 0;
    double worst = 0;
    for (int qz = -128; qz <= 127; ++qz) {
        const double x = s_z * (qz - l.output_zero_point);
        const double f = is_sigmoid ? 1.0 / (1.0 + std::exp(-x)) : std::tanh(x);
        const double exact = f / s_y + zp_y;
        const double err = std::abs(l.lut[static_cast<std::size_t>(qz + 128)] - exact);
        // Saturation: sigmoid's and tanh's 1.0 is code 128, one past int8's 127.
        const double allowed = exact > 127.0 ? 1.0 + 1e-4 : 0.5 + 1e-4;
        if (err > allowed) {
            INFO("q " << qz << " x " << x << " lut " << int(l.lut[static_cast<std::size_t>(qz + 128)]) << " exact "
                      << exact);
            CHECK(err <= allowed);
        }
        worst = std::max(worst, exact > 127.0 ? 0.0 : err);
    }
    return worst;
}

}  // namespace

TEST_CASE("int8: sigmoid and tanh tables are within half an ulp of the output scale", "[int8]") {
    double worst_sigmoid = 0, worst_tanh = 0;
    for (std::uint64_t seed = 1; seed <= 8; ++seed)
        for (double ws : {0.05, 0.5, 3.0}) {
            worst_sigmoid = std::max(worst_sigmoid, worst_lut_error_ulp<ctmlp::sigmoid>(seed, ws));
            worst_tanh = std::max(worst_tanh, worst_lut_error_ulp<ctmlp::tanh>(seed, ws));
        }
    CHECK(worst_sigmoid <= 0.5 + 1e-4);
    CHECK(worst_tanh <= 0.5 + 1e-4);
    CHECK(worst_sigmoid > 0.4);  // the tables do round (a table of exact values would be suspect)
}

// ---------------------------------------------------------------------------------------------
// Compile time == run time.

namespace {
using deep_net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<5, ctmlp::sigmoid>, ctmlp::dense<4, ctmlp::tanh>,
                                ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<3, ctmlp::softmax>>;
constexpr deep_net make_deep() {
    ctmlp::splitmix64 g{2026};
    return ctmlp::initialized<deep_net>(g, ctmlp::init::uniform{-1.5, 1.5});
}
constexpr std::array<deep_net::input_array, 24> make_calibration() {
    ctmlp::splitmix64 g{7};
    std::array<deep_net::input_array, 24> xs{};
    for (auto& x : xs)
        for (auto& v : x) v = static_cast<float>(4.0 * g.random_sample() - 1.5);
    return xs;
}
constexpr deep_net deep_float = make_deep();
constexpr auto deep_calibration = make_calibration();
constexpr auto deep_q = ctmlp::int8::quantize(deep_float, deep_calibration);
static_assert(ctmlp::int8::quantized_ok(deep_q));
constexpr auto deep_q_layer = ctmlp::int8::quantize<ctmlp::int8::per_layer>(deep_float, deep_calibration);
static_assert(ctmlp::int8::quantized_ok(deep_q_layer));
constexpr std::array<deep_net::output_array, 24> deep_outputs_float = [] {
    std::array<deep_net::output_array, 24> ys{};
    for (std::size_t s = 0; s < 24; ++s)
        ys[s] = deep_q.net.dequantize_output(deep_q.net.predict(deep_q.net.quantize_input(deep_calibration[s])));
    return ys;
}();
constexpr std::array<std::array<std::int8_t, 3>, 24> deep_outputs = [] {
    std::array<std::array<std::int8_t, 3>, 24> ys{};
    for (std::size_t s = 0; s < 24; ++s) ys[s] = deep_q.net.predict(deep_q.net.quantize_input(deep_calibration[s]));
    return ys;
}();
}  // namespace

TEST_CASE("int8: quantisation and predictions at compile time equal those at run time", "[int8]") {
    // Copies the compiler cannot see through: the run-time path really runs.
    volatile float poke = 0.0f;
    deep_net net = deep_float;
    net.layer<2>().weights[0] += poke;
    auto calibration = deep_calibration;
    calibration[0][0] += poke;
    const auto q = ctmlp::int8::quantize(net, calibration);
    REQUIRE(q.succeeded());
    CHECK(q.net == deep_q.net);
    CHECK(ctmlp::int8::quantize<ctmlp::int8::per_layer>(net, calibration).net == deep_q_layer.net);
    std::size_t distinct = 0;
    for (std::size_t s = 0; s < 24; ++s) {
        const auto xq = q.net.quantize_input(calibration[s]);
        CHECK(q.net.predict(xq) == deep_outputs[s]);
        CHECK(q.net.predict(std::span<const std::int8_t, 3>(xq)) == deep_outputs[s]);
        CHECK(q.net.dequantize_output(q.net.predict(xq)) == deep_outputs_float[s]);
        if (s > 0 && deep_outputs[s] != deep_outputs[s - 1]) ++distinct;
    }
    CHECK(distinct > 10);  // the outputs vary with the input (not a constant network)
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs.

namespace {
using small_net =
    ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<2, ctmlp::identity>>;

small_net small_random(std::uint64_t seed) {
    std::mt19937_64 gen(seed);
    return random_network<small_net>(gen);
}
std::vector<small_net::input_array> small_inputs(std::uint64_t seed, std::size_t n) {
    std::mt19937_64 gen(seed);
    return random_inputs<small_net>(gen, n);
}
template <class Net>
auto quantize_vec(const Net& net, const std::vector<typename Net::input_array>& xs) {
    return ctmlp::int8::quantize(net, std::span<const typename Net::input_array>(xs));
}
}  // namespace

TEST_CASE("int8: non-finite weights, biases and calibration values are reported with where", "[int8]") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const auto xs = small_inputs(3, 20);
    {
        auto net = small_random(1);
        net.layer<2>().weights[5] = nan;
        const auto q = quantize_vec(net, xs);
        CHECK(q.status == quantize_status::non_finite_weight);
        CHECK(q.layer == 2);
        CHECK(q.index == 5);
        CHECK(q.net == decltype(q.net){});  // nothing half-quantised
    }
    {
        auto net = small_random(1);
        net.layer<1>().weights[0] = -inf;
        const auto q = quantize_vec(net, xs);
        CHECK(q.status == quantize_status::non_finite_weight);
        CHECK((q.layer == 1 && q.index == 0));
    }
    {
        auto net = small_random(1);
        net.layer<1>().bias[3] = inf;
        const auto q = quantize_vec(net, xs);
        CHECK(q.status == quantize_status::non_finite_bias);
        CHECK((q.layer == 1 && q.index == 3));
    }
    {
        auto bad = xs;
        bad[7][2] = nan;
        const auto q = quantize_vec(small_random(1), bad);
        CHECK(q.status == quantize_status::non_finite_calibration);
        CHECK((q.layer == 0 && q.index == 7));
    }
    {
        // Finite weights and inputs whose products overflow float: layer 1's pre-activation is ∞.
        auto net = small_random(1);
        for (auto& w : net.layer<1>().weights) w = 1e30f;
        auto big = xs;
        big[4] = {1e10f, 1e10f, 1e10f};
        const auto q = quantize_vec(net, big);
        CHECK(q.status == quantize_status::non_finite_calibration);
        CHECK((q.layer == 1 && q.index == 4));
    }
    {
        const std::vector<small_net::input_array> none;
        const auto q = quantize_vec(small_random(1), none);
        CHECK(q.status == quantize_status::empty_calibration);
        CHECK(!q);
    }
}

TEST_CASE("int8: calibration in parts equals calibration in one call; indices count across parts", "[int8]") {
    const auto xs = small_inputs(9, 30);
    const auto net = small_random(7);
    const std::span<const small_net::input_array> all(xs);
    auto ranges = ctmlp::int8::calibrate(net, all.first(10));
    ranges = ctmlp::int8::calibrate(net, all.subspan(10, 15), ranges);
    ranges = ctmlp::int8::calibrate(net, all.last(5), ranges);
    CHECK(ranges.samples == 30);
    CHECK(ctmlp::int8::quantize(net, ranges).net == quantize_vec(net, xs).net);
    auto bad = xs;
    bad[17][1] = std::numeric_limits<float>::quiet_NaN();
    const std::span<const small_net::input_array> bad_all(bad);
    auto r = ctmlp::int8::calibrate(net, bad_all.first(10));
    r = ctmlp::int8::calibrate(net, bad_all.last(20), r);
    CHECK(r.status == quantize_status::non_finite_calibration);
    CHECK((r.layer == 0 && r.index == 17));
    r = ctmlp::int8::calibrate(net, all, r);  // a failed calibration stays failed
    CHECK(ctmlp::int8::quantize(net, r).status == quantize_status::non_finite_calibration);
    CHECK(ctmlp::int8::quantize(net, ctmlp::int8::activation_ranges<small_net>{}).status ==
          quantize_status::empty_calibration);
}

TEST_CASE("int8: an all-zero layer (weight scale 0) and all-zero data quantise and predict", "[int8]") {
    const auto xs = small_inputs(4, 30);
    {
        auto net = small_random(2);
        for (auto& w : net.layer<1>().weights) w = 0.0f;
        for (auto& b : net.layer<1>().bias) b = 0.0f;
        const auto q = quantize_vec(net, xs);
        REQUIRE(q.succeeded());
        for (auto m : q.net.layer<1>().multiplier) CHECK(m != 0);  // scale 1, not 0: no division by 0
        for (const auto& x : xs) {
            const auto y = q.net.dequantize_output(q.net.predict(q.net.quantize_input(x)));
            const auto f = net.predict(x);  // = layer 2's bias
            for (std::size_t o = 0; o < 2; ++o) CHECK(std::abs(y[o] - f[o]) <= 1.01f * q.net.output_scale());
        }
    }
    {
        small_net net{};  // every weight and bias 0, every range [0, 0]
        const auto q = quantize_vec(net, xs);
        REQUIRE(q.succeeded());
        CHECK(q.net.output_scale() == 1.0f);
        CHECK(q.net.output_zero_point() == -128);
        for (const auto& x : xs)
            CHECK(q.net.dequantize_output(q.net.predict(q.net.quantize_input(x))) == small_net::output_array{});
    }
    {
        const std::vector<small_net::input_array> zeros(5, small_net::input_array{});
        const auto net = small_random(2);
        const auto q = quantize_vec(net, zeros);
        REQUIRE(q.succeeded());
        CHECK(q.net.input_scale() == 1.0f);
        const auto y = q.net.dequantize_output(q.net.predict(q.net.quantize_input(small_net::input_array{})));
        const auto f = net.predict(small_net::input_array{});
        for (std::size_t o = 0; o < 2; ++o) CHECK(std::abs(y[o] - f[o]) <= 0.51f * q.net.output_scale() + 1e-6f);
    }
}

TEST_CASE("int8: huge ranges, one-sample calibration, biases and multipliers out of range", "[int8]") {
    {
        // Inputs up to 1e30: scales of 1e27 are fine (double during quantisation, float stored).
        auto xs = small_inputs(5, 40);
        for (auto& x : xs)
            for (auto& v : x) v *= 1e30f;
        auto net = small_random(3);
        for (auto& w : net.layer<1>().weights) w *= 1e-30f;
        const auto q = quantize_vec(net, xs);
        REQUIRE(q.succeeded());
        CHECK(q.net.input_scale() > 1e27f);
        for (const auto& x : xs) {
            const auto y = q.net.dequantize_output(q.net.predict(q.net.quantize_input(x)));
            const auto f = net.predict(x);
            for (std::size_t o = 0; o < 2; ++o) CHECK(std::abs(y[o] - f[o]) <= 0.05f * (std::abs(f[o]) + 1.0f));
        }
    }
    {
        // One calibration sample: its own prediction is close (every range is [min(0, v), max(0, v)]).
        const auto xs = small_inputs(6, 1);
        const auto net = small_random(4);
        const auto q = quantize_vec(net, xs);
        REQUIRE(q.succeeded());
        const auto y = q.net.dequantize_output(q.net.predict(q.net.quantize_input(xs[0])));
        const auto f = net.predict(xs[0]);
        for (std::size_t o = 0; o < 2; ++o) CHECK(std::abs(y[o] - f[o]) <= 0.03f * (std::abs(f[o]) + 0.1f));
    }
    {
        // A bias that dwarfs the weights: b / (s_in·s_w) does not fit beside the worst-case sum.
        auto net = small_random(5);
        for (auto& w : net.layer<2>().weights) w *= 1e-6f;
        net.layer<2>().bias = {0.0f, 1e4f};  // 0 always fits
        const auto q = quantize_vec(net, small_inputs(7, 20));
        CHECK(q.status == quantize_status::bias_out_of_range);
        CHECK((q.layer == 2 && q.index == 1));
    }
    {
        // z = x1 − x2 spans only [0, 1e-30] while s_in·s_w is ~3e-5: M = s_in·s_w/s_out ≫ 2^30.
        using diff_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>>;
        const auto net = ctmlp::from_parameters<diff_net>(std::array<float, 3>{1.0f, -1.0f, 0.0f});
        const std::vector<diff_net::input_array> xs{{1.0f, 1.0f}, {1e-30f, 0.0f}};
        const auto q = quantize_vec(net, xs);
        CHECK(q.status == quantize_status::multiplier_out_of_range);
        CHECK((q.layer == 1 && q.index == 0));
    }
}

TEST_CASE("int8: inputs outside the calibrated range saturate, NaN maps to the zero point", "[int8]") {
    const auto xs = small_inputs(8, 30);
    const auto q = quantize_vec(small_random(6), xs);
    REQUIRE(q.succeeded());
    const float inf = std::numeric_limits<float>::infinity();
    const auto xq = q.net.quantize_input({1e30f, -inf, std::numeric_limits<float>::quiet_NaN()});
    CHECK(xq[0] == 127);
    CHECK(xq[1] == -128);
    CHECK(xq[2] == q.net.input_zero_point());
    // Every int8 input gives an output (no overflow, no out-of-bounds table read): all 2^24 of a
    // 3-input network would be slow; the corners and a sweep suffice.
    for (int a = -128; a <= 127; a += 17)
        for (int b = -128; b <= 127; b += 51)
            for (int c : {-128, 0, 127})
                (void)q.net.predict(
                    {static_cast<std::int8_t>(a), static_cast<std::int8_t>(b), static_cast<std::int8_t>(c)});
}

TEST_CASE("int8: a double network quantises like its float twin", "[int8]") {
    using double_net =
        ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<2, ctmlp::identity>>;
    const auto f = small_random(10);
    const auto xs = small_inputs(11, 40);
    // The same numbers in double (every float is a double): ranges, scales and codes agree except
    // where the double forward pass rounds differently from the float one.
    const auto flat = ctmlp::to_parameters(f);
    std::array<double, double_net::parameter_count> dflat{};
    for (std::size_t k = 0; k < flat.size(); ++k) dflat[k] = static_cast<double>(flat[k]);
    const auto d = ctmlp::from_parameters<double_net>(dflat);
    std::vector<double_net::input_array> dxs;
    for (const auto& x : xs)
        dxs.push_back({static_cast<double>(x[0]), static_cast<double>(x[1]), static_cast<double>(x[2])});
    const auto qf = quantize_vec(f, xs);
    const auto qd = ctmlp::int8::quantize(d, std::span<const double_net::input_array>(dxs));
    REQUIRE(qf.succeeded());
    REQUIRE(qd.succeeded());
    CHECK(qd.net.layer<1>().weights == qf.net.layer<1>().weights);
    CHECK(qd.net.layer<2>().weights == qf.net.layer<2>().weights);
    std::size_t differing = 0;
    for (std::size_t s = 0; s < xs.size(); ++s) {
        const auto yf = qf.net.predict(qf.net.quantize_input(xs[s]));
        const auto yd = qd.net.predict(qd.net.quantize_input(dxs[s]));
        for (std::size_t o = 0; o < 2; ++o) {
            CHECK(std::abs(yf[o] - yd[o]) <= 1);
            differing += yf[o] != yd[o];
        }
    }
    CHECK(differing < 8);
}
