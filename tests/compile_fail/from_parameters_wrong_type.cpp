// expect: the array's element type differs from Net::scalar
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr net_t net = ctmlp::from_parameters<net_t>(std::array<double, 3>{1.0, 2.0, 3.0});
