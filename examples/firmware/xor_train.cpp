// Firmware example (b): XOR trained on the microcontroller, in RAM, by per-sample SGD.
//
// The network starts from models::xor_initial (constexpr initialisation, copied from flash into
// RAM by the startup code) and is trained for the same epochs with the same learning rate as the
// compiler trained models::xor_trained. With ctmlp::portable:: activations (models.hpp's
// default) and -ffp-contract=off, the two must be equal bit for bit: the firmware compares every parameter with
// xor_trained_bits (the table the host tests check too) and checks the predictions. Exit status: number of failures.
//
// CTMLP_FW_TRAIN_API=1 trains with ctmlp::train() (workspace on the stack, inside train);
// 0 calls the steps forward/backward/sgd_step in its own loop with a global workspace (so `nm -S`
// shows it; the memory test compares it with ctmlp::memory). CTMLP_FW_VERBOSE as in xor_infer.cpp.
#include <bit>
#include <cstdint>

#include "models.hpp"
#include "semihost.hpp"

#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif
#ifndef CTMLP_FW_TRAIN_API
#define CTMLP_FW_TRAIN_API 1
#endif

namespace m = ctmlp_fw::models;

namespace ctmlp_fw {
// The network in RAM (.data: initial values come from flash).
m::xor_net train_net = m::xor_initial;
#if !CTMLP_FW_TRAIN_API
// The training workspace (.bss): every layer's output and delta.
ctmlp::workspace<m::xor_net> train_workspace;
#endif
}  // namespace ctmlp_fw

namespace {
// Read at run time (volatile), so that training really runs on the device.
volatile float xor_inputs[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
volatile float xor_targets[4] = {0, 1, 1, 0};
volatile float learning_rate = m::xor_learning_rate;
}  // namespace

int main() {
    using ctmlp_fw::train_net;
    std::array<m::xor_net::input_array, 4> xs{};
    std::array<m::xor_net::output_array, 4> ys{};
    for (std::size_t s = 0; s < 4; ++s) {
        xs[s] = {xor_inputs[s][0], xor_inputs[s][1]};
        ys[s] = {xor_targets[s]};
    }
    const float rate = learning_rate;

#if CTMLP_FW_TRAIN_API
    // What models.hpp does at compile time (there with the rate as a double constant).
    ctmlp::train(train_net, xs, ys, ctmlp::sgd{.learning_rate = static_cast<double>(rate), .epochs = m::xor_epochs},
                 ctmlp::half_squared_error{});
#else
    auto& ws = ctmlp_fw::train_workspace;
    for (std::size_t epoch = 0; epoch < m::xor_epochs; ++epoch) {
        for (std::size_t s = 0; s < 4; ++s) {
            ctmlp::forward(train_net, ws, xs[s]);
            ctmlp::backward(train_net, ws, ys[s], ctmlp::half_squared_error{});
            ctmlp::sgd_step(train_net, ws, rate);
        }
    }
#endif

    int failures = 0;
#if !CTMLP_FW_NEWLIB_MATH
    const auto bits = m::parameter_bits(train_net);
    for (std::size_t n = 0; n < bits.size(); ++n) {
        if (bits[n] != m::xor_trained_bits[n]) ++failures;
    }
#endif
    for (std::size_t s = 0; s < 4; ++s) {
        const float y = train_net.predict(xs[s])[0];
        if ((y > 0.5f) != (ys[s][0] > 0.5f)) ++failures;
    }

#if CTMLP_FW_VERBOSE
    const auto trained_bits = m::parameter_bits(train_net);
    ctmlp_fw::print("trained on device:");
    for (const std::uint32_t b : trained_bits) {
        ctmlp_fw::print(" ");
        ctmlp_fw::print_hex(b);
    }
    ctmlp_fw::println("");
    ctmlp_fw::print("trained by the compiler:");
    for (const std::uint32_t b : m::xor_trained_bits) {
        ctmlp_fw::print(" ");
        ctmlp_fw::print_hex(b);
    }
    ctmlp_fw::println("");
    for (std::size_t s = 0; s < 4; ++s) {
        const float y = train_net.predict(xs[s])[0];
        ctmlp_fw::print("xor(");
        ctmlp_fw::print(static_cast<int>(xs[s][0]));
        ctmlp_fw::print(",");
        ctmlp_fw::print(static_cast<int>(xs[s][1]));
        ctmlp_fw::print(") = ");
        ctmlp_fw::print(y);
        ctmlp_fw::print(" bits ");
        ctmlp_fw::print_bits(y);
        ctmlp_fw::println("");
    }
    using mem = ctmlp::memory<m::xor_net>;
    ctmlp_fw::println("memory<xor_net>: parameters=", static_cast<unsigned>(mem::parameters),
                      " workspace=", static_cast<unsigned>(mem::workspace),
                      " inference_scratch=", static_cast<unsigned>(mem::inference_scratch),
                      " training_per_sample=", static_cast<unsigned>(mem::training_per_sample),
                      " stack_peak=", ctmlp_fw_stack_peak_bytes());
    ctmlp_fw::println(failures == 0 ? "xor_train: PASS (bit-equal to the compiler's training)" : "xor_train: FAIL");
#endif
    return failures;
}
