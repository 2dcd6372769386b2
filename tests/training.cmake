# Training (included by tests/CMakeLists.txt): the loop's promise under -ffast-math, and the
# PyTorch reference trajectories of the optimizers regenerated and compared with the committed ones.

# -ffast-math lets the compiler assume that NaN and ∞ never occur, so arithmetic NaN tests fold to
# "finite". ctmlp's checks read the bits; this build runs the loop's tests tagged [fast-math]
# (test_train_loop.cpp) to show that training on data with a NaN still never returns ok with NaN
# parameters. Same flag on GCC and clang.
add_executable(ctmlp_tests_fast_math ${CMAKE_CURRENT_SOURCE_DIR}/runtime/test_train_loop.cpp
                                     ${CMAKE_CURRENT_SOURCE_DIR}/runtime/main.cpp)
target_link_libraries(ctmlp_tests_fast_math PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
target_include_directories(ctmlp_tests_fast_math PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/runtime)
target_compile_definitions(ctmlp_tests_fast_math PRIVATE CTMLP_CATCH_MAJOR=${CTMLP_CATCH_MAJOR})
target_compile_options(ctmlp_tests_fast_math PRIVATE -ffast-math)
if(CTMLP_CATCH_MAJOR EQUAL 2)
  target_link_libraries(ctmlp_tests_fast_math PRIVATE Catch2::Catch2)
else()
  target_link_libraries(ctmlp_tests_fast_math PRIVATE Catch2::Catch2WithMain)
endif()
add_test(NAME training.fast_math COMMAND ctmlp_tests_fast_math "[fast-math]")
set_tests_properties(training.fast_math PROPERTIES LABELS "unit")

# tests/fixtures/optimizer_reference.txt is what make_optimizer_fixture.py writes with this
# machine's torch (float64): regenerate and compare byte for byte.
ctmlp_python_has(_ctmlp_has_torch torch)
if(_ctmlp_has_torch)
  add_test(NAME training.optimizer_fixture_current
           COMMAND ${CMAKE_COMMAND} -E chdir ${CMAKE_CURRENT_BINARY_DIR}
                   ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/make_optimizer_fixture.py
                   ${CMAKE_CURRENT_BINARY_DIR}/optimizer_reference.txt)
  add_test(NAME training.optimizer_fixture_compare
           COMMAND ${CMAKE_COMMAND} -E compare_files ${CMAKE_CURRENT_BINARY_DIR}/optimizer_reference.txt
                   ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/optimizer_reference.txt)
  set_tests_properties(training.optimizer_fixture_current PROPERTIES LABELS "python" FIXTURES_SETUP ctmlp_optimizer_fixture)
  set_tests_properties(training.optimizer_fixture_compare PROPERTIES LABELS "python" FIXTURES_REQUIRED ctmlp_optimizer_fixture)
else()
  message(STATUS "ctmlp: torch not importable by ${CTMLP_PYTHON}: optimizer fixture regeneration test skipped")
endif()
