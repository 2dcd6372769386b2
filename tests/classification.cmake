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
