// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The negative control of check_no_cxx_runtime.cmake: an object that needs the C++ runtime
// (operator new), which the check must reject (CTest WILL_FAIL).
extern "C" int* cxx_runtime_probe(int n) { return new int(n); }
