# The pictures in docs/. examples/pictures.cpp trains the runs and writes their numbers as CSV;
# examples/pictures.py (Debian's python3-matplotlib) draws docs/*.svg from them. The target
# `pictures_update` does both and rewrites the committed pictures.
add_executable(pictures pictures.cpp)
target_link_libraries(pictures PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
set(CTMLP_PICTURES_CSV ${CMAKE_CURRENT_BINARY_DIR}/pictures_csv)
set(CTMLP_PICTURES_PY ${CMAKE_CURRENT_SOURCE_DIR}/pictures.py)
add_test(NAME example.pictures COMMAND pictures ${CTMLP_PICTURES_CSV})
set_tests_properties(example.pictures PROPERTIES LABELS "demo;docs" FIXTURES_SETUP ctmlp_pictures)

ctmlp_python_has(CTMLP_PICTURES_HAS_PYTHON csv)   # an interpreter that runs; the checks need no more
if(CTMLP_PICTURES_HAS_PYTHON)
  # The CSVs' numbers: shape, agreement with the NumPy rerun of the notebook, and what
  # docs/backpropagation.md says each picture shows (standard library only).
  add_test(NAME example.pictures.numbers
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/pictures_check.py
                   ${CTMLP_PICTURES_CSV} ${PROJECT_SOURCE_DIR}/tests/fixtures/seed_numpy.txt)
  # Each of those checks fails when one number is changed.
  add_test(NAME example.pictures.numbers_can_fail
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/pictures_check.py --self-test
                   ${CTMLP_PICTURES_CSV} ${PROJECT_SOURCE_DIR}/tests/fixtures/seed_numpy.txt)
  set_tests_properties(example.pictures.numbers example.pictures.numbers_can_fail PROPERTIES
                       LABELS "demo;docs" FIXTURES_REQUIRED ctmlp_pictures)
endif()

ctmlp_python_has(CTMLP_HAS_MATPLOTLIB matplotlib numpy)
if(CTMLP_HAS_MATPLOTLIB)
  # The script draws the same bytes twice, and the committed pictures are what it draws now
  # (skipped, exit 77, when docs/ was drawn by another matplotlib version).
  add_test(NAME example.pictures.svg_reproducible
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/check_svg.py twice ${CTMLP_PICTURES_PY}
                   ${CTMLP_PICTURES_CSV} ${CMAKE_CURRENT_BINARY_DIR}/pictures_svg)
  add_test(NAME example.pictures.svg_current
           COMMAND ${CTMLP_PYTHON} ${PROJECT_SOURCE_DIR}/tests/check_svg.py current ${CTMLP_PICTURES_PY}
                   ${CTMLP_PICTURES_CSV} ${CMAKE_CURRENT_BINARY_DIR}/pictures_svg ${PROJECT_SOURCE_DIR}/docs)
  set_tests_properties(example.pictures.svg_reproducible example.pictures.svg_current PROPERTIES
                       LABELS "demo;docs" FIXTURES_REQUIRED ctmlp_pictures SKIP_RETURN_CODE 77)
  add_custom_target(pictures_update
                    COMMAND pictures ${CTMLP_PICTURES_CSV}
                    COMMAND ${CTMLP_PYTHON} ${CTMLP_PICTURES_PY} ${CTMLP_PICTURES_CSV} ${PROJECT_SOURCE_DIR}/docs
                    DEPENDS pictures COMMENT "Regenerating docs/*.svg" VERBATIM)
else()
  add_custom_target(pictures_update
                    COMMAND ${CMAKE_COMMAND} -E echo
                            "pictures_update: ${CTMLP_PYTHON} cannot import matplotlib (Debian: apt-get install python3-matplotlib)"
                    COMMAND ${CMAKE_COMMAND} -E false VERBATIM)
endif()
