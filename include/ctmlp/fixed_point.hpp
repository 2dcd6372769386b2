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

#include <ctmlp/accumulator.hpp>
#include <ctmlp/math.hpp>
#include <ctmlp/scalar.hpp>

/// Fixed-point numbers for microcontrollers without an FPU, usable as a network's scalar:
/// `ctmlp::network<ctmlp::q7_8, ...>`.
///
/// `fixed<IntBits, FracBits>` is a two's-complement number with one sign bit, IntBits integer
/// bits and FracBits fraction bits, stored in the smallest of int8_t / int16_t / int32_t that holds
/// 1 + IntBits + FracBits bits: value = raw / 2^FracBits, range [−2^IntBits, 2^IntBits − 2^−FracBits].
///
///  - Every operation saturates: a result outside the range becomes the nearest end, never wraps.
///    A network does not sum a neuron with these operations, though: term by term, saturation and
///    rounding would make the sum depend on the order of its terms ({100, 100, −100, −100}·1 was
///    −72 in Q7.8, {100, −100, 100, −100}·1 was 0). `accumulator_traits<fixed>` (below) sums the
///    exact raw products and the bias in an int64 (for int32 storage also counting the times it
///    wraps), and rounds (to nearest, ties towards +∞) and saturates once per neuron: the result
///    is the exact sum rounded once, for any order and any values.
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
/// division: one table read pair, one multiply, shifts. They are defined for every format the
/// type accepts (FracBits ≥ 2; with FracBits = 2 every input is a knot and no interpolation is
/// needed — that case used to shift by −1). Worst-case absolute errors over the whole input range
/// (tested at every value for Q7.8, fixed<7, 2>, fixed<3, 2>, fixed<1, 2>, fixed<7, 3> and
/// fixed<3, 4>, and for every Q15.16 value in [−20, 20], in tests/runtime/test_fixed_point.cpp;
/// `max_sigmoid_error` / `max_tanh_error` below are the documented bounds the tests check):
///
///     format                 bound: sigmoid   tanh      measured: sigmoid   tanh
///     Q7.8                          0.0045    0.0085              0.0039    0.0077
///     Q15.16                        0.0008    0.0016              0.00075   0.0015
///     fixed<I, 2> (I = 1, 3, 7)     0.30      0.60                0.122     0.245
///     fixed<7, 3>                   0.15      0.30                0.077     0.124
///     fixed<3, 4>                   0.076     0.15                0.044     0.088
///
/// (With 2 fraction bits the resolution itself is 1/4: rounding sigmoid's table costs up to 1/8.)
///
/// identity, relu and leaky_relu work unchanged (leaky_relu's slope is a compile-time `fixed`).
/// Training: the derivatives are defined, but see docs/firmware.md for why fixed-point training is
/// not supported (updates underflow the resolution; the backward pass also still sums term by
/// term with saturating operations).
/// Quantising a float network into a fixed one: ctmlp::quantize in <ctmlp/quantize.hpp>.
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
    /// `to_round` rounded to nearest (ties away from zero) and saturated; NaN becomes 0.
    // Constructor parameters and lambda variables in ctmlp's templates have names a user's global
    // is unlikely to have: g++ -Wshadow reports them at instantiation when the user's file has a
    // global of that name (this one was `x`, as in the README's example: issue 11).
    constexpr explicit fixed(double to_round) noexcept : raw(static_cast<storage>(convert(to_round).raw)) {}

    /// True when `value` is finite and rounds to a number of the range (|value| up to half a
    /// resolution step beyond the ends still rounds into it): what ctmlp::quantize checks.
    static constexpr bool representable(double value) noexcept {
        const conversion c = convert(value);
        return c.finite && c.in_range;
    }

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
    constexpr double to_double() const noexcept { return static_cast<double>(raw) / static_cast<double>(raw_one); }
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
    struct conversion {
        wide raw;       // rounded and saturated
        bool finite;    // not NaN or ±∞
        bool in_range;  // the rounded value needed no saturation
    };
    // IEEE-754 double -> raw, integer operations only.
    static constexpr conversion convert(double value) noexcept {
        const auto bits = std::bit_cast<std::uint64_t>(value);
        const bool negative = (bits >> 63) != 0;
        const int exponent = static_cast<int>((bits >> 52) & 0x7ffu);
        std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
        const conversion saturated{negative ? raw_min : raw_max, true, false};
        if (exponent == 0x7ff) {
            if (mantissa != 0) return {0, false, false};  // NaN
            return {negative ? raw_min : raw_max, false, false};
        }
        if (exponent == 0) return {0, true, true};  // zero or subnormal: far below 2^-31
        mantissa |= std::uint64_t{1} << 52;
        // value = mantissa * 2^(exponent - 1075); raw = value * 2^FracBits.
        const int shift = exponent - 1075 + FracBits;
        const auto limit = static_cast<std::uint64_t>(raw_max) + 1;  // |raw_min|
        std::uint64_t magnitude = 0;
        if (shift >= 0) {
            if (shift > 10) return saturated;  // >= 2^52 * 2^11 > any range
            magnitude = mantissa << shift;
        } else if (shift > -54) {
            magnitude = (mantissa + (std::uint64_t{1} << (-shift - 1))) >> (-shift);
        }  // else: |value| < 2^-(FracBits+1), rounds to 0
        if (negative) return magnitude > limit ? saturated : conversion{-static_cast<wide>(magnitude), true, true};
        return magnitude >= limit ? saturated : conversion{static_cast<wide>(magnitude), true, true};
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

// A neuron's sum in a fixed-point network with 32-bit storage (see accumulator_traits<fixed>):
// `sum` is the exact sum modulo 2^64, `wraps` counts how often it wrapped (+1 past the top, −1
// past the bottom), so the exact sum is sum + wraps · 2^64.
struct fixed_sum_counting_wraps {
    std::int64_t sum;
    int wraps;
};
}  // namespace detail

