# cmake -DCXX=<compiler> -DSOURCE=<file.cpp> -DOUTPUT=<executable> -DFLAGS=<;-list> -P compile_and_run.cmake
# Compiles SOURCE with FLAGS (which include -Werror: any warning fails), then runs the program,
# which must exit with 0 (it checks that the calls it makes did what they should).
execute_process(COMMAND ${CXX} ${FLAGS} ${SOURCE} -o ${OUTPUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CXX} ${FLAGS} ${SOURCE} failed:\n${out}${err}")
endif()
execute_process(COMMAND ${OUTPUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${OUTPUT} exited with ${rc}:\n${out}${err}")
endif()
message(STATUS "${SOURCE}: compiled by ${CXX} with the flags given (no warning), and the program passed")
