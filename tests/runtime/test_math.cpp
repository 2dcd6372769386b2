// Copyright ctmlp contributors.
// Distributed under the Boost Software License, Version 1.0
// (see LICENSE or https://www.boost.org/LICENSE_1_0.txt).
//
// Tests for ctmlp/math.hpp. No main here (the runner provides it); no
// exception-based assertions, so this also builds with -fno-exceptions.
//
// * Accuracy sweeps of ctmlp::math::portable::* against <cmath>, measured in
//   ulps of the result type against a wider reference (long double for
//   double, double for float), and printed (one "[ctmlp math]" line each).
// * Special values (0, -0, inf, NaN, overflow, underflow, subnormals).
// * static_asserts: every function works in constant evaluation.
// * Compile-time results equal portable:: at run time bit for bit (needs
//   -ffp-contract=off when the target has FMA; see math.hpp).

#include <ctmlp/math.hpp>

#include "catch.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace {

namespace cm = ctmlp::math;
namespace cp = ctmlp::math::portable;

template <class T>
constexpr T inf_v = std::numeric_limits<T>::infinity();
template <class T>
constexpr T nan_v = std::numeric_limits<T>::quiet_NaN();

constexpr bool near(double a, double b, double tol) { return (a > b ? a - b : b - a) <= tol; }

// ---------------------------------------------------------------------------
// Constant evaluation (both compilers; Clang rejects std::exp here).
// ---------------------------------------------------------------------------
static_assert(cm::exp(0.0) == 1.0);
static_assert(cm::exp(0.0f) == 1.0f);
static_assert(cm::exp(-0.0) == 1.0);
static_assert(near(cm::exp(1.0), 2.718281828459045235, 5e-16));
static_assert(near(cm::exp(-10.0), 4.539992976248485e-05, 1e-20));
static_assert(near(cm::exp(1.0f), 2.718281828459045235, 3e-7));
static_assert(cm::exp(inf_v<double>) == inf_v<double>);
static_assert(cm::exp(-inf_v<double>) == 0.0);
static_assert(cm::exp(1000.0) == inf_v<double>);
static_assert(cm::exp(-1000.0) == 0.0);
static_assert(cm::exp(-745.5) == 0.0);  // underflows to 0
static_assert(cm::exp(-740.0) > 0.0);   // subnormal result
static_assert(cm::exp(200.0f) == inf_v<float>);
static_assert(cm::isnan(cm::exp(nan_v<double>)));

static_assert(cm::tanh(0.0) == 0.0);
static_assert(std::bit_cast<std::uint64_t>(cm::tanh(-0.0)) == 0x8000000000000000u);
static_assert(near(cm::tanh(0.5), 0.46211715726000975850, 2e-16));
static_assert(near(cm::tanh(-2.0f), -0.96402758007581688395, 2e-7));
static_assert(cm::tanh(inf_v<double>) == 1.0 && cm::tanh(-inf_v<float>) == -1.0f);
static_assert(cm::tanh(1e-300) == 1e-300);

static_assert(cm::log(1.0) == 0.0 && cm::log(1.0f) == 0.0f);
static_assert(near(cm::log(2.0), 0.69314718055994530942, 2e-16));
static_assert(near(cm::log(1e-300), -690.77552789821370521, 2e-13));
static_assert(near(cm::log(10.0f), 2.3025850929940456840, 3e-7));
static_assert(cm::log(0.0) == -inf_v<double> && cm::log(-0.0f) == -inf_v<float>);
static_assert(cm::isnan(cm::log(-1.0)) && cm::isnan(cm::log(-inf_v<float>)));
static_assert(cm::log(inf_v<double>) == inf_v<double>);
static_assert(near(cm::log(std::numeric_limits<double>::denorm_min()), -744.44007192138126231, 2e-13));

