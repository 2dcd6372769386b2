// Fixed-point inference for cores without an FPU (the Cortex-M0 goal of docs/firmware.md).
//
// models::xor_trained (float, trained by the compiler) is quantised by the compiler into Q7.8
// (ctmlp::quantize: a weight that did not fit would stop compilation), and its worst-case output
// error over the XOR inputs (ctmlp::max_output_error) is static_asserted below.
// The firmware evaluates the Q7.8 network with integer operations only -- the linked image must
// contain no soft-float routine (__aeabi_f*, __aeabi_d*; checked by the test
// firmware.fixed_xor_infer_min.no_soft_float) -- and reports through its exit status only: the
// number of outputs that differ from the compiler's evaluation of the same Q7.8 network (integer
// arithmetic: bit for bit on every target) plus the number of wrong classes.
#include <cstdint>

#include <ctmlp/quantize.hpp>

#include "models.hpp"

namespace m = ctmlp_fw::models;

namespace {
using q = ctmlp::q7_8;
using fixed_xor_net = ctmlp::network<q, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr fixed_xor_net fixed_xor = ctmlp::quantize<fixed_xor_net>(m::xor_trained);

constexpr std::array<q, 4> expected{fixed_xor.predict({q(0.0), q(0.0)})[0], fixed_xor.predict({q(0.0), q(1.0)})[0],
                                    fixed_xor.predict({q(1.0), q(0.0)})[0], fixed_xor.predict({q(1.0), q(1.0)})[0]};

// Worst-case error of the quantised network against the float one, over the training set.
static_assert(ctmlp::max_output_error(m::xor_trained, fixed_xor, m::xor_x) <= 0.01,
              "Q7.8 XOR: output error over the training set above 0.01");

constexpr std::array<bool, 4> xor_class{false, true, true, false};

// Raw Q7.8 inputs, read at run time.
volatile std::int16_t inputs_raw[4][2] = {{0, 0}, {0, 256}, {256, 0}, {256, 256}};
}  // namespace

int main() {
    int failures = 0;
    for (std::size_t s = 0; s < 4; ++s) {
        fixed_xor_net::input_array x{};
        x[0].raw = inputs_raw[s][0];
        x[1].raw = inputs_raw[s][1];
        const q y = fixed_xor.predict(x)[0];
        if (y != expected[s]) ++failures;
        if ((y > q(0.5)) != xor_class[s]) ++failures;
    }
    return failures;
}
