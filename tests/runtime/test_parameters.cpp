// Parameters in and out at run time: the flat order against the layer accessors, a round trip,
// and a network built from torch-style [out][in] matrices that must compute y = W x + b exactly
// as PyTorch writes it (the transpose that a converter can silently get wrong).
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/parameters.hpp>

#include <array>
#include <cstddef>

#include "catch.hpp"

namespace {

using net_t = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::tanh>,
                             ctmlp::dense<2, ctmlp::identity, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::sigmoid>>;

template <class Net>
Net random_network(std::uint64_t seed) {
    ctmlp::splitmix64 gen(seed);
    return ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1.0, 1.0});
}

}  // namespace

TEST_CASE("to_parameters lists each layer's W[in][out] row by row, then its bias", "[parameters]") {
    const auto net = random_network<net_t>(7);
    const auto flat = ctmlp::to_parameters(net);
    std::size_t n = 0;
    ctmlp::for_each_layer(net, [&](auto, const auto& p) {
        using params = std::remove_cvref_t<decltype(p)>;
        for (std::size_t i = 0; i < params::inputs; ++i)
            for (std::size_t o = 0; o < params::outputs; ++o) CHECK(flat[n++] == p.weight(i, o));
        if constexpr (params::has_bias)
            for (std::size_t o = 0; o < params::outputs; ++o) CHECK(flat[n++] == p.bias[o]);
    });
    CHECK(n == net_t::parameter_count);
    CHECK(ctmlp::from_parameters<net_t>(flat) == net);
}

TEST_CASE("from_parameters puts each value where the flat order says", "[parameters]") {
    std::array<double, net_t::parameter_count> flat{};
    for (std::size_t n = 0; n < flat.size(); ++n) flat[n] = static_cast<double>(n) + 0.5;
    const auto net = ctmlp::from_parameters<net_t>(flat);
    CHECK(net.layer<1>().weight(2, 1) == 2 * 4 + 1 + 0.5);
    CHECK(net.layer<1>().bias[3] == 12 + 3 + 0.5);
    CHECK(net.layer<2>().weight(3, 0) == 16 + 3 * 2 + 0.5);  // no bias: layer 3 follows directly
    CHECK(net.layer<3>().weight(0, 1) == 24 + 1 + 0.5);
    CHECK(net.layer<3>().bias[1] == 28 + 1 + 0.5);
    CHECK(ctmlp::to_parameters(net) == flat);
}

TEST_CASE("layer_out_in takes torch.nn.Linear's weight [out][in] and computes W x + b", "[parameters]") {
    using small_t = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<2, ctmlp::identity>>;
    // torch: y = weight @ x + bias, weight of shape (out_features=2, in_features=3).
    const std::array<std::array<double, 3>, 2> weight{{{1.0, -2.0, 0.5}, {3.0, 0.25, -1.0}}};
    const std::array<double, 2> bias{0.125, -4.0};
    const std::array<double, 3> x{2.0, 1.0, -8.0};
    const auto net = ctmlp::from_layers<small_t>(ctmlp::layer_out_in{weight, bias});
    const auto y = net.predict(x);
    for (std::size_t o = 0; o < 2; ++o) {
        double expected = bias[o];
        for (std::size_t i = 0; i < 3; ++i) expected += weight[o][i] * x[i];
        CHECK(y[o] == expected);
    }
    // The same matrix transposed by hand and given as [in][out] builds the same network.
    std::array<std::array<double, 2>, 3> transposed{};
    for (std::size_t o = 0; o < 2; ++o)
        for (std::size_t i = 0; i < 3; ++i) transposed[i][o] = weight[o][i];
    CHECK(ctmlp::from_layers<small_t>(ctmlp::layer_in_out{transposed, bias}) == net);
}

TEST_CASE("for_each_layer visits layers 1..depth in order with a mutable reference", "[parameters]") {
    auto net = random_network<net_t>(11);
    const auto before = ctmlp::to_parameters(net);
    std::array<std::size_t, net_t::depth> seen{};
    std::size_t calls = 0;
    ctmlp::for_each_layer(net, [&](auto index, auto& p) {
        seen[calls++] = decltype(index)::value;
        for (auto& w : p.weights) w = -w;
    });
    CHECK(seen == std::array<std::size_t, 3>{1, 2, 3});
    const auto after = ctmlp::to_parameters(net);
    CHECK(after[0] == -before[0]);
    CHECK(after[12] == before[12]);  // layer 1's bias untouched
    CHECK(net.layer<3>().weight(1, 1) == -ctmlp::from_parameters<net_t>(before).layer<3>().weight(1, 1));
}
