// expect: give exactly one layer_in_out/layer_out_in per dense layer
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::relu>, ctmlp::dense<1, ctmlp::relu>>;
constexpr net_t net = ctmlp::from_layers<net_t>(
    ctmlp::layer_in_out{std::array<std::array<float, 1>, 2>{{{1.f}, {2.f}}}, std::array<float, 1>{0.f}});
