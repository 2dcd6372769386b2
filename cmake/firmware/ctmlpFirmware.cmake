# ctmlp's firmware harness: what the test suite and the firmware examples stand on when they run
# bare-metal Cortex-M executables under QEMU. Included by the top-level CMakeLists.txt in a cross
# build with cmake/toolchains/arm-none-eabi.cmake (which sets CTMLP_FIRMWARE_BOARD and
# CMAKE_CROSSCOMPILING_EMULATOR); a board of your own is a linker script given as
# CTMLP_FIRMWARE_LINKER_SCRIPT (MEMORY regions FLASH and RAM, then `INCLUDE cortex-m.ld`).
#
# This folder (cmake/firmware/) holds the harness only:
#   startup.cpp          vector table, reset handler (FPU, .data/.bss, stack paint, constructors),
#                        fault handler; exits through semihosting with main's value
#   semihost.hpp         print text and numbers, exit with a status (`#include "semihost.hpp"`)
#   ld/                  cortex-m.ld (sections, no heap, stack reserve) and one memory map per board
#   run_firmware.cmake   runs a firmware and checks its exit status and output (a CTest command)
#   script_command.cmake runs the command given after `-P <script>` (for such CTest scripts)
# Its own tests are in tests/firmware/; the examples that use it in examples/firmware/.
#
# Provides
#   ctmlp_add_firmware(<name> <sources>...
#                      [EXPECT_EXIT <status>] [EXPECT_OUTPUT <regex>] [WILL_FAIL]
#                      [TIMEOUT <seconds>] [LABELS <labels>...]
#                      [NO_TEST] [NO_FOOTPRINT] [EXCLUDE_FROM_ALL] [ALLOW_HEAP])
#     An executable <name> (ELF; <name>.map beside it) linked with the harness's startup,
#     linker script and no heap, plus the test `firmware.<name>` that runs it under
#     CMAKE_CROSSCOMPILING_EMULATOR. By default the test passes iff the firmware exits 0
#     (main returned 0). EXPECT_EXIT / EXPECT_OUTPUT check the exact exit status and the output
#     (through run_firmware.cmake). Firmware is listed by the `footprint` target
#     (benchmarks/footprint) unless NO_FOOTPRINT / EXCLUDE_FROM_ALL.
#   ctmlp_add_example_firmware(<name> <source> [DEFINITIONS <defs>...] [OPTIONS <options>...])
#     ctmlp_add_firmware(<name> <source> <options>...) with compile definitions and
#     -fstack-usage (<object>.su beside each object).
#   ctmlp_firmware_runtime  INTERFACE target (startup object, linker script, ctmlp::ctmlp, the
#                           include directory of semihost.hpp, C++20)
#   ctmlp_firmware_no_heap  INTERFACE target: any reference to malloc & co. fails the link
#   CTMLP_FIRMWARE_DIR      this folder (run_firmware.cmake, ld/)
#   CTMLP_FIRMWARE_SOURCE_ROOT  ctmlp's source directory
# Cache variables: CTMLP_FIRMWARE_LINKER_SCRIPT, CTMLP_FIRMWARE_MIN_STACK, CTMLP_FIRMWARE_TIMEOUT.
include_guard(GLOBAL)

