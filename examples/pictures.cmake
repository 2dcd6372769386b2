# The pictures in docs/. examples/pictures.cpp trains the runs and writes their numbers as CSV;
# examples/pictures.py (Debian's python3-matplotlib) draws docs/*.svg from them. The target
# `pictures_update` does both and rewrites the committed pictures. The checks of the numbers and of
# the drawn SVGs are registered in tests/examples/pictures.cmake (they read CTMLP_PICTURES_CSV and
# CTMLP_PICTURES_PY from this directory).
add_executable(pictures pictures.cpp)
target_link_libraries(pictures PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
set(CTMLP_PICTURES_CSV ${CMAKE_CURRENT_BINARY_DIR}/pictures_csv)
set(CTMLP_PICTURES_PY ${CMAKE_CURRENT_SOURCE_DIR}/pictures.py)
add_test(NAME example.pictures COMMAND pictures ${CTMLP_PICTURES_CSV})
# The checks need the CSVs this run writes.
set_tests_properties(example.pictures PROPERTIES LABELS "demo;docs" FIXTURES_SETUP ctmlp_pictures)

ctmlp_python_has(CTMLP_HAS_MATPLOTLIB matplotlib numpy)
if(CTMLP_HAS_MATPLOTLIB)
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
