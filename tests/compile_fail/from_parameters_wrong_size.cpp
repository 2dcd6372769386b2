// expect: flat.size\(\) differs from Net::parameter_count
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr net_t net = ctmlp::from_parameters<net_t>(std::array<float, 2>{1.f, 2.f});  // needs 3
