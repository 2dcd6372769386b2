// expect: add at least one ctmlp::dense<N, Activation> after the input
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<2>> net;
