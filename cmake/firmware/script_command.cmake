# For the harness's CTest scripts that run a firmware given on their own command line,
#   cmake -D<VAR>=<value>... -P <script> <command>...
# (run_firmware.cmake here, tests/firmware/check_memory.cmake): included by them in script mode.
#
#   ctmlp_run_script_command(<status-var> <output-var>)
#     Runs <command>... (every argument after `-P <script>`; FATAL_ERROR if there is none), prints
#     its combined stdout and stderr, and returns its exit status and that output.
include_guard(GLOBAL)

function(ctmlp_run_script_command status_var output_var)
  # CMAKE_ARGV0 is cmake itself; the command starts two arguments after the first -P.
  set(i 1)
  while(i LESS CMAKE_ARGC AND NOT CMAKE_ARGV${i} STREQUAL "-P")
    math(EXPR i "${i} + 1")
  endwhile()
  math(EXPR i "${i} + 2")
  set(command)
  while(i LESS CMAKE_ARGC)
    list(APPEND command "${CMAKE_ARGV${i}}")
    math(EXPR i "${i} + 1")
  endwhile()
  if(NOT command)
    message(FATAL_ERROR "${CMAKE_SCRIPT_MODE_FILE}: no command given after the script")
  endif()
  execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  message("${output}")
  set(${status_var} "${status}" PARENT_SCOPE)
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()
