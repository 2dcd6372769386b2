// expect: CTMLP_PORTABLE_MATH is gone: the run-time math is a property of the activation type
// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The old build switch: the math policy is now in the activation types (ctmlp::portable::sigmoid).
#define CTMLP_PORTABLE_MATH 1
#include <ctmlp/ctmlp.hpp>

int main() {}
