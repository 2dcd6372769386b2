// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_SCALAR_HPP
#define CTMLP_SCALAR_HPP

#include <concepts>
#include <type_traits>

namespace ctmlp {

/// What the library asks of a number type: the four operations, ordering, construction from a
/// `double` constant (learning rates, initial weights) and a trivially copyable representation
/// (weights are memcpy'd to flash). `float` and `double` model it; so does a fixed-point type.
template <class T>
concept Scalar = std::regular<T> && std::totally_ordered<T> && std::is_trivially_copyable_v<T> &&
                 std::constructible_from<T, double> && requires(T a, T b) {
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

/// True unless `x` is a NaN or an infinity; works in constant evaluation (clang 14's
/// `std::isfinite` does not) and for non-IEEE scalars, for which it is always true.
template <class S>
constexpr bool is_finite(S x) noexcept {
    if constexpr (std::is_floating_point_v<S>) {
        const S d = x - x;  // 0 for finite x, NaN for inf and NaN
        return d == d;
    } else {
        return true;
    }
}

}  // namespace ctmlp

#endif