static_assert(cm::sqrt(4.0) == 2.0 && cm::sqrt(2.25f) == 1.5f);
static_assert(cm::sqrt(2.0) == 0x1.6a09e667f3bcdp+0);  // correctly rounded
static_assert(cm::sqrt(2.0f) == 0x1.6a09e6p+0f);
static_assert(std::bit_cast<std::uint32_t>(cm::sqrt(-0.0f)) == 0x80000000u);
static_assert(cm::isnan(cm::sqrt(-1.0)) && cm::sqrt(inf_v<double>) == inf_v<double>);
static_assert(cm::sqrt(std::numeric_limits<double>::denorm_min()) == 0x1p-537);

static_assert(cm::sin(0.0) == 0.0 && cm::cos(0.0) == 1.0);
static_assert(near(cm::sin(1.0), 0.84147098480789650665, 2e-16));
static_assert(near(cm::cos(3.0), -0.98999249660044545727, 2e-16));
static_assert(near(cm::sin(-100.0), 0.50636564110975879366, 2e-16));
static_assert(near(cm::cos(2.0f), -0.41614683654714238700, 1e-7));
static_assert(cm::isnan(cm::sin(inf_v<double>)) && cm::isnan(cm::cos(nan_v<float>)));

static_assert(cm::abs(-2.5) == 2.5 && cm::abs(-0.0f) == 0.0f);
static_assert(std::bit_cast<std::uint64_t>(cm::abs(-0.0)) == 0u);
static_assert(cm::isfinite(1.0) && !cm::isfinite(inf_v<float>) && !cm::isfinite(nan_v<double>));
static_assert(cm::isnan(nan_v<float>) && !cm::isnan(inf_v<double>));
static_assert(cm::exp(1.0L) > 2.718L && cm::exp(1.0L) < 2.719L);  // long double via double

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

// Deterministic generator (SplitMix64).
struct splitmix {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
};

template <class T>
using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

// Reference type: wider than T.
template <class T>
using ref_t = std::conditional_t<std::is_same_v<T, float>, double, long double>;

// Size of one ulp of T at magnitude |ref| (subnormal ulp below the normals).
template <class T>
long double ulp_of(long double ref) {
    int e = 0;
    static_cast<void>(std::frexp(std::fabs(ref), &e));
    if (ref == 0.0L || e < std::numeric_limits<T>::min_exponent) e = std::numeric_limits<T>::min_exponent;
    return std::ldexp(1.0L, e - std::numeric_limits<T>::digits);
}

// Error of y in ulps of T, relative to the wider reference value.
template <class T>
double ulp_error(T y, long double ref) {
    const bool y_nan = std::isnan(y), r_nan = std::isnan(ref);
    if (y_nan || r_nan) return y_nan == r_nan ? 0.0 : 1e30;
    if (std::fabs(ref) > static_cast<long double>(std::numeric_limits<T>::max())) {
        // reference overflows T: only +-inf or +-max are acceptable
        const long double clipped = ref > 0 ? static_cast<long double>(std::numeric_limits<T>::max())
                                            : -static_cast<long double>(std::numeric_limits<T>::max());
        if (std::isinf(y) && (y > 0) == (ref > 0)) return 0.0;
        return static_cast<double>(std::fabs(static_cast<long double>(y) - clipped) / ulp_of<T>(clipped));
    }
    if (std::isinf(y)) return 1e30;
    return static_cast<double>(std::fabs(static_cast<long double>(y) - ref) / ulp_of<T>(ref));
}

template <class T>
struct stats {
    double max_ulp = 0.0;           // vs wide reference
    double max_abs = 0.0;           // absolute error vs wide reference
    std::uint64_t max_ulp_std = 0;  // integer ulp distance to std:: in T
    T worst_x = T(0);
    std::size_t count = 0;
};

template <class T>
std::int64_t ordered(T x) {
    const auto b = std::bit_cast<bits_t<T>>(x);
    const auto sign = static_cast<bits_t<T>>(bits_t<T>(1) << (sizeof(T) * 8 - 1));
    const auto mag = static_cast<std::int64_t>(b & ~sign);
    return (b & sign) != 0 ? -mag : mag;
}

