# int8 networks (include/ctmlp/int8.hpp). runtime/test_int8*.cpp, static/int8.cpp and
# compile_fail/int8_*.cpp are globbed by tests/CMakeLists.txt; here the rest:

# The Python reference (tests/int8/reference.py) recomputes tests/fixtures/int8_expected.txt from
# tests/fixtures/int8_model.txt; the Catch2 test runtime/test_int8_reference.cpp compares ctmlp with
# that fixture bit for bit, and this test that the committed fixture is what the reference computes.
ctmlp_python_has(_ctmlp_int8_numpy numpy)
if(_ctmlp_int8_numpy)
  add_test(NAME int8.reference_regenerates
           COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/int8/reference.py
                   ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/int8_model.txt
                   --check ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/int8_expected.txt)
  set_tests_properties(int8.reference_regenerates PROPERTIES LABELS "unit;python")
else()
  message(STATUS "int8: ${CTMLP_PYTHON} cannot import numpy; int8.reference_regenerates is not registered")
endif()

# quantize() under -ffast-math still reports NaN/∞ (a plain program: exit status 0 = pass).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  add_executable(ctmlp_int8_fast_math ${CMAKE_CURRENT_SOURCE_DIR}/int8/fast_math.cpp)
  target_link_libraries(ctmlp_int8_fast_math PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
  target_compile_options(ctmlp_int8_fast_math PRIVATE -ffast-math)
  target_include_directories(ctmlp_int8_fast_math PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})  # fast_math_check.hpp
  add_test(NAME int8.fast_math COMMAND ctmlp_int8_fast_math)
  set_tests_properties(int8.fast_math PROPERTIES LABELS "unit")
endif()

# The int8 path has no floating point: predict() of a network quantised at compile time,
# compiled for a Cortex-M0 (soft float), references no floating-point helper routine.
find_program(CTMLP_ARM_NM arm-none-eabi-nm)
if(CTMLP_ARM_CXX AND CTMLP_ARM_NM)
  add_test(NAME int8.m0_predict_has_no_float
           COMMAND ${CMAKE_COMMAND}
             -DCXX=${CTMLP_ARM_CXX} -DNM=${CTMLP_ARM_NM}
             -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/int8/m0_predict.cpp
             -DOUT=${CMAKE_CURRENT_BINARY_DIR}/int8_m0_predict.o
             "-DFLAGS=-std=c++20;-Os;-mcpu=cortex-m0;-mthumb;-mfloat-abi=soft;-fno-exceptions;-fno-rtti;-Wall;-Wextra;-Wconversion;-Werror;-Wno-psabi;-I${PROJECT_SOURCE_DIR}/include;${CTMLP_BOOST_COMPILE_OPTION}"
             -P ${CMAKE_CURRENT_SOURCE_DIR}/int8/check_no_float.cmake)
  set_tests_properties(int8.m0_predict_has_no_float PROPERTIES LABELS "embedded")
endif()

# The error figures quoted in include/ctmlp/int8.hpp (printed), checked against loose limits.
add_executable(ctmlp_int8_error_figures ${CMAKE_CURRENT_SOURCE_DIR}/int8/error_figures.cpp)
target_link_libraries(ctmlp_int8_error_figures PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
add_test(NAME int8.error_figures COMMAND ctmlp_int8_error_figures)
set_tests_properties(int8.error_figures PROPERTIES LABELS "unit")
