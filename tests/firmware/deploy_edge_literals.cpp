// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The exporter's literals read back exactly by the cross compiler: the generated headers
// tests/deploy/edge_model.hpp and edge_double_model.hpp (0, -0, the smallest and largest
// subnormals, FLT_MIN, FLT_MAX, DBL_MAX and their neighbours) hold, as arm-none-eabi-g++ parses
// them, exactly the parameters of examples/deploy/models.hpp, bit for bit (== could not tell -0
// from 0). Compiling this file for the MCU (target deploy_edge_literals) is passing; the host's
// compiler is checked by tests/runtime/test_export.cpp.
#include <bit>
#include <cstddef>
#include <cstdint>

#include "deploy/models.hpp"
#include "edge_double_model.hpp"
#include "edge_model.hpp"

namespace {

template <class A, class B>
constexpr bool same_bits(const A& a, const B& b) {
    for (std::size_t n = 0; n < a.size(); ++n) {
        if constexpr (sizeof(a[n]) == 4) {
            if (std::bit_cast<std::uint32_t>(a[n]) != std::bit_cast<std::uint32_t>(b[n])) return false;
        } else {
            if (std::bit_cast<std::uint64_t>(a[n]) != std::bit_cast<std::uint64_t>(b[n])) return false;
        }
    }
    return true;
}

static_assert(same_bits(ctmlp::to_parameters(deploy_test::edge_model::network), ctmlp_deploy::edge_values),
              "edge_model.hpp: arm-none-eabi-g++ read a literal differently");
static_assert(same_bits(ctmlp::to_parameters(deploy_test::edge_double_model::network),
                        ctmlp_deploy::edge_double_values),
              "edge_double_model.hpp: arm-none-eabi-g++ read a literal differently");

}  // namespace
