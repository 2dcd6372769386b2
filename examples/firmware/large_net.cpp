// Firmware example (c): a 16-32-8 network (tanh / sigmoid, 808 float parameters = 3,232 B in
// flash) with constexpr-initialised weights, evaluated on four inputs. The expected outputs were
// computed by the compiler (models::big_expected); with the ctmlp::portable:: activations (the
// default of models.hpp) every one of the 32 outputs must match bit for bit. Exit status: number of mismatching
// outputs.
#include <bit>
#include <cstdint>

#include "models.hpp"
#include "semihost.hpp"

#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif

namespace m = ctmlp_fw::models;

namespace {
// The inputs, copied through volatile so that the evaluation happens on the device.
volatile float big_inputs_rt[m::big_samples][m::big_net::input_size];

void load_inputs() {
    for (std::size_t s = 0; s < m::big_samples; ++s)
        for (std::size_t i = 0; i < m::big_net::input_size; ++i) big_inputs_rt[s][i] = m::big_inputs[s][i];
}
}  // namespace

int main() {
    load_inputs();
    int failures = 0;
    for (std::size_t s = 0; s < m::big_samples; ++s) {
        m::big_net::input_array x{};
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = big_inputs_rt[s][i];
        const auto y = m::big_weights.predict(x);
        for (std::size_t o = 0; o < y.size(); ++o) {
#if !CTMLP_FW_NEWLIB_MATH
            const bool ok = std::bit_cast<std::uint32_t>(y[o]) == std::bit_cast<std::uint32_t>(m::big_expected[s][o]);
#else
            // Library exp/tanh at compile time, newlib's at run time: a few ulp apart at most.
            const float d = y[o] - m::big_expected[s][o];
            const bool ok = d < 1e-5f && d > -1e-5f;
#endif
            if (!ok) ++failures;
#if CTMLP_FW_VERBOSE
            ctmlp_fw::print(o == 0 ? "sample " : " ");
            if (o == 0) {
                ctmlp_fw::print(static_cast<unsigned>(s));
                ctmlp_fw::print(":");
                ctmlp_fw::print(" ");
            }
            ctmlp_fw::print_bits(y[o]);
            if (!ok) ctmlp_fw::print("(DIFFERS)");
#endif
        }
#if CTMLP_FW_VERBOSE
        ctmlp_fw::println("");
#endif
    }
#if CTMLP_FW_VERBOSE
    using mem = ctmlp::memory<m::big_net>;
    ctmlp_fw::println("memory<big_net>: parameters=", static_cast<unsigned>(mem::parameters),
                      " inference_scratch=", static_cast<unsigned>(mem::inference_scratch),
                      " stack_peak=", ctmlp_fw_stack_peak_bytes());
    ctmlp_fw::println(failures == 0 ? "large_net: PASS (32 outputs bit-equal to the compiler's)" : "large_net: FAIL");
#endif
    return failures;
}
