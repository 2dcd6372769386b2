// Copyright ctmlp contributors.
// Distributed under the Boost Software License, Version 1.0
// (see LICENSE or https://www.boost.org/LICENSE_1_0.txt).

#ifndef CTMLP_MATH_HPP
#define CTMLP_MATH_HPP

// ctmlp/math.hpp - constexpr elementary functions (exp, tanh, log, log1p,
// sqrt, cos, sin) plus isfinite / isnan / abs, usable in constant evaluation on
// both GCC and Clang (Clang rejects std::exp & co. in constant expressions).
//
// Math policies (ctmlp::math_policy): which algorithm runs AT RUN TIME is a property of the
// type that calls it, never of a macro, so that two translation units cannot silently disagree
// (a macro that changes the bodies of inline functions links without a word and breaks the One
// Definition Rule; two policies are two types, so two sets of mangled names).
//   * In constant evaluation libm and portable run the library's own algorithms (the functions
//     in ctmlp::math::portable): the compiler's std::exp & co. are not constexpr.
//   * math_policy::libm (the default, and ctmlp::math::exp etc.): at run time <cmath>
//     (std::exp, ...): faster, and what NumPy uses (the seed notebook is reproduced to 1e-12).
//   * math_policy::portable: at run time the same library algorithm as in constant evaluation,
//     so that a network trained at run time is bit for bit the one trained at compile time.
//   * math_policy::fast (ctmlp::math::fast): branch-free exp and tanh written for the loop
//     vectoriser (a float loop of ctmlp::fast::sigmoid vectorises with GCC 12 and Clang 14 at
//     -O2 and -O3; double too, except with GCC at -O2 on plain SSE2), plain arithmetic and
//     std::bit_cast only, so constant evaluation runs the very same code: run time equals
//     compile time bit for bit by construction, as for portable. docs/math.md.
//   * The activations that need exp/tanh carry a policy (ctmlp::basic_sigmoid<Policy>, ...;
//     ctmlp::sigmoid uses libm, ctmlp::portable::sigmoid the library's algorithm,
//     ctmlp::fast::sigmoid the branch-free one), and the fused
//     cross-entropies take the policy of the output activation they are fused with.
//   * sqrt needs no policy: IEEE 754 requires it correctly rounded and the library's sqrt is
//     (tests/runtime/test_math.cpp), so std::sqrt and portable::sqrt agree bit for bit.
//   * Initialisers (Box-Muller) and the cosine learning-rate schedule always use the library's
//     log/cos: they run once per network or epoch, and so give the same numbers at compile time,
//     at run time and on every target.
//   * CTMLP_PORTABLE_MATH, the macro that selected the run-time algorithm before, is an error.
//   * Bit equality between run time and compile time additionally requires
//     -ffp-contract=off (GCC contracts a*b+c into a fused multiply-add by
//     default whenever the target has one, e.g. vfma.f32 on Cortex-M4F,
//     vfmadd on x86-64 with -march=haswell; constant evaluation never
//     contracts) and FLT_EVAL_METHOD == 0 (no x87 excess precision).  Do not
//     use -ffast-math.
//
// Algorithms (float is evaluated in float with shorter polynomials, double in
// double; long double is computed through double):
//   exp   Cody-Waite reduction x = k*ln2 + r (ln2 split hi/lo), Taylor
//         polynomial for expm1(r), exact scaling by 2^k built with bit_cast.
//   tanh  -e/(e+2) with e = expm1(-2|x|) (accurate near 0), odd symmetry.
//   log   exponent/mantissa split via bit_cast, m in [sqrt(1/2), sqrt(2)),
//         log(1+f) = 2*atanh(f/(2+f)) series.
//   sqrt  Newton from a bit-hack seed, final rounding corrected with exact
//         integer arithmetic: correctly rounded (equals std::sqrt).
//   sin/cos  Cody-Waite reduction by pi/2 (3-part constant for double,
//         4-part for float), Taylor polynomials on [-pi/4, pi/4].  Designed
//         for |x| < 1e4 (Box-Muller); for much larger |x| the accuracy
//         degrades (results stay in [-1, 1]).
// Measured accuracy (tests/runtime/test_math.cpp, float and double):
// exp, log < 1 ulp; sqrt correctly rounded; tanh < 2.5 ulp; sin/cos < 2.5
// ulp and < 1.3e-16 absolute (double) for |x| <= 1e4.
//
// math::fast (algorithm at "math::fast: branch-free exp and tanh" below). Error over all 2^32
// floats against a double reference, and over 4e6 random doubles against long double
// (benchmarks/fast_math_error.cpp; docs/math.md has the table and the command):
//   exp      float <= 1.021 ulp where the result is normal (x in [-87.34, 88.72]); gradual
//            underflow below (within 0.749 of a subnormal step), 0 below -103.97, +inf above
//            88.72 (exactly where std::exp overflows); double <= 1.000 ulp.
//   tanh     float <= 2.905 ulp, double <= 2.709 ulp; odd (tanh(-0) = -0), tanh(x) = x for tiny
//            x, +-1 from |x| = 10 (float) / 22 (double); monotonic from |x| = 1/2 (below, the
//            quotient of two rising values steps back by one ulp at 750,928 floats).
//   sigmoid  1 / (1 + fast::exp(-x)): float <= 2.481 ulp where the result is normal (the same as
//            with std::exp: the rounding of the sum and the quotient dominates); 0 below -88.72.
//   NaN stays NaN everywhere; no function branches, calls or reads memory.

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <ctmlp/scalar.hpp>

