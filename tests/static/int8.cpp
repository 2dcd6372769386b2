// int8 networks made and checked by the compiler: compiling this file is passing. A float XOR
// network (hand-set, and one trained inside the compiler) is quantised at compile time and its
// int8 predictions are static_asserted; also built with half the constexpr budget.
#include <ctmlp/ctmlp.hpp>

#include <type_traits>

namespace {

template <class Net>
inline constexpr std::array<typename Net::input_array, 4> xor_x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
inline constexpr std::array<bool, 4> xor_y{false, true, true, false};

// relu/identity XOR with exact weights: h1 = relu(a + b), h2 = relu(a + b − 1), y = h1 − 2·h2.
using relu_xor = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::identity>>;
constexpr relu_xor relu_float =
    ctmlp::from_parameters<relu_xor>(std::array<float, 9>{1.f, 1.f, 1.f, 1.f, 0.f, -1.f, 1.f, -2.f, 0.f});
constexpr auto relu_q = ctmlp::int8::quantize(relu_float, xor_x<relu_xor>);
static_assert(ctmlp::int8::quantized_ok(relu_q));
constexpr auto relu_int8 = relu_q.net;

// The quantisation the arithmetic predicts: inputs in [0, 1] → scale 1/255, zero point −128;
// hidden pre-activations in [−1, 2], relu output [0, 2] → scale 2/255, zero point −128;
// output range [0, 1] → scale 1/255, zero point −128; layer 1 weights 1 → 127 (scale 1/127);
// layer 2 weights {1, −2} share one unit, scale 2/127: 1 → 63.5 → 64 (half away from 0), −2 → −127.
static_assert(relu_int8.input_scale() == static_cast<float>(1.0 / 255.0));
static_assert(relu_int8.input_zero_point() == -128);
static_assert(relu_int8.layer<1>().output_zero_point == -128 && relu_int8.layer<1>().clamp_min == -128);
static_assert(relu_int8.layer<2>().input_zero_point == -128);
static_assert(relu_int8.layer<1>().weights == std::array<std::int8_t, 4>{127, 127, 127, 127});
static_assert(relu_int8.layer<2>().weights == std::array<std::int8_t, 2>{64, -127});
static_assert(relu_int8.layer<1>().bias == std::array<std::int32_t, 2>{0, -32385});  // −1 / (1/255 · 1/127)
static_assert(relu_int8.output_zero_point() == -128);

constexpr bool relu_xor_right() {
    for (std::size_t s = 0; s < 4; ++s) {
        const auto y = relu_int8.predict(relu_int8.quantize_input(xor_x<relu_xor>[s]));
        const float v = relu_int8.dequantize_output(y)[0];
        if ((v > 0.5f) != xor_y[s] || (xor_y[s] ? 1.0f - v : v) > 0.03f) return false;
    }
    return true;
}
static_assert(relu_xor_right(), "the int8 relu XOR network must reproduce XOR within 3%");
// Integer input (no float at all): the int8 codes of 0 and 1 are −128 and 127.
static_assert(relu_int8.predict({127, -128})[0] > 100 && relu_int8.predict({127, 127})[0] < -120);

// The same network per layer: one multiplier for each layer.
constexpr auto relu_per_layer = ctmlp::int8::quantize<ctmlp::int8::per_layer>(relu_float, xor_x<relu_xor>);
static_assert(ctmlp::int8::quantized_ok(relu_per_layer));
static_assert(relu_per_layer.net.layer<1>().multiplier.size() == 1);
static_assert(relu_per_layer.net.predict({127, -128}) == relu_int8.predict({127, -128}));

// A 2-4-1 tanh/sigmoid XOR trained in the compiler (as tests/static/xor_training.cpp: seed 4,
// rate 1, 80 epochs), then quantised: tanh and sigmoid by their int8 tables.
using smooth_xor =
    ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr smooth_xor train_smooth() {
    ctmlp::splitmix64 gen{4};
    auto net = ctmlp::initialized<smooth_xor>(gen, ctmlp::init::uniform{-1.0, 1.0});
    const std::array<smooth_xor::output_array, 4> y{{{0}, {1}, {1}, {0}}};
    const auto r = ctmlp::train(net, xor_x<smooth_xor>, y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 80},
                                ctmlp::half_squared_error{});
    return r ? net : smooth_xor{};
}
constexpr smooth_xor smooth_float = train_smooth();
constexpr auto smooth_q = ctmlp::int8::quantize(smooth_float, xor_x<smooth_xor>);
static_assert(ctmlp::int8::quantized_ok(smooth_q));
constexpr auto smooth_int8 = smooth_q.net;
// sigmoid output convention: scale 1/256, zero point −128, so 0.5 is code 0.
static_assert(smooth_int8.output_scale() == 1.0f / 256.0f && smooth_int8.output_zero_point() == -128);
static_assert(decltype(smooth_int8)::parameters_of<1>::has_lut && decltype(smooth_int8)::parameters_of<2>::has_lut);

