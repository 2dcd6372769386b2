// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_SIGNATURE_HPP
#define CTMLP_SIGNATURE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <ctmlp/activation.hpp>
#include <ctmlp/fixed_point.hpp>
#include <ctmlp/network.hpp>

/// A network's signature: everything about its type that a saved file must agree with (scalar,
/// input size, each layer's units, activation, bias), as a compile-time value with the codes of the
/// binary format (docs/serialization.md). Two networks with equal signatures have the same
/// parameter layout and compute the same function of the same parameters.
namespace ctmlp {

/// How a scalar is encoded (the format's scalar-kind byte).
enum class scalar_kind : std::uint8_t {
    ieee754 = 1,      ///< IEEE-754 binary floating point (float: 4 bytes, double: 8)
    fixed_point = 2,  ///< ctmlp::fixed<I, F>: the two's-complement raw value, F fraction bits
};

// g++ -Wshadow takes the scoped enumerators below for shadows of the aliases ctmlp::sigmoid, tanh
// and softmax (activation.hpp); scoped enumerators shadow nothing (activation_code::sigmoid).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
/// The format's activation codes.
enum class activation_code : std::uint8_t {
    identity = 0,
    relu = 1,
    leaky_relu = 2,  ///< with its slope as numerator/denominator
    sigmoid = 3,
    tanh = 4,
    softmax = 5,
};
#pragma GCC diagnostic pop

/// A scalar type as the format describes it.
struct scalar_signature {
    scalar_kind kind{};
    /// Bytes per value.
    std::uint8_t size = 0;
    /// Fraction bits of a fixed-point type; 0 for floating point.
    std::uint8_t fraction_bits = 0;
    friend constexpr bool operator==(const scalar_signature&, const scalar_signature&) = default;
};

/// One dense layer as the format describes it.
struct layer_signature {
    std::uint32_t units = 0;
    activation_code activation{};
    bool has_bias = false;
    /// leaky_relu's slope Num/Den as written in the type (not reduced); 0, 0 for other activations.
    std::uint32_t numerator = 0;
    std::uint32_t denominator = 0;
    friend constexpr bool operator==(const layer_signature&, const layer_signature&) = default;
};

/// A network's signature; `Depth` dense layers. Compare with `==` (signatures of different depths
/// compare unequal).
template <std::size_t Depth>
struct network_signature {
    scalar_signature scalar{};
    std::uint32_t input_size = 0;
    std::array<layer_signature, Depth> layers{};
    /// Parameters implied by the above (inputs*units + units-if-bias, summed over the layers).
    std::uint64_t parameter_count = 0;
    static constexpr std::size_t depth = Depth;
    friend constexpr bool operator==(const network_signature&, const network_signature&) = default;
};
/// Signatures of networks of different depths differ.
template <std::size_t A, std::size_t B>
    requires(A != B)
constexpr bool operator==(const network_signature<A>&, const network_signature<B>&) noexcept { return false; }

// ---------------------------------------------------------------------------------------------
// Which scalar types and activations have a code. Deliberately closed: the format must mean the
// same thing to every reader, so a new activation needs a new code here, in the Python writer and
// in docs/serialization.md, not a user specialisation.

/// The format description of scalar type `S`, when it has one (`known`).
template <class S>
struct scalar_format {
    static constexpr bool known = false;
};
template <>
struct scalar_format<float> {
    static constexpr bool known = std::numeric_limits<float>::is_iec559 && sizeof(float) == 4;
    static constexpr scalar_signature value{scalar_kind::ieee754, 4, 0};
};
template <>
struct scalar_format<double> {
    static constexpr bool known = std::numeric_limits<double>::is_iec559 && sizeof(double) == 8;
    static constexpr scalar_signature value{scalar_kind::ieee754, 8, 0};
};
template <int I, int F>
struct scalar_format<fixed<I, F>> {
    static constexpr bool known = true;
    static constexpr scalar_signature value{scalar_kind::fixed_point,
                                            static_cast<std::uint8_t>(sizeof(typename fixed<I, F>::storage)),
                                            static_cast<std::uint8_t>(F)};
};

/// The format code of activation `A`, when it has one (`known`).
template <class A>
struct activation_format {
    static constexpr bool known = false;
};
template <>
struct activation_format<identity> {
    static constexpr bool known = true;
    static constexpr activation_code code = activation_code::identity;
    static constexpr std::uint32_t numerator = 0, denominator = 0;
};
template <>
struct activation_format<relu> {
    static constexpr bool known = true;
    static constexpr activation_code code = activation_code::relu;
    static constexpr std::uint32_t numerator = 0, denominator = 0;
};
template <std::intmax_t Num, std::intmax_t Den>
struct activation_format<leaky_relu<Num, Den>> {
    // leaky_relu itself asserts 0 < Num < Den; the format stores them as u32.
    static constexpr bool known = Den <= std::intmax_t{0xFFFFFFFF};
    static constexpr activation_code code = activation_code::leaky_relu;
    static constexpr std::uint32_t numerator = static_cast<std::uint32_t>(Num);
    static constexpr std::uint32_t denominator = static_cast<std::uint32_t>(Den);
};
template <class Math>  // every math policy: the same function, the same code
struct activation_format<basic_sigmoid<Math>> {
    static constexpr bool known = true;
    static constexpr activation_code code = activation_code::sigmoid;
    static constexpr std::uint32_t numerator = 0, denominator = 0;
};
template <class Math>  // every math policy: the same function, the same code
struct activation_format<basic_tanh<Math>> {
    static constexpr bool known = true;
    static constexpr activation_code code = activation_code::tanh;
    static constexpr std::uint32_t numerator = 0, denominator = 0;
};
template <class Math>  // every math policy: the same function, the same code
struct activation_format<basic_softmax<Math>> {
    static constexpr bool known = true;
    static constexpr activation_code code = activation_code::softmax;
    static constexpr std::uint32_t numerator = 0, denominator = 0;
};

namespace detail {
template <class Net, std::size_t... K>
constexpr bool all_activations_known(std::index_sequence<K...>) {
    return (activation_format<typename Net::template activation_of<K + 1>>::known && ...);
}
}  // namespace detail

/// True when `Net` has a signature: its scalar and every activation have a format code, and every
/// size fits the format's 32-bit fields.
template <class Net>
concept Serializable =
    Network<Net> && scalar_format<typename std::remove_cvref_t<Net>::scalar>::known &&
        detail::all_activations_known<std::remove_cvref_t<Net>>(
            std::make_index_sequence<std::remove_cvref_t<Net>::depth>{}) && std::remove_cvref_t<Net>::max_width
        <= 0xFFFFFFFFu &&
    std::remove_cvref_t<Net>::parameter_count <= 0xFFFFFFFFu;

namespace detail {
// One class per check, so that the failing one's instantiation trace names the type (and layer K).
template <class S>
struct scalar_has_format {
    static_assert(scalar_format<S>::known,
                  "ctmlp::signature_of<Net> (save/load): the network's scalar type S (see scalar_has_format<S> "
                  "in the trace) has no code in ctmlp's binary format; only float, double (IEEE-754) and "
                  "ctmlp::fixed<I, F> can be saved and loaded");
    static constexpr bool value = scalar_format<S>::known;
};
template <std::size_t K, class A>
struct activation_has_format {
    static_assert(activation_format<A>::known,
                  "ctmlp::signature_of<Net> (save/load): the activation A of layer K (see "
                  "activation_has_format<K, A> in the trace) has no code in ctmlp's binary format; only "
                  "identity, relu, leaky_relu<Num, Den> (Den < 2^32), sigmoid, tanh and softmax can be saved "
                  "and loaded");
    static constexpr bool value = activation_format<A>::known;
};

template <class Net>
constexpr network_signature<Net::depth> make_signature() noexcept {
    network_signature<Net::depth> s{};
    s.scalar = scalar_format<typename Net::scalar>::value;
    s.input_size = static_cast<std::uint32_t>(Net::input_size);
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((s.layers[K] =
              layer_signature{
                  static_cast<std::uint32_t>(Net::sizes[K + 1]),
                  activation_format<typename Net::template activation_of<K + 1>>::code,
                  Net::template parameters_of<K + 1>::has_bias,
                  activation_format<typename Net::template activation_of<K + 1>>::numerator,
                  activation_format<typename Net::template activation_of<K + 1>>::denominator,
              }),
         ...);
    }
    (std::make_index_sequence<Net::depth>{});
    s.parameter_count = Net::parameter_count;
    return s;
}

template <class Net>
struct signature_checked {
    static constexpr bool scalar_ok = scalar_has_format<typename Net::scalar>::value;
    static constexpr bool activations_ok = []<std::size_t... K>(std::index_sequence<K...>) {
        return (activation_has_format<K + 1, typename Net::template activation_of<K + 1>>::value && ...);
    }
    (std::make_index_sequence<Net::depth>{});
    static_assert(Net::max_width <= 0xFFFFFFFFu && Net::parameter_count <= 0xFFFFFFFFu,
                  "ctmlp::signature_of<Net>: a layer size or the parameter count exceeds the format's 32-bit "
                  "fields");
    static constexpr bool ok = scalar_ok && activations_ok && Serializable<Net>;
};
}  // namespace detail

/// The signature of network type `Net`. A compile error names the scalar type or the layer and
/// activation that have no format code.
template <Network Net>
inline constexpr network_signature<Net::depth> signature_of = [] {
    if constexpr (detail::signature_checked<Net>::ok)
        return detail::make_signature<Net>();
    else
        return network_signature<Net::depth>{};
}();

}  // namespace ctmlp

#endif
