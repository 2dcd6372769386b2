// Parameters in and out: the flat order of include/ctmlp/parameters.hpp, per-layer nested arrays in
// both named layouts, the indexed layer visit, signatures, and save -> load round trips of the
// binary format, all in constant evaluation. Compiling is passing.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/parameters.hpp>
#include <ctmlp/serialize.hpp>
#include <ctmlp/signature.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace parameters_test {

using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>,
                             ctmlp::dense<2, ctmlp::identity, ctmlp::no_bias>, ctmlp::dense<1, ctmlp::sigmoid>>;
static_assert(net_t::parameter_count == 2 * 3 + 3 + 3 * 2 + 2 * 1 + 1);

// 0, 1, 2, ... in the flat order.
constexpr auto iota = [] {
    std::array<float, net_t::parameter_count> a{};
    for (std::size_t n = 0; n < a.size(); ++n) a[n] = static_cast<float>(n);
    return a;
}();
constexpr net_t net = ctmlp::from_parameters<net_t>(iota);

// Layer 1: W[in][out] input-major, then the bias.
static_assert(net.layer<1>().weight(0, 0) == 0.f && net.layer<1>().weight(0, 2) == 2.f);
static_assert(net.layer<1>().weight(1, 0) == 3.f && net.layer<1>().weight(1, 2) == 5.f);
static_assert(net.layer<1>().bias == std::array<float, 3>{6.f, 7.f, 8.f});
// Layer 2 (no bias) starts right after, layer 3 after its 6 weights.
static_assert(net.layer<2>().weight(0, 0) == 9.f && net.layer<2>().weight(0, 1) == 10.f);
static_assert(net.layer<2>().weight(2, 1) == 14.f);
static_assert(net.layer<3>().weight(0, 0) == 15.f && net.layer<3>().weight(1, 0) == 16.f);
static_assert(net.layer<3>().bias[0] == 17.f);
// And back.
static_assert(ctmlp::to_parameters(net) == iota);

// The same network from nested arrays, once as [in][out] and once as [out][in].
constexpr net_t from_in_out = ctmlp::from_layers<net_t>(
    ctmlp::layer_in_out{std::array<std::array<float, 3>, 2>{{{0.f, 1.f, 2.f}, {3.f, 4.f, 5.f}}},
                        std::array<float, 3>{6.f, 7.f, 8.f}},
    ctmlp::layer_in_out{std::array<std::array<float, 2>, 3>{{{9.f, 10.f}, {11.f, 12.f}, {13.f, 14.f}}}},
    ctmlp::layer_in_out{std::array<std::array<float, 1>, 2>{{{15.f}, {16.f}}}, std::array<float, 1>{17.f}});
static_assert(from_in_out == net);

constexpr net_t from_out_in = ctmlp::from_layers<net_t>(
    ctmlp::layer_out_in{std::array<std::array<float, 2>, 3>{{{0.f, 3.f}, {1.f, 4.f}, {2.f, 5.f}}},
                        std::array<float, 3>{6.f, 7.f, 8.f}},
    ctmlp::layer_out_in{std::array<std::array<float, 3>, 2>{{{9.f, 11.f, 13.f}, {10.f, 12.f, 14.f}}}},
    // the layouts may be mixed
    ctmlp::layer_in_out{std::array<std::array<float, 1>, 2>{{{15.f}, {16.f}}}, std::array<float, 1>{17.f}});
static_assert(from_out_in == net);

// for_each_layer: 1-based integral_constant indices, in order, const and mutable.
constexpr std::size_t index_sum = [] {
    std::size_t weighted = 0, position = 1;
    ctmlp::for_each_layer(net, [&](auto index, const auto& p) {
        static_assert(std::is_same_v<decltype(index), std::integral_constant<std::size_t, decltype(index)::value>>);
        static_assert(std::remove_cvref_t<decltype(p)>::outputs == net_t::sizes[decltype(index)::value]);
        weighted += position++ * decltype(index)::value;  // 1*1 + 2*2 + 3*3 only in order
    });
    return weighted;
}();
static_assert(index_sum == 14);
constexpr net_t doubled = [] {
    net_t n = net;
    ctmlp::for_each_layer(n, [](auto, auto& p) {
        for (auto& w : p.weights) w = w * 2.f;
    });
    return n;
}();
static_assert(doubled.layer<3>().weight(1, 0) == 32.f && doubled.layer<3>().bias[0] == 17.f);

// ---------------------------------------------------------------------------------------------
// Signatures.
constexpr auto sig = ctmlp::signature_of<net_t>;
static_assert(sig.scalar == ctmlp::scalar_signature{ctmlp::scalar_kind::ieee754, 4, 0});
static_assert(sig.input_size == 2 && sig.depth == 3 && sig.parameter_count == net_t::parameter_count);
static_assert(sig.layers[0] == ctmlp::layer_signature{3, ctmlp::activation_code::relu, true, 0, 0});
static_assert(sig.layers[1] == ctmlp::layer_signature{2, ctmlp::activation_code::identity, false, 0, 0});
static_assert(sig.layers[2] == ctmlp::layer_signature{1, ctmlp::activation_code::sigmoid, true, 0, 0});

