# The tree is formatted by .clang-format with clang-format 14 (Debian's clang-format-14; other
# versions format differently, so only 14 is used). `ctest -L format`.
find_program(CTMLP_CLANG_FORMAT NAMES clang-format-14 clang-format)
if(CTMLP_CLANG_FORMAT AND CTMLP_PYTHON)
  add_test(NAME format.clang_format
           COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/format/check_format.py
                   ${CTMLP_CLANG_FORMAT} ${PROJECT_SOURCE_DIR})
  add_test(NAME format.clang_format_can_fail
           COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/format/check_format.py
                   ${CTMLP_CLANG_FORMAT} ${PROJECT_SOURCE_DIR} --self-test)
  set_tests_properties(format.clang_format format.clang_format_can_fail
                       PROPERTIES LABELS "format" SKIP_RETURN_CODE 77)
endif()