set(CTMLP_FIRMWARE_DIR "${CMAKE_CURRENT_LIST_DIR}")
cmake_path(SET CTMLP_FIRMWARE_SOURCE_ROOT NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../..")
cmake_path(SET _ctmlp_toolchain_file NORMALIZE
           "${CTMLP_FIRMWARE_SOURCE_ROOT}/cmake/toolchains/arm-none-eabi.cmake")

if(NOT CMAKE_CROSSCOMPILING OR NOT CMAKE_SYSTEM_NAME STREQUAL "Generic")
  message(FATAL_ERROR "ctmlp's firmware is bare-metal only: configure with "
                      "-DCMAKE_TOOLCHAIN_FILE=${_ctmlp_toolchain_file}")
endif()
enable_language(C)

if(CTMLP_FIRMWARE_BOARD)
  set(_ctmlp_default_ld "${CTMLP_FIRMWARE_DIR}/ld/${CTMLP_FIRMWARE_BOARD}.ld")
else()
  set(_ctmlp_default_ld "")
endif()
set(CTMLP_FIRMWARE_LINKER_SCRIPT "${_ctmlp_default_ld}" CACHE FILEPATH
    "Board linker script (MEMORY regions FLASH and RAM, then INCLUDE cortex-m.ld)")
set(CTMLP_FIRMWARE_MIN_STACK "2048" CACHE STRING
    "Bytes of RAM that must remain for the stack after .data and .bss (checked at link time)")
set(CTMLP_FIRMWARE_TIMEOUT "30" CACHE STRING "CTest TIMEOUT of a firmware test (seconds)")
if(CTMLP_FIRMWARE_LINKER_SCRIPT STREQUAL "")
  message(FATAL_ERROR
    "ctmlp's firmware needs a board, and none is known: configure with "
    "-DCMAKE_TOOLCHAIN_FILE=${_ctmlp_toolchain_file} -DCTMLP_MCU=cortex-m4 (or cortex-m0), "
    "or give your board's linker script as -DCTMLP_FIRMWARE_LINKER_SCRIPT=<file> "
    "(MEMORY regions FLASH and RAM, then INCLUDE cortex-m.ld)")
elseif(NOT EXISTS "${CTMLP_FIRMWARE_LINKER_SCRIPT}")
  message(FATAL_ERROR "The board linker script ${CTMLP_FIRMWARE_LINKER_SCRIPT} does not exist "
                      "(CTMLP_FIRMWARE_LINKER_SCRIPT)")
endif()

# ---- the runtime every firmware links ---------------------------------------------------------
add_library(ctmlp_firmware_startup OBJECT "${CTMLP_FIRMWARE_DIR}/startup.cpp")
target_compile_features(ctmlp_firmware_startup PRIVATE cxx_std_20)
# Keep the .data/.bss loops as loops (not memcpy/memset calls) in the reset handler.
target_compile_options(ctmlp_firmware_startup PRIVATE -fno-tree-loop-distribute-patterns)

add_library(ctmlp_firmware_runtime INTERFACE)
target_sources(ctmlp_firmware_runtime INTERFACE $<TARGET_OBJECTS:ctmlp_firmware_startup>)
target_include_directories(ctmlp_firmware_runtime INTERFACE "${CTMLP_FIRMWARE_DIR}")
target_link_libraries(ctmlp_firmware_runtime INTERFACE ctmlp::ctmlp)
target_compile_features(ctmlp_firmware_runtime INTERFACE cxx_std_20)
# Every firmware (ctmlp's, the C baseline, empty): keep short zeroing/copy loops as loops. At -Os
# GCC otherwise turns e.g. a 4-element zeroing loop into a call to newlib's memset (~160 B on
# Cortex-M0/M4), which a firmware that needs no memset would pay for a handful of stores.
target_compile_options(ctmlp_firmware_runtime INTERFACE -fno-tree-loop-distribute-patterns)
cmake_path(GET CTMLP_FIRMWARE_LINKER_SCRIPT PARENT_PATH _ctmlp_ld_dir)
target_link_options(ctmlp_firmware_runtime INTERFACE
  "-L${CTMLP_FIRMWARE_DIR}/ld" "-L${_ctmlp_ld_dir}"
  "-T${CTMLP_FIRMWARE_LINKER_SCRIPT}"
  "LINKER:--defsym=__ctmlp_min_stack_size=${CTMLP_FIRMWARE_MIN_STACK}")
set_property(TARGET ctmlp_firmware_runtime APPEND PROPERTY INTERFACE_LINK_DEPENDS
  "${CTMLP_FIRMWARE_LINKER_SCRIPT}" "${CTMLP_FIRMWARE_DIR}/ld/cortex-m.ld")

# No heap, proven at link time: every reference to an allocator entry point is redirected to
# __wrap_<name>, which nothing defines, so any firmware that can reach malloc -- directly,
# through operator new, std::vector, printf, ... -- fails to link with
#   undefined reference to `__wrap_malloc'
set(CTMLP_FIRMWARE_HEAP_FUNCTIONS
    malloc free calloc realloc memalign aligned_alloc valloc pvalloc
    _malloc_r _free_r _calloc_r _realloc_r _memalign_r)
add_library(ctmlp_firmware_no_heap INTERFACE)
foreach(_fn IN LISTS CTMLP_FIRMWARE_HEAP_FUNCTIONS)
  target_link_options(ctmlp_firmware_no_heap INTERFACE "LINKER:--wrap=${_fn}")
endforeach()

# ---- ctmlp_add_firmware -----------------------------------------------------------------------
define_property(GLOBAL PROPERTY CTMLP_FIRMWARE_TARGETS
  BRIEF_DOCS "Firmware executables listed by the footprint target")

function(ctmlp_add_firmware name)
  cmake_parse_arguments(PARSE_ARGV 1 arg
    "NO_TEST;NO_FOOTPRINT;EXCLUDE_FROM_ALL;WILL_FAIL;ALLOW_HEAP"
    "EXPECT_EXIT;EXPECT_OUTPUT;TIMEOUT"
    "LABELS")
  set(sources ${arg_UNPARSED_ARGUMENTS})
  if(NOT sources)
    message(FATAL_ERROR "ctmlp_add_firmware(${name}): no sources")
  endif()
  if(arg_EXCLUDE_FROM_ALL)
    add_executable(${name} EXCLUDE_FROM_ALL ${sources})
  else()
    add_executable(${name} ${sources})
  endif()
  set_target_properties(${name} PROPERTIES SUFFIX ".elf" CXX_EXTENSIONS OFF)
  target_link_libraries(${name} PRIVATE ctmlp_firmware_runtime)
  if(NOT arg_ALLOW_HEAP)
    target_link_libraries(${name} PRIVATE ctmlp_firmware_no_heap)
  endif()
  target_link_options(${name} PRIVATE "LINKER:-Map=$<TARGET_FILE_DIR:${name}>/${name}.map")

  if(NOT arg_NO_FOOTPRINT AND NOT arg_EXCLUDE_FROM_ALL)
    set_property(GLOBAL APPEND PROPERTY CTMLP_FIRMWARE_TARGETS ${name})
  endif()

  if(arg_NO_TEST)
    return()
  endif()
  if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
    message(STATUS "ctmlp_add_firmware(${name}): no CMAKE_CROSSCOMPILING_EMULATOR, no test")
    return()
  endif()
  if(DEFINED arg_EXPECT_EXIT OR DEFINED arg_EXPECT_OUTPUT)
    if(NOT DEFINED arg_EXPECT_EXIT)
      set(arg_EXPECT_EXIT 0)
    endif()
    add_test(NAME firmware.${name}
      COMMAND "${CMAKE_COMMAND}" "-DEXPECT_EXIT=${arg_EXPECT_EXIT}"
              "-DEXPECT_OUTPUT=${arg_EXPECT_OUTPUT}"
              -P "${CTMLP_FIRMWARE_DIR}/run_firmware.cmake"
              ${CMAKE_CROSSCOMPILING_EMULATOR} "$<TARGET_FILE:${name}>")
  else()
    # The emulator is prepended by CMake (executable target, cross-compiling).
    add_test(NAME firmware.${name} COMMAND ${name})
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT "${CTMLP_FIRMWARE_TIMEOUT}")
  endif()
  set_tests_properties(firmware.${name} PROPERTIES
    TIMEOUT "${arg_TIMEOUT}"
    LABELS "firmware;${CTMLP_MCU};${arg_LABELS}")
  if(arg_WILL_FAIL)
    set_tests_properties(firmware.${name} PROPERTIES WILL_FAIL TRUE)
  endif()
endfunction()

# Firmware built in variants that differ only in compile definitions (examples/firmware/):
#   CTMLP_FW_VERBOSE=0     reports through the exit status only (no printing): the size builds
#                          (suffix _min), compared with `empty` and the C baselines in the
#                          footprint table;
#   CTMLP_FW_NEWLIB_MATH=1 the examples' networks use ctmlp::tanh / sigmoid (newlib's tanhf/expf
#                          at run time) instead of ctmlp::portable:: (ctmlp's own, results equal
#                          to the compiler's bit for bit with -ffp-contract=off, set by the
#                          toolchain file); examples/firmware/models.hpp.
# All are built with -fstack-usage (<object>.su beside each object; tests/firmware/check_memory.cmake).
function(ctmlp_add_example_firmware name source)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "DEFINITIONS;OPTIONS")
  ctmlp_add_firmware(${name} ${source} ${arg_OPTIONS})
  target_compile_definitions(${name} PRIVATE ${arg_DEFINITIONS})
  target_compile_options(${name} PRIVATE -fstack-usage)
endfunction()
