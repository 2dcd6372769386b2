# cmake -DCXX=<compiler> -DSOURCE=<file.cpp> -DFLAGS=<;-list> -P ctmlp_compile_fail.cmake
# Passes when SOURCE fails to compile AND the diagnostics match the regex on SOURCE's first line,
# `// expect: <regex>`: a case that fails for another reason (a typo, a missing include) fails.
file(STRINGS "${SOURCE}" first_line LIMIT_COUNT 1)
if(NOT first_line MATCHES "^// expect: (.+)$")
  message(FATAL_ERROR "${SOURCE}: first line must be `// expect: <regex>`")
endif()
set(expected "${CMAKE_MATCH_1}")
execute_process(COMMAND ${CXX} ${FLAGS} ${SOURCE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
if(NOT "${out}${err}" MATCHES "${expected}")
  message(FATAL_ERROR "${SOURCE} failed to compile, but not with the expected message `${expected}`:\n${err}")
endif()
message(STATUS "${SOURCE}: fails to compile as expected (${expected})")
