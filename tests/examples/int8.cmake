# Checks of the int8 digits network on the host (docs/firmware.md, "int8 networks"; included by
# tests/examples/CMakeLists.txt): examples/int8.cmake builds `digits_int8`, which quantises the
# PyTorch-trained 64-32-10 network with ctmlp::int8; tests/fixtures/digits_int8_outputs.txt holds
# its 5,400 int8 outputs as tests/fixtures/digits_int8_make.py computes them without C++.
set(_ctmlp_digits_int8_fixture "${PROJECT_SOURCE_DIR}/tests/fixtures/digits_int8_outputs.txt")

# The report and the two targets.
add_test(NAME example.digits_int8 COMMAND digits_int8)
# Every one of the 5,400 int8 outputs, the accuracy and the CRC equal the fixture's.
add_test(NAME example.digits_int8.outputs COMMAND digits_int8 --check ${_ctmlp_digits_int8_fixture})
set_tests_properties(example.digits_int8 example.digits_int8.outputs PROPERTIES LABELS "demo;int8")

# The checks can fail, for the right reason: a flash target the network misses, one expected
# output changed by 1, one int8 weight of the network negated.
add_test(NAME example.digits_int8.target_can_fail COMMAND digits_int8 --limits 1 0.25)
set_tests_properties(example.digits_int8.target_can_fail PROPERTIES
  PASS_REGULAR_EXPRESSION "target <= 0\\.25\\)\n.*digits_int8: FAIL")
add_test(NAME example.digits_int8.fixture_can_fail
         COMMAND digits_int8 --check ${_ctmlp_digits_int8_fixture} --perturb-fixture)
set_tests_properties(example.digits_int8.fixture_can_fail PROPERTIES
  PASS_REGULAR_EXPRESSION "output line 1 differs.*FAIL")
add_test(NAME example.digits_int8.weight_can_fail
         COMMAND digits_int8 --check ${_ctmlp_digits_int8_fixture} --break-weight)
set_tests_properties(example.digits_int8.weight_can_fail PROPERTIES
  PASS_REGULAR_EXPRESSION "output line [0-9]+ differs.*FAIL")
set_tests_properties(example.digits_int8.target_can_fail example.digits_int8.fixture_can_fail
                     example.digits_int8.weight_can_fail PROPERTIES LABELS "demo;int8")

# The fixture, recomputed by the Python reference (about 2 s).
ctmlp_python_has(_ctmlp_digits_int8_python numpy sklearn)
if(_ctmlp_digits_int8_python)
  add_test(NAME example.digits_int8.fixture_reproducible
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/fixtures/digits_int8_make.py --check)
  set_tests_properties(example.digits_int8.fixture_reproducible PROPERTIES
    LABELS "int8;python" TIMEOUT 300 ENVIRONMENT PYTHONDONTWRITEBYTECODE=1
    PASS_REGULAR_EXPRESSION "digits_int8_make.py: PASS")
endif()
