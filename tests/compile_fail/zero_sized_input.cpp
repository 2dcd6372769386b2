// expect: a network needs at least one input; N must be > 0
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<0>, ctmlp::dense<1, ctmlp::sigmoid>> net;
