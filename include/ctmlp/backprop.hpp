// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_BACKPROP_HPP
#define CTMLP_BACKPROP_HPP

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctmlp/detail/config.hpp>
#include <ctmlp/loss.hpp>
#include <ctmlp/network.hpp>

/// The forward pass that records every layer, the backward pass (deltas), and gradients.
///
/// With layer k's pre-activation z_k = a_{k−1} · W_k + b_k and output a_k = f_k(z_k), k = 1..L,
/// and a loss ℓ(a_L, y):
///   (1) δ_L = ∂ℓ/∂a_L ⊙ f_L'(a_L)                     output delta       — backward()
///       δ_L = ŷ − y  (ŷ·Σy − y if Σy ≠ 1)            fused output delta — backward()
///       δ_L = ŷ ⊙ (g − ⟨g, ŷ⟩), g = ∂ℓ/∂a_L           softmax output     — backward()
///   (2) δ_k = (δ_{k+1} · W_{k+1}ᵀ) ⊙ f_k'(a_k)        hidden deltas      — backward()
///   (3) ∂ℓ/∂W_k = a_{k−1}ᵀ · δ_k                       weight gradient    — accumulate_gradient()
///   (4) ∂ℓ/∂b_k = δ_k                                  bias gradient      — accumulate_gradient()
/// Here δ_k is ∂ℓ/∂z_k. Equation (2) is the seed notebook's "key point":
/// `layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)`. f' is computed from
/// the output a_k, so the hidden pre-activations are never stored.
///
/// The fused form of (1) applies when the loss declares it for the output activation
/// (`FusedLoss<L, A, ...>`, loss.hpp): binary_cross_entropy with sigmoid and
/// categorical_cross_entropy with softmax. There ∂ℓ/∂a_L ⊙ f_L' simplifies to ŷ − y, and the loss
/// itself is computed from the logits z_L (`loss_value`), which stays finite and accurate where
/// going through ŷ would give log 0 or 0/0. The logits are kept in the storage of δ_L: forward()
/// writes them there, loss_value() reads them, and backward() overwrites them with δ_L, so the
/// workspace is no larger than the outputs and deltas.
namespace ctmlp {

namespace detail {
// The element I of an array_list: a base class per element, so that `list_get<I>(list)` finds it
// by deduction.
template <std::size_t I, class T>
struct list_element {
    T value;
};
template <std::size_t I, class T>
constexpr T& list_get(list_element<I, T>& e) noexcept {
    return e.value;
}
template <std::size_t I, class T>
constexpr const T& list_get(const list_element<I, T>& e) noexcept {
    return e.value;
}

template <class S, class Index, std::size_t... N>
struct array_list;
// One std::array<S, N> per size, element I reachable as list_get<I>(list): a workspace's storage.
// Not a boost::hana::tuple, whose default constructor value-initialises (zeroes) every element: a
// workspace that is written before it is read (train()'s) needs no zeroing, and GCC compiles the
// zeroing of a few dozen bytes at -Os into a call to memset (newlib-nano's: 164 B on a Cortex-M4).
template <class S, std::size_t... I, std::size_t... N>
struct array_list<S, std::index_sequence<I...>, N...> : list_element<I, std::array<S, N>>... {
    /// Every value zero.
    constexpr array_list() noexcept : list_element<I, std::array<S, N>>{}... {}
    /// Every value uninitialised: write before reading (also in constant evaluation, which
    /// rejects the read of an uninitialised value).
    constexpr explicit array_list(uninitialized_t) noexcept {}
};

template <class S, class Net, std::size_t First, class Seq>
struct array_tuple;
template <class S, class Net, std::size_t First, std::size_t... K>
struct array_tuple<S, Net, First, std::index_sequence<K...>> {
    using type = array_list<S, std::index_sequence<K...>, Net::sizes[First + K]...>;
};
}  // namespace detail

/// What one sample's training step needs besides the network: the output of every layer (layer 0
/// is a copy of the input) and the delta of every dense layer (δ_L's storage holds the logits
/// between forward() and backward()). It is reused from sample to sample
/// and its size, `sizeof(workspace<Net>)`, is a compile-time constant.
template <Network Net>
struct workspace {
    using scalar = typename Net::scalar;
    static constexpr std::size_t depth = Net::depth;

    /// a_0 .. a_L (`output<K>()`).
    typename detail::array_tuple<scalar, Net, 0, std::make_index_sequence<depth + 1>>::type outputs;
    /// δ_1 .. δ_L (`delta<K>()`).
    typename detail::array_tuple<scalar, Net, 1, std::make_index_sequence<depth>>::type deltas;

