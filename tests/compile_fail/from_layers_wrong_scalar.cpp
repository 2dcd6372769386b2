// expect: have another element type than Net::scalar
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::relu>>;
constexpr net_t net = ctmlp::from_layers<net_t>(
    ctmlp::layer_in_out{std::array<std::array<double, 1>, 2>{{{1.0}, {2.0}}}, std::array<double, 1>{0.0}});
