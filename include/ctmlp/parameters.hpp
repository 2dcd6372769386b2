// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_PARAMETERS_HPP
#define CTMLP_PARAMETERS_HPP

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctmlp/network.hpp>

/// Parameters in and out of a network: one flat array, per-layer nested arrays in a layout named at
/// the call site, and a visit of every layer with its index.
///
/// THE FLAT ORDER (the one contract every converter, exporter and the binary format follow):
/// layers 1..depth in order; within a layer first the weights in ctmlp's storage order W[in][out]
/// (input-major: flat element `offset + i * Out + o` is the weight from input i to unit o), then
/// the Out bias values if the layer has a bias (a `no_bias` layer contributes only its weights).
///
///     flat = [ W1[0][0..Out1), W1[1][0..Out1), ..., W1[In1-1][..], b1[0..Out1),
///              W2[0][0..Out2), ...,                                 b2[...],  ... ]
///
/// `torch.nn.Linear.weight` is stored [out][in] (one row per unit): a converter from PyTorch must
/// transpose it (`linear.weight.T`) before flattening; Keras' `Dense` kernel and the seed notebook's
/// `weights_0_1` are already [in][out].
namespace ctmlp {

namespace detail {
// dst[0..n) = src[0..n), for the constant evaluation of large generated headers: pointers rather
// than std::array::operator[] (each call counts against clang's 1,048,576-step budget), and runs of
// at most 65,536 because GCC stops any one loop after 262,144 iterations (-fconstexpr-loop-limit).
// With both, from_parameters handles a million parameters at the default limits.
template <class S>
constexpr void copy_values(const S* src, std::size_t n, S* dst) noexcept {
    while (n != 0) {
        const std::size_t run = n < 65536 ? n : 65536;
        for (std::size_t k = 0; k < run; ++k) dst[k] = src[k];
        src += run;
        dst += run;
        n -= run;
    }
}

// Offset of layer K's (1-based) first parameter in the flat order.
template <class Net, std::size_t K>
inline constexpr std::size_t layer_offset = [] {
    std::size_t parameters_before = 0;  // a name unlikely for a user's global (g++ -Wshadow)
    [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((parameters_before += Net::template parameters_of<J + 1>::parameter_count), ...);
    }
    (std::make_index_sequence<K - 1>{});
    return parameters_before;
}();
}  // namespace detail

/// Calls `f(index, parameters)` for each dense layer, first to last, where `index` is a
/// `std::integral_constant<std::size_t, K>` with K counted from 1 as in `net.layer<K>()`, and
/// `parameters` is that layer's `dense_parameters` (const when `net` is).
template <class Net, class F>
    requires Network<Net>
constexpr void for_each_layer(Net&& net, F&& f) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (f(std::integral_constant<std::size_t, K + 1>{}, net.template layer<K + 1>()), ...);
    }
    (std::make_index_sequence<std::remove_cvref_t<Net>::depth>{});
}

/// The network whose parameters are `flat`, in the flat order documented at the top of this file.
/// `constexpr`: `inline constexpr Net net = ctmlp::from_parameters<Net>(std::array<float, N>{...});`
/// puts the weights in read-only memory (flash) with no start-up code.
template <Network Net>
constexpr Net from_parameters(const std::array<typename Net::scalar, Net::parameter_count>& flat) noexcept {
    Net net{};
    ctmlp::for_each_layer(net, [&](auto layer_tag, auto& param) {
        using params = std::remove_cvref_t<decltype(param)>;
        constexpr std::size_t layer_start = detail::layer_offset<Net, decltype(layer_tag)::value>;
        detail::copy_values(flat.data() + layer_start, params::inputs * params::outputs, param.weights.data());
        if constexpr (params::has_bias)
            detail::copy_values(flat.data() + layer_start + params::inputs * params::outputs, params::outputs,
                                param.bias.data());
    });
    return net;
}

/// Misuse guard: a flat array of the wrong length or element type.
template <Network Net, class T, std::size_t N>
    requires(!std::is_same_v<std::array<T, N>, std::array<typename Net::scalar, Net::parameter_count>>)
constexpr Net from_parameters(const std::array<T, N>&) noexcept {
    static_assert(N == Net::parameter_count,
                  "ctmlp::from_parameters<Net>(flat): flat.size() differs from Net::parameter_count (the "
                  "sum over layers of inputs*units + units for layers with a bias); check the network "
                  "type against the model the numbers came from");
    static_assert(std::is_same_v<T, typename Net::scalar>,
                  "ctmlp::from_parameters<Net>(flat): the array's element type differs from Net::scalar; "
                  "write the literals in the network's scalar type (e.g. the f suffix for float)");
    return Net{};
}

