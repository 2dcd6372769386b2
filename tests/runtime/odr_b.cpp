// ODR check, part 2 (see odr_a.cpp).
#include <ctmlp/ctmlp.hpp>

#include <bit>
#include <cmath>
#include <cstdint>

#include "catch.hpp"

using odr_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

double odr_a_predict();

TEST_CASE("two translation units that include ctmlp link and agree", "[odr]") {
    ctmlp::splitmix64 gen{5};
    const auto net = ctmlp::initialized<odr_net>(gen, ctmlp::init::xavier_uniform{});
    CHECK(net.predict({0.25, -0.5})[0] == odr_a_predict());
}

double odr_a_predict_portable(double x0, double x1);

TEST_CASE("two translation units, two math policies: each network keeps its own math", "[odr][portable]") {
    using portable_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::portable::tanh>,
                                        ctmlp::dense<1, ctmlp::portable::sigmoid>>;
    constexpr double by_compiler = [] {
        ctmlp::splitmix64 gen{5};
        return ctmlp::initialized<portable_net>(gen, ctmlp::init::xavier_uniform{}).predict({0.25, -0.5})[0];
    }();
    volatile double x0 = 0.25, x1 = -0.5;  // at run time, in odr_a.cpp
    CHECK(std::bit_cast<std::uint64_t>(odr_a_predict_portable(x0, x1)) == std::bit_cast<std::uint64_t>(by_compiler));
    // This translation unit's default network calls <cmath> at run time: its sigmoid is std::exp's.
    const double z = 0.75;
    volatile double vz = z;
    CHECK(ctmlp::sigmoid::apply(static_cast<double>(vz)) == 1.0 / (1.0 + std::exp(-z)));
}
