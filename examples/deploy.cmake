# Deployment (docs/deploy.md): export a trained network as C++ source for flash, with a C interface.
#
#   export_xor, export_more   write examples/deploy/*.hpp|.h|.cpp (the committed generated files)
#   deploy_update             regenerates the committed files in the source tree
#   tests (label deploy):
#     deploy.golden.*             regenerating gives the committed files byte for byte
#     deploy.c_interface          a C11 program (gcc) uses the generated C interface, linked by gcc
#                                 (not g++): outputs and training bit-equal to the host's C++
#     deploy.no_cxx_runtime       the generated C++ object references no C++ runtime symbol
#     deploy.no_cxx_runtime.control   ... and the check rejects an object that does (WILL_FAIL)
set(CTMLP_DEPLOY_DIR "${CMAKE_CURRENT_SOURCE_DIR}/deploy")
set(CTMLP_DEPLOY_XOR_FILES xor_model.hpp xor_expected.hpp xor_model.h xor_model.cpp)
set(CTMLP_DEPLOY_MORE_FILES wide_model.hpp wide_expected.hpp edge_model.hpp edge_double_model.hpp)

# The generators compute expected outputs with ctmlp's own exp/tanh, as firmware built with
# CTMLP_PORTABLE_MATH=1 does (and -ffp-contract=off, from ctmlp_dev_flags).
foreach(_gen export_xor export_more)
  add_executable(${_gen} deploy/${_gen}.cpp)
  target_link_libraries(${_gen} PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
  target_compile_definitions(${_gen} PRIVATE CTMLP_PORTABLE_MATH=1)
endforeach()

add_custom_target(deploy_update
  COMMAND export_xor "${CTMLP_DEPLOY_DIR}"
  COMMAND export_more "${CTMLP_DEPLOY_DIR}"
  DEPENDS export_xor export_more
  COMMENT "Regenerating the generated files in examples/deploy" VERBATIM)

add_test(NAME deploy.golden.xor
  COMMAND "${CMAKE_COMMAND}" "-DGENERATOR=$<TARGET_FILE:export_xor>"
          "-DOUT_DIR=${CMAKE_CURRENT_BINARY_DIR}/deploy_golden/xor" "-DGOLDEN_DIR=${CTMLP_DEPLOY_DIR}"
          "-DFILES=${CTMLP_DEPLOY_XOR_FILES}" -P "${CTMLP_DEPLOY_DIR}/golden.cmake")
add_test(NAME deploy.golden.more
  COMMAND "${CMAKE_COMMAND}" "-DGENERATOR=$<TARGET_FILE:export_more>"
          "-DOUT_DIR=${CMAKE_CURRENT_BINARY_DIR}/deploy_golden/more" "-DGOLDEN_DIR=${CTMLP_DEPLOY_DIR}"
          "-DFILES=${CTMLP_DEPLOY_MORE_FILES}" -P "${CTMLP_DEPLOY_DIR}/golden.cmake")
set_tests_properties(deploy.golden.xor deploy.golden.more PROPERTIES LABELS "deploy")

# ---- the C interface on the host ------------------------------------------------------------------
include(CheckLanguage)
check_language(C)
if(CMAKE_C_COMPILER)
  enable_language(C)
  # The generated C++ source alone, as firmware would build it: no exceptions, no RTTI.
  add_library(deploy_xor_model_cxx OBJECT deploy/xor_model.cpp)
  target_link_libraries(deploy_xor_model_cxx PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
  target_compile_definitions(deploy_xor_model_cxx PRIVATE CTMLP_PORTABLE_MATH=1)
  # -fno-sanitize=all: a sanitizer build (preset sanitize) puts -fsanitize=... in CMAKE_CXX_FLAGS,
  # whose run-time library the C link would (rightly) not provide.
  target_compile_options(deploy_xor_model_cxx PRIVATE -fno-exceptions -fno-rtti -fno-sanitize=all)
  target_include_directories(deploy_xor_model_cxx PRIVATE "${CTMLP_DEPLOY_DIR}")

  # A C11 program, linked by the C compiler driver: were the object to need libstdc++ or the C++
  # ABI, the link would fail (gcc does not add -lstdc++). CMake would add the C++ compiler's
  # implicit libraries (-lstdc++ -lm) to a C-linked target with C++ objects; this directory's
  # other targets are linked as C++ and are not affected by clearing them.
  set(CMAKE_CXX_IMPLICIT_LINK_LIBRARIES "")
  set(CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES "")
  add_executable(deploy_xor_c firmware/deploy_xor_c.c $<TARGET_OBJECTS:deploy_xor_model_cxx>)
  set_target_properties(deploy_xor_c PROPERTIES LINKER_LANGUAGE C C_STANDARD 11 C_STANDARD_REQUIRED ON
                                                 C_EXTENSIONS OFF)
  target_compile_options(deploy_xor_c PRIVATE -Wall -Wextra -pedantic -Werror)
  target_compile_definitions(deploy_xor_c PRIVATE DEPLOY_C_PRINT=1)
  target_include_directories(deploy_xor_c PRIVATE "${CTMLP_DEPLOY_DIR}")
  add_test(NAME deploy.c_interface COMMAND deploy_xor_c)
  set_tests_properties(deploy.c_interface PROPERTIES LABELS "deploy" PASS_REGULAR_EXPRESSION "deploy_xor_c: PASS")

  find_program(CTMLP_NM nm)
  if(CTMLP_NM)
    add_test(NAME deploy.no_cxx_runtime
      COMMAND "${CMAKE_COMMAND}" "-DNM=${CTMLP_NM}" "-DOBJECTS=$<TARGET_OBJECTS:deploy_xor_model_cxx>"
              -P "${CTMLP_DEPLOY_DIR}/check_no_cxx_runtime.cmake")
    add_library(deploy_cxx_runtime_probe OBJECT deploy/cxx_runtime_probe.cpp)
    add_test(NAME deploy.no_cxx_runtime.control
      COMMAND "${CMAKE_COMMAND}" "-DNM=${CTMLP_NM}" "-DOBJECTS=$<TARGET_OBJECTS:deploy_cxx_runtime_probe>"
              -P "${CTMLP_DEPLOY_DIR}/check_no_cxx_runtime.cmake")
    set_tests_properties(deploy.no_cxx_runtime deploy.no_cxx_runtime.control PROPERTIES LABELS "deploy")
    set_tests_properties(deploy.no_cxx_runtime.control PROPERTIES WILL_FAIL TRUE)
  endif()
endif()

# ---- the two writers agree ------------------------------------------------------------------------
# The headers written by ctmlp::host::write_header, read back and rewritten by the Python
# converters' writer (tools/ctmlp_format.py, needs NumPy): identical bytes. The control changes one
# parameter by one ulp, and the comparison must fail.
ctmlp_python_has(_ctmlp_deploy_has_numpy numpy)
if(_ctmlp_deploy_has_numpy AND EXISTS "${PROJECT_SOURCE_DIR}/tools/ctmlp_format.py")
  set(_deploy_headers xor_model.hpp wide_model.hpp edge_model.hpp edge_double_model.hpp)
  list(TRANSFORM _deploy_headers PREPEND "${CTMLP_DEPLOY_DIR}/")
  add_test(NAME deploy.writers_agree
    COMMAND "${CTMLP_PYTHON}" "${CTMLP_DEPLOY_DIR}/cross_check.py" "${PROJECT_SOURCE_DIR}/tools" ${_deploy_headers})
  add_test(NAME deploy.writers_agree.control
    COMMAND "${CTMLP_PYTHON}" "${CTMLP_DEPLOY_DIR}/cross_check.py" --perturb "${PROJECT_SOURCE_DIR}/tools"
            "${CTMLP_DEPLOY_DIR}/xor_model.hpp")
  set_tests_properties(deploy.writers_agree deploy.writers_agree.control PROPERTIES LABELS "deploy")
  set_tests_properties(deploy.writers_agree.control PROPERTIES WILL_FAIL TRUE)
endif()