/// The parameters of `net` in the flat order documented at the top of this file.
template <Network Net>
constexpr std::array<typename Net::scalar, Net::parameter_count> to_parameters(const Net& net) noexcept {
    std::array<typename Net::scalar, Net::parameter_count> flat{};
    ctmlp::for_each_layer(net, [&](auto layer_tag, const auto& param) {
        using params = std::remove_cvref_t<decltype(param)>;
        constexpr std::size_t layer_start = detail::layer_offset<Net, decltype(layer_tag)::value>;
        detail::copy_values(param.weights.data(), params::inputs * params::outputs, flat.data() + layer_start);
        if constexpr (params::has_bias)
            detail::copy_values(param.bias.data(), params::outputs,
                                flat.data() + layer_start + params::inputs * params::outputs);
    });
    return flat;
}

// ---------------------------------------------------------------------------------------------
// Per-layer nested arrays. The weight layout is part of the wrapper's NAME, so that a transposed
// matrix cannot slip through silently (for a square layer the two layouts have the same C++ type).

/// One layer's values with the weights as `W[in][out]` (row i = the weights leaving input i):
/// ctmlp's own layout, the seed notebook's `weights_0_1`, Keras' `Dense` kernel, `np.dot(x, W)`.
/// `HasBias` is deduced: `layer_in_out{W, b}` or `layer_in_out{W}` (no bias).
template <class S, std::size_t In, std::size_t Out, bool HasBias>
struct layer_in_out {
    std::array<std::array<S, Out>, In> weights{};
    [[no_unique_address]] std::conditional_t<HasBias, std::array<S, Out>, detail::no_storage<S>> bias{};

    /// Weights `W[in][out]` and bias.
    constexpr layer_in_out(const std::array<std::array<S, Out>, In>& weights_given,
                           const std::array<S, Out>& bias_given) noexcept requires HasBias : weights(weights_given),
                                                                                             bias(bias_given) {}
    /// Weights `W[in][out]` of a layer without a bias.
    constexpr explicit layer_in_out(const std::array<std::array<S, Out>, In>& weights_given) noexcept requires(!HasBias)
        : weights(weights_given) {}
};
template <class S, std::size_t In, std::size_t Out>
layer_in_out(const std::array<std::array<S, Out>, In>&, const std::array<S, Out>&) -> layer_in_out<S, In, Out, true>;
template <class S, std::size_t In, std::size_t Out>
layer_in_out(const std::array<std::array<S, Out>, In>&) -> layer_in_out<S, In, Out, false>;

/// One layer's values with the weights as `W[out][in]` (row o = the weights entering unit o):
/// `torch.nn.Linear.weight`, ONNX `Gemm` with transB=1. `from_layers` transposes it.
template <class S, std::size_t In, std::size_t Out, bool HasBias>
struct layer_out_in {
    std::array<std::array<S, In>, Out> weights{};
    [[no_unique_address]] std::conditional_t<HasBias, std::array<S, Out>, detail::no_storage<S>> bias{};

    /// Weights `W[out][in]` and bias.
    constexpr layer_out_in(const std::array<std::array<S, In>, Out>& weights_given,
                           const std::array<S, Out>& bias_given) noexcept requires HasBias : weights(weights_given),
                                                                                             bias(bias_given) {}
    /// Weights `W[out][in]` of a layer without a bias.
    constexpr explicit layer_out_in(const std::array<std::array<S, In>, Out>& weights_given) noexcept requires(!HasBias)
        : weights(weights_given) {}
};
template <class S, std::size_t In, std::size_t Out>
layer_out_in(const std::array<std::array<S, In>, Out>&, const std::array<S, Out>&) -> layer_out_in<S, In, Out, true>;
template <class S, std::size_t In, std::size_t Out>
layer_out_in(const std::array<std::array<S, In>, Out>&) -> layer_out_in<S, In, Out, false>;

