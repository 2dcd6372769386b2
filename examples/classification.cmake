# Classification on real data (included by examples/CMakeLists.txt): Iris and 8x8 digits, trained
# at run time with Adam, mini-batches, shuffling and early stopping (data in examples/data/,
# written by tools/make_datasets.py). Each example prints its test accuracy and confusion matrix
# and writes its loss curve as CSV; a second test checks the curve.
foreach(_example iris digits)
  ctmlp_example(${_example})
  set_tests_properties(example.${_example} PROPERTIES TIMEOUT 300)
endforeach()
# The run registered by ctmlp_example() writes its curve into the build directory's examples/.
set_tests_properties(example.iris PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(example.digits PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})

# Targets: Iris >= 96% of the 45 test flowers (at most one wrong), digits >= 97% of the 539 test
# images. classification_check.py parses the printed `test accuracy: NN.N%` and checks the CSV.
if(CTMLP_PYTHON)
  foreach(_case "iris;96" "digits;97")
    list(GET _case 0 _example)
    list(GET _case 1 _min)
    add_test(NAME example.${_example}.accuracy
             COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/classification_check.py --min-accuracy ${_min}
                     -- $<TARGET_FILE:${_example}> ${CMAKE_CURRENT_BINARY_DIR}/${_example}_accuracy.csv)
    add_test(NAME example.${_example}.loss_curve
             COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/classification_check.py
                     --csv ${CMAKE_CURRENT_BINARY_DIR}/${_example}_curve.csv
                     -- $<TARGET_FILE:${_example}> ${CMAKE_CURRENT_BINARY_DIR}/${_example}_curve.csv)
    set_tests_properties(example.${_example}.accuracy example.${_example}.loss_curve PROPERTIES
                         LABELS "demo;classification" TIMEOUT 300)
  endforeach()
endif()