/// The wide accumulator of a fixed-point network (the customization point of accumulator.hpp):
/// the raw products x.raw · w.raw (scale 2^2F) and the bias at the same scale are summed exactly
/// in int64, then rounded to nearest (ties towards +∞, like `*`) and saturated once per neuron.
///
///  - int8/int16 storage: a product is at most 2^30 in magnitude, so an int64 holds the sum of
///    2^33 of them: it cannot overflow. Not int32, which two Q7.8 products overflow (2 · 2^30):
///    an int32 that counts its wraps measured larger than int64 adds on both cores
///    (fixed_xor_infer_min, text over `empty`, GCC 12.2 -Os: int32 + wrap count +608 B on a
///    Cortex-M0 and +612 B on an M4, this int64 sum +584 B and +568 B). CMSIS-NN's s16 kernels
///    and TFLite Micro's 16x8 mode accumulate int16 activations in int64 too.
///  - int32 storage: a product reaches 2^62, so two can overflow int64 (and no wider integer
///    exists on 32-bit ARM): the additions wrap (well defined) and count their wraps, so the sum
///    is still exact, for any number of terms in any order, and a sum beyond int64's range still
///    saturates to the right end. One overflow test per product.
template <int I, int F>
struct accumulator_traits<fixed<I, F>> {
    using value_type = fixed<I, F>;
    static constexpr bool counts_wraps = sizeof(typename value_type::storage) == 4;
    using type = std::conditional_t<counts_wraps, detail::fixed_sum_counting_wraps, std::int64_t>;

