# Checks ctmlp::memory<Net>'s byte counts against the linked firmware and the compiler's
# -fstack-usage report (docs/firmware.md, "Memory accounting"):
#
#   cmake -DNM=arm-none-eabi-nm -DELF=xor_train_steps.elf -DSU_DIR=<object dir>
#         -DPARAMETERS_SYMBOL=ctmlp_fw::train_net -DWORKSPACE_SYMBOL=ctmlp_fw::train_workspace
#         -DCTMLP_FIRMWARE_DIR=<ctmlp>/cmake/firmware -P check_memory.cmake <emulator command...> <elf>
#
# (-DOBJECTS=<the firmware's object files> instead of SU_DIR: their directory.)
#
# Runs the firmware, which prints "memory<...>: parameters=P workspace=W inference_scratch=S ...
# stack_peak=K" (the compile-time constants, and the deepest stack use measured on the target),
# then requires:
#   - nm -S size of PARAMETERS_SYMBOL (the network object) == parameters,
#   - nm -S size of WORKSPACE_SYMBOL (the training workspace object) == workspace,
#   - the frame of predict() in the .su files (-fstack-usage) >= inference_scratch (its two
#     scratch arrays; if predict() was inlined, the largest frame must hold them), and
#   - the measured stack peak >= that frame (the sum of nested frames is what the stack holds).
# Prints every number, so the CTest log documents them.
if(NOT DEFINED SU_DIR AND DEFINED OBJECTS)
  list(GET OBJECTS 0 _first_object)
  cmake_path(GET _first_object PARENT_PATH SU_DIR)
endif()
foreach(v NM ELF SU_DIR PARAMETERS_SYMBOL WORKSPACE_SYMBOL CTMLP_FIRMWARE_DIR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_memory.cmake: -D${v}=... is required")
  endif()
endforeach()

include("${CTMLP_FIRMWARE_DIR}/script_command.cmake")
ctmlp_run_script_command(status out)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "firmware exited with ${status}")
endif()
if(NOT out MATCHES "parameters=([0-9]+) workspace=([0-9]+) inference_scratch=([0-9]+)")
  message(FATAL_ERROR "the firmware did not print its memory<Net> numbers")
endif()
set(parameters ${CMAKE_MATCH_1})
set(workspace ${CMAKE_MATCH_2})
set(scratch ${CMAKE_MATCH_3})
if(NOT out MATCHES "stack_peak=([0-9]+)")
  message(FATAL_ERROR "the firmware did not print its stack peak")
endif()
set(stack_peak ${CMAKE_MATCH_1})

execute_process(COMMAND "${NM}" -S -C "${ELF}" OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed")
endif()
set(failures "")
foreach(kind PARAMETERS WORKSPACE)
  set(name "${${kind}_SYMBOL}")
  string(REGEX REPLACE "([][+.*()^$])" "\\\\\\1" name_re "${name}")
  if(NOT symbols MATCHES "\n[0-9a-f]+ ([0-9a-f]+) [A-Za-z] ${name_re}\n")
    message(FATAL_ERROR "symbol ${name} not found in ${ELF}")
  endif()
  math(EXPR size "0x${CMAKE_MATCH_1}" OUTPUT_FORMAT DECIMAL)
  string(TOLOWER "${kind}" k)
  message("nm -S: ${name} = ${size} B; ctmlp::memory::${k} = ${${k}} B")
  if(NOT size EQUAL ${${k}})
    string(APPEND failures "${name} is ${size} B, memory::${k} says ${${k}} B. ")
  endif()
endforeach()

file(GLOB su_files "${SU_DIR}/*.su")
if(NOT su_files)
  message(FATAL_ERROR "no .su files in ${SU_DIR} (build with -fstack-usage)")
endif()
set(max_frame 0)
set(max_fn "")
set(predict_frame -1)
foreach(f IN LISTS su_files)
  file(STRINGS "${f}" lines)
  foreach(line IN LISTS lines)
    if(line MATCHES "^(.*)\t([0-9]+)\t(static|dynamic)")
      set(fn "${CMAKE_MATCH_1}")
      set(bytes ${CMAKE_MATCH_2})
      message("stack-usage: ${bytes} B (${CMAKE_MATCH_3})  ${fn}")
      if(fn MATCHES "::predict\\(" AND bytes GREATER predict_frame)
        set(predict_frame ${bytes})
      endif()
      if(bytes GREATER max_frame)
        set(max_frame ${bytes})
        set(max_fn "${fn}")
      endif()
    endif()
  endforeach()
endforeach()
message("largest frame: ${max_frame} B; memory::inference_scratch = ${scratch} B; "
        "measured stack peak = ${stack_peak} B")
if(predict_frame GREATER_EQUAL 0)
  # predict() was not inlined: its own frame holds the scratch arrays.
  math(EXPR overhead "${predict_frame} - ${scratch}")
  message("predict() frame: ${predict_frame} B = scratch ${scratch} B + ${overhead} B of saved "
          "registers, output copy and temporaries")
  if(predict_frame LESS scratch)
    string(APPEND failures "predict() frame ${predict_frame} B < inference_scratch ${scratch} B. ")
  endif()
elseif(max_frame LESS scratch)
  string(APPEND failures "largest frame ${max_frame} B < inference_scratch ${scratch} B. ")
endif()
if(stack_peak LESS max_frame)
  string(APPEND failures "measured stack peak ${stack_peak} B < largest frame ${max_frame} B. ")
endif()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
message("memory accounting ok")
