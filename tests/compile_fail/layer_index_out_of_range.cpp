// expect: K counts dense layers from 1 to depth
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
auto f(const net_t& net) { return net.layer<2>().weights[0]; }
