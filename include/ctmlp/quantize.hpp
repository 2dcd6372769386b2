// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_QUANTIZE_HPP
#define CTMLP_QUANTIZE_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <ctmlp/fixed_point.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/scalar.hpp>

/// Quantisation: a network of another scalar type (usually ctmlp::fixed) with the parameters of a
/// float network, checked parameter by parameter, and the worst-case output error it costs.
///
///     constexpr auto fixed_net = ctmlp::quantize<fixed_net_t>(float_net);   // compile time
///     static_assert(ctmlp::max_output_error(float_net, fixed_net, inputs) <= 0.01);
///
///     const auto r = ctmlp::quantize_checked<fixed_net_t>(float_net);        // run time
///     if (!r.ok()) report(r.status, r.layer, r.index);
///
/// A parameter that does not fit is never clamped silently (it used to be: 200 became 127.996 in
/// Q7.8, NaN became 0). In constant evaluation `quantize` stops compilation at the first one, and
/// the compiler says which (weights[3] of layer 2 out of range, measured with g++ 12.2 and
/// clang 14.0.6; tests/compile_fail/quantize_*.cpp pin them):
///
///   - g++: "error: array subscript value '4' is outside the bounds of array
///     'ctmlp::detail::weight_out_of_range_in_layer<2>'": the array names the failure
///     (weight_/bias_ + out_of_range/not_finite), its template argument the layer, and the
///     subscript is the index + 1 (g++ prints no argument values of the calls that led there, so
///     the index travels as a subscript, and a subscript of 0 would not be out of bounds);
///   - clang: "note: in call to 'quantize_weight_out_of_range(2, 3)'": layer, then index.
///
/// The layer counts dense layers from 1 (`net.layer<K>()`), the index is the position in that
/// layer's `weights` (input-major, i · outputs + o) or `bias` array.
namespace ctmlp {

/// What quantize_checked found: the first parameter that does not fit, and why.
enum class quantize_status : std::uint8_t {
    ok = 0,
    weight_out_of_range,  ///< finite, but outside the target scalar's range (after rounding)
    bias_out_of_range,
    weight_not_finite,  ///< NaN or ±∞
    bias_not_finite,
};

/// The result of quantize_checked: the network and the first parameter that did not fit.
template <class Net>
struct quantize_result {
    /// The quantised network when ok(); all zeros otherwise, so that a forgotten check cannot
    /// pass clamped weights off as the real ones.
    Net network{};
    quantize_status status = quantize_status::ok;
    /// The first parameter that did not fit: layer (1-based, as net.layer<K>()) and index in
    /// that layer's weights (status weight_*) or bias (status bias_*); 0 and 0 when ok().
    std::size_t layer = 0;
    std::size_t index = 0;

