// Copyright ctmlp contributors.
// Distributed under the Boost Software License, Version 1.0
// (see LICENSE or https://www.boost.org/LICENSE_1_0.txt).
//
// Tests for ctmlp/random.hpp. No main here (the runner provides it); no
// exception-based assertions, so this also builds with -fno-exceptions.

#include <ctmlp/random.hpp>

#include "catch.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

namespace {

// np.random.seed(40); np.random.random_sample(21) — full-precision values
// obtained from NumPy 1.24.2 (/usr/bin/python3, float.hex()). Draws 0..11 are
// the seed notebook's cell 1 (weights_0_1 = random((2,4)) row-major, then
// weights_1_2 = random((4,1))); draws 12..20 are cell 2 continuing the same
// stream (weights_input_hidden rand(2,2), weights_hidden_output rand(2,1),
// bias_hidden rand(1,2), bias_output rand(1,1), each row-major).
constexpr std::array<double, 21> numpy_seed40 = {
    // cell 1: weights_0_1 (2x4)
    0x1.a178b5526edc6p-2,  // 0.4076870280802861
    0x1.c58f0072dce20p-5,  // 0.05536604011186008
    0x1.93bad7ed1f376p-1,  // 0.7885348774867527
    0x1.2633549290df6p-2,  // 0.28730518478934586
    0x1.cd28b44b090bap-2,  // 0.45035058696727115
    0x1.3734c99129870p-2,  // 0.3039123053407655
    0x1.0d843d0af8eedp-1,  // 0.5263995242971454
    0x1.3f64507a5ec7fp-1,  // 0.6238122128846867
    // cell 1: weights_1_2 (4x1)
    0x1.8db58346873b1p-1,  // 0.7767754577249574
    0x1.5f5b10a0011bbp-1,  // 0.6862416453664574
    0x1.f63d9e6188b9ap-1,  // 0.9809388631878051
    0x1.339e2ab5f4ab0p-1,  // 0.6008160922159131
    // cell 2: weights_input_hidden (2x2)
    0x1.a0c07b5a41e3ap-1,  // 0.8139685199429956
    0x1.6ad38992050f4p-1,  // 0.7086451521631987
    0x1.c320d1df6e0e0p-6,  // 0.02753468032253259
    0x1.cefc1cd9b5dcap-1,  // 0.9042672172317279
    // cell 2: weights_hidden_output (2x1)
    0x1.ccb3db79c8ca0p-2,  // 0.44990485125362945
    0x1.e71d89ba0fdd8p-4,  // 0.11892465400250474
    // cell 2: bias_hidden (1x2)
    0x1.abac76f41273bp-1,  // 0.8353001759471462
    0x1.9e34516c8988cp-3,  // 0.20224822628478412
    // cell 2: bias_output (1x1)
    0x1.64c45ea76081cp-3,  // 0.1742026705579186
};

// The first 12 values as the notebook printed them (8 decimals).
constexpr std::array<double, 12> notebook_printed = {
    0.40768703, 0.05536604, 0.78853488, 0.28730518, 0.45035059, 0.30391231,
    0.52639952, 0.62381221, 0.77677546, 0.68624165, 0.98093886, 0.60081609,
};

// ---- constant evaluation -------------------------------------------------

static_assert(ctmlp::UniformSource<ctmlp::mt19937>);
static_assert(ctmlp::UniformSource<ctmlp::splitmix64>);
static_assert(!ctmlp::UniformSource<int>);

constexpr bool mt19937_in_constant_evaluation() {
    ctmlp::mt19937 g(40U);
    for (std::size_t i = 0; i < 3; ++i) {
        if (g.random_sample() != numpy_seed40[i]) {
            return false;
        }
    }
    ctmlp::mt19937 raw(40U);
    return raw() == 1751002438U;  // np.random.RandomState(40).randint(0, 2**32, dtype=np.uint32)
}
static_assert(mt19937_in_constant_evaluation());

constexpr bool splitmix64_in_constant_evaluation() {
    ctmlp::splitmix64 g(1234567U);
    if (g() != 6457827717110365317ULL || g() != 3203168211198807973ULL || g() != 9817491932198370423ULL) {
        return false;
    }
    ctmlp::splitmix64 h(42U);
    const double a = h.random_sample();
    const double b = h.random_sample();
    return a == 0x1.7bae644c5fd6dp-1 && b == 0x1.477f199d93378p-3;
}
static_assert(splitmix64_in_constant_evaluation());

}  // namespace

// ---- mt19937 ---------------------------------------------------------------

TEST_CASE("mt19937 seed 40 reproduces the notebook's cell 1 weights bit-exactly", "[random][mt19937]") {
    ctmlp::mt19937 g(40U);
    for (std::size_t i = 0; i < 12; ++i) {
        const double v = g.random_sample();
        INFO("draw " << i);
        CHECK(v == numpy_seed40[i]);
        // ...and those are the values the notebook printed (rounded to 8 decimals).
        CHECK(std::fabs(v - notebook_printed[i]) <= 5.000001e-9);
    }
}