#ifdef CTMLP_PORTABLE_MATH
#error \
    "CTMLP_PORTABLE_MATH is gone: the run-time math is a property of the activation type. Use ctmlp::portable::sigmoid / tanh / softmax (= ctmlp::basic_sigmoid<ctmlp::math_policy::portable>, ...) for results bit-equal to compile time, ctmlp::sigmoid / tanh / softmax for <cmath>, and remove the definition."
#endif

namespace ctmlp::math {

/// True if x is NaN (bit test; works in constant evaluation and with -ffast-math): ctmlp::is_nan.
template <std::floating_point T>
[[nodiscard]] constexpr bool isnan(T x) noexcept;
/// True if x is neither infinite nor NaN (bit test, as isnan): ctmlp::is_finite.
template <std::floating_point T>
[[nodiscard]] constexpr bool isfinite(T x) noexcept;
/// |x| (clears the sign bit, so abs(-0.0) == +0.0).
template <std::floating_point T>
[[nodiscard]] constexpr T abs(T x) noexcept;

namespace detail {

using size_type = decltype(sizeof(0));

template <class T>
struct fp_traits;

template <>
struct fp_traits<float> {
    using uint = std::uint32_t;
    static constexpr int mant_bits = 23;
    static constexpr int bias = 127;
    static constexpr int min_exp = -126;  // smallest normal exponent
    static constexpr int max_exp = 127;   // largest finite exponent
    static constexpr uint sign_mask = 0x80000000u;
    static constexpr uint exp_mask = 0x7f800000u;
    static constexpr uint mant_mask = 0x007fffffu;

    static constexpr float ln2_hi = 0x1.62e4p-1f;     // 16 bits of ln2
    static constexpr float ln2_lo = 0x1.7f7d1cp-20f;  // ln2 - ln2_hi
    static constexpr float inv_ln2 = 0x1.715476p+0f;
    static constexpr float exp_max = 0x1.62e42ep+6f;  // largest x, exp(x) finite
    static constexpr float exp_min = -104.0f;         // below: exp(x) == 0
    static constexpr float expm1_min = -18.0f;        // below: expm1(x) == -1
    static constexpr float tanh_tiny = 0x1p-13f;      // below: tanh(x) == x
    static constexpr float tanh_sat = 10.0f;          // above: tanh(x) == 1
    static constexpr float sin_tiny = 0x1p-13f;       // below: sin x == x, cos x == 1
    static constexpr float sqrt1_2 = 0x1.6a09e6p-1f;
    static constexpr float two_over_pi = 0x1.45f306p-1f;
    // pi/2 = pio2_1 + ... + pio2_4; pio2_{1,2,3} have <= 11 bits so that
    // k*pio2_{1,2,3} are exact for |k| < 2^13 (|x| < ~1.2e4).
    static constexpr float pio2_1 = 0x1.92p+0f;
    static constexpr float pio2_2 = 0x1.fb4p-12f;
    static constexpr float pio2_3 = 0x1.444p-24f;
    static constexpr float pio2_4 = 0x1.68c234p-39f;
    static constexpr int sqrt_newton_steps = 3;

    // expm1(r) = r + r^2 * P(r), P = Taylor 1/2! .. 1/7!  (|r| <= ln2/2)
    static constexpr float exp_p[] = {1.0f / 2.0f,   1.0f / 6.0f,   1.0f / 24.0f,
                                      1.0f / 120.0f, 1.0f / 720.0f, 1.0f / 5040.0f};
    // log(1+f) = f - s*(f - R), R = z*Q(z), z = s^2, Q = 2/3, 2/5, ...
    static constexpr float log_q[] = {2.0f / 3.0f, 2.0f / 5.0f, 2.0f / 7.0f, 2.0f / 9.0f};
    // sin(r) = r + r*z*S(z); cos(r) = 1 - z/2 + z^2*C(z)   (|r| <= pi/4)
    static constexpr float sin_s[] = {-1.0f / 6.0f, 1.0f / 120.0f, -1.0f / 5040.0f, 1.0f / 362880.0f};
    static constexpr float cos_c[] = {1.0f / 24.0f, -1.0f / 720.0f, 1.0f / 40320.0f, -1.0f / 3628800.0f};
};

template <>
struct fp_traits<double> {
    using uint = std::uint64_t;
    static constexpr int mant_bits = 52;
    static constexpr int bias = 1023;
    static constexpr int min_exp = -1022;
    static constexpr int max_exp = 1023;
    static constexpr uint sign_mask = 0x8000000000000000u;
    static constexpr uint exp_mask = 0x7ff0000000000000u;
    static constexpr uint mant_mask = 0x000fffffffffffffu;

