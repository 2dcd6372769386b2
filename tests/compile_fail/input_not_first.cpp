// expect: every layer after the input must be ctmlp::dense
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::input<3>> net;
