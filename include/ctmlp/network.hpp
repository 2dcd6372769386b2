// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_NETWORK_HPP
#define CTMLP_NETWORK_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <ctmlp/accumulator.hpp>
#include <ctmlp/activation.hpp>
#include <ctmlp/detail/config.hpp>
#include <ctmlp/detail/kernels.hpp>
#include <ctmlp/layer.hpp>
#include <ctmlp/scalar.hpp>

namespace ctmlp {

namespace detail {
// The size of a layer declaration, or 1 for something that is not one, so that a misuse stops at
// the network's static_assert with its message instead of at a cascade of unrelated errors.
template <class L>
constexpr std::size_t declared_size() {
    if constexpr (requires { L::size; })
        return L::size;
    else
        return 1;
}
template <class L>
constexpr bool declared_bias() {
    if constexpr (requires { L::has_bias; })
        return L::has_bias;
    else
        return false;
}
template <class L>
struct declared_activation {
    using type = identity;
};
template <class L>
    requires requires { typename L::activation; }
struct declared_activation<L> {
    using type = typename L::activation;
};

template <class S, class Sizes, class... Layers>
struct parameter_tuple;
template <class S, std::size_t... K, class... Layers>
struct parameter_tuple<S, std::index_sequence<K...>, Layers...> {
    template <std::size_t In>
    struct with_input {
        static constexpr std::array<std::size_t, sizeof...(Layers) + 1> sizes{In, declared_size<Layers>()...};
        using type = boost::hana::tuple<dense_parameters<S, sizes[K], sizes[K + 1], declared_bias<Layers>()>...>;
    };
};

// The activations check: every layer's activation must be elementwise (`apply(S)`), except the
// last one's, which may also be layer-wise (softmax). A layer-wise one elsewhere is reported by its
// own static_assert, not here again.
template <class A, class S>
constexpr bool applies() {
    return Activation<A, S> || LayerActivation<A, S>;
}
template <class S, class... Layers>
constexpr bool activations_apply() {
    return (applies<typename declared_activation<Layers>::type, S>() && ...);
}
template <class S, class... Layers>
constexpr bool layer_activation_only_last() {
    std::size_t k = 0;
    bool ok = true;
    ((ok = ok && (++k == sizeof...(Layers) || !LayerActivation<typename declared_activation<Layers>::type, S>)), ...);
    return ok;
}
template <class S, class A>
constexpr bool trainable_activation(bool last) {
    return TrainableActivation<A, S> || (last && TrainableLayerActivation<A, S>);
}
template <class S, class... Layers>
constexpr bool all_trainable() {
    std::size_t k = 0;
    bool ok = true;
    ((++k, ok = ok && trainable_activation<S, typename declared_activation<Layers>::type>(k == sizeof...(Layers))),
     ...);
    return ok;
}
template <class A>
constexpr bool is_softmax_on_one_unit(std::size_t units) {
    return is_softmax_v<A> && units == 1;
}

// The index K-1 when 1 <= K <= Depth, else 0: after a static_assert on K, an accessor uses it so
// that the message is the only error (Boost.Hana's own index check would follow it otherwise).
template <std::size_t K, std::size_t Depth>
inline constexpr std::size_t clamped_index = K >= 1 && K <= Depth ? K - 1 : 0;

template <class ParameterTuple, std::size_t K, std::size_t Depth>
struct checked_parameters {
    static_assert(K >= 1 && K <= Depth,
                  "ctmlp::network::parameters_of<K>: K counts the dense layers from 1 to Net::depth, as "
                  "layer<K>() does (layer 0 is the input, which has no parameters)");
    using type =
        std::remove_cvref_t<decltype(boost::hana::at_c<clamped_index<K, Depth>>(std::declval<ParameterTuple&>()))>;
};

// Activations whose apply() is branch-free arithmetic that the compilers vectorise: a layer's
// activation loop is left to the loop vectoriser, which handles 4-8 units per instruction.
// Unrolling such a loop first (CTMLP_UNROLL) leaves only the straight-line (SLP) vectoriser, which
// did not vectorise fast::tanh over the four units of a 2-4-1 (g++ 12 -O3 -march=x86-64-v3,
// predict() inlined into a loop over samples: 330 instructions per inference, 112 with the loop
// kept for the vectoriser by CTMLP_VECTORISE). The other activations call <cmath> or branch
// (ctmlp::portable's algorithms): their loops are unrolled.
template <class A>
inline constexpr bool vectorisable_activation = false;
template <>
inline constexpr bool vectorisable_activation<identity> = true;
template <>
inline constexpr bool vectorisable_activation<relu> = true;
template <std::intmax_t Num, std::intmax_t Den>
inline constexpr bool vectorisable_activation<leaky_relu<Num, Den>> = true;
template <>
inline constexpr bool vectorisable_activation<basic_sigmoid<math_policy::fast>> = true;
template <>
inline constexpr bool vectorisable_activation<basic_tanh<math_policy::fast>> = true;

// The element type that network::predict's guard for `predict({})` defaults to: an empty braced
// list deduces nothing, any other list deduces its own element type, never this one.
struct empty_braced_list {};

template <std::size_t... N>
constexpr std::size_t max_of() {
    std::size_t m = 0;
    ((m = N > m ? N : m), ...);
    return m;
}
}  // namespace detail

/// A fully connected feed-forward network. `S` is the scalar type, then the layers in the order
/// the data flows: `input<N>` first, then one or more `dense<N, Activation[, no_bias]>`.
///
/// Layers are numbered as in the seed notebook: layer 0 is the input, layers 1..depth the dense
/// layers, so `layer<1>()` holds the notebook's `weights_0_1`. The network is a literal, trivially
/// copyable type: it can be a `constexpr` variable (weights in flash) and be memcpy'd.
template <class S, class Input, class... Layers>
class network {
    static_assert(!std::is_integral_v<S>,
                  "ctmlp::network<S, ...>: integer types are not a ctmlp scalar (a learning rate of 0.5 would "
                  "become 0): use float, double or ctmlp::fixed<I, F>");
    static_assert(std::is_integral_v<S> || Scalar<S>,
                  "ctmlp::network<S, ...>: S does not model ctmlp::Scalar (needs + - * /, unary -, "
                  "ordering, construction from double, trivially copyable). Use float, double or a "
                  "fixed-point type that provides them.");
    static_assert(detail::is_input<Input>,
                  "ctmlp::network<S, Layers...>: the first layer must be ctmlp::input<N>, e.g. "
                  "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ...>");
    static_assert(sizeof...(Layers) > 0,
                  "ctmlp::network<S, input<N>, Layers...>: add at least one ctmlp::dense<N, Activation> "
                  "after the input");
    static_assert((detail::is_dense<Layers> && ...),
                  "ctmlp::network<S, input<N>, Layers...>: every layer after the input must be "
                  "ctmlp::dense<N, Activation[, ctmlp::no_bias]> (ctmlp::input may appear only first)");
    static_assert(detail::layer_activation_only_last<S, Layers...>(),
                  "ctmlp::softmax is an output-layer activation: use it only in the last dense<...>");
    static_assert(detail::activations_apply<S, Layers...>(),
                  "ctmlp::network: a layer's activation has no static apply(S); use one of ctmlp::identity, "
                  "relu, leaky_relu<>, sigmoid, tanh (softmax on the output layer), or give yours "
                  "`static constexpr S apply(S)`");
    static_assert(!(detail::is_softmax_on_one_unit<typename detail::declared_activation<Layers>::type>(
                        detail::declared_size<Layers>()) ||
                    ...),
                  "ctmlp::softmax over a single unit always outputs 1: for two classes use "
                  "dense<1, ctmlp::sigmoid> (with ctmlp::binary_cross_entropy), or dense<2, ctmlp::softmax>");

public:
    using scalar = S;
    /// Number of dense layers.
    static constexpr std::size_t depth = sizeof...(Layers);
    /// Sizes of layers 0 (input) .. depth (output).
    static constexpr std::array<std::size_t, depth + 1> sizes{detail::declared_size<Input>(),
                                                              detail::declared_size<Layers>()...};
    static constexpr std::size_t input_size = sizes.front();
    static constexpr std::size_t output_size = sizes.back();
    /// The widest layer, input included (the size of predict()'s scratch buffers).
    static constexpr std::size_t max_width =
        detail::max_of<detail::declared_size<Input>(), detail::declared_size<Layers>()...>();

