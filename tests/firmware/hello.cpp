// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Prints a line, an integer and a float (fixed and as IEEE-754 bits) through semihosting.
#include "semihost.hpp"

namespace {
// volatile: printed values are computed on the target, not folded into string constants.
volatile float pi = 3.14159265f;
volatile int answer = -42;
}  // namespace

int main() {
    ctmlp_fw::println("hello from ctmlp firmware");
    ctmlp_fw::println("int: ", static_cast<int>(answer));
    const float x = pi;
    ctmlp_fw::print("pi: ");
    ctmlp_fw::print(x);
    ctmlp_fw::print(" bits ");
    ctmlp_fw::print_bits(x);
    ctmlp_fw::print("\n");
    ctmlp_fw::println("pi/3: ", x / 3.0f, " stack peak: ", ctmlp_fw_stack_peak_bytes(), " B");
    return 0;
}
