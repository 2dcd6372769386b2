// expect: the first layer must be ctmlp::input<N>
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>> net;
