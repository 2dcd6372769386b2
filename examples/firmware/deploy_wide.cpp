// Firmware: the exported 16-32-16-8 network (examples/deploy/wide_model.hpp: leaky_relu, a no_bias
// layer, 1,192 parameters in flash) on four inputs; every output must have the host's bits
// (examples/deploy/wide_expected.hpp). The verbose build also checks, with this compiler, that the
// header holds exactly the network of models.hpp.
#include <bit>
#include <cstddef>
#include <cstdint>

#include "deploy/wide_expected.hpp"
#include "deploy/wide_model.hpp"
#include "semihost.hpp"

#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif

#if CTMLP_FW_VERBOSE
#include "deploy/models.hpp"

static_assert(wide_model::network == ctmlp_deploy::wide_weights, "wide_model.hpp differs from models.hpp's network");
#endif

using net_type = wide_model::network_type;
static_assert(WIDE_EXPECTED_INPUT_SIZE == net_type::input_size && WIDE_EXPECTED_OUTPUT_SIZE == net_type::output_size);

int main() {
    int failures = 0;
    for (std::size_t s = 0; s < WIDE_EXPECTED_SAMPLES; ++s) {
        net_type::input_array x;
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = static_cast<const volatile float&>(wide_expected_inputs[s][i]);
        const net_type::output_array y = wide_model::network.predict(x);
        for (std::size_t o = 0; o < y.size(); ++o) {
            const bool same = std::bit_cast<std::uint32_t>(y[o]) == wide_expected_output_bits[s][o];
            if (!same) ++failures;
#if CTMLP_FW_VERBOSE
            if (!same || o == 0) {
                ctmlp_fw::print("sample ");
                ctmlp_fw::print(static_cast<unsigned>(s));
                ctmlp_fw::print(" output ");
                ctmlp_fw::print(static_cast<unsigned>(o));
                ctmlp_fw::print(" = ");
                ctmlp_fw::print(y[o]);
                ctmlp_fw::print(" bits ");
                ctmlp_fw::print_bits(y[o]);
                ctmlp_fw::println(same ? " = host" : " DIFFERS from the host's");
            }
#endif
        }
    }
#if CTMLP_FW_VERBOSE
    ctmlp_fw::println("outputs compared: ", static_cast<unsigned>(WIDE_EXPECTED_SAMPLES * WIDE_EXPECTED_OUTPUT_SIZE),
                      ", differences: ", failures);
    ctmlp_fw::println(failures == 0 ? "deploy_wide: PASS" : "deploy_wide: FAIL");
#endif
    return failures;
}
