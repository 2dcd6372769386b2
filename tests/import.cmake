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
