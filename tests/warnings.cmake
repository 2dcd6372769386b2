# The strict-warnings test: a user's file that includes <ctmlp/ctmlp.hpp> and uses the main API
# and the host exporter (tests/warnings/user.cpp) must compile without a single warning under the flags a careful
# firmware project uses, on GCC and on clang, and then run correctly. ctmlp's own headers are
# included with -I, as add_subdirectory/FetchContent users get them (not as system headers, which
# would hide their warnings); only Boost is a system header, through the option ctmlp::ctmlp passes
# (CTMLP_BOOST_COMPILE_OPTION).
# Included by tests/CMakeLists.txt.

set(CTMLP_STRICT_WARNINGS -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wdouble-promotion -Wold-style-cast -Werror)

# One compiler of each family: the one building the project, else the one on PATH.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(CTMLP_WARNINGS_GCCXX ${CMAKE_CXX_COMPILER})
else()
  find_program(CTMLP_WARNINGS_GCCXX NAMES g++ g++-12 DOC "GCC for the strict-warnings test")
endif()
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(CTMLP_WARNINGS_CLANGXX ${CMAKE_CXX_COMPILER})
else()
  find_program(CTMLP_WARNINGS_CLANGXX NAMES clang++ clang++-14 DOC "clang for the strict-warnings test")
endif()

function(ctmlp_add_warnings_test name cxx)
  set(flags -std=c++20 -O2 ${ARGN} -I${PROJECT_SOURCE_DIR}/include ${CTMLP_BOOST_COMPILE_OPTION})
  string(REPLACE ";" "\\;" flags "${flags}")
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND}
             -DCXX=${cxx}
             -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/warnings/user.cpp
             -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/${name}
             -DFLAGS=${flags}
             -P ${CMAKE_CURRENT_SOURCE_DIR}/warnings/compile_and_run.cmake)
  set_tests_properties(${name} PROPERTIES LABELS "warnings" TIMEOUT 300)
endfunction()

if(CTMLP_WARNINGS_GCCXX)
  # -Wuseless-cast is GCC's alone.
  ctmlp_add_warnings_test(warnings.strict_gcc ${CTMLP_WARNINGS_GCCXX} ${CTMLP_STRICT_WARNINGS} -Wuseless-cast)
  # The user's globals declared before ctmlp's headers (tests/warnings/user_globals.hpp): g++
  # -Wshadow then also checks non-template code against them (a constructor's parameter did fire).
  ctmlp_add_warnings_test(warnings.strict_gcc_globals_first ${CTMLP_WARNINGS_GCCXX} ${CTMLP_STRICT_WARNINGS}
                          -Wuseless-cast -DCTMLP_TEST_GLOBALS_FIRST)
endif()
if(CTMLP_WARNINGS_CLANGXX)
  ctmlp_add_warnings_test(warnings.strict_clang ${CTMLP_WARNINGS_CLANGXX} ${CTMLP_STRICT_WARNINGS})
  ctmlp_add_warnings_test(warnings.strict_clang_globals_first ${CTMLP_WARNINGS_CLANGXX} ${CTMLP_STRICT_WARNINGS}
                          -DCTMLP_TEST_GLOBALS_FIRST)
else()
  message(STATUS "clang++ not found: the strict-warnings test runs with GCC only")
endif()

# Misuses that used to end in several errors or Boost.Hana internals (issue 11) now stop at one
# static_assert: each case must give exactly one error, on each compiler.
set(CTMLP_ONE_ERROR_CASES train_const_network train_without_loss train_options_instead_of_loss
    workspace_output_out_of_range workspace_weight_gradient_zero workspace_delta_zero
    parameters_of_zero parameters_of_past_depth layer_index_zero layer_index_out_of_range
    predict_braced_list_too_short predict_braced_list_too_long predict_braced_list_mixed_types
    predict_empty_braced_list predict_c_array)
foreach(_case ${CTMLP_ONE_ERROR_CASES})
  foreach(_cxx GCC CLANG)
    if(CTMLP_WARNINGS_${_cxx}XX)
      string(TOLOWER ${_cxx} _family)
      add_test(NAME compile_fail_one_error.${_case}.${_family}
               COMMAND ${CMAKE_COMMAND}
                 -DCXX=${CTMLP_WARNINGS_${_cxx}XX}
                 -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/${_case}.cpp
                 "-DFLAGS=-std=c++20;-fsyntax-only;-I${PROJECT_SOURCE_DIR}/include;${CTMLP_BOOST_COMPILE_OPTION}"
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/warnings/one_error.cmake)
      set_tests_properties(compile_fail_one_error.${_case}.${_family} PROPERTIES LABELS "compile_fail")
    endif()
  endforeach()
endforeach()

# train() leaves its workspace uninitialised (no memset on a microcontroller): clang's
# MemorySanitizer reports any value read before it is written. Registered when clang can build a
# sanitized program (Debian: libclang-rt-14-dev).
if(CTMLP_WARNINGS_CLANGXX)
  set(_probe ${CMAKE_CURRENT_BINARY_DIR}/msan_probe.cpp)
  file(WRITE ${_probe} "int main() { return 0; }\n")
  execute_process(COMMAND ${CTMLP_WARNINGS_CLANGXX} -fsanitize=memory ${_probe} -o ${CMAKE_CURRENT_BINARY_DIR}/msan_probe
                  RESULT_VARIABLE _msan_rc OUTPUT_QUIET ERROR_QUIET)
  if(_msan_rc EQUAL 0)
    # -O0: at -O1 clang drops a copy from a never-written buffer (reading it is undefined), and
    # the unwritten early-stopping copy went unreported (tried: `best = net` removed).
    set(_flags -std=c++20 -O0 -g -fsanitize=memory -fsanitize-memory-track-origins
        -I${PROJECT_SOURCE_DIR}/include ${CTMLP_BOOST_COMPILE_OPTION})
    string(REPLACE ";" "\\;" _flags "${_flags}")
    add_test(NAME memory.train_workspace_msan
             COMMAND ${CMAKE_COMMAND}
               -DCXX=${CTMLP_WARNINGS_CLANGXX}
               -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/warnings/uninitialized_workspace.cpp
               -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/train_workspace_msan
               -DFLAGS=${_flags}
               -P ${CMAKE_CURRENT_SOURCE_DIR}/warnings/compile_and_run.cmake)
    set_tests_properties(memory.train_workspace_msan PROPERTIES LABELS "sanitize" TIMEOUT 300)
  else()
    message(STATUS "clang cannot build with -fsanitize=memory: the uninitialised-workspace test is not registered")
  endif()
endif()
