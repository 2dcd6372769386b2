// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Deliberately faults (undefined instruction -> HardFault). The startup's fault handler must end
// the run with a non-zero status: the test expects failure (and the exact fault status).
int main() { __builtin_trap(); }
