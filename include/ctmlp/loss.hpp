// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_LOSS_HPP
#define CTMLP_LOSS_HPP

#include <array>
#include <concepts>
#include <cstddef>

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
namespace ctmlp {

/// A loss: `value(ŷ, y)` and `gradient(ŷ, y, g)` writing ∂value/∂ŷ into g.
template <class L, class S, std::size_t N>
concept Loss = requires(const std::array<S, N>& yhat, const std::array<S, N>& y, std::array<S, N>& g) {
    { L::value(yhat, y) } -> std::convertible_to<S>;
    L::gradient(yhat, y, g);
};

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

/// −Σ [y log ŷ + (1 − y) log(1 − ŷ)] for outputs in (0, 1) (a sigmoid output layer);
/// gradient (ŷ − y) / (ŷ (1 − ŷ)). Infinite when ŷ reaches 0 or 1 on the wrong side: training
/// reports that as a non-finite loss.
struct binary_cross_entropy {
    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        S sum(0.0);
        for (std::size_t o = 0; o < N; ++o)
            sum = sum - (y[o] * math::log(yhat[o]) + (S(1.0) - y[o]) * math::log(S(1.0) - yhat[o]));
        return sum;
    }
    template <class S, std::size_t N>
    static constexpr void gradient(const std::array<S, N>& yhat, const std::array<S, N>& y,
                                   std::array<S, N>& g) noexcept {
        for (std::size_t o = 0; o < N; ++o) g[o] = (yhat[o] - y[o]) / (yhat[o] * (S(1.0) - yhat[o]));
    }
};

/// How per-sample values are combined over a batch or an epoch.
enum class reduction { sum, mean };

}  // namespace ctmlp

#endif