namespace detail {
template <class T>
struct layer_values_traits {
    static constexpr bool valid = false;
    static constexpr bool out_in = false;
    using scalar = void;
    static constexpr std::size_t inputs = 0, outputs = 0;
    static constexpr bool has_bias = false;
};
template <class S, std::size_t In, std::size_t Out, bool B>
struct layer_values_traits<layer_in_out<S, In, Out, B>> {
    static constexpr bool valid = true;
    static constexpr bool out_in = false;
    using scalar = S;
    static constexpr std::size_t inputs = In, outputs = Out;
    static constexpr bool has_bias = B;
};
template <class S, std::size_t In, std::size_t Out, bool B>
struct layer_values_traits<layer_out_in<S, In, Out, B>> {
    static constexpr bool valid = true;
    static constexpr bool out_in = true;
    using scalar = S;
    static constexpr std::size_t inputs = In, outputs = Out;
    static constexpr bool has_bias = B;
};

// Checks the values given for layer K against the network's layer K. A class template, so that a
// failure's instantiation trace reads `layer_values_match<K, ...>` and names the layer.
template <std::size_t K, class S, class Params, class Values>
struct layer_values_match {
    using given = layer_values_traits<std::remove_cvref_t<Values>>;
    static_assert(given::valid,
                  "ctmlp::from_layers<Net>(layers...): each argument must be a ctmlp::layer_in_out{W, b} "
                  "(W[in][out]) or a ctmlp::layer_out_in{W, b} (W[out][in], torch.nn.Linear.weight)");
    static constexpr bool scalar_ok = std::is_same_v<typename given::scalar, S>;
    static_assert(!given::valid || scalar_ok,
                  "ctmlp::from_layers<Net>: layer K's values (K: see layer_values_match<K, ...> in the trace) "
                  "have another element type than Net::scalar");
    static_assert(!given::valid || given::inputs == Params::inputs,
                  "ctmlp::from_layers<Net>: layer K's weights (K: see layer_values_match<K, ...> in the trace) have "
                  "another number of inputs than the network's layer K (is the matrix transposed? use "
                  "layer_out_in for [out][in], layer_in_out for [in][out])");
    static_assert(!given::valid || given::outputs == Params::outputs,
                  "ctmlp::from_layers<Net>: layer K's weights (K: see layer_values_match<K, ...> in the trace) have "
                  "another number of units than the network's layer K (is the matrix transposed? use "
                  "layer_out_in for [out][in], layer_in_out for [in][out])");
    static_assert(!given::valid || given::has_bias == Params::has_bias,
                  "ctmlp::from_layers<Net>: layer K (K: see layer_values_match<K, ...> in the trace) has a bias in "
                  "the network but none was given, or the other way round (ctmlp::no_bias layers take "
                  "layer_in_out{W} / layer_out_in{W})");
    static constexpr bool value = given::valid && scalar_ok && given::inputs == Params::inputs &&
                                  given::outputs == Params::outputs && given::has_bias == Params::has_bias;
};
}  // namespace detail

/// The network built from one `layer_in_out{W, b}` or `layer_out_in{W, b}` per dense layer, in
/// order (the two may be mixed). Layer shapes, biases and the scalar type are checked at compile
/// time, each failure naming the layer.
template <Network Net, class... Layers>
constexpr Net from_layers(const Layers&... values) noexcept {
    static_assert(sizeof...(Layers) == Net::depth,
                  "ctmlp::from_layers<Net>(layers...): give exactly one layer_in_out/layer_out_in per dense "
                  "layer of Net (Net::depth of them)");
    Net net{};
    if constexpr (sizeof...(Layers) == Net::depth) {
        const auto tuple = std::forward_as_tuple(values...);
        ctmlp::for_each_layer(net, [&](auto layer_tag, auto& param) {
            constexpr std::size_t layer_k = decltype(layer_tag)::value;
            using params = std::remove_cvref_t<decltype(param)>;
            const auto& given_values = std::get<layer_k - 1>(tuple);
            using match = detail::layer_values_match<layer_k, typename Net::scalar, params, decltype(given_values)>;
            if constexpr (match::value) {
                using given = detail::layer_values_traits<std::remove_cvref_t<decltype(given_values)>>;
                for (std::size_t in_i = 0; in_i < params::inputs; ++in_i)
                    for (std::size_t out_o = 0; out_o < params::outputs; ++out_o) {
                        if constexpr (given::out_in)
                            param.weight(in_i, out_o) = given_values.weights[out_o][in_i];  // the transpose
                        else
                            param.weight(in_i, out_o) = given_values.weights[in_i][out_o];
                    }
                if constexpr (params::has_bias)
                    for (std::size_t out_o = 0; out_o < params::outputs; ++out_o)
                        param.bias[out_o] = given_values.bias[out_o];
            }
        });
    }
    return net;
}

}  // namespace ctmlp

#endif
