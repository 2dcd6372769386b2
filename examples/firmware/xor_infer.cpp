// Firmware example (a): inference of a network trained at compile time.
//
// models::xor_trained is a constexpr object: its weights were computed by the compiler (100 epochs
// of per-sample SGD, see models.hpp, where static_asserts check that it computes XOR) and live in
// flash (.rodata). The firmware evaluates it on the four XOR inputs, read at run time, and
// returns the number of failures as its exit status: a wrong class, and with
// the ctmlp::portable:: activations (models.hpp's default) also any output whose bits differ from the compiler's own
// evaluation.
//
// CTMLP_FW_VERBOSE=1 prints every output (value and bits) through semihosting and checks the bits;
// 0 reports through the exit status only and checks the classes only, i.e. does exactly what the
// hand-written C baseline (benchmarks/footprint/baseline_xor_infer.c) does: the size build.
#include <bit>
#include <cstdint>

#include "models.hpp"
#include "semihost.hpp"

#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif

namespace m = ctmlp_fw::models;

namespace {
// volatile: the inputs are read at run time, so the compiler cannot evaluate the network itself.
volatile float xor_inputs[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
}  // namespace

int main() {
    int failures = 0;
    for (std::size_t s = 0; s < 4; ++s) {
        const m::xor_net::input_array x{xor_inputs[s][0], xor_inputs[s][1]};
        const float y = m::xor_trained.predict(x)[0];
        const bool ok_class = (y > 0.5f) == (m::xor_y[s][0] > 0.5f);
        if (!ok_class) ++failures;
#if !CTMLP_FW_NEWLIB_MATH && CTMLP_FW_VERBOSE
        const bool ok_bits = std::bit_cast<std::uint32_t>(y) == std::bit_cast<std::uint32_t>(m::xor_expected[s]);
        if (!ok_bits) ++failures;
#else
        const bool ok_bits = true;
#endif
#if CTMLP_FW_VERBOSE
        ctmlp_fw::print("xor(");
        ctmlp_fw::print(static_cast<int>(s >> 1));
        ctmlp_fw::print(",");
        ctmlp_fw::print(static_cast<int>(s & 1));
        ctmlp_fw::print(") = ");
        ctmlp_fw::print(y);
        ctmlp_fw::print(" bits ");
        ctmlp_fw::print_bits(y);
        ctmlp_fw::print(ok_class ? " class ok" : " CLASS WRONG");
        ctmlp_fw::println(!CTMLP_FW_NEWLIB_MATH ? (ok_bits ? ", bits equal the compiler's" : ", BITS DIFFER") : "");
#else
        (void)ok_bits;
#endif
    }
#if CTMLP_FW_VERBOSE
    ctmlp_fw::println("memory<xor_net>: parameters=", static_cast<unsigned>(ctmlp::memory<m::xor_net>::parameters),
                      " inference_scratch=", static_cast<unsigned>(ctmlp::memory<m::xor_net>::inference_scratch),
                      " stack_peak=", ctmlp_fw_stack_peak_bytes());
    ctmlp_fw::println(failures == 0 ? "xor_infer: PASS" : "xor_infer: FAIL");
#endif
    return failures;
}
