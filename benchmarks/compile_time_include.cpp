// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Compile-time benchmark TU (compile_time.sh): the umbrella header and nothing else.
#include <ctmlp/ctmlp.hpp>

int main() { return 0; }
