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
                 std::is_trivially_copyable_v<T> && std::constructible_from<T, double> &&
                 requires(T a, T b) {
                     { a + b } -> std::convertible_to<T>;
                     { a - b } -> std::convertible_to<T>;
                     { a * b } -> std::convertible_to<T>;
                     { a / b } -> std::convertible_to<T>;
                     { -a } -> std::convertible_to<T>;
                 };

/// `x` converted to the scalar type `S` (constants in the algorithms are written as `double`).
template <class S>
constexpr S from_double(double x) noexcept {
    return static_cast<S>(x);
}

namespace detail {
// The unsigned integer of the same size as an IEEE-754 binary32/binary64 type, or void.
template <class S>
using ieee_bits_t = std::conditional_t<
    std::numeric_limits<S>::is_iec559 && sizeof(S) == 4 && std::numeric_limits<S>::digits == 24, std::uint32_t,
    std::conditional_t<std::numeric_limits<S>::is_iec559 && sizeof(S) == 8 && std::numeric_limits<S>::digits == 53,
                       std::uint64_t, void>>;

// The exponent field's mask of such a type: all bits between the sign and the fraction.
template <class S>
inline constexpr ieee_bits_t<S> ieee_exponent_mask = static_cast<ieee_bits_t<S>>(
    (~ieee_bits_t<S>{0} >> 1) & ~((ieee_bits_t<S>{1} << (std::numeric_limits<S>::digits - 1)) - 1));
}  // namespace detail

/// True unless `x` is a NaN or an infinity. For float and double (and any 32- or 64-bit IEEE type,
/// e.g. `long double` on ARM) it reads the bits: an exponent field of all ones means not finite.
/// That works in constant evaluation (clang 14's `std::isfinite` does not) and under
/// `-ffast-math`, where the compiler assumes NaN and ∞ never occur and folds arithmetic tests
/// such as `(x - x) == (x - x)` or `x == x` to `true`. Other floating-point types (x87
/// `long double`) are compared against ±max, which `-ffast-math` may fold. Always true for a scalar
/// that is not a floating-point type (ctmlp::fixed saturates and has no NaN).
template <class S>
constexpr bool is_finite(S x) noexcept {
    if constexpr (!std::is_floating_point_v<S>) {
        return true;
    } else if constexpr (!std::is_void_v<detail::ieee_bits_t<S>>) {
        using bits = detail::ieee_bits_t<S>;
        return (std::bit_cast<bits>(x) & detail::ieee_exponent_mask<S>) != detail::ieee_exponent_mask<S>;
    } else {
        return x >= -std::numeric_limits<S>::max() && x <= std::numeric_limits<S>::max();
    }
}

/// True if `x` is a NaN (exponent field all ones and a non-zero fraction), by the same bit test
/// as is_finite (constexpr, correct under `-ffast-math`). Always false for a scalar that is not a
/// floating-point type.
template <class S>
constexpr bool is_nan(S x) noexcept {
    if constexpr (!std::is_floating_point_v<S>) {
        return false;
    } else if constexpr (!std::is_void_v<detail::ieee_bits_t<S>>) {
        using bits = detail::ieee_bits_t<S>;
        constexpr bits magnitude = static_cast<bits>(~bits{0} >> 1);
        return (std::bit_cast<bits>(x) & magnitude) > detail::ieee_exponent_mask<S>;
    } else {
        return x != x;
    }
}

}  // namespace ctmlp

#endif
