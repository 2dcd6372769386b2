// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The networks that examples/deploy exports, defined once for the exporters (export_xor.cpp,
// export_more.cpp) and for the tests that compare the generated headers with them
// (tests/runtime/test_export.cpp):
//
//   xor_trained   2-4-1 tanh/sigmoid float, trained for XOR inside the compiler -> xor_model.hpp
//   wide_net      16-32-16-8 float with leaky_relu, a no_bias layer and random weights, to exercise
//                 many literals and the type spelling -> wide_model.hpp
//   edge_net      float parameters at the edges of the format (0, -0, subnormals, FLT_MIN, FLT_MAX,
//                 ...) -> edge_model.hpp; edge_double_net the same for double -> edge_double_model.hpp
//                 (test data of the exporter, committed in tests/deploy/)
#ifndef CTMLP_EXAMPLES_DEPLOY_MODELS_HPP
#define CTMLP_EXAMPLES_DEPLOY_MODELS_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>

#include <ctmlp/ctmlp.hpp>

namespace ctmlp_deploy {

// ---- XOR 2-4-1 ----------------------------------------------------------------------------------
// ctmlp::portable:: activations: ctmlp's own exp/tanh at run time, so that a target computes the
// bits of the test vectors the host writes (xor_expected.hpp).
using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::portable::tanh>,
                               ctmlp::dense<1, ctmlp::portable::sigmoid>>;

inline constexpr std::array<xor_net::input_array, 4> xor_x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
inline constexpr std::array<xor_net::output_array, 4> xor_y{{{0}, {1}, {1}, {0}}};

/// Trained by the compiler: 100 epochs of per-sample SGD, learning rate 1, from uniform(-1, 1)
/// weights of seed 9 (the README's program).
inline constexpr xor_net xor_trained = [] {
    ctmlp::splitmix64 gen{9};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1, 1});
    ctmlp::train(net, xor_x, xor_y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 100}, ctmlp::half_squared_error{});
    return net;
}();

/// The C interface's training check: this many more epochs at this rate, from xor_trained.
inline constexpr std::size_t xor_check_epochs = 2;
inline constexpr float xor_check_rate = 0.5f;

// ---- 16-32-16-8 ---------------------------------------------------------------------------------
using wide_net =
    ctmlp::network<float, ctmlp::input<16>, ctmlp::dense<32, ctmlp::leaky_relu<1, 16>>,
                   ctmlp::dense<16, ctmlp::portable::tanh, ctmlp::no_bias>, ctmlp::dense<8, ctmlp::portable::sigmoid>>;

inline constexpr wide_net wide_weights = [] {
    ctmlp::splitmix64 gen{2026};
    wide_net net = ctmlp::initialized<wide_net>(gen, ctmlp::init::xavier_uniform{});
    // xavier_uniform sets biases to 0; give them values too, so that every parameter matters.
    net.for_each_layer([&](auto& p) {
        for (auto& b : p.bias) b = static_cast<float>(gen.random_sample() - 0.5);
    });
    return net;
}();

inline constexpr std::array<wide_net::input_array, 4> wide_inputs = [] {
    std::array<wide_net::input_array, 4> x{};
    ctmlp::splitmix64 gen{2027};
    for (auto& sample : x)
        for (auto& v : sample) v = static_cast<float>(4.0 * gen.random_sample() - 2.0);
    return x;
}();

// ---- values at the edges of the format ----------------------------------------------------------
using edge_net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::identity>>;
using edge_double_net = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::relu, ctmlp::no_bias>>;

inline constexpr std::array<float, edge_net::parameter_count> edge_values{
    0.0f,
    -0.0f,
    std::numeric_limits<float>::denorm_min(),  // 0x1p-149
    -std::numeric_limits<float>::denorm_min(),
    std::bit_cast<float>(std::uint32_t{0x007fffffu}),  // the largest subnormal
    std::numeric_limits<float>::min(),                 // 0x1p-126
    -std::numeric_limits<float>::min(),
    std::numeric_limits<float>::max(),
    std::numeric_limits<float>::lowest(),
    1.0f,
    -1.0f,
    0.1f,
    std::bit_cast<float>(std::uint32_t{0x3f800001u}),  // the float after 1
    std::bit_cast<float>(std::uint32_t{0x3f7fffffu}),  // the float before 1
    1.0f / 3.0f,
    std::bit_cast<float>(std::uint32_t{0x00000555u}),  // a subnormal with scattered bits
};

inline constexpr std::array<double, edge_double_net::parameter_count> edge_double_values{
    0.0,
    -0.0,
    std::numeric_limits<double>::denorm_min(),                  // 0x0.0000000000001p-1022
    std::bit_cast<double>(std::uint64_t{0x800fffffffffffffu}),  // minus the largest subnormal
    std::numeric_limits<double>::min(),
    std::numeric_limits<double>::max(),
    std::numeric_limits<double>::lowest(),
    0.1,
    1.0 / 3.0,
    std::bit_cast<double>(std::uint64_t{0x3ff0000000000001u}),  // the double after 1
    -1.0,
    static_cast<double>(std::numeric_limits<float>::denorm_min()),  // a float subnormal, as a double
};

inline constexpr edge_net edge_weights = ctmlp::from_parameters<edge_net>(edge_values);
inline constexpr edge_double_net edge_double_weights = ctmlp::from_parameters<edge_double_net>(edge_double_values);

}  // namespace ctmlp_deploy

#endif