template <class T>
std::uint64_t ulp_distance(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) == std::isnan(b) ? 0u : ~std::uint64_t{0};
    const std::int64_t d = ordered(a) - ordered(b);
    return static_cast<std::uint64_t>(d < 0 ? -d : d);
}

// f: the portable function, ref: wide reference, sf: std:: function in T.
template <class T, class F, class R, class S>
void accumulate(stats<T>& st, T x, F f, R ref, S sf) {
    const T y = f(x);
    const long double r = static_cast<long double>(ref(static_cast<ref_t<T>>(x)));
    const double e = ulp_error<T>(y, r);
    if (e > st.max_ulp) {
        st.max_ulp = e;
        st.worst_x = x;
    }
    if (std::isfinite(y) && std::isfinite(r)) {
        const double a = static_cast<double>(std::fabs(static_cast<long double>(y) - r));
        if (a > st.max_abs) st.max_abs = a;
    }
    const std::uint64_t d = ulp_distance(y, sf(x));
    if (d > st.max_ulp_std) st.max_ulp_std = d;
    ++st.count;
}

template <class T>
void report(const char* name, const char* range, const stats<T>& st) {
    std::printf("[ctmlp math] %-5s %-6s %-26s n=%-8zu max %.3f ulp (max %llu ulp vs std::, abs %.2e) worst x=%a\n",
                name, sizeof(T) == 4 ? "float" : "double", range, st.count, st.max_ulp,
                static_cast<unsigned long long>(st.max_ulp_std), st.max_abs, static_cast<double>(st.worst_x));
}

constexpr std::size_t n_sweep = 1000000;

// Uniform sweep over [lo, hi]: n equally spaced points plus n random ones.
template <class T, class F, class R, class S>
stats<T> sweep_uniform(double lo, double hi, F f, R ref, S sf, std::uint64_t seed = 1) {
    stats<T> st;
    splitmix g{seed};
    for (std::size_t i = 0; i <= n_sweep; ++i) {
        accumulate(st, static_cast<T>(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n_sweep)), f, ref,
                   sf);
        accumulate(st, static_cast<T>(g.uniform(lo, hi)), f, ref, sf);
    }
    return st;
}

// Log-uniform sweep of |x| in [2^lo_exp, 2^hi_exp], both signs if requested.
template <class T, class F, class R, class S>
stats<T> sweep_log(int lo_exp, int hi_exp, bool both_signs, F f, R ref, S sf, std::uint64_t seed = 2) {
    stats<T> st;
    splitmix g{seed};
    for (std::size_t i = 0; i < n_sweep; ++i) {
        const double e = g.uniform(lo_exp, hi_exp);
        T x = static_cast<T>(std::exp2(e));
        if (both_signs && (g.next() & 1u) != 0) x = -x;
        accumulate(st, x, f, ref, sf);
    }
    return st;
}

// Uniform over the bit patterns of positive finite T (every binade, subnormals too).
template <class T, class F, class R, class S>
stats<T> sweep_bits(F f, R ref, S sf, std::uint64_t seed = 3) {
    stats<T> st;
    splitmix g{seed};
    const auto max_bits = static_cast<std::uint64_t>(std::bit_cast<bits_t<T>>(std::numeric_limits<T>::max()));
    for (std::size_t i = 0; i < n_sweep; ++i) {
        const auto b = static_cast<bits_t<T>>(1 + g.next() % max_bits);
        accumulate(st, std::bit_cast<T>(b), f, ref, sf);
    }
    return st;
}

// Wrappers (avoid overload-set ambiguity with function pointers).
template <class T>
struct fn {
    static T exp(T x) { return cp::exp(x); }
    static T tanh(T x) { return cp::tanh(x); }
    static T log(T x) { return cp::log(x); }
    static T sqrt(T x) { return cp::sqrt(x); }
    static T cos(T x) { return cp::cos(x); }
    static T sin(T x) { return cp::sin(x); }
    static T std_exp(T x) { return std::exp(x); }
    static T std_tanh(T x) { return std::tanh(x); }
    static T std_log(T x) { return std::log(x); }
    static T std_sqrt(T x) { return std::sqrt(x); }
    static T std_cos(T x) { return std::cos(x); }
    static T std_sin(T x) { return std::sin(x); }
    using R = ref_t<T>;
    static R ref_exp(R x) { return std::exp(x); }
    static R ref_tanh(R x) { return std::tanh(x); }
    static R ref_log(R x) { return std::log(x); }
    static R ref_sqrt(R x) { return std::sqrt(x); }
    static R ref_cos(R x) { return std::cos(x); }
    static R ref_sin(R x) { return std::sin(x); }
};