    static constexpr double ln2_hi = 0x1.62e42feep-1;        // 32 bits of ln2
    static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;  // ln2 - ln2_hi
    static constexpr double inv_ln2 = 0x1.71547652b82fep+0;
    static constexpr double exp_max = 0x1.62e42fefa39efp+9;  // 709.782712893384
    static constexpr double exp_min = -746.0;
    static constexpr double expm1_min = -40.0;
    static constexpr double tanh_tiny = 0x1p-28;
    static constexpr double tanh_sat = 22.0;
    static constexpr double sin_tiny = 0x1p-27;
    static constexpr double sqrt1_2 = 0x1.6a09e667f3bcdp-1;
    static constexpr double two_over_pi = 0x1.45f306dc9c883p-1;
    // 33 + 33 + 53 bits of pi/2: k*pio2_{1,2} exact for |k| < 2^20.
    static constexpr double pio2_1 = 0x1.921fb544p+0;
    static constexpr double pio2_2 = 0x1.0b4611a6p-34;
    static constexpr double pio2_3 = 0x1.3198a2e037073p-69;
    static constexpr double pio2_4 = 0.0;  // unused
    static constexpr int sqrt_newton_steps = 4;

    static constexpr double exp_p[] = {1.0 / 2.0,       1.0 / 6.0,        1.0 / 24.0,        1.0 / 120.0,
                                       1.0 / 720.0,     1.0 / 5040.0,     1.0 / 40320.0,     1.0 / 362880.0,
                                       1.0 / 3628800.0, 1.0 / 39916800.0, 1.0 / 479001600.0, 1.0 / 6227020800.0};
    static constexpr double log_q[] = {2.0 / 3.0,  2.0 / 5.0,  2.0 / 7.0,  2.0 / 9.0,  2.0 / 11.0,
                                       2.0 / 13.0, 2.0 / 15.0, 2.0 / 17.0, 2.0 / 19.0, 2.0 / 21.0};
    static constexpr double sin_s[] = {
        -1.0 / 6.0,        1.0 / 120.0,        -1.0 / 5040.0,          1.0 / 362880.0,
        -1.0 / 39916800.0, 1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    static constexpr double cos_c[] = {1.0 / 24.0,        -1.0 / 720.0,         1.0 / 40320.0,         -1.0 / 3628800.0,
                                       1.0 / 479001600.0, -1.0 / 87178291200.0, 1.0 / 20922789888000.0};
};

template <class T>
using uint_t = typename fp_traits<T>::uint;

template <class T>
constexpr uint_t<T> to_bits(T x) noexcept {
    return std::bit_cast<uint_t<T>>(x);
}
template <class T>
constexpr T from_bits(uint_t<T> u) noexcept {
    return std::bit_cast<T>(u);
}
template <class T>
constexpr T inf() noexcept {
    return std::numeric_limits<T>::infinity();
}
template <class T>
constexpr T nan() noexcept {
    return std::numeric_limits<T>::quiet_NaN();
}
// The classification of NaN and ∞ is ctmlp::is_nan / ctmlp::is_finite (scalar.hpp), which read the
// same exponent field: one description of the layout.
static_assert(fp_traits<float>::exp_mask == ctmlp::detail::ieee_exponent_mask<float> &&
              fp_traits<double>::exp_mask == ctmlp::detail::ieee_exponent_mask<double>);
template <class T>
constexpr bool signbit_bits(T x) noexcept {
    return (to_bits(x) & fp_traits<T>::sign_mask) != 0;
}
template <class T>
constexpr T abs_bits(T x) noexcept {
    return from_bits<T>(to_bits(x) & ~fp_traits<T>::sign_mask);
}

// 2^e as T, for min_exp <= e <= max_exp (exact, built from bits).
template <class T>
constexpr T pow2(int e) noexcept {
    using L = fp_traits<T>;
    using U = uint_t<T>;
    return from_bits<T>(static_cast<U>(static_cast<U>(e + L::bias) << L::mant_bits));
}

// p * 2^k, rounded once; k in [min_exp - 64, max_exp + 1], p in [0.5, 2).
// Returns +inf (without producing it arithmetically) on overflow.
template <class T>
constexpr T scale2(T p, int k) noexcept {
    using L = fp_traits<T>;
    if (k > L::max_exp) {
        const T y = p * pow2<T>(k - 1);
        if (y > std::numeric_limits<T>::max() / T(2)) return inf<T>();
        return y * T(2);
    }
    if (k < L::min_exp) return (p * pow2<T>(k + 64)) * pow2<T>(-64);
    return p * pow2<T>(k);
}

// c[I] + x*(c[I+1] + x*(...)) - Horner, unrolled at compile time.
template <size_type I, class T, size_type N>
constexpr T horner(T x, const T (&c)[N]) noexcept {
    if constexpr (I + 1 == N) {
        return c[I];
    } else {
        return c[I] + x * horner<I + 1>(x, c);
    }
}

// Round to nearest integer (ties away from zero); |v| must fit an int.
template <class T>
constexpr int round_to_int(T v) noexcept {
    return static_cast<int>(v < T(0) ? v - T(0.5) : v + T(0.5));
}

// expm1(r) for |r| <= ~ln2/2.
template <class T>
constexpr T expm1_poly(T r) noexcept {
    return r + (r * r) * horner<0>(r, fp_traits<T>::exp_p);
}

template <class T>
constexpr T exp_impl(T x) noexcept {
    using L = fp_traits<T>;
    if (ctmlp::is_nan(x)) return x;
    if (x > L::exp_max) return inf<T>();
    if (x < L::exp_min) return T(0);
    const int k = round_to_int(x * L::inv_ln2);
    const T kf = static_cast<T>(k);
    const T r = (x - kf * L::ln2_hi) - kf * L::ln2_lo;
    return scale2(T(1) + expm1_poly(r), k);
}

// expm1(y) for y <= 0 (used by tanh).
template <class T>
constexpr T expm1_nonpos(T y) noexcept {
    using L = fp_traits<T>;
    if (y < L::expm1_min) return T(-1);
    const int k = round_to_int(y * L::inv_ln2);
    if (k == 0) return expm1_poly(y);
    const T kf = static_cast<T>(k);
    const T r = (y - kf * L::ln2_hi) - kf * L::ln2_lo;
    const T two_k = pow2<T>(k);
    return two_k * expm1_poly(r) + (two_k - T(1));
}

template <class T>
constexpr T tanh_impl(T x) noexcept {
    using L = fp_traits<T>;
    if (ctmlp::is_nan(x)) return x;
    const T a = abs_bits(x);
    if (a < L::tanh_tiny) return x;  // also +-0 and subnormals
    T t = T(1);
    if (a < L::tanh_sat) {
        const T e = expm1_nonpos(T(-2) * a);
        t = -e / (e + T(2));
    }
    return signbit_bits(x) ? -t : t;
}

// ---- math::fast: branch-free exp and tanh -----------------------------------------------------
// Written for the loop vectoriser (GCC 12 and clang 14, also GCC's -O2 "very cheap" cost model):
// no branch, no call, no table, no float-int conversion; the range checks are selects between
// computed values (`c ? a : b`) and the scaling by 2^k is integer arithmetic on the bits. And
// plain arithmetic plus std::bit_cast, so that constant evaluation runs this very code.
//   * k = round(y / ln 2) by the magic-number trick: y*log2(e) + 1.5*2^23 (2^52 for double) rounds
//     to an integer, which the low bits of the sum then hold (two's complement, so modulo 2^32).
//   * r = y - k*ln2 (Cody-Waite, ln2 in two parts; k*ln2_hi exact), |r| <= ln(2)/2.
//   * expm1(r) = r + r^2 * P(r): float P of degree 4 (a degree-6 polynomial in r) fitted by
//     tools/fit_fast_math.py to the minimax relative error of expm1 (1.7e-8 with the coefficients
//     rounded to float); double P = Taylor 1/2! .. 1/13! (degree 13, truncation < 1e-18).
//   * exp scales by 2^k in two exact factors 2^(k - h) * 2^h, so that k runs from -150 (-1076)
//     to 128 (1024) without any exponent field leaving the normal range: results between
//     FLT_MIN and 2^-149 are subnormals with one rounding (gradual underflow, not flushed).
//   * The argument is clamped so that the reduction stays in range; NaN passes the clamps and
//     propagates through the arithmetic (no select needed). No arithmetic overflows (GCC 12's
//     constant evaluator rejects that): exp's +inf is a factor selected between 1 and +inf.
//     Clang 14's constant evaluator rejects any arithmetic on a NaN, so there fast::exp(NaN) and
//     fast::tanh(NaN) are not constant expressions (nor is anything that could have produced the
//     NaN); GCC evaluates them to NaN.
template <class T>
struct fast_traits;

template <>
struct fast_traits<float> {
    static constexpr float magic = 0x1.8p23f;       // 1.5*2^23: t + magic has ulp 1
    static constexpr float exp_lo = -104.0f;        // exp(-104) < 2^-150: rounds to 0 (clamp bound)
    static constexpr std::uint32_t k_offset = 150;  // -(smallest k), so k + k_offset >= 0
    static constexpr float tanh_sat = 10.0f;        // tanh(10) rounds to 1
    // tools/fit_fast_math.py
    static constexpr float p[] = {0x1.fffffep-2f, 0x1.5554bp-3f, 0x1.555674p-5f, 0x1.1227bp-7f, 0x1.6bebf4p-10f};
};

template <>
struct fast_traits<double> {
    static constexpr double magic = 0x1.8p52;
    static constexpr double exp_lo = -746.0;  // exp(-746) < 2^-1075
    static constexpr std::uint64_t k_offset = 1076;
    static constexpr double tanh_sat = 22.0;
    static constexpr const auto& p = fp_traits<double>::exp_p;  // 1/2! .. 1/13!
};

// c ? a : b as bit operations on a mask. GCC 12 gimplifies `?:` into a branch and a PHI, and its
// partial redundancy elimination then folds everything after a clamp to a constant bound into a
// constant on that branch, leaving the arithmetic in the other one: the loop is no longer
// if-convertible (floating-point operations may trap) and is not vectorised, at -O2 and at -O3
// without AVX-512 masking. A select written with masks stays straight-line code.
template <class T>
constexpr T fast_select(bool c, T a, T b) noexcept {
    using U = uint_t<T>;
    const U mask = static_cast<U>(U(0) - static_cast<U>(c));
    return from_bits<T>(static_cast<U>((to_bits(a) & mask) | (to_bits(b) & static_cast<U>(~mask))));
}

// y = k*ln2 + r with k = round(y*log2(e)): r, and k modulo 2^N (exact for |y*log2(e)| < 2^22).
template <class T>
struct fast_reduction {
    T r;
    uint_t<T> k;
};
template <class T>
constexpr fast_reduction<T> fast_reduce(T y) noexcept {
    using L = fp_traits<T>;
    using F = fast_traits<T>;
    const T t = y * L::inv_ln2 + F::magic;
    const auto k = static_cast<uint_t<T>>(to_bits(t) - to_bits(F::magic));
    // k as T through a 32-bit integer (|k| <= 1076), not as t - magic: -fassociative-math (part of
    // -ffast-math) folds (y*log2e + magic) - magic into y*log2e, which is no integer.
    const T kf = static_cast<T>(static_cast<std::int32_t>(static_cast<std::uint32_t>(k)));
    return {(y - kf * L::ln2_hi) - kf * L::ln2_lo, k};
}

// expm1(r), |r| <= ln(2)/2.
template <class T>
constexpr T fast_expm1_poly(T r) noexcept {
    return r + (r * r) * horner<0>(r, fast_traits<T>::p);
}

// 2^e for an exponent e + bias given as the (unsigned) biased exponent field.
template <class T>
constexpr T pow2_field(uint_t<T> biased) noexcept {
    return from_bits<T>(static_cast<uint_t<T>>(biased << fp_traits<T>::mant_bits));
}

template <class T>
constexpr T fast_exp_impl(T x) noexcept {
    using L = fp_traits<T>;
    using F = fast_traits<T>;
    using U = uint_t<T>;
    // Clamped as `x < lo ? lo : x`, so that NaN stays NaN (`x > lo ? x : lo` would make it lo).
    T xc = fast_select(x < F::exp_lo, F::exp_lo, x);
    xc = fast_select(xc > L::exp_max, L::exp_max, xc);
    const fast_reduction<T> red = fast_reduce(xc);
    const T p = T(1) + fast_expm1_poly(red.r);
    // 2^k = 2^(u - h - off/2) * 2^(h - off/2) with u = k + off >= 0, h = u / 2: both factors normal.
    const U u = static_cast<U>(red.k + F::k_offset);
    const U h = static_cast<U>(u >> 1);
    constexpr U field = static_cast<U>(L::bias) - F::k_offset / 2;
    const T y = (p * pow2_field<T>(static_cast<U>(u - h + field))) * pow2_field<T>(static_cast<U>(h + field));
    // +inf above exp_max: a factor, so that no arithmetic overflows in constant evaluation.
    return y * fast_select(x > L::exp_max, inf<T>(), T(1));
}

template <class T>
constexpr T fast_tanh_impl(T x) noexcept {
    using L = fp_traits<T>;
    using F = fast_traits<T>;
    using U = uint_t<T>;
    const T a = abs_bits(x);
    const T ac = fast_select(a > F::tanh_sat, F::tanh_sat, a);  // NaN stays NaN
    // With e = exp(2a): tanh a = expm1(2a) / (e + 1) below a = 1/2 (no cancellation near 0:
    // expm1(2a) = 2a + ...), 1 - 2 / (e + 1) above, which is monotonic in e and so in a (the
    // quotient of two rising values is not: it made tanh step back by an ulp near 9). One division.
    const fast_reduction<T> red = fast_reduce(ac + ac);  // k in [0, 29] (float), [0, 64] (double)
    const T two_k = pow2_field<T>(static_cast<U>(red.k + static_cast<U>(L::bias)));
    const T q = fast_expm1_poly(red.r);
    const bool small = ac < T(0.5);
    const T num = fast_select(small, two_k * q + (two_k - T(1)), T(2));  // expm1(2a): k is 0 or 1 here
    const T quotient = num / (two_k * (T(1) + q) + T(1));
    const T t = fast_select(small, quotient, T(1) - quotient);
    return from_bits<T>(static_cast<U>(to_bits(t) | (to_bits(x) & L::sign_mask)));
}

template <class T>
constexpr T log_impl(T x) noexcept {
    using L = fp_traits<T>;
    using U = uint_t<T>;
    if (ctmlp::is_nan(x)) return x;
    if (abs_bits(x) < std::numeric_limits<T>::denorm_min()) return -inf<T>();  // +-0
    if (x < T(0)) return nan<T>();
    if (!ctmlp::is_finite(x)) return x;
    int e = 0;
    if ((to_bits(x) & L::exp_mask) == 0) {  // subnormal
        x *= pow2<T>(64);
        e = -64;
    }
    const U b = to_bits(x);
    e += static_cast<int>(b >> L::mant_bits) - L::bias;
    T m = from_bits<T>((b & L::mant_mask) | to_bits(T(1)));  // [1, 2)
    if (m > T(2) * L::sqrt1_2) {
        m *= T(0.5);
        ++e;
    }
    const T f = m - T(1);  // exact
    const T hfsq = T(0.5) * f * f;
    const T s = f / (T(2) + f);
    const T z = s * s;
    const T r = z * horner<0>(z, L::log_q);
    const T ef = static_cast<T>(e);
    return ef * L::ln2_hi - ((hfsq - (s * (hfsq + r) + ef * L::ln2_lo)) - f);
}

struct u128 {
    std::uint64_t hi;
    std::uint64_t lo;
};
constexpr u128 mul_wide(std::uint64_t a, std::uint64_t b) noexcept {
    const std::uint64_t m32 = 0xffffffffu;
    const std::uint64_t a0 = a & m32, a1 = a >> 32, b0 = b & m32, b1 = b >> 32;
    const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const std::uint64_t mid = (p00 >> 32) + (p01 & m32) + (p10 & m32);
    return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & m32)};
}
constexpr bool less(u128 a, u128 b) noexcept { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }

template <class T>
constexpr T sqrt_impl(T x) noexcept {
    using L = fp_traits<T>;
    using U = uint_t<T>;
    if (ctmlp::is_nan(x) || abs_bits(x) < std::numeric_limits<T>::denorm_min()) return x;  // keeps -0
    if (x < T(0)) return nan<T>();
    if (!ctmlp::is_finite(x)) return x;
    int e = 0;
    if ((to_bits(x) & L::exp_mask) == 0) {  // subnormal
        x *= pow2<T>(64);
        e = -64;
    }
    const U b = to_bits(x);
    e += static_cast<int>(b >> L::mant_bits) - L::bias;  // x = 1.f * 2^e
    const int odd = e & 1;
    const int half = (e - odd) / 2;
    // m in [1, 4), x = m * 4^half
    const T m = from_bits<T>((b & L::mant_mask) | (static_cast<U>(L::bias + odd) << L::mant_bits));
    T y = from_bits<T>(static_cast<U>((to_bits(m) + to_bits(T(1))) >> 1));  // ~6% seed
    for (int i = 0; i < L::sqrt_newton_steps; ++i) y = T(0.5) * (y + m / y);
    if (y < T(1)) y = T(1);
    // Correct the last bit: with M = m*2^p, Y = y*2^p (integers, p = mant_bits)
    // round-to-nearest sqrt satisfies Y(Y-1) < M*2^p <= Y(Y+1).
    const T scale = pow2<T>(L::mant_bits);
    const auto mm = static_cast<std::uint64_t>(m * scale);
    auto yy = static_cast<std::uint64_t>(y * scale);
    const u128 target{mm >> (64 - L::mant_bits), mm << L::mant_bits};
    for (int i = 0; i < 4; ++i) {
        if (less(mul_wide(yy, yy + 1), target)) {
            ++yy;
        } else if (!less(mul_wide(yy, yy - 1), target)) {
            --yy;
        } else {
            break;
        }
    }
    return static_cast<T>(yy) * pow2<T>(half - L::mant_bits);
}

// sin (cos_shift == 0) or cos (cos_shift == 1) of x.
template <class T>
constexpr T sincos_impl(T x, int cos_shift) noexcept {
    using L = fp_traits<T>;
    if (ctmlp::is_nan(x)) return x;
    if (!ctmlp::is_finite(x)) return nan<T>();
    const T ax = abs_bits(x);
    if (ax < L::sin_tiny) return cos_shift != 0 ? T(1) : x;
    // r = x - k*pi/2 with k the nearest integer to x*2/pi (Cody-Waite).  For
    // |x| < 1e4 one pass suffices; for huge |x| the pass is repeated until r
    // is in range (the result then has reduced accuracy but stays in [-1, 1]).
    int q = cos_shift;
    T r = x;
    for (int pass = 0; pass < 64; ++pass) {
        const T v = r * L::two_over_pi;
        T kf = v;  // already an integer when |v| >= 2^mant_bits
        if (abs_bits(v) < pow2<T>(L::mant_bits)) {
            kf = static_cast<T>(static_cast<std::int64_t>(v < T(0) ? v - T(0.5) : v + T(0.5)));
        }
        if (abs_bits(kf) < pow2<T>(62)) q += static_cast<int>(static_cast<std::int64_t>(kf) & 3);
        r = ((r - kf * L::pio2_1) - kf * L::pio2_2) - kf * L::pio2_3;
        if constexpr (std::is_same_v<T, float>) r -= kf * L::pio2_4;
        if (abs_bits(r) < T(1)) break;
    }
    const T z = r * r;
    T res;
    if ((q & 1) == 0) {  // sin(r)
        res = r + (r * z) * horner<0>(z, L::sin_s);
    } else {  // cos(r), with the 1 - z/2 rounding error recovered
        const T hz = T(0.5) * z;
        const T w = T(1) - hz;
        res = w + (((T(1) - w) - hz) + (z * z) * horner<0>(z, L::cos_c));
    }
    return (q & 2) != 0 ? -res : res;
}

// long double: computed through double (exact on targets where they match).
template <class T>
using impl_t = std::conditional_t<std::is_same_v<T, float>, float, double>;

}  // namespace detail

