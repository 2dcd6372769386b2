// expect: ctmlp::workspace::delta<K>\(\): deltas exist for the dense layers K = 1 \.\. Net::depth
#include <ctmlp/ctmlp.hpp>
// The input layer has no delta: before, the message came with a second error from Boost.Hana.
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
float f(ctmlp::workspace<net_t>& ws) { return ws.delta<0>()[0]; }
