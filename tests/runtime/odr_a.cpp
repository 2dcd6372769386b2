// ODR check, part 1: this and odr_b.cpp instantiate the same templates and inline variables in two
// translation units of one executable; the linker must accept them and they must agree.
#include <ctmlp/ctmlp.hpp>

using odr_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

double odr_a_predict() {
    ctmlp::splitmix64 gen{5};
    const auto net = ctmlp::initialized<odr_net>(gen, ctmlp::init::xavier_uniform{});
    return net.predict({0.25, -0.5})[0];
}

// The same network with the other math policy, instantiated only in this translation unit: its
// functions are other symbols (basic_sigmoid<math_policy::portable>, ...), so odr_b.cpp's default
// network cannot lend it <cmath>'s exp, nor take ctmlp's (as a macro could make happen).
using odr_portable_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::portable::tanh>,
                                        ctmlp::dense<1, ctmlp::portable::sigmoid>>;

double odr_a_predict_portable(double x0, double x1) {
    ctmlp::splitmix64 gen{5};
    const auto net = ctmlp::initialized<odr_portable_net>(gen, ctmlp::init::xavier_uniform{});
    return net.predict({x0, x1})[0];
}