// The <cmath>-style spellings of ctmlp::is_nan / ctmlp::is_finite (one definition, in scalar.hpp).
template <std::floating_point T>
constexpr bool isnan(T x) noexcept {
    return ctmlp::is_nan(x);
}

template <std::floating_point T>
constexpr bool isfinite(T x) noexcept {
    return ctmlp::is_finite(x);
}

template <std::floating_point T>
constexpr T abs(T x) noexcept {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        return detail::abs_bits(x);
    } else {
        return x < T(0) ? -x : ((x <= T(0) && x >= T(0)) ? T(0) : x);
    }
}

/// The library's own algorithms, at run time as in constant evaluation (math_policy::portable).
namespace portable {

using ctmlp::math::abs;
using ctmlp::math::isfinite;
using ctmlp::math::isnan;

/// e^x (library algorithm; < 1 ulp).
template <std::floating_point T>
[[nodiscard]] constexpr T exp(T x) noexcept {
    return static_cast<T>(detail::exp_impl(static_cast<detail::impl_t<T>>(x)));
}
/// Hyperbolic tangent (library algorithm; < 3 ulp).
template <std::floating_point T>
[[nodiscard]] constexpr T tanh(T x) noexcept {
    return static_cast<T>(detail::tanh_impl(static_cast<detail::impl_t<T>>(x)));
}
/// Natural logarithm (library algorithm; < 1 ulp; log(0) = -inf, log(x<0) = NaN).
template <std::floating_point T>
[[nodiscard]] constexpr T log(T x) noexcept {
    return static_cast<T>(detail::log_impl(static_cast<detail::impl_t<T>>(x)));
}
/// Square root (library algorithm; correctly rounded, sqrt(-0) = -0).
template <std::floating_point T>
[[nodiscard]] constexpr T sqrt(T x) noexcept {
    return static_cast<T>(detail::sqrt_impl(static_cast<detail::impl_t<T>>(x)));
}
/// ln(1 + x), accurate for small |x| (library algorithm; log1p(-1) = -inf, x < -1 gives NaN).
/// Kahan's form: with u = 1 + x rounded, ln(1 + x) = ln(u) · x / (u − 1), where x / (u − 1)
/// corrects the rounding of u (within a few ulp; tests/runtime/test_losses.cpp measures it).
template <std::floating_point T>
[[nodiscard]] constexpr T log1p(T x) noexcept {
    if (isnan(x) || (x > T(0) && !isfinite(x))) return x;
    const T u = T(1) + x;
    if (u == T(1)) return x;  // |x| below half an ulp of 1: ln(1 + x) = x to working precision
    return log(u) * (x / (u - T(1)));
}
/// Cosine (library algorithm; intended for |x| < 1e4).
template <std::floating_point T>
[[nodiscard]] constexpr T cos(T x) noexcept {
    return static_cast<T>(detail::sincos_impl(static_cast<detail::impl_t<T>>(x), 1));
}
/// Sine (library algorithm; intended for |x| < 1e4).
template <std::floating_point T>
[[nodiscard]] constexpr T sin(T x) noexcept {
    return static_cast<T>(detail::sincos_impl(static_cast<detail::impl_t<T>>(x), 0));
}

}  // namespace portable

