# Tests of the "losses" area that need their own compiler flags (included by tests/CMakeLists.txt).

# ctmlp::is_finite / is_nan and training's NaN detection under -ffast-math, where the compiler
# assumes NaN and infinity never occur (a plain program: exit status 0 = pass).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  add_executable(ctmlp_losses_fast_math ${CMAKE_CURRENT_SOURCE_DIR}/losses/fast_math.cpp)
  target_link_libraries(ctmlp_losses_fast_math PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
  target_compile_options(ctmlp_losses_fast_math PRIVATE -ffast-math)
  target_include_directories(ctmlp_losses_fast_math PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})  # fast_math_check.hpp
  add_test(NAME losses.fast_math_is_finite COMMAND ctmlp_losses_fast_math)
  set_tests_properties(losses.fast_math_is_finite PROPERTIES LABELS "unit")
endif()

# Softmax + categorical cross-entropy and sigmoid + binary cross-entropy trained at compile time and
# at run time, bit for bit equal with the ctmlp::portable:: activations (a plain program: exit
# status 0 = pass).
add_executable(ctmlp_losses_bit_equal ${CMAKE_CURRENT_SOURCE_DIR}/losses/softmax_bit_equal.cpp)
target_link_libraries(ctmlp_losses_bit_equal PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
add_test(NAME losses.softmax_bit_equality COMMAND ctmlp_losses_bit_equal)
set_tests_properties(losses.softmax_bit_equality PROPERTIES LABELS "unit")
