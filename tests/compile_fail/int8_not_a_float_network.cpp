// expect: ctmlp::int8::network<Net>: Net must be a ctmlp::network<float or double, ...>
// Net must be the float network type itself (here: its scalar was passed instead).
#include <ctmlp/int8.hpp>
ctmlp::int8::network<float> qnet;
