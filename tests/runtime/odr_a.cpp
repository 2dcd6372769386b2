// ODR check, part 1: this and odr_b.cpp instantiate the same templates and inline variables in two
// translation units of one executable; the linker must accept them and they must agree.
#include <ctmlp/ctmlp.hpp>

using odr_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

double odr_a_predict() {
    ctmlp::splitmix64 gen{5};
    const auto net = ctmlp::initialized<odr_net>(gen, ctmlp::init::xavier_uniform{});
    return net.predict({0.25, -0.5})[0];
}
