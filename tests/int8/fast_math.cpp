// ctmlp::int8 built with -ffast-math (tests/int8.cmake). The compiler may then assume that no
// value is NaN or infinite; quantize() tests finiteness by the bits (math::isfinite), so a NaN
// weight or calibration value and an overflowing activation are still reported, and predict()
// (integers only) gives the same outputs as the network quantised at compile time, where
// -ffast-math does not apply. A plain program (exit status 0 = pass; tests/fast_math_check.hpp).
#include <ctmlp/int8.hpp>
#include <ctmlp/parameters.hpp>

#include "fast_math_check.hpp"

namespace {

using fast_math_check::expect;

using net_t = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<3, ctmlp::relu>,
                             ctmlp::dense<2, ctmlp::sigmoid>>;
constexpr net_t float_net = ctmlp::from_parameters<net_t>(std::array<float, net_t::parameter_count>{
    0.5f,  -1.2f, 0.3f,  0.8f, 1.1f, 0.2f,  -0.7f, 0.4f, -0.3f, 0.9f, 0.6f, -1.0f,  // W1 [3][4]
    0.1f,  -0.2f, 0.0f,  0.3f,                                                      // b1
    1.0f,  -0.5f, 0.7f,  0.4f, 0.9f, -1.1f, -0.6f, 0.2f, 0.5f,  0.3f, 0.8f, -0.9f,  // W2 [4][3]
    0.05f, -0.1f, 0.2f,                                                             // b2
    1.5f,  -0.8f, -1.2f, 0.6f, 0.7f, 1.3f,                                          // W3 [3][2]
    -0.2f, 0.1f});                                                                  // b3
constexpr std::array<net_t::input_array, 6> calibration{{{0.0f, 0.5f, -1.0f},
                                                         {1.0f, -0.5f, 0.2f},
                                                         {-0.7f, 0.9f, 0.4f},
                                                         {0.3f, 0.3f, 0.3f},
                                                         {-1.0f, -1.0f, 1.0f},
                                                         {0.6f, 0.1f, -0.4f}}};
constexpr auto compile_time = ctmlp::int8::quantize(float_net, calibration);
static_assert(ctmlp::int8::quantized_ok(compile_time));

}  // namespace

int main() {
    const float nan = fast_math_check::nan<float>();
    const float inf = fast_math_check::infinity<float>();

    net_t net = float_net;
    net.layer<2>().weights[4] = nan;
    auto q = ctmlp::int8::quantize(net, calibration);
    expect(q.status == ctmlp::int8::quantize_status::non_finite_weight && q.layer == 2 && q.index == 4,
           "a NaN weight is reported (layer 2, index 4)");

    net = float_net;
    net.layer<3>().bias[1] = inf;
    q = ctmlp::int8::quantize(net, calibration);
    expect(q.status == ctmlp::int8::quantize_status::non_finite_bias && q.layer == 3 && q.index == 1,
           "an infinite bias is reported (layer 3, unit 1)");

    auto calib = calibration;
    calib[2][1] = nan;
    q = ctmlp::int8::quantize(float_net, calib);
    expect(q.status == ctmlp::int8::quantize_status::non_finite_calibration && q.layer == 0 && q.index == 2,
           "a NaN calibration input is reported (sample 2)");

    net = float_net;
    for (auto& w : net.layer<1>().weights) w = 3e38f;
    calib = calibration;
    calib[3] = {3e38f, 3e38f, 3e38f};
    q = ctmlp::int8::quantize(net, calib);
    expect(q.status == ctmlp::int8::quantize_status::non_finite_calibration && q.layer == 1 && q.index == 3,
           "an overflowing pre-activation is reported (layer 1, sample 3)");

    // predict() is integer arithmetic: the same outputs as in constant evaluation.
    constexpr auto qnet = compile_time.net;
    for (int a = -128; a <= 127; a += 5)
        for (int b = -128; b <= 127; b += 37) {
            const std::array<std::int8_t, 3> x{static_cast<std::int8_t>(a), static_cast<std::int8_t>(b),
                                               static_cast<std::int8_t>(a ^ b)};
            volatile std::int8_t poke = 0;
            auto xr = x;
            xr[0] = static_cast<std::int8_t>(xr[0] + poke);
            expect(qnet.predict(xr) == qnet.predict(x), "run-time predict equals compile-time predict");
        }
    constexpr auto y_ct = qnet.predict({-128, 0, 127});
    std::array<std::int8_t, 3> x{-128, 0, 127};
    volatile std::int8_t poke = 0;
    x[1] = static_cast<std::int8_t>(x[1] + poke);
    expect(qnet.predict(x) == y_ct, "run-time predict equals a compile-time constant");

    // Run-time quantisation is usable under -ffast-math (the float parts may round differently:
    // -freciprocal-math may turn x / 255 into x * (1/255)), so compare outputs, not bits.
    q = ctmlp::int8::quantize(float_net, calibration);
    expect(q.succeeded(), "run-time quantisation succeeds");
    for (const auto& c : calibration) {
        const auto y = q.net.predict(q.net.quantize_input(c));
        const auto y0 = qnet.predict(qnet.quantize_input(c));
        for (std::size_t o = 0; o < 2; ++o) expect(y[o] - y0[o] <= 2 && y0[o] - y[o] <= 2, "outputs within 2 codes");
    }
    return fast_math_check::report("int8 under -ffast-math");
}
