// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_ACTIVATION_HPP
#define CTMLP_ACTIVATION_HPP

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ratio>

#include <ctmlp/math.hpp>
#include <ctmlp/scalar.hpp>

/// Activation functions, as small named types so they read well in declarations, error messages
/// and debuggers. The elementwise ones have `apply(x)` and, when they can be trained,
/// `derivative_from_output(y)`: the derivative expressed through the layer's *output* y = f(x), as
/// the seed notebook does (`relu2deriv(output)`, `x * (1 - x)`), so backprop needs no copy of the
/// pre-activations. ctmlp::softmax is layer-wise and only for the output layer.
namespace ctmlp {

/// An elementwise activation: anything with `A::apply(S) -> S` can be used in any layer.
template <class A, class S>
concept Activation = requires(S x) {
    { A::apply(x) } -> std::convertible_to<S>;
};

/// An elementwise activation that can be trained: its derivative is known from the layer output.
template <class A, class S>
concept TrainableActivation = Activation<A, S> && requires(S y) {
    { A::derivative_from_output(y) } -> std::convertible_to<S>;
};

/// A layer-wise activation (ctmlp::softmax): each output depends on every pre-activation of the
/// layer, so it maps the whole layer at once, in place: `A::apply_layer<N>(S* v)`. Allowed only on
/// the output layer.
template <class A, class S>
concept LayerActivation = requires(S* v) {
    A::template apply_layer<1>(v);
};

/// A layer-wise activation that can be trained: `A::vector_jacobian_product<N>(y, g)` replaces g,
/// the gradient with respect to the layer's output y, by Jᵀ g, the gradient with respect to its
/// pre-activations.
template <class A, class S>
concept TrainableLayerActivation = LayerActivation<A, S> && requires(const S* y, S* g) {
    A::template vector_jacobian_product<1>(y, g);
};

/// f(x) = x; the notebook's linear output layer.
struct identity {
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x;
    }
    template <class S>
    static constexpr S derivative_from_output(S) noexcept {
        return S(1.0);
    }
};

/// f(x) = max(0, x); f' = 1 where the output is positive, else 0 (`relu2deriv(output)`).
/// A NaN input stays NaN (written `x < 0 ? 0 : x`, not `x > 0 ? x : 0`, which would turn it into
/// a silent 0), so that training can report it.
struct relu {
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x < S(0.0) ? S(0.0) : x;
    }
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept {
        return y > S(0.0) ? S(1.0) : S(0.0);
    }
};

/// f(x) = x for x > 0, else slope * x, with slope = Num / Den (default 0.01). The slope must be
/// positive so that the sign of the output still tells which branch was taken.
template <std::intmax_t Num = 1, std::intmax_t Den = 100>
struct leaky_relu {
    static_assert(Num > 0 && Den > 0 && Num < Den, "ctmlp::leaky_relu<Num, Den>: the slope Num/Den must lie in (0, 1)");
    static constexpr double slope = static_cast<double>(Num) / static_cast<double>(Den);
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x < S(0.0) ? S(slope) * x : x;
    }  // NaN stays NaN
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept {
        return y > S(0.0) ? S(1.0) : S(slope);
    }
};

/// f(x) = 1 / (1 + e^-x); f' = y (1 - y), with e^x from the math policy `Math` at run time
/// (ctmlp::math_policy): use the aliases ctmlp::sigmoid (<cmath>, NumPy's numbers),
/// ctmlp::portable::sigmoid (ctmlp's own exp: run time equals compile time bit for bit) or
/// ctmlp::fast::sigmoid (branch-free exp that vectorises, also bit-equal to compile time).
/// For a scalar that is not a floating-point type (e.g. ctmlp::fixed), `scalar_sigmoid(x)` is
/// called instead, found by argument-dependent lookup: the customization point of such a type.
template <MathPolicy Math>
struct basic_sigmoid {
    /// The math policy, also used by a loss fused with this activation.
    using math_policy = Math;
    template <class S>
    static constexpr S apply(S x) noexcept {
        if constexpr (std::floating_point<S>)
            return S(1.0) / (S(1.0) + Math::exp(-x));
        else
            return scalar_sigmoid(x);
    }
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept {
        return y * (S(1.0) - y);
    }
};

/// f(x) = tanh x; f' = 1 - y², with tanh from the math policy `Math` at run time (aliases
/// ctmlp::tanh and ctmlp::portable::tanh, as for basic_sigmoid).
/// For a scalar that is not a floating-point type, `scalar_tanh(x)` is called (found by ADL).
template <MathPolicy Math>
struct basic_tanh {
    /// The math policy.
    using math_policy = Math;
    template <class S>
    static constexpr S apply(S x) noexcept {
        if constexpr (std::floating_point<S>)
            return Math::tanh(x);
        else
            return scalar_tanh(x);
    }
    template <class S>
    static constexpr S derivative_from_output(S y) noexcept {
        return S(1.0) - y * y;
    }
};

