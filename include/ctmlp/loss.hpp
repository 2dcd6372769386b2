// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_LOSS_HPP
#define CTMLP_LOSS_HPP

#include <array>
#include <concepts>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <ctmlp/activation.hpp>
#include <ctmlp/classify.hpp>
#include <ctmlp/math.hpp>

/// Losses of one sample, each a value and the gradient of *that same* value with respect to the
/// network's output, so that what a training run reports and what it follows are never mixed up
/// by accident. How the samples of a batch or epoch are combined (sum or mean) is a separate choice
/// (`ctmlp::reduction`), made in the training call.
///
/// The seed notebook, in these terms:
///  - cell 1 updates with δ = ŷ − y, the gradient of `half_squared_error`, one sample at a time,
///    and prints `Error` = `squared_error` summed over the iteration's samples;
///  - cell 2 updates with the *sum* over the batch of the gradient of `half_squared_error`, and
///    prints the mean over the batch of `squared_error` (one output: the textbook MSE).
///
/// Fused losses. With z the output layer's pre-activations (the logits) and ŷ = f(z), backprop
/// needs δ_L = ∂ℓ/∂z. In general that is ∂ℓ/∂ŷ ⊙ f'(z) (or, for softmax, Jᵀ ∂ℓ/∂ŷ). For the two
/// pairs below the product simplifies to δ_L = ŷ − y, and ℓ itself is best computed from z:
///
///     loss                       output activation  value from the logits z            δ_L
///     binary_cross_entropy       sigmoid            Σ max(z,0) − z·y + log1p(e^−|z|)   ŷ − y
///     categorical_cross_entropy  softmax            Σ_o y_o (logsumexp(z) − z_o)       ŷ·Σy − y
///
/// (for one-hot or distribution targets Σy = 1 and δ_L = ŷ − y, PyTorch's `BCEWithLogitsLoss` and
/// `CrossEntropyLoss`). Going through ŷ instead fails in floating point: a float sigmoid reaches
/// exactly 1.0 at z ≈ 17, where y log ŷ + (1 − y) log(1 − ŷ) is 0 · log 0 = NaN and the gradient
/// (ŷ − y) / (ŷ(1 − ŷ)) is 0/0, on a *correct* prediction. A loss declares such a pair with
/// `value_from_logits<A>` and `output_delta<A>` constrained to that activation A (see `FusedLoss`);
/// `ctmlp::backward` and `ctmlp::loss_value` use them when they match the output layer.
/// `value_from_logits` runs the exp/log1p of the output activation's math policy
/// (ctmlp::sigmoid: <cmath>; ctmlp::portable::sigmoid: ctmlp's own, bit-equal to compile time),
/// so the policy is carried by the network type alone; the plain `value(ŷ, y)` (reporting only)
/// uses ctmlp::math::log.
///
/// The cross-entropies are *only* trained fused: with any other output activation (or a scalar
/// that is not a floating-point type) `backward` stops with a compile error that names the
/// activation to use. Their plain `value(ŷ, y)` and `gradient(ŷ, y, g)` stay available for
/// reporting and tests; they treat 0 · log 0 as 0 and clamp the other logarithms' arguments to
/// the smallest normal number, so a confidently wrong probability gives a large finite loss
/// (≈ 87 in float, ≈ 708 in double) rather than ∞.
///
/// Metrics (`Metric`) need only `value(ŷ, y)`: `ctmlp::accuracy` and `ctmlp::error_rate`
/// (include/ctmlp/classify.hpp) are metrics, not losses.
namespace ctmlp {

/// Something that scores one sample: `value(ŷ, y)`. What a training run may report.
template <class M, class S, std::size_t N>
concept Metric = requires(const std::array<S, N>& yhat, const std::array<S, N>& y) {
    { M::value(yhat, y) } -> std::convertible_to<S>;
};

/// A loss: a metric with `gradient(ŷ, y, g)` writing ∂value/∂ŷ into g.
template <class L, class S, std::size_t N>
concept Loss = Metric<L, S, N> &&
    requires(const std::array<S, N>& yhat, const std::array<S, N>& y, std::array<S, N>& g) {
    L::gradient(yhat, y, g);
};

/// A loss fused with the output activation A: `value_from_logits<A>(z, y)`, the loss computed
/// stably from the logits z, and `output_delta<A>(ŷ, y, d)`, which writes δ_L = ∂ℓ/∂z into d.
template <class L, class A, class S, std::size_t N>
concept FusedLoss = Loss<L, S, N> &&
    requires(const std::array<S, N>& z, const std::array<S, N>& yhat, const std::array<S, N>& y, std::array<S, N>& d) {
    { L::template value_from_logits<A>(z, y) } -> std::convertible_to<S>;
    L::template output_delta<A>(yhat, y, d);
};

namespace detail {
// A loss that must be trained through its fused output activation (`static constexpr bool
// fused_only = true`): backward() rejects it on any other output layer.
template <class L>
constexpr bool fused_only() {
    if constexpr (requires { L::fused_only; })
        return L::fused_only;
    else
        return false;
}

// ln(max(p, smallest normal)): finite for every p ≥ 0 (and NaN for NaN).
template <class S>
constexpr S clamped_log(S p) noexcept {
    constexpr S tiny = std::numeric_limits<S>::min();
    return math::log(p < tiny ? tiny : p);
}
}  // namespace detail

/// ½ Σ (ŷ − y)²; gradient ŷ − y (the notebook's `layer_2_delta` before any activation derivative).
struct half_squared_error {
    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept;
    template <class S, std::size_t N>
    static constexpr void gradient(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                   std::array<S, N>& g) noexcept {
        for (std::size_t o = 0; o < N; ++o) g[o] = yhat[o] - y[o];
    }
};

/// Σ (ŷ − y)²; gradient 2 (ŷ − y) (the notebook's printed `Error`, per sample).
struct squared_error {
    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        S sum(0.0);
        for (std::size_t o = 0; o < N; ++o) {
            const S d = yhat[o] - y[o];
            sum = sum + d * d;
        }
        return sum;
    }
    template <class S, std::size_t N>
    static constexpr void gradient(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                   std::array<S, N>& g) noexcept {
        for (std::size_t o = 0; o < N; ++o) g[o] = S(2.0) * (yhat[o] - y[o]);
    }
};

