// The networks of ctmlp's firmware examples, shared by the firmware (arm-none-eabi-g++) and the
// host tests (g++ and clang++), so that one set of constexpr definitions and one table of expected
// IEEE-754 bits is checked by three compilers and by the microcontroller:
//
//   xor_trained     2-4-1 tanh/sigmoid float, trained for XOR inside the compiler: the weights of
//                   the inference firmware (a constexpr object in flash, .rodata).
//   xor_initial     the same network before training (constexpr initialisation): the starting
//                   point of the on-device training firmware, which must end with xor_trained's
//                   bits exactly (ctmlp::portable:: activations, -ffp-contract=off).
//   big_net         16-32-8 tanh/sigmoid float with constexpr-initialised weights (xavier_uniform)
//                   and four constexpr inputs; the firmware's outputs must equal big_expected
//                   (computed by the compiler) bit for bit.
//
// xor_trained_bits is the literal table of xor_trained's parameters as bits, written down from a
// run; the static_assert below makes every compiler that includes this header recompute it.
#ifndef CTMLP_FIRMWARE_MODELS_HPP
#define CTMLP_FIRMWARE_MODELS_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include <ctmlp/ctmlp.hpp>

// The math the examples' networks run at run time. Not a library switch: it picks the activation
// types, so the two builds hold different network types. By default ctmlp::portable::tanh /
// sigmoid (ctmlp's own exp/tanh: the device computes the compiler's bits); CTMLP_FW_NEWLIB_MATH=1
// (the size variants xor_infer_min, xor_train_min_newlib) ctmlp::tanh / sigmoid, which call
// newlib's tanhf/expf.
#ifndef CTMLP_FW_NEWLIB_MATH
#define CTMLP_FW_NEWLIB_MATH 0
#endif

namespace ctmlp_fw::models {

#if CTMLP_FW_NEWLIB_MATH
using math = ctmlp::math_policy::libm;
#else
using math = ctmlp::math_policy::portable;
#endif
using tanh = ctmlp::basic_tanh<math>;
using sigmoid = ctmlp::basic_sigmoid<math>;

// ---- XOR 2-4-1 ----------------------------------------------------------------------------------
using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, tanh>, ctmlp::dense<1, sigmoid>>;

inline constexpr std::array<xor_net::input_array, 4> xor_x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
inline constexpr std::array<xor_net::output_array, 4> xor_y{{{0}, {1}, {1}, {0}}};

inline constexpr std::uint64_t xor_seed = 9;
inline constexpr float xor_learning_rate = 1.0f;
inline constexpr std::size_t xor_epochs = 100;

inline constexpr xor_net xor_initial = [] {
    ctmlp::splitmix64 gen{xor_seed};
    return ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1.0, 1.0});
}();

inline constexpr xor_net xor_trained = [] {
    xor_net net = xor_initial;
    ctmlp::train(net, xor_x, xor_y,
                 ctmlp::sgd{.learning_rate = static_cast<double>(xor_learning_rate), .epochs = xor_epochs},
                 ctmlp::half_squared_error{});
    return net;
}();

/// The parameters of a float network as bits, in memory order (layer 1 weights, bias, layer 2 ...).
template <class Net>
constexpr std::array<std::uint32_t, Net::parameter_count> parameter_bits(const Net& net) {
    std::array<std::uint32_t, Net::parameter_count> bits{};
    std::size_t n = 0;
    net.for_each_layer([&](const auto& p) {
        for (const float w : p.weights) bits[n++] = std::bit_cast<std::uint32_t>(w);
        for (const float b : p.bias) bits[n++] = std::bit_cast<std::uint32_t>(b);
    });
    return bits;
}

/// xor_trained's 17 parameters (W1 2x4 input-major, b1, W2 4x1, b2) as IEEE-754 bits.
inline constexpr std::array<std::uint32_t, xor_net::parameter_count> xor_trained_bits{
    0x4022ff78u, 0x4014f9aeu, 0xbed12d3cu, 0x3f6969bcu, 0xc010d81du, 0xc0285c6au, 0xbd80c070u, 0x3f8d7200u, 0x3f901d19u,
    0xbf93e026u, 0x3f213bbbu, 0x3eef1024u, 0xc03fcd62u, 0x4044abdcu, 0x3ed1b44eu, 0x3fb80a08u, 0x3fbc786au};

static_assert(parameter_bits(xor_trained) == xor_trained_bits,
              "XOR trained at compile time differs from the recorded bits (compiler or core changed)");
static_assert(xor_trained.predict({0, 0})[0] < 0.4f && xor_trained.predict({1, 1})[0] < 0.4f &&
                  xor_trained.predict({0, 1})[0] > 0.6f && xor_trained.predict({1, 0})[0] > 0.6f,
              "the compile-time-trained network does not compute XOR");

/// The outputs of xor_trained on the four inputs, computed by the compiler.
inline constexpr std::array<float, 4> xor_expected{xor_trained.predict(xor_x[0])[0], xor_trained.predict(xor_x[1])[0],
                                                   xor_trained.predict(xor_x[2])[0], xor_trained.predict(xor_x[3])[0]};

// ---- 16-32-8 ------------------------------------------------------------------------------------
using big_net = ctmlp::network<float, ctmlp::input<16>, ctmlp::dense<32, tanh>, ctmlp::dense<8, sigmoid>>;

inline constexpr std::uint64_t big_seed = 2024;
inline constexpr std::size_t big_samples = 4;

inline constexpr big_net big_weights = [] {
    ctmlp::splitmix64 gen{big_seed};
    big_net net = ctmlp::initialized<big_net>(gen, ctmlp::init::xavier_uniform{});
    // xavier_uniform sets biases to 0; give them values too, so that every parameter matters.
    net.for_each_layer([&](auto& p) {
        for (auto& b : p.bias) b = static_cast<float>(gen.random_sample() - 0.5);
    });
    return net;
}();

inline constexpr std::array<big_net::input_array, big_samples> big_inputs = [] {
    std::array<big_net::input_array, big_samples> x{};
    ctmlp::splitmix64 gen{big_seed + 1};
    for (auto& sample : x)
        for (auto& v : sample) v = static_cast<float>(4.0 * gen.random_sample() - 2.0);
    return x;
}();

inline constexpr std::array<big_net::output_array, big_samples> big_expected = [] {
    std::array<big_net::output_array, big_samples> y{};
    for (std::size_t s = 0; s < big_samples; ++s) y[s] = big_weights.predict(big_inputs[s]);
    return y;
}();

}  // namespace ctmlp_fw::models

#endif  // CTMLP_FIRMWARE_MODELS_HPP
