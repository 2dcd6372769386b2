// expect: ctmlp::softmax over a single unit always outputs 1: for two classes use dense<1, ctmlp::sigmoid>
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::softmax>> net;
