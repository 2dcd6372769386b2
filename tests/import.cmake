# Import from PyTorch and ONNX (tools/*.py, docs/import.md): Python unit tests of the format
# writer and of the converters' refusals, and end-to-end checks that a converted model computes in
# C++ what it computed in torch. Included by tests/CMakeLists.txt.

set(CTMLP_IMPORT_TESTS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/import)

# The writers of the header and binary formats (NumPy only): known bytes, exact literals.
ctmlp_python_has(_ctmlp_import_numpy numpy)
if(_ctmlp_import_numpy)
  add_test(NAME import.format
           COMMAND ${CTMLP_PYTHON} -m unittest discover -s ${CTMLP_IMPORT_TESTS_DIR} -p test_format.py -v)
  set_tests_properties(import.format PROPERTIES LABELS "import;python" ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
endif()

# The converters: what they convert, checked numerically against torch; what they refuse.
ctmlp_python_has(_ctmlp_import_ok torch onnx numpy)
if(_ctmlp_import_ok)
  foreach(_case torch onnx)
    add_test(NAME import.${_case}_converter
             COMMAND ${CTMLP_PYTHON} -m unittest discover -s ${CTMLP_IMPORT_TESTS_DIR} -p test_${_case}.py -v)
    set_tests_properties(import.${_case}_converter PROPERTIES LABELS "import;python" TIMEOUT 300
                         ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
  endforeach()
endif()

# End to end: random torch models (fixed seeds) converted at build time by tests/import/make_cases.py
# through every route (module, state_dict, ONNX; header and .ctmlp), compared in C++ with torch's
# outputs by tests/import/compare_imports.cpp.
if(_ctmlp_import_ok)
  set(_cases_dir ${CMAKE_CURRENT_BINARY_DIR}/import_cases)
  add_custom_command(
    OUTPUT ${_cases_dir}/cases.hpp ${_cases_dir}/cases_data.hpp
    COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
            ${CTMLP_PYTHON} ${CTMLP_IMPORT_TESTS_DIR}/make_cases.py ${_cases_dir}
    DEPENDS ${CTMLP_IMPORT_TESTS_DIR}/make_cases.py ${CTMLP_IMPORT_TESTS_DIR}/helpers.py
            ${PROJECT_SOURCE_DIR}/tools/ctmlp_format.py
            ${PROJECT_SOURCE_DIR}/tools/torch_to_ctmlp.py ${PROJECT_SOURCE_DIR}/tools/onnx_to_ctmlp.py
    COMMENT "Converting the import test models (torch, state_dict, ONNX)"
    VERBATIM)
  add_executable(import_compare ${CTMLP_IMPORT_TESTS_DIR}/compare_imports.cpp ${_cases_dir}/cases.hpp)
  target_include_directories(import_compare PRIVATE ${_cases_dir})
  target_link_libraries(import_compare PRIVATE ctmlp::ctmlp ctmlp_dev_flags)

  add_test(NAME import.end_to_end COMMAND import_compare ${_cases_dir})
  set_tests_properties(import.end_to_end PROPERTIES LABELS "import" PASS_REGULAR_EXPRESSION "import: PASS"
                       FAIL_REGULAR_EXPRESSION "outputs differ|load failed|parameters differ")
  # The comparison can fail: a model imported without the transposition (square layers, so it
  # compiles and loads silently) must be reported.
  add_test(NAME import.forgotten_transpose_is_caught COMMAND import_compare ${_cases_dir} --forgotten-transpose)
  set_tests_properties(import.forgotten_transpose_is_caught PROPERTIES LABELS "import"
                       PASS_REGULAR_EXPRESSION "square_forgotten torch: [0-9]+ of 512 outputs differ from the reference")
endif()
