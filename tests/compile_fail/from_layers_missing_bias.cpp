// expect: has a bias in the network but none was given
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::relu>>;
constexpr net_t net = ctmlp::from_layers<net_t>(ctmlp::layer_out_in{std::array<std::array<float, 2>, 1>{{{1.f, 2.f}}}});
