# Deployment on the device (docs/deploy.md): the headers generated on the host by
# examples/deploy/export_*.cpp, compiled into firmware and checked bit for bit against the host's
# outputs (examples/deploy/*_expected.hpp) under QEMU; the C interface from a C11 main; the flash
# they cost (footprint table, text over `empty`).
set(_deploy_examples "${CTMLP_FIRMWARE_SOURCE_ROOT}/examples")
set(_deploy_dir "${_deploy_examples}/deploy")

function(_ctmlp_deploy_firmware name source)
  ctmlp_add_example_firmware(${name} ${source} ${ARGN})
  target_include_directories(${name} PRIVATE "${_deploy_examples}")
endfunction()

# The exported networks in C++, from flash; their ctmlp::portable:: activations compute what the
# host that computed the expected bits did.
_ctmlp_deploy_firmware(deploy_xor deploy_xor.cpp
  OPTIONS EXPECT_OUTPUT "deploy_xor: PASS")
_ctmlp_deploy_firmware(deploy_xor_min deploy_xor.cpp DEFINITIONS CTMLP_FW_VERBOSE=0)
_ctmlp_deploy_firmware(deploy_wide deploy_wide.cpp
  OPTIONS EXPECT_OUTPUT "deploy_wide: PASS")
_ctmlp_deploy_firmware(deploy_wide_min deploy_wide.cpp DEFINITIONS CTMLP_FW_VERBOSE=0)

# The C interface: a C11 main (arm-none-eabi-gcc) and the generated C++ source.
_ctmlp_deploy_firmware(deploy_xor_c deploy_xor_c.c)
target_sources(deploy_xor_c PRIVATE "${_deploy_dir}/xor_model.cpp")
target_include_directories(deploy_xor_c PRIVATE "${_deploy_dir}")
set_source_files_properties(deploy_xor_c.c TARGET_DIRECTORY deploy_xor_c PROPERTIES
  COMPILE_OPTIONS "-std=c11;-Wall;-Wextra;-pedantic;-Werror")
set_source_files_properties("${_deploy_dir}/xor_model.cpp" TARGET_DIRECTORY deploy_xor_c PROPERTIES
  COMPILE_OPTIONS "-Wall;-Wextra;-Wpedantic;-Wconversion;-Wshadow;-Werror")

# Where the weights land and what the generated source needs: tests/firmware/CMakeLists.txt.