template <class T>
void check_ulp(const char* name, const char* range, const stats<T>& st, double goal) {
    report(name, range, st);
    INFO(name << ' ' << range << " worst x = " << static_cast<double>(st.worst_x) << ", max ulp " << st.max_ulp);
    CHECK(st.max_ulp <= goal);
}

template <class T>
constexpr double exp_hi = sizeof(T) == 4 ? 88.72 : 709.78;
template <class T>
constexpr double exp_lo = sizeof(T) == 4 ? -103.9 : -745.1;

}  // namespace

TEMPLATE_TEST_CASE("math: exp accuracy", "[math][exp]", float, double) {
    using F = fn<TestType>;
    check_ulp("exp", "[lo, hi] (incl. subnormal)",
              sweep_uniform<TestType>(exp_lo<TestType>, exp_hi<TestType>, F::exp, F::ref_exp, F::std_exp), 2.0);
    check_ulp("exp", "[-1, 1]", sweep_uniform<TestType>(-1.0, 1.0, F::exp, F::ref_exp, F::std_exp), 2.0);
    check_ulp("exp", "|x| in [2^-60, 1]", sweep_log<TestType>(-60, 0, true, F::exp, F::ref_exp, F::std_exp), 2.0);
}

TEMPLATE_TEST_CASE("math: tanh accuracy", "[math][tanh]", float, double) {
    using F = fn<TestType>;
    check_ulp("tanh", "[-25, 25]", sweep_uniform<TestType>(-25.0, 25.0, F::tanh, F::ref_tanh, F::std_tanh), 4.0);
    check_ulp("tanh", "[-1, 1]", sweep_uniform<TestType>(-1.0, 1.0, F::tanh, F::ref_tanh, F::std_tanh), 4.0);
    check_ulp("tanh", "|x| in [2^-40, 2]", sweep_log<TestType>(-40, 1, true, F::tanh, F::ref_tanh, F::std_tanh), 4.0);
}

TEMPLATE_TEST_CASE("math: log accuracy", "[math][log]", float, double) {
    using F = fn<TestType>;
    check_ulp("log", "all positive (bits)", sweep_bits<TestType>(F::log, F::ref_log, F::std_log), 2.0);
    check_ulp("log", "[0.5, 2]", sweep_uniform<TestType>(0.5, 2.0, F::log, F::ref_log, F::std_log), 2.0);
    check_ulp("log", "[1e-3, 1e3] (log-uniform)", sweep_log<TestType>(-10, 10, false, F::log, F::ref_log, F::std_log),
              2.0);
}

TEMPLATE_TEST_CASE("math: sqrt is correctly rounded", "[math][sqrt]", float, double) {
    using F = fn<TestType>;
    const auto st = sweep_bits<TestType>(F::sqrt, F::ref_sqrt, F::std_sqrt);
    check_ulp("sqrt", "all positive (bits)", st, 0.5);
    CHECK(st.max_ulp_std == 0u);  // bit-identical to std::sqrt (IEEE correctly rounded)
    const auto st2 = sweep_uniform<TestType>(0.0, 4.0, F::sqrt, F::ref_sqrt, F::std_sqrt);
    check_ulp("sqrt", "[0, 4]", st2, 0.5);
    CHECK(st2.max_ulp_std == 0u);
}

