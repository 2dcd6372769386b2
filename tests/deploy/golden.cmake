# Golden test of generated files: runs a generator into a scratch directory and compares each
# file it writes with the committed copy, byte for byte.
#   cmake -DGENERATOR=<program> -DOUT_DIR=<scratch> -DGOLDEN_DIR=<committed> "-DFILES=a.hpp;b.h" -P golden.cmake
# A file given as an absolute path is committed there, not in GOLDEN_DIR (the generator still writes
# it, by its name, into OUT_DIR).
# Regenerate the committed files with `cmake --build <build> --target deploy_update`.
foreach(v GENERATOR OUT_DIR GOLDEN_DIR FILES)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "golden.cmake: -D${v}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(COMMAND "${GENERATOR}" "${OUT_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${GENERATOR} failed (${rc})")
endif()
set(differ "")
foreach(f IN LISTS FILES)
  if(IS_ABSOLUTE "${f}")
    set(golden "${f}")
    cmake_path(GET f FILENAME f)
  else()
    set(golden "${GOLDEN_DIR}/${f}")
  endif()
  if(NOT EXISTS "${OUT_DIR}/${f}")
    message(FATAL_ERROR "${GENERATOR} did not write ${f}")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT_DIR}/${f}" "${golden}"
                  RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    list(APPEND differ "${golden}")
  endif()
endforeach()
if(differ)
  message(FATAL_ERROR "generated files differ from the committed ones: ${differ}\n"
                      "(compare with ${OUT_DIR}; regenerate with the deploy_update target if the change is intended)")
endif()
list(LENGTH FILES n)
message("${n} generated files equal the committed ones")
