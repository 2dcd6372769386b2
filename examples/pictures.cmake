# The pictures in docs/ (examples/pictures.cpp); `pictures_update` regenerates them.
ctmlp_example(pictures)             # writes ./svg/*.svg in the build directory
set_tests_properties(example.pictures PROPERTIES FIXTURES_SETUP ctmlp_pictures)

if(Python3_FOUND)
  add_test(NAME example.pictures.well_formed_svg
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/check_svg.py
                   svg/loss_curves.svg svg/decision_stuck.svg svg/decision_fixed.svg
                   svg/hidden_cell1.svg svg/hidden_stuck.svg svg/hidden_fixed.svg)
  set_tests_properties(example.pictures.well_formed_svg PROPERTIES LABELS "demo;docs" FIXTURES_REQUIRED ctmlp_pictures)
endif()
add_custom_target(pictures_update COMMAND pictures ${PROJECT_SOURCE_DIR}/docs
                  DEPENDS pictures COMMENT "Regenerating docs/*.svg" VERBATIM)