template <class S, std::size_t N>
constexpr S half_squared_error::value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
    return S(0.5) * squared_error::value(yhat, y);
}

/// (1/N) Σ (ŷ − y)² over the N outputs; gradient 2 (ŷ − y) / N.
struct mean_squared_error {
    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        return squared_error::value(yhat, y) / S(static_cast<double>(N));
    }
    template <class S, std::size_t N>
    static constexpr void gradient(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                   std::array<S, N>& g) noexcept {
        for (std::size_t o = 0; o < N; ++o) g[o] = S(2.0) * (yhat[o] - y[o]) / S(static_cast<double>(N));
    }
};

/// −Σ [y log ŷ + (1 − y) log(1 − ŷ)], for independent yes/no outputs (targets in [0, 1]).
/// Trained through a ctmlp::sigmoid output layer only, fused with it: δ_L = ŷ − y and the value
/// from the logit z, max(z, 0) − z·y + log1p(e^−|z|), finite and accurate for every finite z
/// (at z = 20 with y = 1 it is 2.06e-9, where ŷ is already exactly 1.0f).
/// `value(ŷ, y)` / `gradient(ŷ, y, g)` on probabilities: see the header comment (0 · log 0 = 0,
/// other logarithms clamped; the gradient (ŷ − y) / (ŷ(1 − ŷ)) with the denominator clamped).
struct binary_cross_entropy {
    static constexpr bool fused_only = true;

    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        S sum(0.0);
        for (std::size_t o = 0; o < N; ++o) {
            // A term whose weight is 0 is 0 (the limit of t log t), never 0 · (−∞).
            if (y[o] != S(0.0)) sum = sum - y[o] * detail::clamped_log(yhat[o]);
            if (y[o] != S(1.0)) sum = sum - (S(1.0) - y[o]) * detail::clamped_log(S(1.0) - yhat[o]);
        }
        return sum;
    }
    template <class S, std::size_t N>
    static constexpr void gradient(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                   std::array<S, N>& g) noexcept {
        constexpr S tiny = std::numeric_limits<S>::min();
        for (std::size_t o = 0; o < N; ++o) {
            const S p = yhat[o] * (S(1.0) - yhat[o]);
            g[o] = (yhat[o] - y[o]) / (p < tiny ? tiny : p);
        }
    }

    /// Σ_o max(z_o, 0) − z_o y_o + log1p(e^−|z_o|): the loss from the sigmoid's logits.
    template <class A, class S, std::size_t N>
        requires is_sigmoid_v<A> && std::floating_point<S>
    static constexpr S value_from_logits(const std::array<S, N>& z, const std::array<S, N>& y) noexcept {
        using M = typename A::math_policy;  // the output activation's math (bit-equal if portable)
        S sum(0.0);
        for (std::size_t o = 0; o < N; ++o) {
            const S positive = z[o] > S(0.0) ? z[o] : S(0.0);
            sum = sum + ((positive - z[o] * y[o]) + M::log1p(M::exp(-math::abs(z[o]))));
        }
        return sum;
    }
    /// δ_L = ŷ − y.
    template <class A, class S, std::size_t N>
        requires is_sigmoid_v<A> && std::floating_point<S>
    static constexpr void output_delta(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                       std::array<S, N>& d) noexcept {
        for (std::size_t o = 0; o < N; ++o) d[o] = yhat[o] - y[o];
    }
};