    /// Every output and delta zero.
    constexpr workspace() noexcept = default;
    /// Every output and delta uninitialised, for code that writes before it reads, as forward()
    /// and backward() do (train() makes its workspace so: zeroing it would call memset on a
    /// microcontroller). Reading a value first is undefined behaviour, and a compile error in
    /// constant evaluation.
    constexpr explicit workspace(detail::uninitialized_t) noexcept
        : outputs(detail::uninitialized), deltas(detail::uninitialized) {}

    // An index out of range fails the static_assert and then reads a valid element, so that the
    // message is the only error (not a failed deduction for the bad index).

    /// a_K, the output of layer K (K = 0 is the input). The notebook's `layer_K`.
    template <std::size_t K>
    constexpr auto& output() noexcept {
        static_assert(K <= depth,
                      "ctmlp::workspace::output<K>(): outputs exist for K = 0 (the input) .. Net::depth "
                      "(the network's output)");
        return detail::list_get<(K <= depth ? K : 0)>(outputs);
    }
    template <std::size_t K>
    constexpr const auto& output() const noexcept {
        static_assert(K <= depth,
                      "ctmlp::workspace::output<K>(): outputs exist for K = 0 (the input) .. Net::depth "
                      "(the network's output)");
        return detail::list_get<(K <= depth ? K : 0)>(outputs);
    }
    /// δ_K for K = 1..L. The notebook's `layer_K_delta`.
    template <std::size_t K>
    constexpr auto& delta() noexcept {
        static_assert(K >= 1 && K <= depth,
                      "ctmlp::workspace::delta<K>(): deltas exist for the dense layers K = 1 .. Net::depth");
        return detail::list_get<(K >= 1 && K <= depth ? K - 1 : 0)>(deltas);
    }
    template <std::size_t K>
    constexpr const auto& delta() const noexcept {
        static_assert(K >= 1 && K <= depth,
                      "ctmlp::workspace::delta<K>(): deltas exist for the dense layers K = 1 .. Net::depth");
        return detail::list_get<(K >= 1 && K <= depth ? K - 1 : 0)>(deltas);
    }
    /// z_L, the output layer's pre-activations (the logits) of the last forward(). They share δ_L's
    /// storage: valid from forward() until backward() replaces them with δ_L.
    constexpr auto& logits() noexcept { return delta<depth>(); }
    constexpr const auto& logits() const noexcept { return delta<depth>(); }
    /// ∂ℓ/∂W_K(i, o) = a_{K−1}[i] · δ_K[o], this sample's weight gradient (computed on demand).
    template <std::size_t K>
    constexpr scalar weight_gradient(std::size_t i, std::size_t o) const noexcept {
        static_assert(K >= 1 && K <= depth,
                      "ctmlp::workspace::weight_gradient<K>(i, o): K counts the dense layers "
                      "from 1 (weights_0_1) to Net::depth, as net.layer<K>() does");
        constexpr std::size_t k = K >= 1 && K <= depth ? K : 1;
        return output<k - 1>()[i] * delta<k>()[o];
    }
    /// ∂ℓ/∂b_K(o) = δ_K[o], this sample's bias gradient.
    template <std::size_t K>
    constexpr scalar bias_gradient(std::size_t o) const noexcept {
        static_assert(K >= 1 && K <= depth,
                      "ctmlp::workspace::bias_gradient<K>(o): K counts the dense layers from 1 "
                      "to Net::depth, as net.layer<K>() does");
        constexpr std::size_t k = K >= 1 && K <= depth ? K : 1;
        return delta<k>()[o];
    }
    /// The network's output a_L.
    constexpr const auto& prediction() const noexcept { return output<depth>(); }
};

/// Forward pass of one sample that records every layer's output into `ws`, and the output
/// layer's pre-activations (`ws.logits()`); returns a_L.
template <Network Net>
constexpr const typename Net::output_array& forward(const Net& net, workspace<Net>& ws,
                                                    const typename Net::input_array& x) noexcept {
    constexpr std::size_t depth = Net::depth;
    ws.template output<0>() = x;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (net.template propagate<K + 1>(ws.template output<K>().data(), ws.template output<K + 1>().data()), ...);
    }
    (std::make_index_sequence<depth - 1>{});
    net.template propagate_keeping<depth>(ws.template output<depth - 1>().data(), ws.logits().data(),
                                          ws.template output<depth>().data());
    return ws.template output<depth>();
}

