# The strict-warnings test: a user's file that includes <ctmlp/ctmlp.hpp> and uses the main API
# (tests/warnings/user.cpp) must compile without a single warning under the flags a careful
# firmware project uses, on GCC and on clang, and then run correctly. ctmlp's own headers are
# included with -I, as add_subdirectory/FetchContent users get them (not as system headers, which
# would hide their warnings); only Boost is a system header, as the ctmlp::ctmlp target makes it.
# Included by tests/CMakeLists.txt.

set(CTMLP_STRICT_WARNINGS -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wdouble-promotion -Wold-style-cast -Werror)

# One compiler of each family: the one building the project, else the one on PATH.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(CTMLP_WARNINGS_GXX ${CMAKE_CXX_COMPILER})
else()
  find_program(CTMLP_WARNINGS_GXX NAMES g++ g++-12 DOC "GCC for the strict-warnings test")
endif()
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(CTMLP_WARNINGS_CLANGXX ${CMAKE_CXX_COMPILER})
else()
  find_program(CTMLP_WARNINGS_CLANGXX NAMES clang++ clang++-14 DOC "clang for the strict-warnings test")
endif()

function(ctmlp_add_warnings_test name cxx)
  set(flags -std=c++20 -O2 ${ARGN} -I${PROJECT_SOURCE_DIR}/include -isystem ${CTMLP_BOOST_ONLY_DIR})
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

if(CTMLP_WARNINGS_GXX)
  # -Wuseless-cast is GCC's alone.
  ctmlp_add_warnings_test(warnings.strict_gcc ${CTMLP_WARNINGS_GXX} ${CTMLP_STRICT_WARNINGS} -Wuseless-cast)
endif()
if(CTMLP_WARNINGS_CLANGXX)
  ctmlp_add_warnings_test(warnings.strict_clang ${CTMLP_WARNINGS_CLANGXX} ${CTMLP_STRICT_WARNINGS})
else()
  message(STATUS "clang++ not found: the strict-warnings test runs with GCC only")
endif()
