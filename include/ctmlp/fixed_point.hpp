// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_FIXED_POINT_HPP
#define CTMLP_FIXED_POINT_HPP

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <ctmlp/math.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/scalar.hpp>

/// Fixed-point numbers for microcontrollers without an FPU, usable as a network's scalar:
/// `ctmlp::network<ctmlp::q7_8, ...>`.
///
/// `fixed<IntBits, FracBits>` is a two's-complement number with one sign bit, IntBits integer
/// bits and FracBits fraction bits, stored in the smallest of int8_t / int16_t / int32_t that holds
/// 1 + IntBits + FracBits bits: value = raw / 2^FracBits, range [−2^IntBits, 2^IntBits − 2^−FracBits].
///
///  - Every operation saturates: a result outside the range becomes the nearest end, never wraps.
///  - `*` rounds to nearest (ties towards +∞) with one wider multiply (int32 for int8/int16
///    storage, int64 for int32); `/` truncates towards zero; x / 0 saturates by the sign of x
///    (0 / 0 = 0). + − * / and comparisons use integers only.
///  - Construction from `double` (`fixed(0.5)`) rounds to nearest (ties away from zero) and
///    saturates; NaN becomes 0. It decodes the IEEE-754 bits with integer operations, so even a
///    conversion left to run time pulls in no floating-point code (no soft-float on a Cortex-M0).
///  - `to_double()` / `explicit operator double` are for tests and printing (they do use floating
///    point).
///  - Everything is `constexpr`; the type is trivially copyable, `sizeof` = its storage.
///
/// Activations: ctmlp::sigmoid and ctmlp::tanh call `scalar_sigmoid(x)` / `scalar_tanh(x)` (found by
/// argument-dependent lookup) for any scalar that is not a floating-point type; for `fixed` these
/// are piecewise-linear interpolations of a 33-entry table of sigmoid at x = 0, 1/4, ..., 8 (in
/// the number's own format, computed by the compiler), using sigmoid(−x) = 1 − sigmoid(x),
/// sigmoid(x) = sigmoid(8) for x ≥ 8, and tanh(x) = 2 sigmoid(2x) − 1. No floating point, no
/// division: one table read pair, one multiply, shifts. Worst-case absolute errors over the whole
/// input range (tested exhaustively for Q7.8 and at every 2^−12 step for Q15.16 in
/// tests/runtime/test_fixed_point.cpp; `max_sigmoid_error` / `max_tanh_error` below are the
/// documented bounds the tests check):
///
///     format   sigmoid   tanh
///     Q7.8     0.0045    0.0085
///     Q15.16   0.0008    0.0016
///
/// identity, relu and leaky_relu work unchanged (leaky_relu's slope is a compile-time `fixed`).
/// Training: the derivatives are defined, but see docs/firmware.md for why fixed-point training is
/// not supported (updates underflow the resolution).
namespace ctmlp {

namespace detail {
template <int Bits>
using fixed_storage_t =
    std::conditional_t<Bits <= 8, std::int8_t, std::conditional_t<Bits <= 16, std::int16_t, std::int32_t>>;
template <class Storage>
using fixed_wide_t = std::conditional_t<(sizeof(Storage) < 4), std::int32_t, std::int64_t>;
}  // namespace detail

/// A saturating fixed-point number with `IntBits` integer and `FracBits` fraction bits (plus sign).
template <int IntBits, int FracBits>
struct fixed {
    static_assert(IntBits >= 1 && FracBits >= 2 && 1 + IntBits + FracBits <= 32,
                  "ctmlp::fixed<IntBits, FracBits>: need IntBits >= 1, FracBits >= 2 and "
                  "1 + IntBits + FracBits <= 32");

    static constexpr int int_bits = IntBits;
    static constexpr int frac_bits = FracBits;
    /// The stored integer type (int8_t, int16_t or int32_t).
    using storage = detail::fixed_storage_t<1 + IntBits + FracBits>;
    /// The type intermediate results are computed in (int32_t or int64_t).
    using wide = detail::fixed_wide_t<storage>;

    static constexpr wide raw_max = (wide{1} << (IntBits + FracBits)) - 1;
    static constexpr wide raw_min = -raw_max - 1;
    static constexpr wide raw_one = wide{1} << FracBits;

    /// The raw two's-complement value: the number is raw / 2^FracBits. Like a float, a
    /// default-initialised `fixed f;` is uninitialised and `fixed{}` is zero (so that scratch
    /// arrays cost no zeroing code).
    storage raw;

    fixed() noexcept = default;
    /// `x` rounded to nearest (ties away from zero) and saturated; NaN becomes 0.
    constexpr explicit fixed(double x) noexcept : raw(static_cast<storage>(raw_from_double(x))) {}