using leaky_t = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                               ctmlp::dense<2, ctmlp::tanh, ctmlp::no_bias>>;
static_assert(ctmlp::signature_of<leaky_t>.scalar == ctmlp::scalar_signature{ctmlp::scalar_kind::ieee754, 8, 0});
static_assert(ctmlp::signature_of<leaky_t>.layers[0] ==
              ctmlp::layer_signature{4, ctmlp::activation_code::leaky_relu, true, 1, 20});
using q_t = ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
static_assert(ctmlp::signature_of<q_t>.scalar == ctmlp::scalar_signature{ctmlp::scalar_kind::fixed_point, 2, 8});
static_assert(
    ctmlp::signature_of<ctmlp::network<ctmlp::fixed<3, 4>, ctmlp::input<1>, ctmlp::dense<1, ctmlp::relu>>>.scalar ==
    ctmlp::scalar_signature{ctmlp::scalar_kind::fixed_point, 1, 4});

using softmax_t = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<2, ctmlp::softmax>>;
static_assert(ctmlp::signature_of<softmax_t>.layers[1] ==
              ctmlp::layer_signature{2, ctmlp::activation_code::softmax, true, 0, 0});

// Equal signatures for equal types only; any difference in a layer shows.
static_assert(ctmlp::signature_of<net_t> == ctmlp::signature_of<net_t>);
static_assert(ctmlp::signature_of<net_t> != ctmlp::signature_of<leaky_t>);  // other depth
using other_slope_t = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 10>>,
                                     ctmlp::dense<2, ctmlp::tanh, ctmlp::no_bias>>;
using other_bias_t =
    ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>, ctmlp::dense<2, ctmlp::tanh>>;
using other_float_t = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                     ctmlp::dense<2, ctmlp::tanh, ctmlp::no_bias>>;
static_assert(ctmlp::signature_of<leaky_t> != ctmlp::signature_of<other_slope_t>);
static_assert(ctmlp::signature_of<leaky_t> != ctmlp::signature_of<other_bias_t>);
static_assert(ctmlp::signature_of<leaky_t> != ctmlp::signature_of<other_float_t>);

// What has a signature.
struct my_activation {
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x;
    }
};
static_assert(ctmlp::Serializable<net_t> && ctmlp::Serializable<leaky_t> && ctmlp::Serializable<q_t>);
static_assert(!ctmlp::Serializable<ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, my_activation>>>);
static_assert(!ctmlp::Serializable<int>);

// ---------------------------------------------------------------------------------------------
// The binary format in constant evaluation.
static_assert(ctmlp::detail::crc32(std::array<std::byte, 9>{
                  std::byte{'1'}, std::byte{'2'}, std::byte{'3'}, std::byte{'4'}, std::byte{'5'}, std::byte{'6'},
                  std::byte{'7'}, std::byte{'8'}, std::byte{'9'}}) == 0xCBF43926u);
static_assert(ctmlp::serialized_size<net_t> == 20 + 16 * 3 + 4 + 4 * 18 + 4);
static_assert(ctmlp::serialized_size<q_t> == 20 + 16 * 2 + 4 + 2 * 9 + 4);

template <class Net>
constexpr Net loaded(const auto& bytes) {
    Net n{};
    return ctmlp::load(n, bytes) ? n : Net{};
}
constexpr auto net_bytes = ctmlp::save(net);
static_assert(loaded<net_t>(net_bytes) == net);
static_assert(ctmlp::save(loaded<net_t>(net_bytes)) == net_bytes);
static_assert(ctmlp::read_signature(net_bytes).result.ok() && ctmlp::read_signature(net_bytes).layer_count == 3 &&
              ctmlp::read_signature(net_bytes).layer(3) == sig.layers[2]);

constexpr leaky_t leaky = [] {
    std::array<double, leaky_t::parameter_count> a{};
    for (std::size_t n = 0; n < a.size(); ++n) a[n] = (static_cast<double>(n) - 11.0) / 7.0;
    return ctmlp::from_parameters<leaky_t>(a);
}();
static_assert(loaded<leaky_t>(ctmlp::save(leaky)) == leaky && !(leaky == leaky_t{}));

constexpr q_t quantized = ctmlp::quantize<q_t>(
    ctmlp::from_parameters<
        ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>>(
        std::array<double, 9>{1.5, -2.25, 0.5, 3.0, -0.125, 0.75, 2.0, -1.0, 0.25}));
static_assert(loaded<q_t>(ctmlp::save(quantized)) == quantized && !(quantized == q_t{}));

constexpr softmax_t soft = [] {
    std::array<float, softmax_t::parameter_count> a{};
    for (std::size_t n = 0; n < a.size(); ++n) a[n] = static_cast<float>(n % 5) * 0.25f - 0.5f;
    return ctmlp::from_parameters<softmax_t>(a);
}();
static_assert(loaded<softmax_t>(ctmlp::save(soft)) == soft && !(soft == softmax_t{}));

// A failed load leaves the network as it was; the wrong type is told apart from corruption.
static_assert([] {
    leaky_t n = leaky;
    const auto r = ctmlp::load(n, net_bytes);
    return r.status == ctmlp::load_status::scalar_mismatch && r.field == ctmlp::format_field::scalar_size &&
           r.expected == 8 && r.found == 4 && n == leaky;
}());
static_assert([] {
    auto bytes = net_bytes;
    bytes[40] ^= std::byte{0x10};
    net_t n = net;
    return ctmlp::load(n, bytes).status == ctmlp::load_status::bad_crc && n == net;
}());

}  // namespace parameters_test