    static constexpr type start() noexcept { return type{}; }
    static constexpr type start(value_type bias) noexcept {
        const std::int64_t scaled = static_cast<std::int64_t>(bias.raw) * value_type::raw_one;  // ≤ 2^(I+2F)
        if constexpr (counts_wraps)
            return type{scaled, 0};
        else
            return scaled;
    }
    static constexpr void add(type& acc, value_type input, value_type weight) noexcept {
        // In `wide`, exact (int32 for 8/16-bit storage, so no 64-bit multiply on a Cortex-M0).
        using wide = typename value_type::wide;
        const std::int64_t product = static_cast<wide>(input.raw) * static_cast<wide>(weight.raw);
        if constexpr (counts_wraps) {
            std::int64_t result;
            if (__builtin_add_overflow(acc.sum, product, &result)) [[unlikely]]
                acc.wraps += product < 0 ? -1 : 1;
            acc.sum = result;  // on overflow, the sum modulo 2^64
        } else {
            acc += product;
        }
    }
    static constexpr value_type finish(type acc) noexcept {
        std::int64_t sum;
        if constexpr (counts_wraps) {
            if (acc.wraps != 0) return acc.wraps > 0 ? value_type::max() : value_type::lowest();
            sum = acc.sum;
        } else {
            sum = acc;
        }
        // round(sum / 2^F), ties towards +∞, without the overflow of sum + 2^(F−1).
        const std::int64_t rounded = (sum >> F) + ((sum >> (F - 1)) & 1);
        if (rounded > value_type::raw_max) return value_type::max();
        if (rounded < value_type::raw_min) return value_type::lowest();
        return value_type::from_raw(static_cast<typename value_type::wide>(rounded));
    }
};

namespace detail {
// sigmoid(k / 4) for k = 0..32, rounded to the format (computed by the compiler with
// ctmlp::math::portable::exp in double).
template <int I, int F>
struct fixed_sigmoid_table {
    static constexpr int step_log2 = 2;  // knots every 1/4
    static constexpr std::size_t knots = 33;
    // The lambda's names are unlikely globals on purpose (g++ -Wshadow, see fixed's constructor).
    static constexpr std::array<typename fixed<I, F>::storage, knots> values = [] {
        std::array<typename fixed<I, F>::storage, knots> sigmoid_at_knot{};
        for (std::size_t knot = 0; knot < knots; ++knot) {
            const double knot_x = static_cast<double>(knot) / 4.0;
            sigmoid_at_knot[knot] = fixed<I, F>(1.0 / (1.0 + math::portable::exp(-knot_x))).raw;
        }
        return sigmoid_at_knot;
    }();
};

// sigmoid of a raw value in format fixed<I, F>, as a raw value (not saturated; in [0, one]).
// With F = 2 the knots are 1/4 apart, as are the numbers: every input is a knot, there is nothing
// to interpolate, and the rounding term 2^(shift − 1) would be a shift by −1 (undefined
// behaviour; sigmoid(0.25) in fixed<7, 2> came out as −32 with g++ -O2). F ≥ 2 is the type's own
// constraint, so this covers every format.
template <int I, int F>
constexpr typename fixed<I, F>::wide fixed_sigmoid_raw(typename fixed<I, F>::wide raw_x) noexcept {
    using W = typename fixed<I, F>::wide;
    using table = fixed_sigmoid_table<I, F>;
    constexpr int shift = F - table::step_log2;
    static_assert(shift >= 0, "ctmlp::fixed<I, F>: the activations need F >= 2");
    const W a = raw_x < 0 ? -raw_x : raw_x;
    const W index = a >> shift;
    W y;
    if (index >= static_cast<W>(table::knots - 1)) {
        y = table::values[table::knots - 1];
    } else if constexpr (shift == 0) {
        y = table::values[static_cast<std::size_t>(index)];
    } else {
        const auto k = static_cast<std::size_t>(index);
        const W lo = table::values[k];
        const W hi = table::values[k + 1];
        const W frac = a & ((W{1} << shift) - 1);
        y = lo + (((hi - lo) * frac + (W{1} << (shift - 1))) >> shift);
    }
    return raw_x < 0 ? fixed<I, F>::raw_one - y : y;
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

}  // namespace ctmlp

#endif