    using input_array = std::array<S, input_size>;
    using output_array = std::array<S, output_size>;

    /// The declaration `dense<...>` of layer K (1-based).
    template <std::size_t K>
        requires(K >= 1 && K <= depth)
    using layer_declaration = std::tuple_element_t<K - 1, std::tuple<Layers...>>;
    /// The activation of layer K (1-based).
    template <std::size_t K>
    using activation_of = typename detail::declared_activation<layer_declaration<K>>::type;

    using parameter_tuple =
        typename detail::parameter_tuple<S, std::make_index_sequence<depth>,
                                         Layers...>::template with_input<detail::declared_size<Input>()>::type;
    /// The parameter block type of layer K (1-based).
    template <std::size_t K>
    using parameters_of = typename detail::checked_parameters<parameter_tuple, K, depth>::type;

    /// Total number of trainable numbers.
    static constexpr std::size_t parameter_count = []<std::size_t... K>(std::index_sequence<K...>) {
        return (parameters_of<K + 1>::parameter_count + ...);
    }
    (std::make_index_sequence<depth>{});
    /// True when every activation has a derivative, i.e. the network can be trained: every
    /// elementwise one has `derivative_from_output`, and a layer-wise output activation (softmax)
    /// has `vector_jacobian_product`.
    static constexpr bool trainable = detail::all_trainable<S, Layers...>();

