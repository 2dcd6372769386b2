// ctmlp::fixed at run time: the activations' documented error bounds over every Q7.8 input, every
// Q15.16 input in [-20, 20] (plus a sweep of the whole range) and every input of the small formats
// (fixed<I, 2> included), run time equal to compile time, a quantised network's outputs, and a
// network's neuron sums against an exact reference (integer sums of the raw products, rounded once).
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/fixed_point.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>

#include "catch.hpp"

namespace {

template <class Q>
struct errors {
    double sigmoid = 0.0;
    double tanh = 0.0;
};

template <class Q>
errors<Q> max_errors(std::int64_t lo, std::int64_t hi, std::int64_t step) {
    errors<Q> e;
    for (std::int64_t r = lo; r <= hi; r += step) {
        const Q q = Q::from_raw(static_cast<typename Q::wide>(r));
        const double x = q.to_double();
        e.sigmoid = std::fmax(e.sigmoid, std::fabs(ctmlp::sigmoid::apply(q).to_double() - 1.0 / (1.0 + std::exp(-x))));
        e.tanh = std::fmax(e.tanh, std::fabs(ctmlp::tanh::apply(q).to_double() - std::tanh(x)));
    }
    return e;
}

}  // namespace

TEST_CASE("fixed-point sigmoid and tanh stay within their documented error over the whole range", "[fixed]") {
    const auto q8 = max_errors<ctmlp::q7_8>(ctmlp::q7_8::raw_min, ctmlp::q7_8::raw_max, 1);  // all 65,536 values
    INFO("Q7.8 max error: sigmoid " << q8.sigmoid << ", tanh " << q8.tanh);
    CHECK(q8.sigmoid <= ctmlp::max_sigmoid_error<ctmlp::q7_8>);
    CHECK(q8.tanh <= ctmlp::max_tanh_error<ctmlp::q7_8>);
    CHECK(q8.sigmoid <= 0.0045);  // the table in fixed_point.hpp
    CHECK(q8.tanh <= 0.0085);

    // Every value in [-20, 20] (2.6 million; beyond, both functions are constant to 1e-8), and
    // every 2^-16 * 65,521 step over the whole range.
    const auto near = max_errors<ctmlp::q15_16>(-20 * 65536, 20 * 65536, 1);
    const auto far = max_errors<ctmlp::q15_16>(ctmlp::q15_16::raw_min, ctmlp::q15_16::raw_max, 65521);
    errors<ctmlp::q15_16> q16{std::fmax(near.sigmoid, far.sigmoid), std::fmax(near.tanh, far.tanh)};
    INFO("Q15.16 max error: sigmoid " << q16.sigmoid << ", tanh " << q16.tanh);
    CHECK(q16.sigmoid <= ctmlp::max_sigmoid_error<ctmlp::q15_16>);
    CHECK(q16.tanh <= ctmlp::max_tanh_error<ctmlp::q15_16>);
    CHECK(q16.sigmoid <= 0.0008);
    CHECK(q16.tanh <= 0.0016);
}

TEST_CASE("fixed-point arithmetic at run time equals compile time and saturates", "[fixed]") {
    using q = ctmlp::q7_8;
    volatile double a_in = 1.75, b_in = -0.375, big = 1.0e6;
    const q a(a_in), b(b_in);
    constexpr q ca(1.75), cb(-0.375);
    CHECK(a == ca);
    CHECK(b == cb);
    CHECK((a * b) == (ca * cb));
    CHECK((a / b) == (ca / cb));
    CHECK((a + b) == (ca + cb));
    CHECK((a - b).raw == (ca - cb).raw);
    CHECK(q(big) == q::max());
    CHECK(q(-big) == q::lowest());
    CHECK((q::max() + q(1.0)) == q::max());
    CHECK(std::fabs((a * b).to_double() - 1.75 * -0.375) <= 1.0 / 256);
}

