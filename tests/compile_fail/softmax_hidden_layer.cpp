// expect: ctmlp::softmax is an output-layer activation: use it only in the last dense<\.\.\.>
#include <ctmlp/ctmlp.hpp>
ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<3, ctmlp::softmax>, ctmlp::dense<2, ctmlp::sigmoid>> net;