/// softmax(z)_o = e^{z_o} / Σ_j e^{z_j}: a layer-wise activation, allowed only on the output layer
/// (its output is a probability distribution over the classes). Train it with
/// ctmlp::categorical_cross_entropy, which is fused with it (output delta ŷ − y, loss from the
/// logits); with any other loss backward() applies its Jacobian, δ = ŷ ⊙ (g − ⟨g, ŷ⟩).
///
/// Computed stably: the largest logit m is subtracted first, so every exponent is ≤ 0, no exp
/// overflows, and the sum is ≥ 1 (logits of ±1000 give exactly 1 and 0). One exp per unit.
/// A NaN logit makes every output NaN (so training reports it); a +∞ logit does too (∞ − ∞).
/// e^x comes from the math policy `Math` at run time (aliases ctmlp::softmax and
/// ctmlp::portable::softmax, as for basic_sigmoid).
/// For a scalar that is not a floating-point type, `scalar_exp(x)` is called (found by ADL).
template <MathPolicy Math>
struct basic_softmax {
    /// The math policy, also used by a loss fused with this activation.
    using math_policy = Math;
    template <std::size_t N, class S>
    static constexpr void apply_layer(S* v) noexcept {
        static_assert(
            std::floating_point<S> || requires(S x) { scalar_exp(x); },
            "ctmlp::softmax needs a floating-point scalar (or scalar_exp(S) found by "
            "argument-dependent lookup)");
        // Written `v[o] > m` so that a NaN in v[0] stays the "maximum" and poisons every output;
        // a NaN elsewhere poisons them through v[o] − m.
        S m = v[0];
        for (std::size_t o = 1; o < N; ++o)
            if (v[o] > m) m = v[o];
        S sum(0.0);
        for (std::size_t o = 0; o < N; ++o) {
            if constexpr (std::floating_point<S>)
                v[o] = Math::exp(v[o] - m);
            else
                v[o] = scalar_exp(v[o] - m);
            sum = sum + v[o];
        }
        // Division, not multiplication by 1/sum: one rounding per output, not two.
        for (std::size_t o = 0; o < N; ++o) v[o] = v[o] / sum;
    }
    /// g ← J g with J = diag(y) − y yᵀ (symmetric): g_o ← y_o (g_o − ⟨g, y⟩).
    template <std::size_t N, class S>
    static constexpr void vector_jacobian_product(const S* y, S* g) noexcept {
        S dot = g[0] * y[0];
        for (std::size_t o = 1; o < N; ++o) dot = dot + g[o] * y[o];
        for (std::size_t o = 0; o < N; ++o) g[o] = y[o] * (g[o] - dot);
    }
};

/// The logistic sigmoid with <cmath>'s exp at run time (NumPy's numbers).
using sigmoid = basic_sigmoid<math_policy::libm>;
/// tanh with <cmath>'s tanh at run time.
using tanh = basic_tanh<math_policy::libm>;
/// softmax with <cmath>'s exp at run time.
using softmax = basic_softmax<math_policy::libm>;

/// The activations with ctmlp's own algorithms at run time: a network built from these gives at
/// run time bit for bit what it gives at compile time (with -ffp-contract=off), on any target.
namespace portable {
/// basic_sigmoid<math_policy::portable>.
using sigmoid = basic_sigmoid<math_policy::portable>;
/// basic_tanh<math_policy::portable>.
using tanh = basic_tanh<math_policy::portable>;
/// basic_softmax<math_policy::portable>.
using softmax = basic_softmax<math_policy::portable>;
}  // namespace portable

/// The activations with ctmlp's branch-free exp/tanh (math_policy::fast): loops of them vectorise
/// (GCC and Clang, -O2 and -O3), a few ulp from the correctly rounded value, and the same code runs
/// at compile time, so run time equals compile time bit for bit (with -ffp-contract=off).
namespace fast {
/// basic_sigmoid<math_policy::fast>.
using sigmoid = basic_sigmoid<math_policy::fast>;
/// basic_tanh<math_policy::fast>.
using tanh = basic_tanh<math_policy::fast>;
/// basic_softmax<math_policy::fast>.
using softmax = basic_softmax<math_policy::fast>;
}  // namespace fast

/// Whether A is a sigmoid / tanh / softmax of any math policy (they share a file-format code, a
/// fused loss, int8 tables...).
template <class A>
inline constexpr bool is_sigmoid_v = false;
template <class M>
inline constexpr bool is_sigmoid_v<basic_sigmoid<M>> = true;
/// See is_sigmoid_v.
template <class A>
inline constexpr bool is_tanh_v = false;
template <class M>
inline constexpr bool is_tanh_v<basic_tanh<M>> = true;
/// See is_sigmoid_v.
template <class A>
inline constexpr bool is_softmax_v = false;
template <class M>
inline constexpr bool is_softmax_v<basic_softmax<M>> = true;

}  // namespace ctmlp

#endif
