# Deployment on the device (docs/deploy.md): the headers generated on the host by
# examples/deploy/export_*.cpp, compiled into firmware and checked bit for bit against the host's
# outputs (examples/deploy/*_expected.hpp) under QEMU; the C interface from a C11 main; where the
# weights land (.rodata = flash); the flash they cost (footprint table, text over `empty`).
set(_deploy_examples "${CTMLP_FIRMWARE_SOURCE_ROOT}/examples")
set(_deploy_dir "${_deploy_examples}/deploy")

function(_ctmlp_deploy_firmware name source)
  ctmlp_add_example_firmware(${name} ${source} ${ARGN})
  target_include_directories(${name} PRIVATE "${_deploy_examples}")
endfunction()

# The exported networks in C++, from flash; CTMLP_PORTABLE_MATH=1 like the host that computed the
# expected bits.
_ctmlp_deploy_firmware(deploy_xor deploy_xor.cpp DEFINITIONS CTMLP_PORTABLE_MATH=1
  OPTIONS EXPECT_OUTPUT "deploy_xor: PASS")
_ctmlp_deploy_firmware(deploy_xor_min deploy_xor.cpp DEFINITIONS CTMLP_PORTABLE_MATH=1 CTMLP_FW_VERBOSE=0)
_ctmlp_deploy_firmware(deploy_wide deploy_wide.cpp DEFINITIONS CTMLP_PORTABLE_MATH=1
  OPTIONS EXPECT_OUTPUT "deploy_wide: PASS")
_ctmlp_deploy_firmware(deploy_wide_min deploy_wide.cpp DEFINITIONS CTMLP_PORTABLE_MATH=1 CTMLP_FW_VERBOSE=0)

# The C interface: a C11 main (arm-none-eabi-gcc) and the generated C++ source.
_ctmlp_deploy_firmware(deploy_xor_c deploy_xor_c.c DEFINITIONS CTMLP_PORTABLE_MATH=1)
target_sources(deploy_xor_c PRIVATE "${_deploy_dir}/xor_model.cpp")
target_include_directories(deploy_xor_c PRIVATE "${_deploy_dir}")
set_source_files_properties(deploy_xor_c.c TARGET_DIRECTORY deploy_xor_c PROPERTIES
  COMPILE_OPTIONS "-std=c11;-Wall;-Wextra;-pedantic;-Werror")
set_source_files_properties("${_deploy_dir}/xor_model.cpp" TARGET_DIRECTORY deploy_xor_c PROPERTIES
  COMPILE_OPTIONS "-Wall;-Wextra;-Wpedantic;-Wconversion;-Wshadow;-Werror")

find_program(CTMLP_ARM_NM arm-none-eabi-nm)
if(CTMLP_ARM_NM)
  # The weights are read-only data in flash (linker map), of exactly parameter_count * 4 bytes.
  add_test(NAME firmware.deploy.weights_in_rodata
    COMMAND "${CMAKE_COMMAND}" "-DMAP=$<TARGET_FILE_DIR:deploy_wide>/deploy_wide.map"
            "-DSYMBOLS=wide_model::network=4768"
            -P "${_deploy_dir}/check_rodata.cmake")
  add_test(NAME firmware.deploy.weights_in_rodata.xor
    COMMAND "${CMAKE_COMMAND}" "-DMAP=$<TARGET_FILE_DIR:deploy_xor_c>/deploy_xor_c.map"
            "-DSYMBOLS=xor_model::network=68"
            -P "${_deploy_dir}/check_rodata.cmake")
  # ... and the check does reject a network copied into a mutable global (.data).
  _ctmlp_deploy_firmware(deploy_rodata_control deploy_rodata_control.cpp OPTIONS NO_FOOTPRINT)
  add_test(NAME firmware.deploy.weights_in_rodata.control
    COMMAND "${CMAKE_COMMAND}" "-DMAP=$<TARGET_FILE_DIR:deploy_rodata_control>/deploy_rodata_control.map"
            "-DSYMBOLS=xor_in_ram=68"
            -P "${_deploy_dir}/check_rodata.cmake")
  set_tests_properties(firmware.deploy.weights_in_rodata.control PROPERTIES WILL_FAIL TRUE)
  # The generated C++ source needs no C++ runtime (its object file, as compiled for this MCU).
  add_library(deploy_xor_model_obj OBJECT "${_deploy_dir}/xor_model.cpp")
  target_link_libraries(deploy_xor_model_obj PRIVATE ctmlp_firmware_runtime)
  target_compile_definitions(deploy_xor_model_obj PRIVATE CTMLP_PORTABLE_MATH=1)
  add_test(NAME firmware.deploy.no_cxx_runtime
    COMMAND "${CMAKE_COMMAND}" "-DNM=${CTMLP_ARM_NM}" "-DOBJECTS=$<TARGET_OBJECTS:deploy_xor_model_obj>"
            -P "${_deploy_dir}/check_no_cxx_runtime.cmake")
  set_tests_properties(firmware.deploy.weights_in_rodata firmware.deploy.weights_in_rodata.xor
                       firmware.deploy.weights_in_rodata.control firmware.deploy.no_cxx_runtime
                       PROPERTIES LABELS "firmware;${CTMLP_MCU};deploy")
endif()
