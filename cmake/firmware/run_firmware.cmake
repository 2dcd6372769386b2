# Runs a firmware command (emulator + ELF) and checks its exit status and output.
#
#   cmake -DEXPECT_EXIT=<status> [-DEXPECT_OUTPUT=<regex>] -P run_firmware.cmake <command>...
#
# Passes iff the exit status equals EXPECT_EXIT (default 0) and, if given, EXPECT_OUTPUT matches
# the combined stdout+stderr. Used by ctmlp_add_firmware(... EXPECT_EXIT / EXPECT_OUTPUT), since
# CTest's PASS_REGULAR_EXPRESSION alone would ignore the exit status.
if(NOT DEFINED EXPECT_EXIT OR EXPECT_EXIT STREQUAL "")
  set(EXPECT_EXIT 0)
endif()

set(command)
set(after_script FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
  if(after_script)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "-P")
    math(EXPR script_index "${i} + 1")
    set(skip_until ${script_index})
  endif()
  if(DEFINED skip_until AND i EQUAL skip_until)
    set(after_script TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "run_firmware.cmake: no command given after the script")
endif()

execute_process(COMMAND ${command}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
message("${output}")

set(failures "")
if(NOT status STREQUAL "${EXPECT_EXIT}")
  string(APPEND failures "exit status ${status}, expected ${EXPECT_EXIT}. ")
endif()
if(NOT EXPECT_OUTPUT STREQUAL "" AND NOT output MATCHES "${EXPECT_OUTPUT}")
  string(APPEND failures "output does not match: ${EXPECT_OUTPUT}")
endif()
if(failures)
  message(FATAL_ERROR "firmware run failed: ${failures}")
endif()
message("firmware run ok: exit status ${status}")