TEST_CASE("mt19937 seed 40 continues into the notebook's cell 2 parameters bit-exactly", "[random][mt19937]") {
    ctmlp::mt19937 g(40U);
    for (std::size_t i = 0; i < 12; ++i) {
        (void)g.random_sample();
    }
    for (std::size_t i = 12; i < numpy_seed40.size(); ++i) {
        INFO("draw " << i);
        CHECK(g.random_sample() == numpy_seed40[i]);
    }
}

TEST_CASE("random_sample consumes exactly two raw draws", "[random][mt19937]") {
    ctmlp::mt19937 g(40U);
    ctmlp::mt19937 raw(40U);
    for (std::size_t i = 0; i < numpy_seed40.size(); ++i) {
        const std::uint32_t a = raw();
        const std::uint32_t b = raw();
        const double expected =
            (static_cast<double>(a >> 5) * 67108864.0 + static_cast<double>(b >> 6)) / 9007199254740992.0;
        CHECK(g.random_sample() == expected);
    }
}

TEST_CASE("mt19937 raw output matches std::mt19937", "[random][mt19937]") {
    for (const std::uint32_t seed : {0U, 1U, 40U, 5489U, 0xFFFFFFFFU}) {
        INFO("seed " << seed);
        ctmlp::mt19937 mine(seed);
        std::mt19937 ref(seed);
        bool all_equal = true;
        for (std::size_t i = 0; i < 2000; ++i) {  // crosses several twists
            all_equal = all_equal && (mine() == ref());
        }
        CHECK(all_equal);
    }
}

TEST_CASE("mt19937 10000th output for the default seed is 4123659995", "[random][mt19937]") {
    // The value the C++ standard requires of std::mt19937 ([rand.predef]).
    ctmlp::mt19937 g(ctmlp::mt19937::default_seed);
    g.discard(9999);
    CHECK(g() == 4123659995U);
}

TEST_CASE("mt19937 reseeding restarts the sequence", "[random][mt19937]") {
    ctmlp::mt19937 g(40U);
    g.discard(1000);
    g.seed(40U);
    CHECK(g.random_sample() == numpy_seed40[0]);
}

// ---- splitmix64 ------------------------------------------------------------

TEST_CASE("splitmix64 matches the reference algorithm", "[random][splitmix64]") {
    SECTION("seed 1234567 (Rosetta Code, Pseudo-random numbers/Splitmix64)") {
        ctmlp::splitmix64 g(1234567U);
        CHECK(g() == 6457827717110365317ULL);
        CHECK(g() == 3203168211198807973ULL);
        CHECK(g() == 9817491932198370423ULL);
        CHECK(g() == 4593380528125082431ULL);
        CHECK(g() == 16408922859458223821ULL);
    }
    SECTION("seed 0 (splitmix64.c with x = 0)") {
        ctmlp::splitmix64 g(0U);
        CHECK(g() == 0xE220A8397B1DCDAFULL);
        CHECK(g() == 0x6E789E6AA1B965F4ULL);
        CHECK(g() == 0x06C45D188009454FULL);
        CHECK(g() == 0xF88BB8A8724C81ECULL);
        CHECK(g() == 0x1B39896A51A8749BULL);
    }
}

TEST_CASE("splitmix64 random_sample is (x >> 11) * 2^-53", "[random][splitmix64]") {
    ctmlp::splitmix64 g(1234567U);
    ctmlp::splitmix64 raw(1234567U);
    for (std::size_t i = 0; i < 100; ++i) {
        const double expected = static_cast<double>(raw() >> 11) * 0x1.0p-53;
        const double v = g.random_sample();
        CHECK(v == expected);
        CHECK(v >= 0.0);
        CHECK(v < 1.0);
    }
}

TEST_CASE("splitmix64 floats: Rosetta Code histogram for seed 987654321", "[random][splitmix64]") {
    // floor(5 * next_float()) over 100000 draws.
    ctmlp::splitmix64 g(987654321U);
    std::array<int, 5> counts{};
    bool in_range = true;
    for (int i = 0; i < 100000; ++i) {
        const auto bucket = static_cast<std::size_t>(g.random_sample() * 5.0);
        in_range = in_range && bucket < counts.size();
        if (bucket < counts.size()) {
            ++counts[bucket];
        }
    }
    CHECK(in_range);
    CHECK(counts == std::array<int, 5>{20027, 19892, 20073, 19978, 20030});
}

TEST_CASE("splitmix64 discard skips outputs", "[random][splitmix64]") {
    ctmlp::splitmix64 a(7U);
    ctmlp::splitmix64 b(7U);
    for (int i = 0; i < 37; ++i) {
        (void)a();
    }
    b.discard(37);
    CHECK(a() == b());
}
