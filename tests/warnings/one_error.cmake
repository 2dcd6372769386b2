# cmake -DCXX=<compiler> -DSOURCE=<file.cpp> -DFLAGS=<;-list> -P one_error.cmake
# A misuse must end in ctmlp's message and nothing else: SOURCE (a tests/compile_fail case) must
# fail to compile with exactly one error, the one its first line expects (the regex check itself is
# compile_fail.<case>). Errors from inside the library after the message (a failed deduction,
# Boost.Hana's index checks) would bury it.
execute_process(COMMAND ${CXX} ${FLAGS} ${SOURCE} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it must not")
endif()
string(REGEX MATCHALL "error: " errors "${out}${err}")
list(LENGTH errors n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "${SOURCE}: ${n} errors instead of 1:\n${out}${err}")
endif()
string(REGEX MATCHALL "\n" lines "${out}${err}")
list(LENGTH lines n_lines)
message(STATUS "${SOURCE}: one error, ${n_lines} lines of diagnostics")
