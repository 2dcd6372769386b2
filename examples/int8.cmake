# The int8 digits network on the host (docs/firmware.md, "int8 networks"): examples/digits_int8.cpp
# quantises the PyTorch-trained 64-32-10 network of examples/import/ with ctmlp::int8 and checks
# the targets (at most 1 point of test accuracy lost, int8 parameters at most 0.3x the float
# network's flash) and, with --check, every int8 output against tests/fixtures/digits_int8_outputs.txt,
# which tests/fixtures/digits_int8_make.py computes without C++. Its runs (label int8) are
# registered in tests/examples/int8.cmake. Included by examples/CMakeLists.txt.

add_executable(digits_int8 ${CMAKE_CURRENT_SOURCE_DIR}/digits_int8.cpp)
target_include_directories(digits_int8 PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/import)
target_link_libraries(digits_int8 PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
