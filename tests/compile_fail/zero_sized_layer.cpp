// expect: a layer needs at least one unit; N must be > 0
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<0, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>> net;