    constexpr bool ok() const noexcept { return status == quantize_status::ok; }
};

namespace detail {
// Whether `value` (already known finite) can be stored in S without leaving its range: for
// ctmlp::fixed, it must round into [lowest, max]; for a floating-point type, |value| ≤ max
// (beyond, the conversion would give ±∞); any other scalar only needs a finite value.
template <class S>
constexpr bool quantize_fits(double value) noexcept {
    if constexpr (is_fixed<S>) {
        return S::representable(value);
    } else if constexpr (std::is_floating_point_v<S>) {
        constexpr auto top = static_cast<double>(std::numeric_limits<S>::max());
        return value >= -top && value <= top;
    } else {
        return true;
    }
}

// Converts one block of parameters; the index of the first that does not fit, or `size`.
template <class To, class From, std::size_t N>
constexpr std::size_t quantize_block(std::array<To, N>& to, const std::array<From, N>& from,
                                     bool& not_finite) noexcept {
    for (std::size_t n = 0; n < N; ++n) {
        if (!is_finite(from[n])) {
            not_finite = true;
            return n;
        }
        const auto value = static_cast<double>(from[n]);
        if (!quantize_fits<To>(value)) return n;
        to[n] = To(value);
    }
    return N;
}

// The failure report of ctmlp::quantize in constant evaluation: a read past the end of an array
// whose name says what failed, whose template argument is the layer, and whose subscript is the
// parameter's index + 1 (g++ prints the array and the subscript), inside a function whose
// arguments are the layer and the index (clang prints the call with its values). See the top of
// this file. At run time the read would be undefined behaviour: the program stops instead
// (__builtin_trap), as a failed assertion would; a debugger's backtrace shows layer and index.
template <std::size_t Layer>
inline constexpr bool weight_out_of_range_in_layer[1] = {false};
template <std::size_t Layer>
inline constexpr bool bias_out_of_range_in_layer[1] = {false};
template <std::size_t Layer>
inline constexpr bool weight_not_finite_in_layer[1] = {false};
template <std::size_t Layer>
inline constexpr bool bias_not_finite_in_layer[1] = {false};

template <std::size_t Layer>
constexpr bool quantize_weight_out_of_range(std::size_t layer, std::size_t index) noexcept {
    if (!std::is_constant_evaluated()) __builtin_trap();
    return weight_out_of_range_in_layer<Layer>[index + 1] && layer == Layer;
}
template <std::size_t Layer>
constexpr bool quantize_bias_out_of_range(std::size_t layer, std::size_t index) noexcept {
    if (!std::is_constant_evaluated()) __builtin_trap();
    return bias_out_of_range_in_layer<Layer>[index + 1] && layer == Layer;
}
template <std::size_t Layer>
constexpr bool quantize_weight_not_finite(std::size_t layer, std::size_t index) noexcept {
    if (!std::is_constant_evaluated()) __builtin_trap();
    return weight_not_finite_in_layer<Layer>[index + 1] && layer == Layer;
}
template <std::size_t Layer>
constexpr bool quantize_bias_not_finite(std::size_t layer, std::size_t index) noexcept {
    if (!std::is_constant_evaluated()) __builtin_trap();
    return bias_not_finite_in_layer<Layer>[index + 1] && layer == Layer;
}

template <std::size_t Layer>
constexpr void quantize_failed(quantize_status status, std::size_t index) noexcept {
    switch (status) {
        case quantize_status::weight_out_of_range:
            (void)quantize_weight_out_of_range<Layer>(Layer, index);
            break;
        case quantize_status::bias_out_of_range:
            (void)quantize_bias_out_of_range<Layer>(Layer, index);
            break;
        case quantize_status::weight_not_finite:
            (void)quantize_weight_not_finite<Layer>(Layer, index);
            break;
        case quantize_status::bias_not_finite:
            (void)quantize_bias_not_finite<Layer>(Layer, index);
            break;
        case quantize_status::ok:
            break;
    }
}
}  // namespace detail

namespace detail {
// quantize_checked's work, for networks of the same layer sizes.
template <class To, class From>
constexpr quantize_result<To> quantize_layers(const From& from) noexcept {
    quantize_result<To> result;
    // The lambda's variables have names a user's global is unlikely to have (g++ -Wshadow reports
    // them at instantiation otherwise; see fixed's constructor).
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (void)([&] {
            auto& to_layer = result.network.template layer<K + 1>();
            const auto& from_layer = from.template layer<K + 1>();
            using to_params = std::remove_cvref_t<decltype(to_layer)>;
            static_assert(to_params::has_bias == std::remove_cvref_t<decltype(from_layer)>::has_bias,
                          "ctmlp::quantize<To>(from): a layer has a bias in one network and none in the other");
            bool found_not_finite = false;
            std::size_t first_misfit = detail::quantize_block(to_layer.weights, from_layer.weights, found_not_finite);
            if (first_misfit != to_layer.weights.size()) {
                result.status =
                    found_not_finite ? quantize_status::weight_not_finite : quantize_status::weight_out_of_range;
            } else if constexpr (to_params::has_bias) {
                first_misfit = detail::quantize_block(to_layer.bias, from_layer.bias, found_not_finite);
                if (first_misfit != to_layer.bias.size())
                    result.status =
                        found_not_finite ? quantize_status::bias_not_finite : quantize_status::bias_out_of_range;
            }
            if (result.status == quantize_status::ok) return true;
            result.layer = K + 1;
            result.index = first_misfit;
            return false;
        }() && ...);
    }
    (std::make_index_sequence<To::depth>{});
    if (!result.ok()) result.network = To{};
    return result;
}
}  // namespace detail

