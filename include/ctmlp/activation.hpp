// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_ACTIVATION_HPP
#define CTMLP_ACTIVATION_HPP

#include <concepts>
#include <cstdint>
#include <ratio>

#include <ctmlp/math.hpp>
#include <ctmlp/scalar.hpp>

/// Activation functions, as small named types so they read well in declarations, error messages
/// and debuggers. Each has `apply(x)` and, when it can be trained, `derivative_from_output(y)`:
/// the derivative expressed through the layer's *output* y = f(x), as the seed notebook does
/// (`relu2deriv(output)`, `x * (1 - x)`), so backprop needs no copy of the pre-activations.
namespace ctmlp {

/// Anything with `A::apply(S) -> S` can be used in a layer.
template <class A, class S>
concept Activation = requires(S x) {
    { A::apply(x) } -> std::convertible_to<S>;
};

/// An activation that can be trained: its derivative is known from the layer output.
template <class A, class S>
concept TrainableActivation = Activation<A, S> && requires(S y) {
    { A::derivative_from_output(y) } -> std::convertible_to<S>;
};

/// f(x) = x; the notebook's linear output layer.
struct identity {
    template <class S>
    static constexpr S apply(S x) noexcept { return x; }
    template <class S>
    static constexpr S derivative_from_output(S) noexcept { return S(1.0); }
};

/// f(x) = max(0, x); f' = 1 where the output is positive, else 0 (`relu2deriv(output)`).
/// A NaN input stays NaN (written `x < 0 ? 0 : x`, not `x > 0 ? x : 0`, which would turn it into
/// a silent 0), so that training can report it.
struct relu {
    template <class S>
    static constexpr S apply(S x) noexcept { return x < S(0.0) ? S(0.0) : x; }
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept { return y > S(0.0) ? S(1.0) : S(0.0); }
};

/// f(x) = x for x > 0, else slope * x, with slope = Num / Den (default 0.01). The slope must be
/// positive so that the sign of the output still tells which branch was taken.
template <std::intmax_t Num = 1, std::intmax_t Den = 100>
struct leaky_relu {
    static_assert(Num > 0 && Den > 0 && Num < Den,
                  "ctmlp::leaky_relu<Num, Den>: the slope Num/Den must lie in (0, 1)");
    static constexpr double slope = static_cast<double>(Num) / static_cast<double>(Den);
    template <class S>
    static constexpr S apply(S x) noexcept { return x < S(0.0) ? S(slope) * x : x; }  // NaN stays NaN
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept { return y > S(0.0) ? S(1.0) : S(slope); }
};

/// f(x) = 1 / (1 + e^-x); f' = y (1 - y).
/// For a scalar that is not a floating-point type (e.g. ctmlp::fixed), `scalar_sigmoid(x)` is
/// called instead, found by argument-dependent lookup: the customization point of such a type.
struct sigmoid {
    template <class S>
    static constexpr S apply(S x) noexcept {
        if constexpr (std::floating_point<S>) return S(1.0) / (S(1.0) + math::exp(-x));
        else return scalar_sigmoid(x);
    }
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept { return y * (S(1.0) - y); }
};

/// f(x) = tanh x; f' = 1 - y².
/// For a scalar that is not a floating-point type, `scalar_tanh(x)` is called (found by ADL).
struct tanh {
    template <class S>
    static constexpr S apply(S x) noexcept {
        if constexpr (std::floating_point<S>) return math::tanh(x);
        else return scalar_tanh(x);
    }
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept { return S(1.0) - y * y; }
};

/// softmax(z)_o = e^{z_o} / Σ_j e^{z_j}: a vector-valued activation, allowed only on the output
/// layer (its output is a probability distribution over classes).
struct softmax {};

}  // namespace ctmlp

#endif