constexpr bool smooth_xor_right() {
    for (std::size_t s = 0; s < 4; ++s) {
        const std::int8_t code = smooth_int8.predict(smooth_int8.quantize_input(xor_x<smooth_xor>[s]))[0];
        const float f = smooth_float.predict(xor_x<smooth_xor>[s])[0];
        if ((code > 0) != xor_y[s]) return false;  // the class
        const float v = smooth_int8.dequantize_output({code})[0];
        if (v - f > 0.05f || f - v > 0.05f) return false;  // close to the float network
    }
    return true;
}
static_assert(smooth_xor_right(), "the int8 tanh/sigmoid XOR network must classify XOR like the float one");

// leaky_relu: negative pre-activations use the second multiplier (M·slope). With slope 1/4,
// h1 = leaky(a + b − 1), h2 = leaky(1 − a − b) and y = h1 + h2 = (3/4)·|a + b − 1|.
using leaky_net =
    ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::leaky_relu<1, 4>>, ctmlp::dense<1, ctmlp::identity>>;
constexpr leaky_net leaky_float =
    ctmlp::from_parameters<leaky_net>(std::array<float, 9>{1.f, -1.f, 1.f, -1.f, -1.f, 1.f, 1.f, 1.f, 0.f});
constexpr auto leaky_q = ctmlp::int8::quantize(leaky_float, xor_x<leaky_net>);
static_assert(ctmlp::int8::quantized_ok(leaky_q));
static_assert(decltype(leaky_q.net)::parameters_of<1>::has_negative_multiplier);
static_assert(leaky_q.net.layer<1>().negative_shift[0] == leaky_q.net.layer<1>().shift[0] - 2);  // slope 2^-2
constexpr bool leaky_close() {
    for (std::size_t s = 0; s < 4; ++s) {
        const float f = leaky_float.predict(xor_x<leaky_net>[s])[0];
        const float v =
            leaky_q.net.dequantize_output(leaky_q.net.predict(leaky_q.net.quantize_input(xor_x<leaky_net>[s])))[0];
        if (v - f > 0.02f || f - v > 0.02f) return false;
    }
    return true;
}
static_assert(leaky_close(), "the int8 leaky_relu network must stay within 0.02 of the float one");

// A softmax classifier's int8 output is its logits: the class is their argmax.
using two_class = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<2, ctmlp::softmax>>;
constexpr two_class two_float = ctmlp::from_parameters<two_class>(
    std::array<float, 12>{1.f, 1.f, 1.f, 1.f, 0.f, -1.f, 1.f, -1.f, -2.f, 2.f, 0.5f, -0.5f});
constexpr auto two_q = ctmlp::int8::quantize(two_float, xor_x<two_class>);
static_assert(ctmlp::int8::quantized_ok(two_q));
constexpr bool two_class_right() {
    for (std::size_t s = 0; s < 4; ++s)
        if (ctmlp::argmax(two_q.net.predict(two_q.net.quantize_input(xor_x<two_class>[s]))) !=
            ctmlp::argmax(two_float.predict(xor_x<two_class>[s])))
            return false;
    return true;
}
static_assert(two_class_right());

// What a firmware image stores: a literal, trivially copyable type with no float in its layers.
static_assert(std::is_trivially_copyable_v<std::remove_const_t<decltype(relu_int8)>>);
static_assert(decltype(relu_int8)::parameter_bytes == (4 + 2 * 4 + 2 * 4 + 2 + 4) + (2 + 1 * 4 + 1 * 4 + 1 + 4));
static_assert(decltype(smooth_int8)::parameter_bytes == (8 + 16 + 16 + 4 + 4 + 256) + (4 + 4 + 4 + 1 + 4 + 256));

// Calibration split over several constant evaluations (each constexpr variable has its own
// budget: how a large calibration set fits) gives the same network as one call.
constexpr auto part_1 = ctmlp::int8::calibrate(relu_float, std::span(xor_x<relu_xor>).first(2));
constexpr auto part_2 = ctmlp::int8::calibrate(relu_float, std::span(xor_x<relu_xor>).last(2), part_1);
static_assert(part_2.samples == 4 && part_1.samples == 2);
static_assert(ctmlp::int8::quantize(relu_float, part_2).net == relu_int8);
static_assert(!(ctmlp::int8::quantize(relu_float, part_1).net == relu_int8));  // half the data: other ranges

// Failures are statuses: an empty calibration set.
static_assert(ctmlp::int8::quantize(relu_float, std::span<const relu_xor::input_array>{}).status ==
              ctmlp::int8::quantize_status::empty_calibration);

}  // namespace