    /// The parameters, one `dense_parameters` per dense layer, in a Boost.Hana tuple.
    parameter_tuple layers;

    /// Every parameter zero (`Net{}`, also in constant evaluation).
    constexpr network() noexcept : layers{} {}
    /// Every parameter uninitialised, for buffers that are written before they are read:
    /// train()'s gradient buffer (zeroed by a loop), its early-stopping copy, an optimizer's
    /// moments. Zeroing a network is what GCC compiles at -Os into a call to memset (newlib-nano's
    /// is 162 B on a Cortex-M4), which a loop over the parameters avoids. Reading a value before
    /// writing it is undefined behaviour, and a compile error in constant evaluation.
    constexpr explicit network(detail::uninitialized_t) noexcept
        : network(detail::uninitialized, std::make_index_sequence<depth>{}) {
        // Else GCC folds this constructor, which it can evaluate, into a `= {}` (memset) after all.
        detail::keep_member_stores();
    }

    /// Parameters of layer K (1-based, as the notebook counts: layer<1>() is weights_0_1).
    template <std::size_t K>
    constexpr auto& layer() noexcept {
        static_assert(K >= 1 && K <= depth,
                      "ctmlp::network::layer<K>(): K counts dense layers from 1 to depth "
                      "(layer 0 is the input, which has no parameters)");
        return boost::hana::at_c<detail::clamped_index<K, depth>>(layers);
    }
    /// Parameters of layer K (1-based).
    template <std::size_t K>
    constexpr const auto& layer() const noexcept {
        static_assert(K >= 1 && K <= depth,
                      "ctmlp::network::layer<K>(): K counts dense layers from 1 to depth "
                      "(layer 0 is the input, which has no parameters)");
        return boost::hana::at_c<detail::clamped_index<K, depth>>(layers);
    }

    /// Calls `f(layer_parameters)` for each layer, first to last.
    template <class F>
    constexpr void for_each_layer(F&& f) {
        [&]<std::size_t... K>(std::index_sequence<K...>) { (f(layer<K + 1>()), ...); }
        (std::make_index_sequence<depth>{});
    }
    /// Calls `f(layer_parameters)` for each layer, first to last.
    template <class F>
    constexpr void for_each_layer(F&& f) const {
        [&]<std::size_t... K>(std::index_sequence<K...>) { (f(layer<K + 1>()), ...); }
        (std::make_index_sequence<depth>{});
    }

    /// The output for one input sample. Needs no workspace: two scratch arrays of the widest
    /// layer on the stack, used in turn.
    constexpr output_array predict(const input_array& x) const noexcept {
        // Left uninitialised on purpose (C++20 allows it in constexpr): propagate() writes every
        // element it later reads, and zeroing would cost a memset per call at run time. The last
        // layer writes straight into the result.
        std::array<std::array<S, max_width>, 2> scratch;
        output_array y;
        const S* in = x.data();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((propagate<K + 1>(in, K + 1 == depth ? y.data() : scratch[K % 2].data()), in = scratch[K % 2].data()),
             ...);
        }
        (std::make_index_sequence<depth>{});
        return y;
    }

    /// Misuse guard: an input of the wrong length or scalar type.
    template <class T, std::size_t M>
        requires(!std::is_same_v<std::array<T, M>, input_array>)
    constexpr output_array predict(const std::array<T, M>&) const noexcept {
        static_assert(M == input_size,
                      "ctmlp::network::predict: the input array's size differs from the network's input<N>");
        static_assert(std::is_same_v<T, S>,
                      "ctmlp::network::predict: the input array's element type differs from the network's "
                      "scalar type; convert it first");
        return {};
    }