TEST_CASE("math: float sqrt exhaustive for 1 <= x < 4", "[math][sqrt]") {
    std::uint64_t mismatches = 0;
    for (std::uint32_t b = std::bit_cast<std::uint32_t>(1.0f); b < std::bit_cast<std::uint32_t>(4.0f); ++b) {
        const float x = std::bit_cast<float>(b);
        if (std::bit_cast<std::uint32_t>(cp::sqrt(x)) != std::bit_cast<std::uint32_t>(std::sqrt(x))) ++mismatches;
    }
    CHECK(mismatches == 0u);  // covers every mantissa of both exponent parities
}

TEMPLATE_TEST_CASE("math: sin/cos accuracy", "[math][sin][cos]", float, double) {
    using F = fn<TestType>;
    constexpr double two_pi = 6.283185307179586;
    const auto s1 = sweep_uniform<TestType>(-two_pi, two_pi, F::sin, F::ref_sin, F::std_sin);
    const auto c1 = sweep_uniform<TestType>(-two_pi, two_pi, F::cos, F::ref_cos, F::std_cos);
    report("sin", "[-2pi, 2pi]", s1);
    report("cos", "[-2pi, 2pi]", c1);
    const double abs_goal = sizeof(TestType) == 4 ? 1.2e-7 : 1e-15;
    CHECK(s1.max_abs <= abs_goal);
    CHECK(c1.max_abs <= abs_goal);
    const auto s2 = sweep_uniform<TestType>(-1e4, 1e4, F::sin, F::ref_sin, F::std_sin);
    const auto c2 = sweep_uniform<TestType>(-1e4, 1e4, F::cos, F::ref_cos, F::std_cos);
    report("sin", "[-1e4, 1e4]", s2);
    report("cos", "[-1e4, 1e4]", c2);
    CHECK(s2.max_abs <= abs_goal);
    CHECK(c2.max_abs <= abs_goal);

    // Worst case for Cody-Waite: arguments next to multiples of pi/2, where
    // the result is tiny and the reduction cancels.
    stats<TestType> s3, c3;
    const long double pio2 = 1.57079632679489661923132169163975144L;
    for (int k = -6366; k <= 6366; ++k) {
        TestType x = static_cast<TestType>(static_cast<long double>(k) * pio2);
        x = std::nextafter(x, -inf_v<TestType>);
        for (int j = 0; j < 3; ++j, x = std::nextafter(x, inf_v<TestType>)) {
            accumulate(s3, x, F::sin, F::ref_sin, F::std_sin);
            accumulate(c3, x, F::cos, F::ref_cos, F::std_cos);
        }
    }
    check_ulp("sin", "k*pi/2 +- 1 ulp, |k|<6367", s3, 2.5);
    check_ulp("cos", "k*pi/2 +- 1 ulp, |k|<6367", c3, 2.5);
}