/// Branch-free, vectorisable exp and tanh (math_policy::fast): the same code at run time and in
/// constant evaluation, so the two agree bit for bit (with -ffp-contract=off). Accuracy over every
/// float: see the top of this header (benchmarks/fast_math_error.cpp measures it).
namespace fast {

using ctmlp::math::abs;
using ctmlp::math::isfinite;
using ctmlp::math::isnan;

/// e^x, branch-free: gradual underflow to 0 below about -103.97 (-745.1 for double), +inf above
/// ln(max), NaN stays NaN.
template <std::floating_point T>
[[nodiscard]] constexpr T exp(T x) noexcept {
    return static_cast<T>(detail::fast_exp_impl(static_cast<detail::impl_t<T>>(x)));
}
/// Hyperbolic tangent, branch-free: expm1(2|x|) / (expm1(2|x|) + 2) with the sign of x (so
/// tanh(-0) = -0 and tanh(x) = x for tiny x), +-1 beyond |x| = 10 (22 for double).
template <std::floating_point T>
[[nodiscard]] constexpr T tanh(T x) noexcept {
    return static_cast<T>(detail::fast_tanh_impl(static_cast<detail::impl_t<T>>(x)));
}
/// ln(x): the library algorithm (math::portable::log; used by losses only, not vectorised).
template <std::floating_point T>
[[nodiscard]] constexpr T log(T x) noexcept {
    return portable::log(x);
}
/// ln(1 + x): the library algorithm (math::portable::log1p; used by losses only).
template <std::floating_point T>
[[nodiscard]] constexpr T log1p(T x) noexcept {
    return portable::log1p(x);
}

}  // namespace fast

