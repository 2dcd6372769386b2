// Firmware: the exported XOR network (examples/deploy/xor_model.hpp, generated on the host by
// examples/deploy/export_xor.cpp) evaluated from flash on the four inputs of the test vectors
// (examples/deploy/xor_expected.hpp); every output must have the host's bits exactly
// (ctmlp::portable:: activations on both sides, -ffp-contract=off). The exit status is the number of
// differences. CTMLP_FW_VERBOSE=1 prints each output and its bits; 0 is the size build.
#include <bit>
#include <cstddef>
#include <cstdint>

#include "deploy/xor_expected.hpp"
#include "deploy/xor_model.hpp"
#include "semihost.hpp"

#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif

#if CTMLP_FW_VERBOSE
#include "deploy/models.hpp"
// This compiler reads the generated literals as the host's compiler does: the header's network is
// the one arm-none-eabi-g++ trains itself from models.hpp, bit for bit.
static_assert(xor_model::network == ctmlp_deploy::xor_trained,
              "xor_model.hpp does not hold the network models.hpp trains");
#endif

using net_type = xor_model::network_type;
static_assert(XOR_EXPECTED_INPUT_SIZE == net_type::input_size && XOR_EXPECTED_OUTPUT_SIZE == net_type::output_size);

int main() {
    int failures = 0;
#if CTMLP_FW_VERBOSE
    static constexpr auto name = ctmlp::type_name<net_type>();  // spelled by the compiler, in flash
    ctmlp_fw::println("network: ", name.c_str());
#endif
    for (std::size_t s = 0; s < XOR_EXPECTED_SAMPLES; ++s) {
        net_type::input_array x;
        // Read through volatile: the compiler must not evaluate the network on constant inputs.
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<const volatile float&>(xor_expected_inputs[s][i]);
        const net_type::output_array y = xor_model::network.predict(x);
        for (std::size_t o = 0; o < y.size(); ++o) {
            const bool same = std::bit_cast<std::uint32_t>(y[o]) == xor_expected_output_bits[s][o];
            if (!same) ++failures;
#if CTMLP_FW_VERBOSE
            ctmlp_fw::print("xor(");
            ctmlp_fw::print(x[0]);
            ctmlp_fw::print(", ");
            ctmlp_fw::print(x[1]);
            ctmlp_fw::print(") = ");
            ctmlp_fw::print(y[o]);
            ctmlp_fw::print(" bits ");
            ctmlp_fw::print_bits(y[o]);
            ctmlp_fw::println(same ? " = host" : " DIFFERS from the host's");
#endif
        }
    }
#if CTMLP_FW_VERBOSE
    ctmlp_fw::println(failures == 0 ? "deploy_xor: PASS" : "deploy_xor: FAIL");
#endif
    return failures;
}
