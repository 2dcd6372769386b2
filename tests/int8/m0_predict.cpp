// Compiled for a Cortex-M0 (no FPU) by the test int8.m0_predict_has_no_float (tests/int8.cmake):
// a network quantised at compile time and its predict() must need no floating-point routine
// (__aeabi_f*, __aeabi_d*, ...): the int8 path is integers only.
#include <ctmlp/int8.hpp>
#include <ctmlp/classify.hpp>
#include <ctmlp/parameters.hpp>

namespace {
using net_t = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<6, ctmlp::tanh>, ctmlp::dense<5, ctmlp::relu>,
                             ctmlp::dense<5, ctmlp::leaky_relu<>>, ctmlp::dense<4, ctmlp::sigmoid>,
                             ctmlp::dense<3, ctmlp::softmax>>;
constexpr net_t make() {
    std::array<float, net_t::parameter_count> flat{};
    for (std::size_t k = 0; k < flat.size(); ++k)
        flat[k] = static_cast<float>(static_cast<int>((k * 37) % 19) - 9) / 7.0f;
    return ctmlp::from_parameters<net_t>(flat);
}
constexpr std::array<net_t::input_array, 3> calibration{
    {{0.f, 1.f, -1.f, 0.5f}, {1.f, -1.f, 0.25f, 0.f}, {-0.5f, 0.f, 1.f, -1.f}}};
constexpr auto quantized = ctmlp::int8::quantize(make(), calibration);
static_assert(ctmlp::int8::quantized_ok(quantized));
constexpr auto qnet = quantized.net;
}  // namespace

extern "C" void int8_predict(const std::int8_t* in, std::int8_t* out) {
    const auto y = qnet.predict(std::span<const std::int8_t, 4>(in, 4));
    for (std::size_t o = 0; o < y.size(); ++o) out[o] = y[o];
}
extern "C" unsigned int8_argmax(const std::int8_t* in) {
    return static_cast<unsigned>(ctmlp::argmax(qnet.predict(std::span<const std::int8_t, 4>(in, 4))));
}