    /// Misuse guard: a braced list of the wrong length, `predict({1, 2, 3})` or `predict({x0})`
    /// on a 2-input network. A braced list deduces this overload's `T[M]` (one type for all
    /// values) and is an exact match, better than input_array's aggregate initialisation; the
    /// right length is left to input_array. Without it a longer list ended in a page of
    /// std::array errors and a shorter one compiled, the missing inputs taken as 0. (A list
    /// mixing types, `{1, 2.0}`, deduces no T: the next overload takes it.)
    template <class T, std::size_t M>
        requires(M != input_size)
    constexpr output_array predict(const T (&)[M]) const noexcept {
        static_assert(M == input_size,
                      "ctmlp::network::predict: the braced list (or const array) has a different number of values "
                      "than the network's input<N>: give exactly N values (a missing input is not taken as 0)");
        return {};
    }
    /// Misuse guard: a braced list of the wrong length mixing types, `predict({1, 2.0})` on a
    /// 3-input network. Such a list deduces no `T` above, but `S[M]` (only M deduced) takes it by
    /// standard conversions, which beat input_array's aggregate initialisation (a user-defined
    /// conversion); without it the list compiled, the missing input taken as 0. A list of one
    /// type picks the exact match above, so that a narrowing element adds no second error.
    template <std::size_t M>
        requires(M != input_size)
    constexpr output_array predict(const S (&)[M]) const noexcept {
        static_assert(M == input_size,
                      "ctmlp::network::predict: the braced list (or const array) has a different number of values "
                      "than the network's input<N>: give exactly N values (a missing input is not taken as 0)");
        return {};
    }

    /// Misuse guard: an empty braced list, `predict({})`, which initialised input_array with every
    /// input 0. An initializer_list parameter takes `{}` by an identity conversion, better than
    /// input_array's aggregate initialisation; its element type is deduced from any non-empty
    /// list and then fails the constraint, so that such lists go to the overloads above.
    template <class T = detail::empty_braced_list>
        requires std::is_same_v<T, detail::empty_braced_list>
    constexpr output_array predict(std::initializer_list<T>) const noexcept {
        static_assert(!std::is_same_v<T, T>,
                      "ctmlp::network::predict: the braced list (or const array) has a different number of values "
                      "than the network's input<N>: give exactly N values (a missing input is not taken as 0)");
        return {};
    }

    /// Misuse guard: a C array, `float in[2]; net.predict(in)`.
    template <class T, std::size_t M>
    constexpr output_array predict(T (&)[M]) const noexcept {
        static_assert(!std::is_same_v<T, T>,
                      "ctmlp::network::predict takes the network's input_array (std::array<S, N>), not a C array: "
                      "pass std::to_array(your_array), or keep the input in a Net::input_array");
        return {};
    }

    /// Layer K's forward step: out = f(in · W + b), `in` of size sizes[K-1], `out` of sizes[K].
    /// Plain loops with compile-time bounds: the compiler unrolls what pays at -O2/-O3 and can
    /// keep them rolled at -Os (forced unrolling could not be undone there; see docs/design.md).
    /// For float and double the sum runs over inputs in order and the bias is added after it, as
    /// NumPy's `np.dot(x, W) + b` does. For a scalar with a wide accumulator (ctmlp::fixed, see
    /// accumulator.hpp) each neuron's sum, bias included, is exact and rounded once.
    /// `in` and `out` never overlap (CTMLP_RESTRICT).
    /// A layer-wise activation (softmax) sees the finished pre-activations and maps them in place.
    template <std::size_t K>
    constexpr void propagate(const S* CTMLP_RESTRICT in, S* CTMLP_RESTRICT out) const noexcept {
        using params = parameters_of<K>;
        using act = activation_of<K>;
        constexpr std::size_t n_out = params::outputs;
        if constexpr (WideAccumulator<S>) {
            wide_sum<K>(in, out);
            if constexpr (!Activation<act, S>)
                act::template apply_layer<n_out>(out);
            else
                for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(out[o]);
        } else {
            weighted_sum<K>(in, out);
            finish<K>(out);
        }
    }

