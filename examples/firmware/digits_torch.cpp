// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// A digits classifier trained in PyTorch, run on the microcontroller (docs/import.md).
//
// examples/import/train_digits.py trained nn.Sequential(Linear(64, 32), ReLU(), Linear(32, 10)) in
// torch and converted it with tools/torch_to_ctmlp.py into examples/import/digits_torch_model.hpp
// (a constexpr network: its 2,410 floats are in flash). examples/import/digits_torch_test.hpp holds
// the 540 test images as uint8 pixels and the class torch predicted for each. This program
// classifies every test image on the device and compares with torch:
//
//     PASS iff every predicted class equals torch's; exit status = number of mismatches (capped)
//
// and prints the mismatches and the accuracy against the true labels. The same file builds for the
// host (CTMLP_DIGITS_HOST=1, printing with stdio): examples/import.cmake runs it there too.
//
// CTMLP_FW_VERBOSE=0 (firmware only) prints nothing and reports through the exit status: the size
// build, for the footprint table.
#include <cstddef>
#include <cstdint>

#include "digits_torch_model.hpp"
#include "digits_torch_test.hpp"

#ifndef CTMLP_DIGITS_HOST
#define CTMLP_DIGITS_HOST 0
#endif
#ifndef CTMLP_FW_VERBOSE
#define CTMLP_FW_VERBOSE 1
#endif

#if CTMLP_DIGITS_HOST
#include <cstdio>
namespace {
void say(const char* s) { std::fputs(s, stdout); }
void say(unsigned v) { std::printf("%u", v); }
}  // namespace
#elif CTMLP_FW_VERBOSE
#include "semihost.hpp"
namespace {
void say(const char* s) { ctmlp_fw::print(s); }
void say(unsigned v) { ctmlp_fw::print(v); }
}  // namespace
#else
namespace {
void say(const char*) {}
void say(unsigned) {}
}  // namespace
#endif

namespace {

namespace data = digits_torch_test;
using net_type = digits_torch::network_type;

/// The index of the largest output; the first one on ties, as torch.argmax.
std::size_t argmax(const net_type::output_array& y) {
    std::size_t best = 0;
    for (std::size_t o = 1; o < y.size(); ++o)
        if (y[o] > y[best]) best = o;
    return best;
}

/// Sample s's input: pixel counts 0..16 scaled by 1/16 (exact in float), as in training. Read
/// through a volatile pointer so that the compiler cannot classify the constant images itself.
net_type::input_array input(std::size_t s) {
    const volatile std::uint8_t* pixels = data::pixels[s].data();
    net_type::input_array x;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(pixels[i]) * 0.0625f;
    return x;
}

}  // namespace

int main() {
    unsigned mismatches = 0;
    unsigned correct = 0;
    for (std::size_t s = 0; s < data::count; ++s) {
        const std::size_t predicted = argmax(digits_torch::network.predict(input(s)));
        if (predicted != data::torch_predictions[s]) {
            ++mismatches;
            say("sample ");
            say(static_cast<unsigned>(s));
            say(": ctmlp predicts ");
            say(static_cast<unsigned>(predicted));
            say(", torch ");
            say(static_cast<unsigned>(data::torch_predictions[s]));
            say("\n");
        }
        if (predicted == data::labels[s]) ++correct;
    }
    say("digits_torch: ");
    say(static_cast<unsigned>(data::count));
    say(" test images, ");
    say(mismatches);
    say(" predictions differ from torch; accuracy ");
    say(correct);
    say("/");
    say(static_cast<unsigned>(data::count));
    say(" (torch ");
    say(static_cast<unsigned>(data::torch_correct));
    say("/");
    say(static_cast<unsigned>(data::count));
    say(")\n");
#if !CTMLP_DIGITS_HOST && CTMLP_FW_VERBOSE
    ctmlp_fw::println("memory: parameters ", static_cast<unsigned>(ctmlp::memory<net_type>::parameters),
                      " B in flash, stack peak ", ctmlp_fw_stack_peak_bytes(), " B");
#endif
    const bool pass = mismatches == 0 && correct == data::torch_correct;
    say(pass ? "digits_torch: PASS\n" : "digits_torch: FAIL\n");
    // A count that is a multiple of 256 would read as success in an 8-bit exit status.
    return pass ? 0 : static_cast<int>(mismatches > 0 && mismatches < 200 ? mismatches : 200);
}
