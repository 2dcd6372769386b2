# The consumer's toolchain file: arm-none-eabi-gcc (Debian: gcc-arm-none-eabi,
# libnewlib-arm-none-eabi, libstdc++-arm-none-eabi-newlib) for a Cortex-M4F, programs run under
# QEMU's mps2-an386 with semihosting. It knows nothing about ctmlp.
#
# Like most vendor toolchain files it confines find_*() to the target's root
# (CMAKE_FIND_ROOT_PATH, mode ONLY), so an installed ctmlp is not found through CMAKE_PREFIX_PATH
# alone: give its package directory, -Dctmlp_DIR=<prefix>/share/cmake/ctmlp (docs/consume.md).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
# No startup code or linker script at configure time: the compiler checks build a static library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(_cpu "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
# -Wno-psabi: GCC notes a parameter-passing change of GCC 7.1 for Hana's empty types; harmless.
set(CMAKE_CXX_FLAGS_INIT
    "${_cpu} -Os -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -Wno-psabi --specs=nano.specs")
# Our startup code replaces crt0; nosys.specs gives the few system calls newlib could reference.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections --specs=nosys.specs")

# The target's root: newlib and libstdc++ for arm-none-eabi.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libc.a
                OUTPUT_VARIABLE _libc OUTPUT_STRIP_TRAILING_WHITESPACE)
cmake_path(GET _libc PARENT_PATH _lib)
cmake_path(GET _lib PARENT_PATH _root)
set(CMAKE_FIND_ROOT_PATH "${_root}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# `ctest` runs the firmware in QEMU; its semihosting exit status is the test's.
find_program(QEMU_SYSTEM_ARM qemu-system-arm REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR
    "${QEMU_SYSTEM_ARM};-M;mps2-an386;-nographic;-monitor;none;-semihosting-config;enable=on,target=native;-kernel")
