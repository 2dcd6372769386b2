// ctmlp's own exp and tanh (the algorithms ctmlp::portable::tanh / sigmoid run) as C functions,
// so that the hand-written C baseline can be built with exactly the math ctmlp's firmware uses.
#include <ctmlp/math.hpp>

extern "C" float ctmlp_portable_expf(float x) { return ctmlp::math::portable::exp(x); }
extern "C" float ctmlp_portable_tanhf(float x) { return ctmlp::math::portable::tanh(x); }
