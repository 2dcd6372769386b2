// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Returns 42 from main: the test checks that main's value becomes QEMU's exit status.
int main() { return 42; }
