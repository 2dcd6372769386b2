// ODR check, part 2 (see odr_a.cpp).
#include <ctmlp/ctmlp.hpp>

#include "catch.hpp"

using odr_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

double odr_a_predict();

TEST_CASE("two translation units that include ctmlp link and agree", "[odr]") {
    ctmlp::splitmix64 gen{5};
    const auto net = ctmlp::initialized<odr_net>(gen, ctmlp::init::xavier_uniform{});
    CHECK(net.predict({0.25, -0.5})[0] == odr_a_predict());
}
