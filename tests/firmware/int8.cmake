# The int8 digits network on the device, checked from the outside (docs/firmware.md, "int8
# networks"; included by tests/firmware/CMakeLists.txt): examples/firmware/int8.cmake builds
# digits_int8 and digits_int8_min, whose runs check the CRC of their outputs; here their symbols.
# The examples' targets are named in generator expressions only: examples/firmware/ is added after
# this directory.
if(NOT CTMLP_BUILD_EXAMPLES OR NOT CTMLP_ARM_NM)
  return()
endif()

# No soft-float routine in either int8 image (on the M4, double arithmetic would be software too).
# The whole expression is one group: check_symbols.cmake reports CMAKE_MATCH_1 of this match, and
# a match without a first group would be recorded as an empty string, which does not fail it.
set(_ctmlp_int8_soft_float
    "(^__aeabi_[fd]|^__(add|sub|mul|div|neg|fix|fixuns|float|floatun|extend|trunc|cmp|eq|ne|lt|le|gt|ge|unord)[sdt]f|^__aeabi_(l2f|l2d|ul2f|ul2d|i2f|i2d|ui2f|ui2d))")
foreach(_fw digits_int8 digits_int8_min)
  add_test(NAME firmware.${_fw}.no_soft_float
    COMMAND "${CMAKE_COMMAND}" "-DNM=${CTMLP_ARM_NM}" "-DELF=$<TARGET_FILE:${_fw}>"
            "-DFORBID=${_ctmlp_int8_soft_float}"
            -P "${CMAKE_CURRENT_LIST_DIR}/check_symbols.cmake")
  set_tests_properties(firmware.${_fw}.no_soft_float PROPERTIES LABELS "firmware;${CTMLP_MCU};int8")
endforeach()

# The control: the float digits_torch_min image (examples/firmware/import.cmake) on the M0 is all
# soft float, and the same check says so.
if(CTMLP_MCU STREQUAL "cortex-m0")
  add_test(NAME firmware.digits_int8.no_soft_float.control
    COMMAND "${CMAKE_COMMAND}" "-DNM=${CTMLP_ARM_NM}" "-DELF=$<TARGET_FILE:digits_torch_min>"
            "-DFORBID=${_ctmlp_int8_soft_float}"
            -P "${CMAKE_CURRENT_LIST_DIR}/check_symbols.cmake")
  set_tests_properties(firmware.digits_int8.no_soft_float.control PROPERTIES
    LABELS "firmware;${CTMLP_MCU};int8"
    PASS_REGULAR_EXPRESSION "digits_torch_min\\.elf[ \n]+contains[ \n]+symbols[ \n]+matching")
endif()
