# The int8 digits network on the device (docs/firmware.md, "int8 networks"): the PyTorch-trained
# 64-32-10 network of examples/import/, quantised by the compiler with ctmlp::int8, classifies the
# 540 test images with integers only. PASS iff the CRC-32 of its 5,400 int8 outputs and its number
# of correct classes equal tests/fixtures/digits_int8_outputs.txt (computed without C++ by
# tests/fixtures/digits_int8_make.py; the host example examples/digits_int8.cpp checks every output
# against it). Included by examples/firmware/CMakeLists.txt.

set(_ctmlp_int8_examples "${CTMLP_FIRMWARE_SOURCE_ROOT}/examples")
set(_ctmlp_int8_fixture "${CTMLP_FIRMWARE_SOURCE_ROOT}/tests/fixtures/digits_int8_outputs.txt")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_ctmlp_int8_fixture}")
file(STRINGS "${_ctmlp_int8_fixture}" _ctmlp_int8_crc REGEX "^crc32: 0x[0-9a-f]+$")
file(STRINGS "${_ctmlp_int8_fixture}" _ctmlp_int8_correct REGEX "^int8 correct: [0-9]+/[0-9]+$")
if(NOT _ctmlp_int8_crc MATCHES "^crc32: (0x[0-9a-f]+)$")
  message(FATAL_ERROR "no 'crc32: 0x...' line in ${_ctmlp_int8_fixture}")
endif()
set(_ctmlp_int8_crc "${CMAKE_MATCH_1}")
if(NOT _ctmlp_int8_correct MATCHES "^int8 correct: ([0-9]+)/")
  message(FATAL_ERROR "no 'int8 correct: N/540' line in ${_ctmlp_int8_fixture}")
endif()
set(_ctmlp_int8_correct "${CMAKE_MATCH_1}")

# digits_int8 (prints, PASS/FAIL), digits_int8_min (the size build: exit status only), and
# digits_int8_broken_weight (one int8 weight negated by the compiler: the CRC must catch it).
function(_ctmlp_digits_int8_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "DEFINITIONS;OPTIONS")
  ctmlp_add_example_firmware(${name} digits_int8.cpp
    DEFINITIONS CTMLP_DIGITS_INT8_EXPECTED_CRC=${_ctmlp_int8_crc}
                CTMLP_DIGITS_INT8_EXPECTED_CORRECT=${_ctmlp_int8_correct} ${arg_DEFINITIONS}
    OPTIONS TIMEOUT 120 LABELS int8 ${arg_OPTIONS})
  target_include_directories(${name} PRIVATE "${_ctmlp_int8_examples}" "${_ctmlp_int8_examples}/import")
endfunction()
_ctmlp_digits_int8_firmware(digits_int8 OPTIONS EXPECT_OUTPUT "digits_int8: PASS")
_ctmlp_digits_int8_firmware(digits_int8_min DEFINITIONS CTMLP_FW_VERBOSE=0)
_ctmlp_digits_int8_firmware(digits_int8_broken_weight DEFINITIONS CTMLP_DIGITS_INT8_BREAK_WEIGHT=1
  OPTIONS EXPECT_EXIT 1 EXPECT_OUTPUT "crc32 of the 5400 int8 outputs 0x[0-9a-f]+ \\(expected ${_ctmlp_int8_crc}\\).*digits_int8: FAIL"
          NO_FOOTPRINT)

# Their symbols (no soft-float routine) are checked in tests/firmware/int8.cmake.