/// A network of type `To` with the parameters of `from` converted one by one (for ctmlp::fixed:
/// rounded to nearest), checked: the first parameter that is NaN or ±∞, or outside `To::scalar`'s
/// range, is reported in the result (layer, index, status) and the network is left all zeros.
/// The networks must have the same layer sizes and biases; the activations may differ.
template <Network To, Network From>
constexpr quantize_result<To> quantize_checked(const From& from) noexcept {
    constexpr bool same_sizes = To::depth == From::depth && To::sizes == From::sizes;
    static_assert(same_sizes, "ctmlp::quantize<To>(from): the networks must have the same layer sizes");
    if constexpr (same_sizes)
        return detail::quantize_layers<To>(from);
    else
        return quantize_result<To>{};  // the static_assert alone, without a cascade of errors
}

/// A network of type `To` with the parameters of `from` converted one by one, for the common
/// case of a network known to the compiler: `constexpr auto q = ctmlp::quantize<Q>(float_net);`.
/// A parameter that is NaN, ±∞ or outside `To::scalar`'s range is a compile error whose notes
/// name its layer and index (see the top of this file). Called at run time on such a network it
/// stops the program (__builtin_trap): there, use quantize_checked, which returns a status.
template <Network To, Network From>
constexpr To quantize(const From& from) noexcept {
    const quantize_result<To> result = quantize_checked<To>(from);
    if (!result.ok()) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((result.layer == K + 1 ? detail::quantize_failed<K + 1>(result.status, result.index) : void()), ...);
        }
        (std::make_index_sequence<To::depth>{});
    }
    return result.network;
}

namespace detail {
// max_output_error's work, for networks of the same input and output sizes.
template <class Reference, class Quantized, class Inputs>
constexpr double max_output_error_of(const Reference& reference, const Quantized& quantized,
                                     const Inputs& inputs) noexcept {
    using QS = typename Quantized::scalar;
    double worst = 0.0;
    for (const auto& sample : inputs) {
        typename Quantized::input_array converted;
        for (std::size_t i = 0; i < Reference::input_size; ++i) converted[i] = QS(static_cast<double>(sample[i]));
        const auto expected = reference.predict(sample);
        const auto got = quantized.predict(converted);
        for (std::size_t o = 0; o < Reference::output_size; ++o) {
            const double d = static_cast<double>(got[o]) - static_cast<double>(expected[o]);
            if (is_nan(d)) return d;
            const double magnitude = d < 0 ? -d : d;
            if (magnitude > worst) worst = magnitude;
        }
    }
    return worst;
}
}  // namespace detail

/// The worst-case output error of a quantised network on a given input set: the largest
/// |quantized.predict(x') − reference.predict(x)| over every output and every x in `inputs`, with
/// x' = x converted to the quantised network's scalar (rounded, saturated: the error includes the
/// inputs' quantisation). `inputs` is any range of `Reference::input_array` (std::array of them,
/// std::span, ...). A NaN reference output makes the result NaN, so that `static_assert(error <=
/// bound)` fails instead of passing. `constexpr`: `static_assert(ctmlp::max_output_error(f, q,
/// xs) <= 0.01);`.
template <Network Reference, Network Quantized, class Inputs>
constexpr double max_output_error(const Reference& reference, const Quantized& quantized,
                                  const Inputs& inputs) noexcept {
    constexpr bool same_sizes =
        Reference::input_size == Quantized::input_size && Reference::output_size == Quantized::output_size;
    static_assert(same_sizes,
                  "ctmlp::max_output_error(reference, quantized, inputs): the networks must have the "
                  "same input and output sizes");
    if constexpr (same_sizes)
        return detail::max_output_error_of(reference, quantized, inputs);
    else
        return 0.0;  // the static_assert alone, without a cascade of errors
}

}  // namespace ctmlp

#endif
