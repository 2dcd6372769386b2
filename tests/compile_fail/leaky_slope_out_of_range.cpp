// expect: the slope Num/Den must lie in \(0, 1\)
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::leaky_relu<3, 2>>> net;
double g() { return ctmlp::leaky_relu<3, 2>::slope; }
