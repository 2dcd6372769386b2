# Deployment (docs/deploy.md): export a trained network as C++ source for flash, with a C interface.
#
#   export_xor, export_more   write examples/deploy/*.hpp|.h|.cpp (the committed generated files;
#                             export_more's test data edge_*.hpp go to tests/deploy/)
#   deploy_update             regenerates the committed files in the source tree
#   deploy_xor_c              a C11 program (gcc) that uses the generated C interface
# Their checks (label deploy: golden files, the C interface, no C++ runtime, the two writers agree)
# are registered in tests/examples/ (on a microcontroller in tests/firmware/), with their scripts in
# tests/deploy/.
set(CTMLP_DEPLOY_DIR "${CMAKE_CURRENT_SOURCE_DIR}/deploy")

# The generators compute expected outputs with ctmlp's own exp/tanh (the exported networks use
# ctmlp::portable:: activations, examples/deploy/models.hpp), as the firmware that includes the
# generated headers does (and -ffp-contract=off, from ctmlp_dev_flags).
foreach(_gen export_xor export_more)
  add_executable(${_gen} deploy/${_gen}.cpp)
  target_link_libraries(${_gen} PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
endforeach()

add_custom_target(deploy_update
  COMMAND export_xor "${CTMLP_DEPLOY_DIR}"
  COMMAND export_more "${CTMLP_DEPLOY_DIR}" "${PROJECT_SOURCE_DIR}/tests/deploy"
  DEPENDS export_xor export_more
  COMMENT "Regenerating the generated files in examples/deploy" VERBATIM)

# ---- the C interface on the host ------------------------------------------------------------------
include(CheckLanguage)
check_language(C)
if(CMAKE_C_COMPILER)
  enable_language(C)
  # The generated C++ source alone, as firmware would build it: no exceptions, no RTTI.
  add_library(deploy_xor_model_cxx OBJECT deploy/xor_model.cpp)
  target_link_libraries(deploy_xor_model_cxx PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
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
endif()
