// The host-only printing matches what NumPy and Python print.
#include <ctmlp/host/numpy_print.hpp>

#include "catch.hpp"

using ctmlp::host::numpy_format;
using ctmlp::host::python_repr;

TEST_CASE("python_repr prints the shortest round-trip decimal like Python", "[host][print]") {
    CHECK(python_repr(7.839738097962158) == "7.839738097962158");
    CHECK(python_repr(0.25003101962364) == "0.25003101962364");
    CHECK(python_repr(1.0) == "1.0");
    CHECK(python_repr(123.0) == "123.0");
    CHECK(python_repr(0.0001) == "0.0001");
    CHECK(python_repr(1e-05) == "1e-05");
    CHECK(python_repr(1e16) == "1e+16");
    CHECK(python_repr(-2.5) == "-2.5");
}

TEST_CASE("numpy_format follows NumPy's default 'maxprec' layout", "[host][print]") {
    const std::array<double, 4> zeros{};
    CHECK(numpy_format(zeros, 1, 4) == "[[0. 0. 0. 0.]]");
    const std::array<double, 8> m{0, 0, 0, 0, 0.45035059, 0.30391231, 0.52639952, 0.62381221};
    CHECK(numpy_format(m, 2, 4) ==
          "[[0.         0.         0.         0.        ]\n [0.45035059 0.30391231 0.52639952 0.62381221]]");
    const std::array<double, 2> mixed{1.5, 10.25};
    CHECK(numpy_format(mixed, 2, 1) == "[[ 1.5 ]\n [10.25]]");
    const std::array<double, 1> rounded{0.123456789};
    CHECK(numpy_format(rounded, 1, 1) == "[[0.12345679]]");
    const long long ints[2] = {0, 1};
    CHECK(ctmlp::host::numpy_format_int(ints, 1, 2) == "[[0 1]]");
}