/// The loss of the sample of the last forward(): from the logits when `L` is fused with the output
/// activation (`L::value_from_logits`), else `L::value(ŷ, y)`. Call it before backward(), which
/// overwrites the logits.
template <Network Net, class L>
constexpr typename Net::scalar loss_value(const L&, const workspace<Net>& ws,
                                          const typename Net::output_array& y) noexcept {
    using S = typename Net::scalar;
    using act = typename Net::template activation_of<Net::depth>;
    static_assert(Metric<L, S, Net::output_size>, "ctmlp::loss_value: the loss must provide value(yhat, y)");
    if constexpr (FusedLoss<L, act, S, Net::output_size>)
        return L::template value_from_logits<act>(ws.logits(), y);
    else
        return L::value(ws.prediction(), y);
}

namespace detail {
// δ_K = (δ_{K+1} · W_{K+1}ᵀ) ⊙ f_K'(a_K). W is stored [in][out], so row j of W_{K+1} holds the
// weights leaving unit j: the sum runs over a contiguous row.
template <std::size_t K, class Net>
constexpr void hidden_delta(const Net& net, workspace<Net>& ws) noexcept {
    using S = typename Net::scalar;
    using act = typename Net::template activation_of<K>;
    constexpr std::size_t width = Net::sizes[K];
    constexpr std::size_t next = Net::sizes[K + 1];
    const S* CTMLP_RESTRICT w = net.template layer<K + 1>().weights.data();
    const S* CTMLP_RESTRICT dn = ws.template delta<K + 1>().data();
    const S* CTMLP_RESTRICT a = ws.template output<K>().data();
    S* CTMLP_RESTRICT d = ws.template delta<K>().data();
    CTMLP_UNROLL
    for (std::size_t j = 0; j < width; ++j) {
        const S* row = w + j * next;
        S acc = dn[0] * row[0];
        CTMLP_UNROLL
        for (std::size_t o = 1; o < next; ++o) acc = acc + dn[o] * row[o];
        d[j] = acc * act::derivative_from_output(a[j]);
    }
}
}  // namespace detail

/// Backward pass: fills every δ in `ws` from a forward() of the same sample, for loss `L`
/// and target `y`. Equations (1) and (2) above; the network is only read. The output delta is the
/// fused ŷ − y when `L` is fused with the output activation, else ∂ℓ/∂ŷ through f' (or through
/// softmax's Jacobian). A loss marked `fused_only` (the cross-entropies) on another output
/// activation is a compile error.
template <Network Net, class L>
constexpr void backward(const Net& net, workspace<Net>& ws, const typename Net::output_array& y, const L&) noexcept {
    using S = typename Net::scalar;
    constexpr std::size_t depth = Net::depth;
    constexpr std::size_t n_out = Net::output_size;
    static_assert(Loss<L, S, n_out>, "ctmlp::backward: the loss must provide value(yhat, y) and gradient(yhat, y, g)");
    static_assert(Net::trainable,
                  "ctmlp: this network cannot be trained: an activation lacks derivative_from_output(y). "
                  "Use it for inference only, or give the activation a derivative.");
    using act = typename Net::template activation_of<depth>;
    auto& d = ws.template delta<depth>();
    const auto& a = ws.template output<depth>();
    if constexpr (FusedLoss<L, act, S, n_out>) {
        L::template output_delta<act>(a, y, d);
    } else {
        static_assert(!detail::fused_only<L>(),
                      "ctmlp: a cross-entropy loss is trained only through the output activation it is fused "
                      "with, on a floating-point scalar: binary_cross_entropy needs a last layer "
                      "dense<N, ctmlp::sigmoid>, categorical_cross_entropy a last layer dense<N, ctmlp::softmax>");
        L::gradient(a, y, d);
        if constexpr (TrainableLayerActivation<act, S>) {
            act::template vector_jacobian_product<n_out>(a.data(), d.data());
        } else {
            CTMLP_UNROLL
            for (std::size_t o = 0; o < n_out; ++o) d[o] = d[o] * act::derivative_from_output(a[o]);
        }
    }
    // K = depth−1 down to 1; the comma fold runs left to right.
    [&]<std::size_t... I>(std::index_sequence<I...>) { (detail::hidden_delta<depth - 1 - I>(net, ws), ...); }
    (std::make_index_sequence<depth - 1>{});
}

