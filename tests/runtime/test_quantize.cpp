// ctmlp::quantize_checked at run time: every parameter that does not fit the target scalar (out of
// range after rounding, NaN, ±∞) is reported with its layer and index, never clamped; parameters
// that fit are rounded exactly as fixed(double) rounds them; run time equals compile time; and
// max_output_error equals a direct computation of the worst output difference.
#include <ctmlp/quantize.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "catch.hpp"

namespace {

using float_net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
using q_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<3>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
using double_net =
    ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;

// A float network whose parameters all fit Q7.8: p_n = (n − 20) / 7, read through a volatile so
// that nothing below is folded by the compiler.
float_net fitting_net() {
    float_net net{};
    volatile float scale = 7.0f;
    std::size_t n = 0;
    net.for_each_layer([&](auto& layer) {
        for (auto& w : layer.weights) w = (static_cast<float>(n++) - 20.0f) / scale;
        for (auto& b : layer.bias) b = (static_cast<float>(n++) - 20.0f) / scale;
    });
    return net;
}

bool all_zero(const q_net& net) {
    bool zero = true;
    net.for_each_layer([&](const auto& layer) {
        for (const auto& w : layer.weights) zero = zero && w.raw == 0;
        for (const auto& b : layer.bias) zero = zero && b.raw == 0;
    });
    return zero;
}

}  // namespace

TEST_CASE("quantize_checked converts every parameter that fits, rounded as fixed(double)", "[quantize]") {
    const float_net f = fitting_net();
    const auto r = ctmlp::quantize_checked<q_net>(f);
    REQUIRE(r.ok());
    CHECK(r.status == ctmlp::quantize_status::ok);
    CHECK(r.layer == 0);
    CHECK(r.index == 0);
    for (std::size_t n = 0; n < f.layer<1>().weights.size(); ++n)
        CHECK(r.network.layer<1>().weights[n].raw == ctmlp::q7_8(static_cast<double>(f.layer<1>().weights[n])).raw);
    for (std::size_t n = 0; n < f.layer<2>().bias.size(); ++n)
        CHECK(r.network.layer<2>().bias[n].raw == ctmlp::q7_8(static_cast<double>(f.layer<2>().bias[n])).raw);
    CHECK(!all_zero(r.network));
}

TEST_CASE("quantize_checked reports the first parameter that does not fit, by layer and index", "[quantize]") {
    volatile float big = 200.0f;
    volatile double nan = std::numeric_limits<double>::quiet_NaN();
    {
        float_net f = fitting_net();
        f.layer<2>().weights[3] = big;  // Q7.8 ends at 127.996: this used to become 127.996
        const auto r = ctmlp::quantize_checked<q_net>(f);
        CHECK(r.status == ctmlp::quantize_status::weight_out_of_range);
        CHECK(r.layer == 2);
        CHECK(r.index == 3);
        CHECK(!r.ok());
        CHECK(all_zero(r.network));
    }
    {
        float_net f = fitting_net();
        f.layer<1>().bias[1] = static_cast<float>(nan);  // this used to become 0
        f.layer<2>().weights[0] = big;                   // later: not the first
        const auto r = ctmlp::quantize_checked<q_net>(f);
        CHECK(r.status == ctmlp::quantize_status::bias_not_finite);
        CHECK(r.layer == 1);
        CHECK(r.index == 1);
    }
    {
        float_net f = fitting_net();
        f.layer<1>().weights[11] = -std::numeric_limits<float>::infinity();
        const auto r = ctmlp::quantize_checked<q_net>(f);
        CHECK(r.status == ctmlp::quantize_status::weight_not_finite);
        CHECK(r.layer == 1);
        CHECK(r.index == 11);
    }
    {
        float_net f = fitting_net();
        f.layer<2>().bias[1] = -big;
        const auto r = ctmlp::quantize_checked<q_net>(f);
        CHECK(r.status == ctmlp::quantize_status::bias_out_of_range);
        CHECK(r.layer == 2);
        CHECK(r.index == 1);
    }
}

