// expect: ctmlp::int8: a layer's activation has no int8 form; supported: ctmlp::identity, relu, sigmoid, tanh
// leaky_relu has no int8 form in ctmlp (TFLite has one; ctmlp does not implement it yet).
#include <ctmlp/int8.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::leaky_relu<>>, ctmlp::dense<1, ctmlp::identity>>;
ctmlp::int8::network<net_t> qnet;