namespace detail {
// W[i][o] ← W[i][o] − rate · (a[i] · δ[o]) (Step) or W[i][o] ← W[i][o] + a[i] · δ[o]. At run time on
// a SIMD target the rows go through vector registers (detail/kernels.hpp; GCC's -O2 did not
// vectorise these loops): the same operations, lane by lane. `if constexpr` inside the loop
// costs nothing in constant evaluation.
template <bool Step, std::size_t NIn, std::size_t NOut, class S>
constexpr void rank_one_update(S* CTMLP_RESTRICT w, const S* CTMLP_RESTRICT a, const S* CTMLP_RESTRICT d,
                               S rate) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    if constexpr (simd_kernels<S>) {
        if (!std::is_constant_evaluated()) {
            simd_rank_one_update<Step, NIn, NOut>(w, a, d, rate);
            return;
        }
    }
#endif
    CTMLP_UNROLL
    for (std::size_t i = 0; i < NIn; ++i) {
        CTMLP_UNROLL
        for (std::size_t o = 0; o < NOut; ++o) {
            if constexpr (Step)
                w[i * NOut + o] = w[i * NOut + o] - rate * (a[i] * d[o]);
            else
                w[i * NOut + o] = w[i * NOut + o] + a[i] * d[o];
        }
    }
}

// Equations (3) and (4) for one sample, applied to `target` parameter by parameter: with
// `Step` false it is a gradient sum, target += a_{k−1}ᵀ δ_k; with `Step` true an SGD step,
// target −= rate · (a_{k−1}ᵀ δ_k).
template <bool Step, class Net>
constexpr void add_sample_gradient(Net& target, const workspace<Net>& ws, typename Net::scalar rate) noexcept {
    using S = typename Net::scalar;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                constexpr std::size_t layer_k = K + 1;
                constexpr std::size_t n_in = Net::sizes[layer_k - 1];
                constexpr std::size_t n_out = Net::sizes[layer_k];
                auto& param = target.template layer<layer_k>();
                const S* CTMLP_RESTRICT act_in = ws.template output<layer_k - 1>().data();
                const S* CTMLP_RESTRICT delta_out = ws.template delta<layer_k>().data();
                rank_one_update<Step, n_in, n_out>(param.weights.data(), act_in, delta_out, rate);
                if constexpr (Net::template parameters_of<layer_k>::has_bias) {
                    CTMLP_UNROLL
                    for (std::size_t out_o = 0; out_o < n_out; ++out_o) {
                        if constexpr (Step)
                            param.bias[out_o] = param.bias[out_o] - rate * delta_out[out_o];
                        else
                            param.bias[out_o] = param.bias[out_o] + delta_out[out_o];
                    }
                }
            }(),
            ...);
    }
    (std::make_index_sequence<Net::depth>{});
}
}  // namespace detail

/// Adds this sample's gradient (equations (3) and (4)) to `grad`, a network of the same type used
/// as the gradient's storage (zero it before the first sample).
template <Network Net>
constexpr void accumulate_gradient(Net& grad, const workspace<Net>& ws) noexcept {
    detail::add_sample_gradient<false>(grad, ws, typename Net::scalar(0.0));
}

/// One plain SGD step from this sample's deltas, without storing a gradient:
/// W_k −= rate · (a_{k−1}ᵀ δ_k), b_k −= rate · δ_k. All deltas must be computed first (backward())
/// so that every layer's step uses the weights the deltas were computed with.
template <Network Net>
constexpr void sgd_step(Net& net, const workspace<Net>& ws, typename Net::scalar rate) noexcept {
    detail::add_sample_gradient<true>(net, ws, rate);
}

/// net −= rate · grad, parameter by parameter (the full-batch step).
template <Network Net>
constexpr void apply_gradient(Net& net, const Net& grad, typename Net::scalar rate) noexcept {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                auto& param = net.template layer<K + 1>();
                const auto& grad_block = grad.template layer<K + 1>();
                for (std::size_t elem = 0; elem < param.weights.size(); ++elem)
                    param.weights[elem] = param.weights[elem] - rate * grad_block.weights[elem];
                if constexpr (Net::template parameters_of<K + 1>::has_bias)
                    for (std::size_t elem = 0; elem < param.bias.size(); ++elem)
                        param.bias[elem] = param.bias[elem] - rate * grad_block.bias[elem];
            }(),
            ...);
    }
    (std::make_index_sequence<Net::depth>{});
}

}  // namespace ctmlp

// ctmlp::memory<> (the RAM budget, which counts a workspace) has its own header; included here so
// that code written when it lived in this one still compiles. After the definitions above: memory.hpp
// includes this header for the workspace.
#include <ctmlp/memory.hpp>

#endif
