// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The negative control of tests/deploy/check_rodata.cmake: a copy of the exported network in
// a mutable global lands in .data (RAM, initialised from flash at reset), which the check must
// reject (CTest WILL_FAIL). Not a way to deploy: the constexpr network itself needs no RAM.
#include "deploy/xor_model.hpp"

xor_model::network_type xor_in_ram = xor_model::network;

int main() {
    const volatile float x0 = 1.0f;
    return xor_in_ram.predict({x0, 0.0f})[0] > 0.5f ? 0 : 1;
}
