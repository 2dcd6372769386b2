# Classification on real data (included by tests/CMakeLists.txt): the committed data headers are
# what tools/make_datasets.py writes, and Iris trained inside the compiler (tests/constexpr_iris/).

# examples/data/*.hpp regenerated from scikit-learn's package copies into the build tree must equal
# the committed files byte for byte.
ctmlp_python_has(_ctmlp_has_sklearn sklearn numpy)
if(_ctmlp_has_sklearn)
  add_test(NAME classification.datasets_reproducible
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tools/make_datasets.py
                   --out ${CMAKE_CURRENT_BINARY_DIR}/classification_data
                   --check ${PROJECT_SOURCE_DIR}/examples/data)
  set_tests_properties(classification.datasets_reproducible PROPERTIES LABELS "classification")
endif()

# Iris trained inside the compiler, in chained stages at the compiler's default constexpr limits:
# building the object library is passing (GCC with the gcc/test presets, clang with test-clang).
add_library(ctmlp_constexpr_iris OBJECT ${CMAKE_CURRENT_SOURCE_DIR}/constexpr_iris/iris_constexpr.cpp)
target_link_libraries(ctmlp_constexpr_iris PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
target_include_directories(ctmlp_constexpr_iris PRIVATE ${PROJECT_SOURCE_DIR}/examples)

# The same with half of the compiler's default constexpr budget, so that other compiler versions
# (whose step accounting differs) keep at least 2x headroom. Built by a test, not by `all`.
add_library(ctmlp_constexpr_iris_half_budget OBJECT EXCLUDE_FROM_ALL
            ${CMAKE_CURRENT_SOURCE_DIR}/constexpr_iris/iris_constexpr.cpp)
target_link_libraries(ctmlp_constexpr_iris_half_budget PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
target_include_directories(ctmlp_constexpr_iris_half_budget PRIVATE ${PROJECT_SOURCE_DIR}/examples)
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(ctmlp_constexpr_iris_half_budget PRIVATE -fconstexpr-steps=524288)
elseif(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(ctmlp_constexpr_iris_half_budget PRIVATE -fconstexpr-ops-limit=16777216)
endif()
add_test(NAME classification.constexpr_iris_half_budget
         COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target ctmlp_constexpr_iris_half_budget)
set_tests_properties(classification.constexpr_iris_half_budget PROPERTIES LABELS "classification;static" TIMEOUT 600)

# Its run-time twin: the same stages run by a program that prints the test accuracy and fails
# below the bar, so that a regression is visible as a failed test with a number.
add_executable(ctmlp_constexpr_iris_runtime ${CMAKE_CURRENT_SOURCE_DIR}/constexpr_iris/iris_runtime.cpp)
target_link_libraries(ctmlp_constexpr_iris_runtime PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
target_include_directories(ctmlp_constexpr_iris_runtime PRIVATE ${PROJECT_SOURCE_DIR}/examples)
add_test(NAME classification.constexpr_iris_runtime COMMAND ctmlp_constexpr_iris_runtime)
set_tests_properties(classification.constexpr_iris_runtime PROPERTIES LABELS "classification")
