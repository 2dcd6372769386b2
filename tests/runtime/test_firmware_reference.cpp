// The host's side of the firmware examples (examples/firmware/models.hpp): the XOR network trained
// by the compiler, printed as the bits of every parameter -- the same table the on-device training
// firmware (xor_train, ctmlp::portable:: activations) must reproduce and prints as
// "trained by the compiler: 0x... " -- and the memory figures the firmware reports.
#include <cstdio>

#include "catch.hpp"
#include "firmware/models.hpp"

namespace m = ctmlp_fw::models;

TEST_CASE("firmware reference: XOR trained by the host compiler has the recorded bits", "[firmware]") {
    constexpr auto bits = m::parameter_bits(m::xor_trained);
    std::printf("xor_trained (host compiler):");
    for (const auto b : bits) std::printf(" 0x%08lx", static_cast<unsigned long>(b));
    std::printf("\n");
    for (std::size_t n = 0; n < bits.size(); ++n) {
        INFO("parameter " << n);
        CHECK(bits[n] == m::xor_trained_bits[n]);
    }
    // The firmware's inference output bits (xor_infer prints them) are the compiler's too.
    CHECK(std::bit_cast<std::uint32_t>(m::xor_expected[0]) == 0x3d8b57c5u);
    CHECK(std::bit_cast<std::uint32_t>(m::xor_expected[1]) == 0x3f6a1be5u);
    CHECK(std::bit_cast<std::uint32_t>(m::xor_expected[2]) == 0x3f6a1e43u);
    CHECK(std::bit_cast<std::uint32_t>(m::xor_expected[3]) == 0x3da0e17bu);
}

TEST_CASE("firmware reference: ctmlp::memory of the firmware networks", "[firmware]") {
    using xm = ctmlp::memory<m::xor_net>;
    STATIC_REQUIRE(xm::parameters == 17 * 4);
    STATIC_REQUIRE(xm::inference_scratch == 2 * 4 * 4);
    STATIC_REQUIRE(xm::workspace == (2 + 4 + 1 + 4 + 1) * 4);
    STATIC_REQUIRE(xm::training_per_sample == 68 + 48);
    using bm = ctmlp::memory<m::big_net>;
    STATIC_REQUIRE(bm::parameters == (16 * 32 + 32 + 32 * 8 + 8) * 4);
    STATIC_REQUIRE(bm::inference_scratch == 2 * 32 * 4);
}
