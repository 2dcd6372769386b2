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

include("${CMAKE_CURRENT_LIST_DIR}/script_command.cmake")
ctmlp_run_script_command(status output)

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
