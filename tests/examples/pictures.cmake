# Checks of the pictures in docs/ (included by tests/examples/CMakeLists.txt): examples/pictures.cmake
# builds `pictures`, whose run `example.pictures` writes the CSVs (fixture ctmlp_pictures), and
# names the CSV directory and the drawing script.
if(NOT TARGET pictures)
  return()
endif()
get_directory_property(_pictures_csv DIRECTORY ${PROJECT_SOURCE_DIR}/examples DEFINITION CTMLP_PICTURES_CSV)
get_directory_property(_pictures_py DIRECTORY ${PROJECT_SOURCE_DIR}/examples DEFINITION CTMLP_PICTURES_PY)

ctmlp_python_has(CTMLP_PICTURES_HAS_PYTHON csv)   # an interpreter that runs; the checks need no more
if(CTMLP_PICTURES_HAS_PYTHON)
  # The CSVs' numbers: shape, agreement with the NumPy rerun of the notebook, and what
  # docs/backpropagation.md says each picture shows (standard library only).
  add_test(NAME example.pictures.numbers
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/pictures_check.py
                   ${_pictures_csv} ${PROJECT_SOURCE_DIR}/tests/fixtures/seed_numpy.txt)
  # Each of those checks fails when one number is changed.
  add_test(NAME example.pictures.numbers_can_fail
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/pictures_check.py --self-test
                   ${_pictures_csv} ${PROJECT_SOURCE_DIR}/tests/fixtures/seed_numpy.txt)
  set_tests_properties(example.pictures.numbers example.pictures.numbers_can_fail PROPERTIES
                       LABELS "demo;docs" FIXTURES_REQUIRED ctmlp_pictures)
endif()

ctmlp_python_has(CTMLP_HAS_MATPLOTLIB matplotlib numpy)
if(CTMLP_HAS_MATPLOTLIB)
  # The script draws the same bytes twice, and the committed pictures are what it draws now
  # (skipped, exit 77, when docs/ was drawn by another matplotlib version).
  add_test(NAME example.pictures.svg_reproducible
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/check_svg.py twice ${_pictures_py}
                   ${_pictures_csv} ${CMAKE_CURRENT_BINARY_DIR}/pictures_svg)
  add_test(NAME example.pictures.svg_current
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/check_svg.py current ${_pictures_py}
                   ${_pictures_csv} ${CMAKE_CURRENT_BINARY_DIR}/pictures_svg ${PROJECT_SOURCE_DIR}/docs)
  set_tests_properties(example.pictures.svg_reproducible example.pictures.svg_current PROPERTIES
                       LABELS "demo;docs" FIXTURES_REQUIRED ctmlp_pictures SKIP_RETURN_CODE 77)
endif()