TEST_CASE("a quantised network gives the same outputs at run time as at compile time", "[fixed]") {
    using fnet = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
    using qnet =
        ctmlp::network<ctmlp::q15_16, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
    static constexpr fnet f = [] {
        ctmlp::splitmix64 g{7};
        return ctmlp::initialized<fnet>(g, ctmlp::init::uniform{-2.0, 2.0});
    }();
    static constexpr qnet qn = ctmlp::quantize<qnet>(f);
    constexpr qnet::input_array cx{ctmlp::q15_16(0.5), ctmlp::q15_16(-1.25), ctmlp::q15_16(2.0)};
    constexpr auto cy = qn.predict(cx);
    volatile double x0 = 0.5, x1 = -1.25, x2 = 2.0;
    const qnet::input_array x{ctmlp::q15_16(x0), ctmlp::q15_16(x1), ctmlp::q15_16(x2)};
    const auto y = qn.predict(x);
    const auto yf = f.predict({0.5f, -1.25f, 2.0f});
    for (std::size_t o = 0; o < 2; ++o) {
        CHECK(y[o] == cy[o]);
        CHECK(std::fabs(y[o].to_double() - static_cast<double>(yf[o])) <= 0.005);
    }
}

// ---------------------------------------------------------------------------------------------
// Activations of the small formats. fixed<I, 2> used to shift by −1 in sigmoid/tanh (undefined
// behaviour: sigmoid(0.25) was −32 with g++ -O2); every value of each format is checked here.
namespace {
template <class Q>
errors<Q> all_values_errors() {
    return max_errors<Q>(Q::raw_min, Q::raw_max, 1);
}
}  // namespace

TEST_CASE("fixed-point sigmoid and tanh of every small format, fixed<I, 2> included", "[fixed]") {
    using q7_2 = ctmlp::fixed<7, 2>;
    volatile double quarter = 0.25;
    const q7_2 x(quarter);
    CHECK(ctmlp::sigmoid::apply(x) == q7_2(1.0 / (1.0 + std::exp(-0.25))));  // 0.5 in steps of 1/4
    // tanh(0.25) = 2 sigmoid(0.5) − 1, with sigmoid(0.5) = 0.62 rounded to 0.5: 0, one step off.
    CHECK(std::fabs(ctmlp::tanh::apply(x).to_double() - std::tanh(0.25)) <= ctmlp::max_tanh_error<q7_2>);
    const auto check = [](auto e, double sigmoid_bound, double tanh_bound) {
        CHECK(e.sigmoid <= sigmoid_bound);
        CHECK(e.tanh <= tanh_bound);
    };
    const auto e72 = all_values_errors<q7_2>();
    INFO("fixed<7, 2> max error: sigmoid " << e72.sigmoid << ", tanh " << e72.tanh);
    check(e72, ctmlp::max_sigmoid_error<q7_2>, ctmlp::max_tanh_error<q7_2>);
    // Rounding to a step of 1/4 costs at most 1/8 (the table), plus the interpolation-free rest.
    CHECK(e72.sigmoid <= 0.125 + 0.001);
    using q1_2 = ctmlp::fixed<1, 2>;
    using q3_2 = ctmlp::fixed<3, 2>;
    using q7_3 = ctmlp::fixed<7, 3>;
    using q3_4 = ctmlp::fixed<3, 4>;
    const auto e12 = all_values_errors<q1_2>();
    const auto e32 = all_values_errors<q3_2>();
    const auto e73 = all_values_errors<q7_3>();
    const auto e34 = all_values_errors<q3_4>();
    INFO("max errors (sigmoid, tanh): fixed<1, 2> "
         << e12.sigmoid << ", " << e12.tanh << "; fixed<3, 2> " << e32.sigmoid << ", " << e32.tanh << "; fixed<7, 3> "
         << e73.sigmoid << ", " << e73.tanh << "; fixed<3, 4> " << e34.sigmoid << ", " << e34.tanh);
    check(e12, ctmlp::max_sigmoid_error<q1_2>, ctmlp::max_tanh_error<q1_2>);
    check(e32, ctmlp::max_sigmoid_error<q3_2>, ctmlp::max_tanh_error<q3_2>);
    check(e73, ctmlp::max_sigmoid_error<q7_3>, ctmlp::max_tanh_error<q7_3>);
    check(e34, ctmlp::max_sigmoid_error<q3_4>, ctmlp::max_tanh_error<q3_4>);
}

