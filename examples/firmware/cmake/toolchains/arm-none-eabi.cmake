# Forwarder so that the standalone firmware project can be configured with the same relative
# path as the top-level project (CMake resolves a relative CMAKE_TOOLCHAIN_FILE against the
# source directory):
#   cmake -S examples/firmware -B build/fw-m4 \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-none-eabi.cmake -DCTMLP_MCU=cortex-m4
include("${CMAKE_CURRENT_LIST_DIR}/../../../../cmake/toolchains/arm-none-eabi.cmake")
