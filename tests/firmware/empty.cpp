// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Size baseline: startup, vector table, fault handler and semihosting exit, nothing else.
int main() { return 0; }