TEMPLATE_TEST_CASE("math: special values (portable, run time)", "[math][special]", float, double) {
    using T = TestType;
    constexpr T inf = inf_v<T>;
    constexpr T nan = nan_v<T>;
    constexpr T tiny = std::numeric_limits<T>::denorm_min();
    const auto sign = [](T v) { return std::signbit(v); };

    CHECK(cp::exp(T(0)) == T(1));
    CHECK(cp::exp(-T(0)) == T(1));
    CHECK(cp::exp(inf) == inf);
    CHECK(cp::exp(-inf) == T(0));
    CHECK(std::isnan(cp::exp(nan)));
    CHECK(cp::exp(T(1000)) == inf);    // overflow
    CHECK(cp::exp(T(-1000)) == T(0));  // underflow
    CHECK(cp::exp(tiny) == T(1));
    const T big = sizeof(T) == 4 ? T(88.72283172607421875) : T(709.782712893384);  // largest x with finite exp
    CHECK(std::isfinite(cp::exp(big)));
    CHECK(cp::exp(std::nextafter(big, inf)) == inf);
    const T sub = sizeof(T) == 4 ? T(-100) : T(-740);  // subnormal results
    CHECK(cp::exp(sub) > T(0));
    CHECK(cp::exp(sub) < std::numeric_limits<T>::min());
    CHECK(ulp_distance(cp::exp(sub), std::exp(sub)) <= 1u);

    CHECK(cp::tanh(T(0)) == T(0));
    CHECK(!sign(cp::tanh(T(0))));
    CHECK(sign(cp::tanh(-T(0))));
    CHECK(cp::tanh(inf) == T(1));
    CHECK(cp::tanh(-inf) == T(-1));
    CHECK(cp::tanh(T(30)) == T(1));
    CHECK(std::isnan(cp::tanh(nan)));
    CHECK(cp::tanh(tiny) == tiny);
    CHECK(cp::tanh(-tiny) == -tiny);
    CHECK(cp::tanh(T(-0.25)) == -cp::tanh(T(0.25)));

    CHECK(cp::log(T(1)) == T(0));
    CHECK(!sign(cp::log(T(1))));
    CHECK(cp::log(T(0)) == -inf);
    CHECK(cp::log(-T(0)) == -inf);
    CHECK(std::isnan(cp::log(T(-1))));
    CHECK(std::isnan(cp::log(-inf)));
    CHECK(std::isnan(cp::log(nan)));
    CHECK(cp::log(inf) == inf);
    CHECK(ulp_distance(cp::log(tiny), std::log(tiny)) <= 1u);
    CHECK(ulp_distance(cp::log(std::numeric_limits<T>::max()), std::log(std::numeric_limits<T>::max())) <= 1u);

    CHECK(cp::sqrt(T(0)) == T(0));
    CHECK(!sign(cp::sqrt(T(0))));
    CHECK(sign(cp::sqrt(-T(0))));
    CHECK(cp::sqrt(inf) == inf);
    CHECK(std::isnan(cp::sqrt(-inf)));
    CHECK(std::isnan(cp::sqrt(T(-1))));
    CHECK(std::isnan(cp::sqrt(nan)));
    CHECK(cp::sqrt(tiny) == std::sqrt(tiny));
    CHECK(cp::sqrt(std::numeric_limits<T>::max()) == std::sqrt(std::numeric_limits<T>::max()));
    CHECK(cp::sqrt(std::numeric_limits<T>::min()) == std::sqrt(std::numeric_limits<T>::min()));

    CHECK(cp::sin(T(0)) == T(0));
    CHECK(sign(cp::sin(-T(0))));
    CHECK(cp::cos(T(0)) == T(1));
    CHECK(cp::cos(-T(0)) == T(1));
    CHECK(cp::sin(tiny) == tiny);
    CHECK(std::isnan(cp::sin(inf)));
    CHECK(std::isnan(cp::cos(-inf)));
    CHECK(std::isnan(cp::sin(nan)));
    CHECK(std::isnan(cp::cos(nan)));
    CHECK(std::fabs(cp::sin(T(1e6))) <= T(1));  // large |x|: reduced accuracy but finite
    CHECK(std::fabs(cp::cos(T(1e30))) <= T(1));

    CHECK(cp::abs(-T(0)) == T(0));
    CHECK(!sign(cp::abs(-T(0))));
    CHECK(cp::abs(-inf) == inf);
    CHECK(std::isnan(cp::abs(nan)));
    CHECK(cp::isnan(nan));
    CHECK(!cp::isnan(inf));
    CHECK(!cp::isfinite(inf));
    CHECK(!cp::isfinite(nan));
    CHECK(cp::isfinite(std::numeric_limits<T>::max()));
    CHECK(cp::isfinite(tiny));
}

namespace {

// Inputs for the compile-time vs run-time comparison: hand-picked regimes
// (tiny, reduction boundaries, subnormal results, large arguments) followed
// by a dense grid over [-47, 47], so that FMA contraction would show up.
constexpr std::array<double, 24> special_inputs = {0.0,    -0.0,    1e-300, 1e-10, 0.1,     -0.3,  0.34657359027997264,
                                                   0.5,    1.0,     -1.0,   2.5,   -3.75,   7.0,   10.0,
                                                   -17.5,  22.5,    88.0,   -90.0, 123.456, 700.0, -740.0,
                                                   1000.0, -1234.5, 9999.0};
constexpr std::array<double, 256> bit_inputs = [] {
    std::array<double, 256> a{};
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = i < special_inputs.size() ? special_inputs[i]
                                         : -47.0 + 0.40562 * static_cast<double>(i - special_inputs.size());
    }
    return a;
}();