// ---------------------------------------------------------------------------------------------
// A neuron's sum: exact, rounded once, independent of the order of its terms.
namespace {
__extension__ typedef __int128 int128;  // exact for any sum below (host test only)

// The exact pre-activation of output o: Σ x_i·w_io + b_o over the raw values, as an integer at
// scale 2^2F, rounded to nearest (ties towards +∞) and saturated once.
template <class Q, std::size_t In, std::size_t Out>
Q exact_neuron(const std::array<Q, In>& x, const std::array<Q, In * Out>& w, const Q* bias, std::size_t o) {
    constexpr int f = Q::frac_bits;
    int128 sum = bias != nullptr ? static_cast<int128>(bias[o].raw) * (int128{1} << f) : 0;
    for (std::size_t i = 0; i < In; ++i) sum += static_cast<int128>(x[i].raw) * w[i * Out + o].raw;
    const int128 rounded = (sum + (int128{1} << (f - 1))) >> f;  // floor: arithmetic shift
    if (rounded > Q::raw_max) return Q::max();
    if (rounded < Q::raw_min) return Q::lowest();
    return Q::from_raw(static_cast<typename Q::wide>(rounded));
}

// A random raw value: the whole range, a small range around 0, or an end of the range.
template <class Q>
Q random_fixed(std::mt19937_64& gen) {
    using W = typename Q::wide;
    switch (gen() % 4) {
        case 0:
            return Q::from_raw(std::uniform_int_distribution<W>(Q::raw_min, Q::raw_max)(gen));
        case 1:
            return Q::from_raw(std::uniform_int_distribution<W>(-4 * Q::raw_one, 4 * Q::raw_one)(gen));
        case 2:
            return gen() % 2 == 0 ? Q::max() : Q::lowest();
        default:
            return Q::from_raw(std::uniform_int_distribution<W>(-Q::raw_one / 4, Q::raw_one / 4)(gen));
    }
}

// `trials` random identity layers of `Net` against exact_neuron, each also with its inputs (and
// the matching weight rows) in a shuffled order. Returns the number of mismatches.
template <class Net>
std::size_t mismatches_against_exact(std::size_t trials, std::uint64_t seed) {
    using Q = typename Net::scalar;
    using params = typename Net::template parameters_of<1>;
    constexpr std::size_t in = Net::input_size;
    constexpr std::size_t out = Net::output_size;
    std::mt19937_64 gen(seed);
    std::size_t bad = 0;
    for (std::size_t t = 0; t < trials; ++t) {
        Net net{};
        for (auto& v : net.template layer<1>().weights) v = random_fixed<Q>(gen);
        const Q* bias = nullptr;
        if constexpr (params::has_bias) {
            for (auto& v : net.template layer<1>().bias) v = random_fixed<Q>(gen);
            bias = net.template layer<1>().bias.data();
        }
        typename Net::input_array x;
        for (auto& v : x) v = random_fixed<Q>(gen);
        const auto y = net.predict(x);

        std::array<std::size_t, in> order;
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::shuffle(order.begin(), order.end(), gen);
        Net shuffled = net;
        typename Net::input_array xs;
        for (std::size_t i = 0; i < in; ++i) {
            xs[i] = x[order[i]];
            for (std::size_t o = 0; o < out; ++o)
                shuffled.template layer<1>().weights[i * out + o] = net.template layer<1>().weights[order[i] * out + o];
        }
        const auto ys = shuffled.predict(xs);
        for (std::size_t o = 0; o < out; ++o) {
            const Q expected = exact_neuron<Q, in, out>(x, net.template layer<1>().weights, bias, o);
            if (y[o] != expected || ys[o] != expected) ++bad;
        }
    }
    return bad;
}
}  // namespace

