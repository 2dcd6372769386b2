// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The PyTorch-trained digits classifier (examples/import/) in int8 on the microcontroller
// (docs/firmware.md, "int8 networks"). The compiler quantises it (examples/digits_int8.hpp: the
// float network and 128 calibration images from torch's training split in, a constexpr
// ctmlp::int8::network out: 2,754 B of int8 weights, int32 biases, multipliers and shifts in
// flash); the device classifies the 540 test images with integers only -- each pixel count 0..16
// becomes the int8 input through a 17-entry table the compiler filled with quantize_input -- and
// computes the CRC-32 of the 5,400 int8 outputs (10 logits per image, in order):
//
//     PASS iff the CRC and the number of correct classes equal tests/fixtures/digits_int8_outputs.txt
//     (CTMLP_DIGITS_INT8_EXPECTED_CRC / _CORRECT, read from it by examples/firmware/int8.cmake);
//     exit status 0, else 1 (CRC differs) + 2 (count differs)
//
// That fixture is computed without C++ (tests/fixtures/digits_int8_make.py) and is also what the
// host's int8 path gives (examples/digits_int8.cpp): equal CRCs mean the same 5,400 outputs bit for
// bit on the host, the Cortex-M4 and the Cortex-M0.
//
// CTMLP_FW_VERBOSE=0 prints nothing (the size build, for the footprint table);
// CTMLP_DIGITS_INT8_BREAK_WEIGHT=1 negates one int8 weight (a build that must FAIL).
#include <array>
#include <cstddef>
#include <cstdint>

#include "digits_int8.hpp"

#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif
#ifndef CTMLP_DIGITS_INT8_BREAK_WEIGHT
#define CTMLP_DIGITS_INT8_BREAK_WEIGHT 0
#endif
#if !defined(CTMLP_DIGITS_INT8_EXPECTED_CRC) || !defined(CTMLP_DIGITS_INT8_EXPECTED_CORRECT)
#error \
    "define CTMLP_DIGITS_INT8_EXPECTED_CRC and _CORRECT (the crc32 and int8 correct lines of tests/fixtures/digits_int8_outputs.txt)"
#endif

#if CTMLP_FW_VERBOSE
#include "semihost.hpp"
#endif

namespace {

using digits_int8::int8_network;
namespace test = digits_int8::test;

constexpr int8_network with_broken_weight(int8_network net) {
    auto& w = net.layer<1>().weights[5 * 64 + 36];  // as digits_int8 --break-weight on the host
    w = static_cast<std::int8_t>(w == 0 ? 64 : -w);
    return net;
}

/// The int8 network, a constexpr object in flash: quantised by the compiler (examples/digits_int8.hpp;
/// a failure is a compile error that names the layer and the index), so nothing of the float
/// network or of the calibration images reaches the image.
inline constexpr int8_network network = CTMLP_DIGITS_INT8_BREAK_WEIGHT
                                            ? with_broken_weight(digits_int8::compile_time_quantization.net)
                                            : digits_int8::compile_time_quantization.net;
/// The int8 input of each pixel count 0..16 (quantize_input's float arithmetic runs in the compiler).
inline constexpr std::array<std::int8_t, 17> pixel_table = digits_int8::pixel_table(network);

}  // namespace

int main() {
    std::uint32_t crc = ctmlp::detail::crc32_init;
    unsigned correct = 0;
    for (std::size_t s = 0; s < test::count; ++s) {
        // Through a volatile pointer, so that the compiler cannot classify the constant images itself.
        const volatile std::uint8_t* pixels = test::pixels[s].data();
        const int8_network::output_array y = network.predict(digits_int8::int8_input(pixel_table, pixels));
        crc = digits_int8::crc_update(crc, y);
        if (digits_int8::argmax(y) == test::labels[s]) ++correct;
#if CTMLP_FW_VERBOSE
        if (s < 2) {
            ctmlp_fw::print(static_cast<unsigned>(s));
            ctmlp_fw::print(":");
            for (const std::int8_t v : y) {
                ctmlp_fw::print(" ");
                ctmlp_fw::print(static_cast<int>(v));
            }
            ctmlp_fw::println(" -> ", static_cast<unsigned>(digits_int8::argmax(y)));
        }
#endif
    }
    crc = ctmlp::detail::crc32_final(crc);
    const bool crc_ok = crc == static_cast<std::uint32_t>(CTMLP_DIGITS_INT8_EXPECTED_CRC);
    const bool count_ok = correct == static_cast<unsigned>(CTMLP_DIGITS_INT8_EXPECTED_CORRECT);
#if CTMLP_FW_VERBOSE
    ctmlp_fw::println("digits_int8: ", static_cast<unsigned>(test::count), " test images, int8 correct ", correct, "/",
                      static_cast<unsigned>(test::count), " (expected ",
                      static_cast<unsigned>(CTMLP_DIGITS_INT8_EXPECTED_CORRECT), ")");
    ctmlp_fw::print("digits_int8: crc32 of the 5400 int8 outputs ");
    ctmlp_fw::print_hex(crc);
    ctmlp_fw::print(" (expected ");
    ctmlp_fw::print_hex(static_cast<std::uint32_t>(CTMLP_DIGITS_INT8_EXPECTED_CRC));
    ctmlp_fw::println(")");
    ctmlp_fw::println("memory: int8 parameters ", static_cast<unsigned>(int8_network::parameter_bytes), " B (object ",
                      static_cast<unsigned>(sizeof(int8_network)), " B) in flash, stack peak ",
                      ctmlp_fw_stack_peak_bytes(), " B");
    ctmlp_fw::println(crc_ok && count_ok ? "digits_int8: PASS" : "digits_int8: FAIL");
#endif
    return (crc_ok ? 0 : 1) + (count_ok ? 0 : 2);
}
