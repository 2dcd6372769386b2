// expect: S does not model ctmlp::Scalar
#include <ctmlp/ctmlp.hpp>
struct label {
    int id;
};  // no arithmetic: not a number a network can compute with
ctmlp::network<label, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>> net;