TEST_CASE("quantize_checked's range ends: what rounds into the range fits, nothing beyond", "[quantize]") {
    // Q7.8 holds [−128, 127.99609375]; a value fits when it rounds (to nearest, ties away from
    // zero, as fixed(double)) to one of those.
    struct probe {
        double value;
        bool fits;
    };
    const std::array<probe, 8> probes{{{127.99609375, true},
                                       {127.9980, true},        // rounds down to 127.99609375
                                       {127.998046875, false},  // the tie: rounds away, to 128
                                       {128.0, false},
                                       {-128.0, true},
                                       {-128.001953125, false},  // the tie below −128: rounds to −128.0039
                                       {-128.0019, true},        // rounds to −128
                                       {1e300, false}}};
    for (const auto& p : probes) {
        double_net d{};
        volatile double v = p.value;
        d.layer<1>().weights[5] = v;
        const auto r = ctmlp::quantize_checked<q_net>(d);
        INFO("value " << p.value);
        CHECK(r.ok() == p.fits);
        if (p.fits)
            CHECK(r.network.layer<1>().weights[5].to_double() == ctmlp::q7_8(p.value).to_double());
        else
            CHECK((r.status == ctmlp::quantize_status::weight_out_of_range && r.layer == 1 && r.index == 5));
    }
    // A floating-point target: out of range is beyond its largest finite value.
    double_net d{};
    volatile double huge = 1e39;
    d.layer<2>().weights[7] = huge;
    const auto r = ctmlp::quantize_checked<float_net>(d);
    CHECK(r.status == ctmlp::quantize_status::weight_out_of_range);
    CHECK(r.layer == 2);
    CHECK(r.index == 7);
    d.layer<2>().weights[7] = 3.0e38;
    CHECK(ctmlp::quantize_checked<float_net>(d).ok());
}

TEST_CASE("quantize and quantize_checked agree at run time and at compile time", "[quantize]") {
    static constexpr float_net cf = [] {
        float_net net{};
        std::size_t n = 0;
        net.for_each_layer([&](auto& layer) {
            for (auto& w : layer.weights) w = (static_cast<float>(n++) - 20.0f) / 7.0f;
            for (auto& b : layer.bias) b = (static_cast<float>(n++) - 20.0f) / 7.0f;
        });
        return net;
    }();
    static constexpr q_net cq = ctmlp::quantize<q_net>(cf);
    const auto r = ctmlp::quantize_checked<q_net>(fitting_net());
    REQUIRE(r.ok());
    CHECK(r.network == cq);
    // quantize itself at run time, on parameters that fit (one that does not would stop the
    // program: __builtin_trap, not testable here).
    CHECK(ctmlp::quantize<q_net>(fitting_net()) == cq);
}

TEST_CASE("max_output_error is the worst |quantised − float| output over the inputs", "[quantize]") {
    const float_net f = fitting_net();
    const q_net q = ctmlp::quantize_checked<q_net>(f).network;
    volatile float scale = 0.25f;
    std::array<float_net::input_array, 5> xs{};
    for (std::size_t s = 0; s < xs.size(); ++s)
        for (std::size_t i = 0; i < 3; ++i) xs[s][i] = (static_cast<float>(s * 3 + i) - 7.0f) * scale;
    double expected = 0.0;
    for (const auto& x : xs) {
        const auto yf = f.predict(x);
        const auto yq = q.predict({ctmlp::q7_8(static_cast<double>(x[0])), ctmlp::q7_8(static_cast<double>(x[1])),
                                   ctmlp::q7_8(static_cast<double>(x[2]))});
        for (std::size_t o = 0; o < 2; ++o)
            expected = std::fmax(expected, std::fabs(yq[o].to_double() - static_cast<double>(yf[o])));
    }
    const double e = ctmlp::max_output_error(f, q, xs);
    CHECK(e == expected);
    CHECK(e > 0.0);  // a Q7.8 network is not the float one
    CHECK(e <= 0.02);

    // A NaN in the reference's outputs makes the result NaN, so that `error <= bound` fails.
    float_net broken = f;
    broken.layer<2>().bias[0] = std::numeric_limits<float>::quiet_NaN();
    CHECK(std::isnan(ctmlp::max_output_error(broken, q, xs)));
}