/// −Σ_o y_o log ŷ_o, for one class out of N: targets one-hot or a probability distribution.
/// Trained through a ctmlp::softmax output layer only, fused with it: the value from the logits
/// z as Σ_o y_o ((m − z_o) + log1p(Σ_{j≠top} e^{z_j − m})) with m = z_top = max z (logsumexp(z) − Σ y z when
/// Σy = 1; every term is ≥ 0 and no exp overflows, so logits of ±1000 give exact values), and
/// δ_L = ŷ·Σy − y (= ŷ − y for Σy = 1), the exact derivative of that value for any targets.
/// `value(ŷ, y)` / `gradient(ŷ, y, g)` = −y/ŷ on probabilities: see the header comment.
struct categorical_cross_entropy {
    static constexpr bool fused_only = true;

    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        S sum(0.0);
        for (std::size_t o = 0; o < N; ++o)
            if (y[o] != S(0.0)) sum = sum - y[o] * detail::clamped_log(yhat[o]);
        return sum;
    }
    template <class S, std::size_t N>
    static constexpr void gradient(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                   std::array<S, N>& g) noexcept {
        constexpr S tiny = std::numeric_limits<S>::min();
        for (std::size_t o = 0; o < N; ++o) g[o] = -y[o] / (yhat[o] < tiny ? tiny : yhat[o]);
    }

    /// Σ_o y_o (logsumexp(z) − z_o), computed with the largest logit subtracted first.
    template <class A, class S, std::size_t N>
        requires is_softmax_v<A> && std::floating_point<S>
    static constexpr S value_from_logits(const std::array<S, N>& z, const std::array<S, N>& y) noexcept {
        // A NaN in z[0] stays the maximum and makes the value NaN, as one elsewhere does.
        std::size_t top = 0;
        for (std::size_t o = 1; o < N; ++o)
            if (z[o] > z[top]) top = o;
        const S m = z[top];
        // log Σ_j e^{z_j − m} = log1p(Σ_{j ≠ top} e^{z_j − m}): the largest term is exactly 1, and
        // log1p keeps the digits of a small rest (a confident prediction's loss) that 1 + rest
        // would round away.
        S rest(0.0);
        for (std::size_t o = 0; o < N; ++o)
            if (o != top) rest = rest + A::math_policy::exp(z[o] - m);
        const S log_sum = A::math_policy::log1p(rest);
        S sum(0.0);
        // A class with target 0 adds nothing, as in value(): skipping it (rather than adding
        // 0 · (m − z_o + log_sum)) keeps a logit of −∞ from giving 0 · ∞ = NaN.
        for (std::size_t o = 0; o < N; ++o)
            if (y[o] != S(0.0)) sum = sum + y[o] * ((m - z[o]) + log_sum);
        return sum;
    }
    /// δ_L = ŷ·Σy − y.
    template <class A, class S, std::size_t N>
        requires is_softmax_v<A> && std::floating_point<S>
    static constexpr void output_delta(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                       std::array<S, N>& d) noexcept {
        S total = y[0];
        for (std::size_t o = 1; o < N; ++o) total = total + y[o];
        for (std::size_t o = 0; o < N; ++o) d[o] = yhat[o] * total - y[o];
    }
};

/// How per-sample values are combined over a batch or an epoch.
enum class reduction { sum, mean };

}  // namespace ctmlp

#endif
