// ctmlp::fixed at run time: the activations' documented error bounds over every Q7.8 input and
// every Q15.16 input in [-20, 20] (plus a sweep of the whole range), run time equal to compile time, and a quantised network's outputs.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/fixed_point.hpp>

#include <cmath>
#include <cstdint>

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
    using qnet = ctmlp::network<ctmlp::q15_16, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
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