    /// The outputs of a batch of inputs: `outputs[n] = predict(inputs[n])`, bit for bit, for the
    /// first min(inputs.size(), outputs.size()) samples; returns that count. No allocation. On a
    /// SIMD target the samples go through the layers four at a time, each block of weights loaded
    /// once for the four (see detail/kernels.hpp; benchmarks/ measures it against Eigen's matrix
    /// products). `outputs` may be the very storage of `inputs` (when both have the same size and
    /// type), but may not overlap it otherwise.
    constexpr std::size_t predict_batch(std::span<const input_array> inputs,
                                        std::span<output_array> outputs) const noexcept {
        const std::size_t n = inputs.size() < outputs.size() ? inputs.size() : outputs.size();
        std::size_t done = 0;
#if defined(__GNUC__) || defined(__clang__)
        if constexpr (detail::simd_kernels<S>) {
            if (!std::is_constant_evaluated()) {
                constexpr std::size_t group = 4;
                for (; done + group <= n; done += group) predict_group<group>(&inputs[done], &outputs[done]);
            }
        }
#endif
        for (; done < n; ++done) outputs[done] = predict(inputs[done]);
        return n;
    }

    /// Misuse guard: two std::arrays of different lengths, where half of a batch would be lost.
    template <std::size_t N, std::size_t M>
        requires(N != M)
    constexpr std::size_t predict_batch(const std::array<input_array, N>&,
                                        std::array<output_array, M>&) const noexcept {
        static_assert(N == M,
                      "ctmlp::network::predict_batch: the input and output arrays hold different numbers of samples; "
                      "give both the same length (or pass std::span views to predict a prefix)");
        return 0;
    }

    /// Layer K's pre-activations z = in · W + b (the logits, for the output layer), then its
    /// output f(z): what propagate<K> computes, with z kept. `z` and `out` must not overlap.
    /// The values are bit for bit those of propagate<K> (same operations in the same order).
    template <std::size_t K>
    constexpr void propagate_keeping(const S* CTMLP_RESTRICT in, S* CTMLP_RESTRICT z,
                                     S* CTMLP_RESTRICT out) const noexcept {
        using params = parameters_of<K>;
        using act = activation_of<K>;
        constexpr std::size_t n_out = params::outputs;
        if constexpr (WideAccumulator<S>) {
            wide_sum<K>(in, z);
        } else {
            const auto& p = layer<K>();
            weighted_sum<K>(in, z);
            if constexpr (params::has_bias) {
                CTMLP_UNROLL
                for (std::size_t o = 0; o < n_out; ++o) z[o] = z[o] + p.bias[o];
            }
        }
        if constexpr (!Activation<act, S>) {
            CTMLP_UNROLL
            for (std::size_t o = 0; o < n_out; ++o) out[o] = z[o];
            act::template apply_layer<n_out>(out);
        } else if constexpr (detail::vectorisable_activation<act>) {
            CTMLP_VECTORISE
            for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(z[o]);
        } else {
            CTMLP_UNROLL
            for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(z[o]);
        }
    }

private:
    // Layer K's bias and activation, in place, after weighted_sum<K> (float and double).
    // The bias is added in the activation loop: the same values with one loop fewer, which is
    // less flash at -Os and fewer constexpr steps.
    template <std::size_t K>
    constexpr void finish(S* CTMLP_RESTRICT out) const noexcept {
        using params = parameters_of<K>;
        using act = activation_of<K>;
        constexpr std::size_t n_out = params::outputs;
        const auto& p = layer<K>();
        if constexpr (!Activation<act, S>) {
            if constexpr (params::has_bias) {
                CTMLP_UNROLL
                for (std::size_t o = 0; o < n_out; ++o) out[o] = out[o] + p.bias[o];
            }
            act::template apply_layer<n_out>(out);
        } else if constexpr (detail::vectorisable_activation<act>) {
            if constexpr (params::has_bias) {
                CTMLP_VECTORISE
                for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(out[o] + p.bias[o]);
            } else {
                CTMLP_VECTORISE
                for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(out[o]);
            }
        } else if constexpr (params::has_bias) {
            CTMLP_UNROLL
            for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(out[o] + p.bias[o]);
        } else {
            CTMLP_UNROLL
            for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(out[o]);
        }
    }

#if defined(__GNUC__) || defined(__clang__)
    // G samples through every layer, weighted sums of the G at once (detail::weighted_sums), then
    // each sample's bias and activation: per sample the operations of predict(), in its order.
    template <std::size_t G>
    void predict_group(const input_array* x, output_array* y) const noexcept {
        std::array<std::array<S, max_width>, 2> scratch[G];  // written before read, as in predict()
        const S* in[G];
        S* out[G];
        for (std::size_t g = 0; g < G; ++g) in[g] = x[g].data();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (
                [&] {
                    // The last layer writes the outputs, which may be the inputs' own storage:
                    // with one layer, the sums go to scratch first (a later block of columns
                    // still reads every input).
                    for (std::size_t g = 0; g < G; ++g)
                        out[g] = K + 1 == depth && depth > 1 ? y[g].data() : scratch[g][K % 2].data();
                    detail::weighted_sums<sizes[K], sizes[K + 1], G>(layer<K + 1>().weights.data(), in, out);
                    for (std::size_t g = 0; g < G; ++g) {
                        finish<K + 1>(out[g]);
                        in[g] = out[g];
                    }
                }(),
                ...);
        }
        (std::make_index_sequence<depth>{});
        if constexpr (depth == 1)
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t o = 0; o < output_size; ++o) y[g][o] = scratch[g][0][o];
    }
