# cmake -DCXX=<arm-none-eabi-g++> -DNM=<arm-none-eabi-nm> -DSOURCE=<file.cpp> -DOUT=<file.o>
#       -DFLAGS=<;-list> -P check_no_float.cmake
# Compiles SOURCE for a soft-float Cortex-M and fails if the object needs any floating-point
# helper of the ARM run-time ABI or libgcc (__aeabi_f*, __aeabi_d*, __aeabi_*2f/2d, __*sf*/__*df*).
execute_process(COMMAND ${CXX} ${FLAGS} -c ${SOURCE} -o ${OUT}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} does not compile for the Cortex-M:\n${err}")
endif()
execute_process(COMMAND ${NM} -u ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE undefined)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} -u ${OUT} failed")
endif()
string(REGEX MATCHALL "__aeabi_[fd][a-z0-9]*|__aeabi_[a-z0-9]*2[fd]|__[a-z]+[sd]f[0-9a-z]*|__float[a-z]*|__fix[a-z]*"
       soft_float "${undefined}")
if(soft_float)
  list(REMOVE_DUPLICATES soft_float)
  message(FATAL_ERROR "the int8 path needs floating-point routines: ${soft_float}")
endif()
message(STATUS "no floating-point routine among the undefined symbols:\n${undefined}")
