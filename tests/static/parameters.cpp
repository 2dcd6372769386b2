// Parameters in and out: the flat order of include/ctmlp/parameters.hpp, per-layer nested arrays in
// both named layouts, and the indexed layer visit, all in constant evaluation. Compiling is passing.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/parameters.hpp>

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

}  // namespace parameters_test
