// expect: ctmlp::workspace::weight_gradient<K>\(i, o\): K counts the dense layers from 1
#include <ctmlp/ctmlp.hpp>
// Layers counted from 0: before, 3 errors from Boost.Hana (132 lines on GCC).
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
float f(const ctmlp::workspace<net_t>& ws) { return ws.weight_gradient<0>(0, 0); }
