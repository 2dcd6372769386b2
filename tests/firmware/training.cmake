# Training on the microcontroller (included by tests/firmware/CMakeLists.txt): the stack that
# ctmlp::train() uses for every update mode and optimizer, measured on the device against
# ctmlp::memory<Net, Optimizer> (train_memory.cpp explains the check). Built with -fstack-usage;
# firmware.train_memory.frames runs this file as a script (-P) to print the frames of the .su files.
if(CMAKE_SCRIPT_MODE_FILE)
  # cmake -DSU_DIR=<object dir of train_memory> -P training.cmake
  file(GLOB _su "${SU_DIR}/*.su")
  if(NOT _su)
    message(FATAL_ERROR "no .su files in ${SU_DIR} (build with -fstack-usage)")
  endif()
  set(_found 0)
  foreach(_f IN LISTS _su)
    file(STRINGS "${_f}" _lines)
    foreach(_line IN LISTS _lines)
      if(_line MATCHES "^(.*)\t([0-9]+)\t(static|dynamic)")
        # Kept in variables: the next MATCHES clears CMAKE_MATCH_<n>.
        set(_fn "${CMAKE_MATCH_1}")
        set(_kind "${CMAKE_MATCH_3}")
        message("stack-usage: ${CMAKE_MATCH_2} B (${_kind})  ${_fn}")
        if(_fn MATCHES "run_[a-z_]+")
          math(EXPR _found "${_found} + 1")
        endif()
        if(_kind STREQUAL "dynamic")
          message(FATAL_ERROR "a dynamically sized frame (alloca/VLA) in training: ${_fn}")
        endif()
      endif()
    endforeach()
  endforeach()
  if(_found EQUAL 0)
    message(FATAL_ERROR "the run_* functions of train_memory.cpp are not in the .su files")
  endif()
  return()
endif()

ctmlp_add_example_firmware(train_memory train_memory.cpp
  OPTIONS EXPECT_OUTPUT "train_memory: PASS" NO_FOOTPRINT)
if(CMAKE_CROSSCOMPILING_EMULATOR)
  add_test(NAME firmware.train_memory.frames
    COMMAND "${CMAKE_COMMAND}" "-DSU_DIR=${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/train_memory.dir"
            -P "${CMAKE_CURRENT_LIST_DIR}/training.cmake")
  set_tests_properties(firmware.train_memory.frames PROPERTIES LABELS "firmware;${CTMLP_MCU}")
endif()