    /// The number whose raw value is `r`, saturated to the range.
    static constexpr fixed from_raw(wide r) noexcept {
        fixed f;
        f.raw = static_cast<storage>(r > raw_max ? raw_max : (r < raw_min ? raw_min : r));
        return f;
    }
    static constexpr fixed max() noexcept { return from_raw(raw_max); }
    static constexpr fixed lowest() noexcept { return from_raw(raw_min); }
    /// The resolution, 2^−FracBits.
    static constexpr fixed epsilon() noexcept { return from_raw(1); }

    /// The value as a double (exact).
    constexpr double to_double() const noexcept {
        return static_cast<double>(raw) / static_cast<double>(raw_one);
    }
    constexpr explicit operator double() const noexcept { return to_double(); }

    friend constexpr fixed operator+(fixed a, fixed b) noexcept {
        return from_raw(static_cast<wide>(a.raw) + static_cast<wide>(b.raw));
    }
    friend constexpr fixed operator-(fixed a, fixed b) noexcept {
        return from_raw(static_cast<wide>(a.raw) - static_cast<wide>(b.raw));
    }
    friend constexpr fixed operator-(fixed a) noexcept { return from_raw(-static_cast<wide>(a.raw)); }
    friend constexpr fixed operator*(fixed a, fixed b) noexcept {
        const wide p = static_cast<wide>(a.raw) * static_cast<wide>(b.raw);
        return from_raw((p + (wide{1} << (FracBits - 1))) >> FracBits);  // round to nearest
    }
    friend constexpr fixed operator/(fixed a, fixed b) noexcept {
        if (b.raw == 0) return a.raw > 0 ? max() : (a.raw < 0 ? lowest() : fixed{});
        // |a| * 2^F < 2^(I+2F) <= 2^63 for int32 storage: the shift cannot overflow `wide`.
        return from_raw((static_cast<wide>(a.raw) * raw_one) / static_cast<wide>(b.raw));
    }
    constexpr fixed& operator+=(fixed b) noexcept { return *this = *this + b; }
    constexpr fixed& operator-=(fixed b) noexcept { return *this = *this - b; }
    constexpr fixed& operator*=(fixed b) noexcept { return *this = *this * b; }
    constexpr fixed& operator/=(fixed b) noexcept { return *this = *this / b; }