// The library algorithm in constant evaluation, <cmath> at run time.
#define CTMLP_DETAIL_MATH_DISPATCH(name, x)                     \
    if (std::is_constant_evaluated()) return portable::name(x); \
    return std::name(x)

/// e^x: library algorithm in constant evaluation, std::exp at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T exp(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(exp, x);
}
/// tanh(x): library algorithm in constant evaluation, std::tanh at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T tanh(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(tanh, x);
}
/// ln(x): library algorithm in constant evaluation, std::log at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T log(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(log, x);
}
/// ln(1 + x): library algorithm in constant evaluation, std::log1p at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T log1p(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(log1p, x);
}
/// sqrt(x): library algorithm in constant evaluation, std::sqrt at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T sqrt(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(sqrt, x);
}
/// cos(x): library algorithm in constant evaluation, std::cos at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T cos(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(cos, x);
}
/// sin(x): library algorithm in constant evaluation, std::sin at run time (math_policy::libm).
template <std::floating_point T>
[[nodiscard]] constexpr T sin(T x) noexcept {
    CTMLP_DETAIL_MATH_DISPATCH(sin, x);
}

#undef CTMLP_DETAIL_MATH_DISPATCH

}  // namespace ctmlp::math

/// Math policies: what exp, tanh, log and log1p do at run time (in constant evaluation libm and
/// portable run the library's own algorithms, fast its own branch-free code). A policy is a type
/// with those four static member function templates and `spelling`, the namespace its activations
/// are spelled in (ctmlp::type_name, host export); another one is one more such struct, plus its
/// activation aliases next to ctmlp::portable's in activation.hpp.
namespace ctmlp::math_policy {

/// <cmath> at run time (what NumPy computes; the default): ctmlp::sigmoid, tanh, softmax.
struct libm {
    static constexpr const char* spelling = "ctmlp::";
    template <std::floating_point T>
    [[nodiscard]] static constexpr T exp(T x) noexcept {
        return math::exp(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T tanh(T x) noexcept {
        return math::tanh(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T log(T x) noexcept {
        return math::log(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T log1p(T x) noexcept {
        return math::log1p(x);
    }
};

/// The library's own algorithms at run time too, so run time equals compile time bit for bit
/// (with -ffp-contract=off): ctmlp::portable::sigmoid, tanh, softmax.
struct portable {
    static constexpr const char* spelling = "ctmlp::portable::";
    template <std::floating_point T>
    [[nodiscard]] static constexpr T exp(T x) noexcept {
        return math::portable::exp(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T tanh(T x) noexcept {
        return math::portable::tanh(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T log(T x) noexcept {
        return math::portable::log(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T log1p(T x) noexcept {
        return math::portable::log1p(x);
    }
};

/// Branch-free exp and tanh that the compiler can vectorise, the same code at run time as in
/// constant evaluation (bit-equal with -ffp-contract=off): ctmlp::fast::sigmoid, tanh, softmax.
/// A few ulp (see the top of this header); log and log1p are the library's (losses only).
struct fast {
    static constexpr const char* spelling = "ctmlp::fast::";
    template <std::floating_point T>
    [[nodiscard]] static constexpr T exp(T x) noexcept {
        return math::fast::exp(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T tanh(T x) noexcept {
        return math::fast::tanh(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T log(T x) noexcept {
        return math::fast::log(x);
    }
    template <std::floating_point T>
    [[nodiscard]] static constexpr T log1p(T x) noexcept {
        return math::fast::log1p(x);
    }
};

}  // namespace ctmlp::math_policy

namespace ctmlp {
/// A math policy (see ctmlp::math_policy): exp, tanh, log, log1p for float and double.
template <class P>
concept MathPolicy = requires(float f, double d) {
    { P::spelling } -> std::convertible_to<const char*>;
    { P::exp(f) } -> std::same_as<float>;
    { P::tanh(f) } -> std::same_as<float>;
    { P::log(f) } -> std::same_as<float>;
    { P::log1p(f) } -> std::same_as<float>;
    { P::exp(d) } -> std::same_as<double>;
    { P::tanh(d) } -> std::same_as<double>;
    { P::log(d) } -> std::same_as<double>;
    { P::log1p(d) } -> std::same_as<double>;
};
static_assert(MathPolicy<math_policy::libm> && MathPolicy<math_policy::portable> && MathPolicy<math_policy::fast>);
}  // namespace ctmlp

#endif  // CTMLP_MATH_HPP