#endif

    // Each dense_parameters built from the tag (Boost.Hana's element-wise constructor). The
    // constructors' tag parameters have no name: a class template's parameter that shadows a
    // user's global (say `tag`) is reported by g++ -Wshadow at instantiation.
    template <std::size_t... K>
    constexpr network(detail::uninitialized_t, std::index_sequence<K...>) noexcept
        : layers(((void)K, detail::uninitialized)...) {}

    // out = in · W (no bias): the sum runs over inputs in order, starting from the first product
    // rather than from 0 (0 + x·w == x·w, one loop fewer).
    // At run time on a SIMD target the sums of a block of outputs stay in vector registers
    // (detail/kernels.hpp): the same operations, lane by lane, so the same values.
    template <std::size_t K>
    constexpr void weighted_sum(const S* CTMLP_RESTRICT in, S* CTMLP_RESTRICT out) const noexcept {
        using params = parameters_of<K>;
        constexpr std::size_t n_in = params::inputs;
        constexpr std::size_t n_out = params::outputs;
        const S* w = layer<K>().weights.data();
#if defined(__GNUC__) || defined(__clang__)
        if constexpr (detail::simd_kernels<S>) {
            if (!std::is_constant_evaluated()) {
                const S* ins[1] = {in};
                S* outs[1] = {out};
                detail::weighted_sums<n_in, n_out, 1>(w, ins, outs);
                return;
            }
        }
#endif
        const S x0 = in[0];
        CTMLP_UNROLL
        for (std::size_t o = 0; o < n_out; ++o) out[o] = x0 * w[o];
        CTMLP_UNROLL
        for (std::size_t i = 1; i < n_in; ++i) {
            const S xi = in[i];
            const S* row = w + i * n_out;
            CTMLP_UNROLL
            for (std::size_t o = 0; o < n_out; ++o) out[o] = out[o] + xi * row[o];
        }
    }

    // z = in · W + b through the scalar's wide accumulator: one accumulator per neuron, started
    // from the bias, every product added exactly, one rounding and saturation at the end. The
    // loop runs neuron by neuron (a column of W, stride n_out) so that the accumulator stays in
    // registers; an array of accumulators filled input by input (the float loop's order) made
    // fixed_xor_infer_min 108 B larger on a Cortex-M0 and 68 B on an M4 (GCC 12.2 -Os), and a
    // core without a cache loses nothing to the stride.
    template <std::size_t K>
    constexpr void wide_sum(const S* CTMLP_RESTRICT in, S* CTMLP_RESTRICT z) const noexcept {
        using params = parameters_of<K>;
        using acc = accumulator_traits<S>;
        constexpr std::size_t n_in = params::inputs;
        constexpr std::size_t n_out = params::outputs;
        const auto& p = layer<K>();
        for (std::size_t o = 0; o < n_out; ++o) {
            typename acc::type sum = [&] {
                if constexpr (params::has_bias)
                    return acc::start(p.bias[o]);
                else
                    return acc::start();
            }();
            for (std::size_t i = 0; i < n_in; ++i) acc::add(sum, in[i], p.weights[i * n_out + o]);
            z[o] = acc::finish(sum);
        }
    }

public:
    friend constexpr bool operator==(const network& a, const network& b) noexcept {
        bool same = true;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((same = same && a.template layer<K + 1>() == b.template layer<K + 1>()), ...);
        }
        (std::make_index_sequence<depth>{});
        return same;
    }
};

namespace detail {
template <class T>
inline constexpr bool is_network = false;
template <class S, class I, class... L>
inline constexpr bool is_network<network<S, I, L...>> = true;
}  // namespace detail

/// Any `ctmlp::network<...>`.
template <class T>
concept Network = detail::is_network<std::remove_cvref_t<T>>;

}  // namespace ctmlp

#endif
