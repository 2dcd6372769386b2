# Toolchain file: bare-metal Arm Cortex-M with arm-none-eabi-gcc and newlib-nano.
#
#   cmake -S . -B build/cortex-m4 \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-none-eabi.cmake -DCTMLP_MCU=cortex-m4
#
# Cache variables:
#   CTMLP_MCU               cortex-m4 (default: hard-float FPv4-SP, QEMU mps2-an386)
#                           cortex-m0 (soft float, QEMU microbit)
#   CTMLP_EMULATOR_TIMEOUT  seconds before a firmware run under QEMU is killed (default 20).
#
# Sets CMAKE_CROSSCOMPILING_EMULATOR (timeout + qemu-system-arm with semihosting), so
# add_test(COMMAND <firmware target>) runs the firmware under QEMU and the firmware's exit status
# (passed through semihosting) is the test's.
#
# Also sets, for the project's CMake code:
#   CTMLP_FIRMWARE_BOARD    mps2-an386 | microbit (selects the linker script memory map)
#   CTMLP_ARM_SIZE          path of arm-none-eabi-size (CMake defines no CMAKE_SIZE)

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
# No startup code or linker script exists at configure time: compiler checks build static libs.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CTMLP_MCU "cortex-m4" CACHE STRING "Target MCU core: cortex-m4 or cortex-m0")
set_property(CACHE CTMLP_MCU PROPERTY STRINGS cortex-m4 cortex-m0)
set(CTMLP_EMULATOR_TIMEOUT "20" CACHE STRING "Seconds before a QEMU firmware run is killed")
# The toolchain file is read again inside try_compile projects: forward the choices there.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES
     CTMLP_MCU CTMLP_EMULATOR_TIMEOUT)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
find_program(CTMLP_ARM_SIZE arm-none-eabi-size)
find_program(CTMLP_ARM_OBJDUMP arm-none-eabi-objdump)

if(CTMLP_MCU STREQUAL "cortex-m4")
  set(_ctmlp_cpu_flags "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
  set(CTMLP_FIRMWARE_BOARD "mps2-an386")
elseif(CTMLP_MCU STREQUAL "cortex-m0")
  set(_ctmlp_cpu_flags "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
  set(CTMLP_FIRMWARE_BOARD "microbit")
else()
  message(FATAL_ERROR "CTMLP_MCU must be cortex-m4 or cortex-m0, not '${CTMLP_MCU}'")
endif()

# Boost.Hana is not the toolchain's business: ctmlp::ctmlp carries it (cmake/ctmlpBoost.cmake),
# without putting the host's /usr/include in front of newlib's headers.

set(_ctmlp_common_flags
    "${_ctmlp_cpu_flags} -ffunction-sections -fdata-sections -ffp-contract=off --specs=nano.specs")
set(CMAKE_C_FLAGS_INIT "${_ctmlp_common_flags}")
# -Wno-psabi: Hana makes GCC note an ABI change of parameter passing on Arm (GCC 7.1); harmless.
set(CMAKE_CXX_FLAGS_INIT
    "${_ctmlp_common_flags} -fno-exceptions -fno-rtti -fno-threadsafe-statics -Wno-psabi")
set(CMAKE_ASM_FLAGS_INIT "${_ctmlp_cpu_flags}")
# No crt0: the firmware brings its own startup and linker script (ctmlp's: cmake/firmware/).
# (--specs=nano.specs is in the compile flags, which CMake also passes when linking; twice fails.)
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections")

# Firmware is always optimised for size; CMake's defaults (-O3 / -O0) would otherwise come after
# and override it. Cache entries set here are kept by CMake's compiler initialisation.
foreach(_lang C CXX)
  set(CMAKE_${_lang}_FLAGS_DEBUG "-Os -g" CACHE STRING "")
  set(CMAKE_${_lang}_FLAGS_RELEASE "-Os -DNDEBUG" CACHE STRING "")
  set(CMAKE_${_lang}_FLAGS_MINSIZEREL "-Os -DNDEBUG" CACHE STRING "")
  set(CMAKE_${_lang}_FLAGS_RELWITHDEBINFO "-Os -g -DNDEBUG" CACHE STRING "")
endforeach()
# ... and with no build type at all.
string(APPEND CMAKE_C_FLAGS_INIT " -Os")
string(APPEND CMAKE_CXX_FLAGS_INIT " -Os")

# Look for libraries and headers only in the (empty) target root, programs on the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Run firmware under QEMU with semihosting; the guest's SYS_EXIT(_EXTENDED) status becomes QEMU's
# exit status. A hang is killed by `timeout` (exit 124), so it fails instead of blocking CTest.
if(CTMLP_MCU STREQUAL "cortex-m4")
  set(_ctmlp_qemu_machine mps2-an386)
else()
  set(_ctmlp_qemu_machine microbit)
endif()
find_program(CTMLP_QEMU_SYSTEM_ARM qemu-system-arm)
find_program(CTMLP_TIMEOUT timeout)
if(CTMLP_QEMU_SYSTEM_ARM AND CTMLP_TIMEOUT)
  set(CMAKE_CROSSCOMPILING_EMULATOR
      "${CTMLP_TIMEOUT};--kill-after=5;${CTMLP_EMULATOR_TIMEOUT}"
      "${CTMLP_QEMU_SYSTEM_ARM};-M;${_ctmlp_qemu_machine};-nographic;-monitor;none"
      "-semihosting-config;enable=on,target=native;-kernel")
else()
  message(STATUS "qemu-system-arm or timeout not found: firmware tests cannot run")
endif()
