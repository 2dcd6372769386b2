// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_SCALAR_HPP
#define CTMLP_SCALAR_HPP

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace ctmlp {

/// What the library asks of a number type: the four operations, ordering, construction from a
/// `double` constant (learning rates, initial weights) and a trivially copyable representation
/// (weights are memcpy'd to flash). `float` and `double` model it; so does a fixed-point type.
/// Integer types do not: `S(0.5)` would be 0, so a learning rate, an initial weight or a sigmoid
/// output would silently vanish.
template <class T>
concept Scalar = !std::is_integral_v<T> && std::regular<T> && std::totally_ordered<T> &&
                 std::is_trivially_copyable_v<T> && std::constructible_from<T, double> && requires(T a, T b) {
    { a + b } -> std::convertible_to<T>;
    { a - b } -> std::convertible_to<T>;
    { a* b } -> std::convertible_to<T>;
    { a / b } -> std::convertible_to<T>;
    { -a } -> std::convertible_to<T>;
};

/// `x` converted to the scalar type `S` (constants in the algorithms are written as `double`).
template <class S>
constexpr S from_double(double x) noexcept {
    return static_cast<S>(x);
}

namespace detail {
// The bit layouts is_finite and is_nan read. They are recognised by the format's parameters
// (radix, digits, exponent range, size), not by numeric_limits::is_iec559, which is a statement
// about arithmetic that options such as -ffinite-math-only are free to falsify.
template <class S>
inline constexpr bool binary32 = std::numeric_limits<S>::radix == 2 && std::numeric_limits<S>::digits == 24 &&
                                 std::numeric_limits<S>::max_exponent == 128 && sizeof(S) == 4;
template <class S>
inline constexpr bool binary64 = std::numeric_limits<S>::radix == 2 && std::numeric_limits<S>::digits == 53 &&
                                 std::numeric_limits<S>::max_exponent == 1024 && sizeof(S) == 8;
// The x87 80-bit extended format (x86 `long double`): a 64-bit significand with an explicit integer
// bit, then 15 exponent bits and the sign, then padding up to sizeof (little-endian).
template <class S>
inline constexpr bool x87_extended = std::numeric_limits<S>::radix == 2 && std::numeric_limits<S>::digits == 64 &&
                                     std::numeric_limits<S>::max_exponent == 16384 &&
                                     sizeof(S) > 10 && std::endian::native == std::endian::little;

// The unsigned integer of the same size as a binary32/binary64 type (float, double, and
// `long double` where it is double, as on ARM), or void.
template <class S>
using ieee_bits_t =
    std::conditional_t<binary32<S>, std::uint32_t, std::conditional_t<binary64<S>, std::uint64_t, void>>;

// The exponent field's mask of such a type: all bits between the sign and the fraction.
template <class S>
inline constexpr ieee_bits_t<S> ieee_exponent_mask = static_cast<ieee_bits_t<S>>(
    (~ieee_bits_t<S>{0} >> 1) & ~((ieee_bits_t<S>{1} << (std::numeric_limits<S>::digits - 1)) - 1));

// An x87 extended value's bytes. The padding bytes receive indeterminate bits, which bit_cast
// allows for unsigned char (also in constant evaluation) as long as they are never read.
template <class S>
struct x87_bits {
    std::uint64_t significand;
    std::uint16_t sign_exponent;
    unsigned char padding[sizeof(S) - 10];
};
}  // namespace detail

/// True unless `x` is a NaN or an infinity: ctmlp's one finiteness test (math::isfinite and the
/// training loop's checks are this function). For float and double, any other binary32/binary64
/// type (`long double` on ARM) and the x87 80-bit `long double` it reads the bits: an exponent
/// field of all ones means not finite. That works in constant evaluation (clang 14's
/// `std::isfinite` does not) and under `-ffast-math`, where the compiler assumes NaN and ∞ never
/// occur and folds arithmetic tests such as `(x - x) == (x - x)` or `x == x` to `true`. Other
/// floating-point formats (binary128, double-double) are compared against ±max, which
/// `-ffast-math` may fold. Always true for a scalar that is not a floating-point type
/// (ctmlp::fixed saturates and has no NaN).
///
/// Written out in one function on purpose: the training loop calls it for every parameter and
/// datum, and in constant evaluation each nested call costs steps of the compiler's budget.
template <class S>
[[nodiscard]] constexpr bool is_finite(S x) noexcept {
    if constexpr (!std::is_floating_point_v<S>) {
        return true;
    } else if constexpr (!std::is_void_v<detail::ieee_bits_t<S>>) {
        return (std::bit_cast<detail::ieee_bits_t<S>>(x) & detail::ieee_exponent_mask<S>) !=
               detail::ieee_exponent_mask<S>;
    } else if constexpr (detail::x87_extended<S>) {
        return (std::bit_cast<detail::x87_bits<S>>(x).sign_exponent & 0x7FFFU) != 0x7FFFU;
    } else {
        return x >= -std::numeric_limits<S>::max() && x <= std::numeric_limits<S>::max();
    }
}

/// True if `x` is a NaN (exponent field all ones and a non-zero fraction), by the same bit test
/// as is_finite (constexpr, correct under `-ffast-math`; for x87, any significand other than the
/// infinity's 1.000...). math::isnan is this function. Always false for a scalar that is not a
/// floating-point type.
template <class S>
[[nodiscard]] constexpr bool is_nan(S x) noexcept {
    if constexpr (!std::is_floating_point_v<S>) {
        return false;
    } else if constexpr (!std::is_void_v<detail::ieee_bits_t<S>>) {
        using bits = detail::ieee_bits_t<S>;
        constexpr bits magnitude = static_cast<bits>(~bits{0} >> 1);
        return (std::bit_cast<bits>(x) & magnitude) > detail::ieee_exponent_mask<S>;
    } else if constexpr (detail::x87_extended<S>) {
        const auto b = std::bit_cast<detail::x87_bits<S>>(x);
        return (b.sign_exponent & 0x7FFFU) == 0x7FFFU && b.significand != 0x8000000000000000U;
    } else {
        return x != x;
    }
}

}  // namespace ctmlp

#endif