template <class T, class F>
constexpr std::array<T, bit_inputs.size()> apply_all(F f) {
    std::array<T, bit_inputs.size()> out{};
    for (std::size_t i = 0; i < bit_inputs.size(); ++i) out[i] = f(static_cast<T>(bit_inputs[i]));
    return out;
}

// Domain-adjusted inputs: log and sqrt see |x|.
template <class T>
constexpr T pos(T x) {
    return cm::abs(x);
}

template <class T>
struct ct_results {
    static constexpr auto exp = apply_all<T>([](T x) { return cm::exp(x); });
    static constexpr auto tanh = apply_all<T>([](T x) { return cm::tanh(x); });
    static constexpr auto log = apply_all<T>([](T x) { return cm::log(pos(x)); });
    static constexpr auto sqrt = apply_all<T>([](T x) { return cm::sqrt(pos(x)); });
    static constexpr auto cos = apply_all<T>([](T x) { return cm::cos(x); });
    static constexpr auto sin = apply_all<T>([](T x) { return cm::sin(x); });
};

// Checked at compile time: a few of the precomputed values are sane.
static_assert(ct_results<double>::exp[8] > 2.718 && ct_results<double>::exp[8] < 2.719);
static_assert(ct_results<float>::sqrt[14] > 4.18f && ct_results<float>::sqrt[14] < 4.19f);

template <class T>
bool same_bits(T a, T b) {
    return std::bit_cast<bits_t<T>>(a) == std::bit_cast<bits_t<T>>(b);
}

template <class T, class F>
std::size_t count_mismatches(const std::array<T, bit_inputs.size()>& expected, F f) {
    std::size_t bad = 0;
    for (std::size_t i = 0; i < bit_inputs.size(); ++i) {
        volatile double launder = bit_inputs[i];  // keep the call at run time
        const T x = static_cast<T>(launder);
        const T got = f(x);
        if (!same_bits(got, expected[i])) {
            ++bad;
            UNSCOPED_INFO("x = " << bit_inputs[i] << ": run time " << got << " vs compile time " << expected[i]);
        }
    }
    return bad;
}

}  // namespace

TEMPLATE_TEST_CASE("math: compile-time results equal portable:: at run time bit for bit", "[math][constexpr]", float,
                   double) {
    using T = TestType;
    using C = ct_results<T>;
    CHECK(count_mismatches<T>(C::exp, [](T x) { return cp::exp(x); }) == 0u);
    CHECK(count_mismatches<T>(C::tanh, [](T x) { return cp::tanh(x); }) == 0u);
    CHECK(count_mismatches<T>(C::log, [](T x) { return cp::log(pos(x)); }) == 0u);
    CHECK(count_mismatches<T>(C::sqrt, [](T x) { return cp::sqrt(pos(x)); }) == 0u);
    CHECK(count_mismatches<T>(C::cos, [](T x) { return cp::cos(x); }) == 0u);
    CHECK(count_mismatches<T>(C::sin, [](T x) { return cp::sin(x); }) == 0u);
    // math_policy::portable runs the same algorithm at run time (ctmlp::portable::sigmoid & co.).
    using P = ctmlp::math_policy::portable;
    CHECK(count_mismatches<T>(C::exp, [](T x) { return P::exp(x); }) == 0u);
    CHECK(count_mismatches<T>(C::tanh, [](T x) { return P::tanh(x); }) == 0u);
    CHECK(count_mismatches<T>(C::log, [](T x) { return P::log(pos(x)); }) == 0u);
}

