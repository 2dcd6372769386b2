# Import from PyTorch and ONNX (tools/*.py, docs/import.md): Python unit tests of the format
# writer and of the converters' refusals, and end-to-end checks that a converted model computes in
# C++ what it computed in torch. Included by tests/CMakeLists.txt.

set(CTMLP_IMPORT_TESTS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/import)

# The writers of the header and binary formats (NumPy only): known bytes, exact literals.
ctmlp_python_has(_ctmlp_import_numpy numpy)
if(_ctmlp_import_numpy)
  add_test(NAME import.format
           COMMAND ${CTMLP_PYTHON} -m unittest discover -s ${CTMLP_IMPORT_TESTS_DIR} -p test_format.py -v)
  set_tests_properties(import.format PROPERTIES LABELS "import;python")
endif()

# The converters: what they convert, checked numerically against torch; what they refuse.
ctmlp_python_has(_ctmlp_import_ok torch onnx numpy)
if(_ctmlp_import_ok)
  foreach(_case torch onnx)
    add_test(NAME import.${_case}_converter
             COMMAND ${CTMLP_PYTHON} -m unittest discover -s ${CTMLP_IMPORT_TESTS_DIR} -p test_${_case}.py -v)
    set_tests_properties(import.${_case}_converter PROPERTIES LABELS "import;python" TIMEOUT 300)
  endforeach()
endif()

# End to end: random torch models (fixed seeds) converted at build time by tests/import/make_cases.py
# through every route (module, state_dict, ONNX; header and .ctmlp), compared in C++ with torch's
# outputs by tests/import/compare_imports.cpp.
if(_ctmlp_import_ok)
  set(_cases_dir ${CMAKE_CURRENT_BINARY_DIR}/import_cases)
  add_custom_command(
    OUTPUT ${_cases_dir}/cases.hpp ${_cases_dir}/cases_data.hpp
    COMMAND ${CTMLP_PYTHON} ${CTMLP_IMPORT_TESTS_DIR}/make_cases.py ${_cases_dir}
    DEPENDS ${CTMLP_IMPORT_TESTS_DIR}/make_cases.py ${PROJECT_SOURCE_DIR}/tools/ctmlp_format.py
            ${PROJECT_SOURCE_DIR}/tools/torch_to_ctmlp.py ${PROJECT_SOURCE_DIR}/tools/onnx_to_ctmlp.py
    COMMENT "Converting the import test models (torch, state_dict, ONNX)"
    VERBATIM)
  add_executable(import_compare ${CTMLP_IMPORT_TESTS_DIR}/compare_imports.cpp ${_cases_dir}/cases.hpp)
  target_include_directories(import_compare PRIVATE ${_cases_dir})
  target_link_libraries(import_compare PRIVATE ctmlp::ctmlp ctmlp_dev_flags)

  # The softmax cases need ctmlp::softmax's implementation (the tag alone does not compile in a
  # network). Checked at every configure, not cached, so they switch on once it is there.
  include(CheckCXXSourceCompiles)
  include(CMakePushCheckState)
  cmake_push_check_state(RESET)
  set(CMAKE_REQUIRED_FLAGS "-std=c++20")
  set(CMAKE_REQUIRED_INCLUDES ${PROJECT_SOURCE_DIR}/include ${CTMLP_BOOST_ONLY_DIR})
  set(CMAKE_REQUIRED_QUIET TRUE)
  unset(CTMLP_IMPORT_HAVE_SOFTMAX CACHE)
  check_cxx_source_compiles([[
#include <ctmlp/ctmlp.hpp>
using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::softmax>>;
int main() { net n{}; return n.predict({1.0f, 2.0f})[0] > 0.0f ? 0 : 1; }
]] CTMLP_IMPORT_HAVE_SOFTMAX)
  cmake_pop_check_state()
  if(CTMLP_IMPORT_HAVE_SOFTMAX)
    target_compile_definitions(import_compare PRIVATE CTMLP_IMPORT_HAVE_SOFTMAX=1)
  else()
    message(STATUS "ctmlp: ctmlp::softmax does not compile yet: the softmax import cases are skipped")
  endif()

  add_test(NAME import.end_to_end COMMAND import_compare ${_cases_dir})
  set_tests_properties(import.end_to_end PROPERTIES LABELS "import" PASS_REGULAR_EXPRESSION "import: PASS"
                       FAIL_REGULAR_EXPRESSION "outputs differ|load failed|parameters differ")
  # The comparison can fail: a model imported without the transposition (square layers, so it
  # compiles and loads silently) must be reported.
  add_test(NAME import.forgotten_transpose_is_caught COMMAND import_compare ${_cases_dir} --forgotten-transpose)
  set_tests_properties(import.forgotten_transpose_is_caught PROPERTIES LABELS "import"
                       PASS_REGULAR_EXPRESSION "square_forgotten torch: [0-9]+ of 512 outputs differ from torch")
endif()