    friend constexpr bool operator==(fixed, fixed) noexcept = default;
    friend constexpr std::strong_ordering operator<=>(fixed a, fixed b) noexcept { return a.raw <=> b.raw; }

private:
    // IEEE-754 double -> raw, integer operations only.
    static constexpr wide raw_from_double(double x) noexcept {
        const auto bits = std::bit_cast<std::uint64_t>(x);
        const bool negative = (bits >> 63) != 0;
        const int exponent = static_cast<int>((bits >> 52) & 0x7ffu);
        std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
        if (exponent == 0x7ff) {
            if (mantissa != 0) return 0;  // NaN
            return negative ? raw_min : raw_max;
        }
        if (exponent == 0) return 0;  // zero or subnormal: far below 2^-31
        mantissa |= std::uint64_t{1} << 52;
        // x = mantissa * 2^(exponent - 1075); raw = x * 2^FracBits.
        const int shift = exponent - 1075 + FracBits;
        const auto limit = static_cast<std::uint64_t>(raw_max) + 1;  // |raw_min|
        std::uint64_t magnitude = 0;
        if (shift >= 0) {
            if (shift > 10) return negative ? raw_min : raw_max;  // >= 2^52 * 2^11 > any range
            magnitude = mantissa << shift;
        } else if (shift > -54) {
            magnitude = (mantissa + (std::uint64_t{1} << (-shift - 1))) >> (-shift);
        }  // else: |x| < 2^-(FracBits+1), rounds to 0
        if (negative) return magnitude >= limit ? raw_min : -static_cast<wide>(magnitude);
        return magnitude >= limit ? raw_max : static_cast<wide>(magnitude);
    }
};

/// Q7.8 in 16 bits: range [−128, 128), resolution 1/256.
using q7_8 = fixed<7, 8>;
/// Q15.16 in 32 bits: range [−32768, 32768), resolution 1/65536.
using q15_16 = fixed<15, 16>;

namespace detail {
template <class T>
inline constexpr bool is_fixed = false;
template <int I, int F>
inline constexpr bool is_fixed<fixed<I, F>> = true;

// sigmoid(k / 4) for k = 0..32, rounded to the format (computed by the compiler with
// ctmlp::math::portable::exp in double).
template <int I, int F>
struct fixed_sigmoid_table {
    static constexpr int step_log2 = 2;  // knots every 1/4
    static constexpr std::size_t knots = 33;
    static constexpr std::array<typename fixed<I, F>::storage, knots> values = [] {
        std::array<typename fixed<I, F>::storage, knots> t{};
        for (std::size_t k = 0; k < knots; ++k) {
            const double x = static_cast<double>(k) / 4.0;
            t[k] = fixed<I, F>(1.0 / (1.0 + math::portable::exp(-x))).raw;
        }
        return t;
    }();
};

// sigmoid of a raw value in format fixed<I, F>, as a raw value (not saturated; in [0, one]).
template <int I, int F>
constexpr typename fixed<I, F>::wide fixed_sigmoid_raw(typename fixed<I, F>::wide x) noexcept {
    using W = typename fixed<I, F>::wide;
    using table = fixed_sigmoid_table<I, F>;
    constexpr int shift = F - table::step_log2;
    const W a = x < 0 ? -x : x;
    const W index = a >> shift;
    W y;
    if (index >= static_cast<W>(table::knots - 1)) {
        y = table::values[table::knots - 1];
    } else {
        const auto k = static_cast<std::size_t>(index);
        const W lo = table::values[k];
        const W hi = table::values[k + 1];
        const W frac = a & ((W{1} << shift) - 1);
        y = lo + (((hi - lo) * frac + (W{1} << (shift - 1))) >> shift);
    }
    return x < 0 ? fixed<I, F>::raw_one - y : y;
}
}  // namespace detail

/// sigmoid(x) = 1 / (1 + e^−x) for fixed point: table interpolation, integer operations only.
template <int I, int F>
constexpr fixed<I, F> scalar_sigmoid(fixed<I, F> x) noexcept {
    return fixed<I, F>::from_raw(detail::fixed_sigmoid_raw<I, F>(x.raw));
}

/// tanh(x) = 2 sigmoid(2x) − 1 for fixed point: integer operations only.
template <int I, int F>
constexpr fixed<I, F> scalar_tanh(fixed<I, F> x) noexcept {
    using W = typename fixed<I, F>::wide;
    W x2 = static_cast<W>(x.raw) * 2;  // |x| >= 4: tanh = ±(1 − 7e−4), the clamp below is harmless
    const W limit = W{8} << F;
    x2 = x2 > limit ? limit : (x2 < -limit ? -limit : x2);
    return fixed<I, F>::from_raw(2 * detail::fixed_sigmoid_raw<I, F>(x2) - fixed<I, F>::raw_one);
}

/// Documented worst-case absolute errors of scalar_sigmoid / scalar_tanh against the exact
/// functions, over every input of the format (checked by tests/runtime/test_fixed_point.cpp).
/// Sources: interpolation (h²/8 · max|σ''| ≈ 7.5e−4 with h = 1/4), rounding of the table and of
/// the interpolation (≤ 1 ulp of the format), the cut-off at 8 (σ(8) = 1 − 3.4e−4); tanh doubles
/// sigmoid's error.
template <class Fixed>
inline constexpr double max_sigmoid_error = 0.0008 + 1.2 / static_cast<double>(Fixed::raw_one);
template <class Fixed>
inline constexpr double max_tanh_error = 2.0 * max_sigmoid_error<Fixed>;

/// A network of type `To` with the parameters of `from` converted one by one (`To::scalar(double(p))`,
/// which for `fixed` rounds to nearest and saturates). The two networks must have the same layer
/// sizes and biases; the activations may differ.
template <Network To, Network From>
constexpr To quantize(const From& from) noexcept {
    static_assert(To::depth == From::depth && To::sizes == From::sizes,
                  "ctmlp::quantize<To>(from): the networks must have the same layer sizes");
    using S = typename To::scalar;
    To to{};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            auto& t = to.template layer<K + 1>();
            const auto& f = from.template layer<K + 1>();
            static_assert(std::remove_cvref_t<decltype(t)>::has_bias == std::remove_cvref_t<decltype(f)>::has_bias,
                          "ctmlp::quantize<To>(from): a layer has a bias in one network and none in the other");
            for (std::size_t n = 0; n < t.weights.size(); ++n) t.weights[n] = S(static_cast<double>(f.weights[n]));
            if constexpr (std::remove_cvref_t<decltype(t)>::has_bias)
                for (std::size_t n = 0; n < t.bias.size(); ++n) t.bias[n] = S(static_cast<double>(f.bias[n]));
        }(), ...);
    }(std::make_index_sequence<To::depth>{});
    return to;
}

}  // namespace ctmlp

#endif