TEMPLATE_TEST_CASE("math: run-time dispatch", "[math][dispatch]", float, double) {
    using T = TestType;
    for (const double d : bit_inputs) {
        volatile double launder = d;
        const T x = static_cast<T>(launder);
        const T ax = std::fabs(x);
        using L = ctmlp::math_policy::libm;
        using P = ctmlp::math_policy::portable;
        CHECK(same_bits(cm::exp(x), std::exp(x)));  // math:: and the default policy: <cmath>
        CHECK(same_bits(cm::tanh(x), std::tanh(x)));
        CHECK(same_bits(cm::log(ax), std::log(ax)));
        CHECK(same_bits(cm::sqrt(ax), std::sqrt(ax)));
        CHECK(same_bits(cm::cos(x), std::cos(x)));
        CHECK(same_bits(cm::sin(x), std::sin(x)));
        CHECK(same_bits(L::exp(x), std::exp(x)));
        CHECK(same_bits(L::tanh(x), std::tanh(x)));
        CHECK(same_bits(L::log(ax), std::log(ax)));
        CHECK(same_bits(L::log1p(ax), std::log1p(ax)));
        CHECK(same_bits(P::exp(x), cp::exp(x)));  // the portable policy: the library's algorithm
        CHECK(same_bits(P::tanh(x), cp::tanh(x)));
        CHECK(same_bits(P::log(ax), cp::log(ax)));
        CHECK(same_bits(P::log1p(ax), cp::log1p(ax)));
        // Why sqrt needs no policy: both are correctly rounded, so they agree bit for bit.
        CHECK(same_bits(std::sqrt(ax), cp::sqrt(ax)));
    }
}

// ---- classification: ctmlp::is_finite / is_nan (scalar.hpp) and their math:: spellings ----------

// Every x87 `long double` too (bit_cast of the 80-bit format), in constant evaluation.
template <class T>
constexpr bool classifies() {
    using L = std::numeric_limits<T>;
    return !ctmlp::is_finite(L::infinity()) && !ctmlp::is_finite(-L::infinity()) && !ctmlp::is_finite(L::quiet_NaN()) &&
           ctmlp::is_finite(L::max()) && ctmlp::is_finite(-L::max()) && ctmlp::is_finite(L::denorm_min()) &&
           ctmlp::is_finite(T(-0.0)) && ctmlp::is_nan(L::quiet_NaN()) && ctmlp::is_nan(-L::quiet_NaN()) &&
           !ctmlp::is_nan(L::infinity()) && !ctmlp::is_nan(-L::max()) && cm::isfinite(L::max()) &&
           !cm::isfinite(L::infinity()) && cm::isnan(L::quiet_NaN()) && !cm::isnan(L::infinity());
}
static_assert(classifies<float>() && classifies<double>() && classifies<long double>());

TEMPLATE_TEST_CASE("classification agrees with <cmath> on values made at run time", "[math][classify]", float, double,
                   long double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    volatile T zero = T(0);
    volatile T one = T(1);
    const T values[] = {zero / zero,
                        -(zero / zero),
                        one / zero,
                        -one / zero,
                        L::max(),
                        -L::max(),
                        L::min(),
                        L::denorm_min(),
                        -L::denorm_min(),
                        T(-0.0),
                        one,
                        L::signaling_NaN(),
                        L::max() * (one + one),
                        std::nextafter(L::max(), L::infinity()),
                        std::nextafter(L::infinity(), T(0))};
    for (const T v : values) {
        INFO("value " << static_cast<double>(v));
        CHECK(ctmlp::is_finite(v) == std::isfinite(v));
        CHECK(ctmlp::is_nan(v) == std::isnan(v));
        CHECK(cm::isfinite(v) == std::isfinite(v));
        CHECK(cm::isnan(v) == std::isnan(v));
    }
    // every exponent of binary32, both signs, a few fractions
    if constexpr (std::is_same_v<T, float>) {
        for (std::uint32_t e = 0; e < 256; ++e)
            for (const std::uint32_t f : {0u, 1u, 0x400000u, 0x7FFFFFu})
                for (const std::uint32_t s : {0u, 0x80000000u}) {
                    const float v = std::bit_cast<float>(s | (e << 23) | f);
                    REQUIRE(ctmlp::is_finite(v) == std::isfinite(v));
                    REQUIRE(ctmlp::is_nan(v) == std::isnan(v));
                }
    }
}
