# The card's "fully unrolled forward/backward passes", checked on the machine code: the forward
# pass and one training step of the seed notebook's 2-4-1 and 2-2-1 networks (and of a 2-4-1
# tanh/sigmoid one; with ctmlp::fast activations at -O3), float and double, compiled by g++ and clang++ at -O2 and -O3, contain no
# loop (no cycle in the control-flow graph); a 16-32-8 control keeps its loops (tests/unroll/check_unrolled.py).
# x86-64 hosts only (the checker reads x86 jumps). Included by tests/CMakeLists.txt.

if(CMAKE_CROSSCOMPILING OR NOT CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" OR NOT CTMLP_PYTHON)
  return()
endif()
find_program(CTMLP_OBJDUMP NAMES objdump DOC "objdump for the unrolling test")
if(NOT CTMLP_OBJDUMP)
  message(STATUS "ctmlp: objdump not found, unroll.* tests skipped")
  return()
endif()

# One compiler of each family: the one building the project, else the one on PATH.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(_unroll_gxx ${CMAKE_CXX_COMPILER})
else()
  find_program(_unroll_gxx NAMES g++ g++-12)
endif()
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(_unroll_clangxx ${CMAKE_CXX_COMPILER})
else()
  find_program(_unroll_clangxx NAMES clang++ clang++-14)
endif()

foreach(_family gcc clang)
  if(_family STREQUAL "gcc")
    set(_cxx ${_unroll_gxx})
  else()
    set(_cxx ${_unroll_clangxx})
  endif()
  if(NOT _cxx)
    continue()
  endif()
  # -O2 without -march (SSE2 vectors) and -O3 -march=x86-64-v3 (AVX2: 32-byte vectors).
  foreach(_opt O2 O3)
    if(_opt STREQUAL "O3")
      set(_arch -march=x86-64-v3 -DCTMLP_UNROLL_FAST_CASES=1)
    else()
      set(_arch)
    endif()
    set(_obj ${CMAKE_CURRENT_BINARY_DIR}/unroll_${_family}_${_opt}.o)
    add_test(NAME unroll.${_family}_${_opt}
             COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/unroll/check_unrolled.py ${CTMLP_OBJDUMP} ${_obj}
                     -- ${_cxx} -std=c++20 -${_opt} ${_arch} -I${PROJECT_SOURCE_DIR}/include ${CTMLP_BOOST_COMPILE_OPTION}
                     -c ${CMAKE_CURRENT_SOURCE_DIR}/unroll/tiny_nets.cpp -o ${_obj})
    set_tests_properties(unroll.${_family}_${_opt} PROPERTIES LABELS "unroll" TIMEOUT 300)
  endforeach()
endforeach()
