// expect: ctmlp::workspace::output<K>\(\): outputs exist for K = 0 \(the input\) \.\. Net::depth
#include <ctmlp/ctmlp.hpp>
// Layer 3 of a network with two dense layers: before, Boost.Hana's index error (69 lines on GCC).
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
float f(const ctmlp::workspace<net_t>& ws) { return ws.output<3>()[0]; }