TEST_CASE("a fixed-point neuron's sum does not depend on the order of its terms (issue example)", "[fixed]") {
    using q = ctmlp::q7_8;
    using net_t = ctmlp::network<q, ctmlp::input<4>, ctmlp::dense<1, ctmlp::identity, ctmlp::no_bias>>;
    net_t net{};
    for (auto& w : net.layer<1>().weights) w = q(1.0);
    volatile double hundred = 100.0;
    const q p(hundred), m(-hundred);
    // Term by term in Q7.8 these were −72.0 (100 + 100 saturates at 127.996) and 0.
    CHECK(net.predict({p, p, m, m})[0].to_double() == 0.0);
    CHECK(net.predict({p, m, p, m})[0].to_double() == 0.0);
    CHECK(net.predict({m, m, p, p})[0].to_double() == 0.0);
    // The true sum out of range saturates at the right end, whatever the order.
    CHECK(net.predict({p, p, p, m})[0].to_double() == q::max().to_double());
    CHECK(net.predict({m, p, m, m})[0].to_double() == q::lowest().to_double());

    // Q15.16: four products of 2^62 overflow int64; the accumulator counts the wraps. Exact sum:
    // 4 · 2^62 − 4 · (2^31 − 1) · 2^31 = 2^33, i.e. 2.0, in any order.
    using q16 = ctmlp::q15_16;
    using net16 = ctmlp::network<q16, ctmlp::input<8>, ctmlp::dense<1, ctmlp::identity, ctmlp::no_bias>>;
    net16 n16{};
    for (auto& w : n16.layer<1>().weights) w = q16::lowest();
    const q16 lo = q16::lowest(), hi = q16::max();
    CHECK(n16.predict({lo, lo, lo, lo, hi, hi, hi, hi})[0].to_double() == 2.0);
    CHECK(n16.predict({lo, hi, lo, hi, lo, hi, lo, hi})[0].to_double() == 2.0);
    CHECK(n16.predict({hi, hi, hi, hi, lo, lo, lo, lo})[0].to_double() == 2.0);
    CHECK(n16.predict({lo, lo, lo, lo, lo, hi, hi, hi})[0].to_double() == q16::max().to_double());
}

TEST_CASE("fixed-point layers equal the exact sum rounded once, for random values in any order", "[fixed]") {
    using ctmlp::dense;
    using ctmlp::identity;
    using ctmlp::input;
    CHECK(mismatches_against_exact<ctmlp::network<ctmlp::q7_8, input<6>, dense<5, identity>>>(3000, 1) == 0);
    CHECK(mismatches_against_exact<ctmlp::network<ctmlp::q7_8, input<9>, dense<3, identity, ctmlp::no_bias>>>(3000,
                                                                                                              2) == 0);
    CHECK(mismatches_against_exact<ctmlp::network<ctmlp::q15_16, input<8>, dense<4, identity>>>(3000, 3) == 0);
    CHECK(mismatches_against_exact<ctmlp::network<ctmlp::fixed<3, 4>, input<5>, dense<3, identity>>>(3000, 4) == 0);
    CHECK(mismatches_against_exact<ctmlp::network<ctmlp::fixed<20, 11>, input<7>, dense<2, identity>>>(3000, 5) == 0);
}

TEST_CASE("a fixed-point network with activations equals the exact layer-by-layer reference", "[fixed]") {
    using q = ctmlp::q7_8;
    using net_t = ctmlp::network<q, ctmlp::input<4>, ctmlp::dense<6, ctmlp::tanh>, ctmlp::dense<3, ctmlp::sigmoid>>;
    std::mt19937_64 gen(11);
    std::size_t bad = 0;
    for (std::size_t t = 0; t < 2000; ++t) {
        net_t net{};
        net.for_each_layer([&](auto& layer) {
            for (auto& v : layer.weights) v = random_fixed<q>(gen);
            for (auto& v : layer.bias) v = random_fixed<q>(gen);
        });
        net_t::input_array x;
        for (auto& v : x) v = random_fixed<q>(gen);
        std::array<q, 6> h;
        for (std::size_t o = 0; o < 6; ++o)
            h[o] = ctmlp::scalar_tanh(exact_neuron<q, 4, 6>(x, net.layer<1>().weights, net.layer<1>().bias.data(), o));
        const auto y = net.predict(x);
        for (std::size_t o = 0; o < 3; ++o)
            if (y[o] !=
                ctmlp::scalar_sigmoid(exact_neuron<q, 6, 3>(h, net.layer<2>().weights, net.layer<2>().bias.data(), o)))
                ++bad;
    }
    CHECK(bad == 0);
}
