# Classification on real data (included by examples/CMakeLists.txt): Iris and 8x8 digits, trained
# at run time with Adam, mini-batches, shuffling and early stopping (data in examples/data/,
# written by tools/make_datasets.py). Each example prints its test accuracy and confusion matrix
# and writes its loss curve as CSV; tests/examples/ checks the accuracies and the curves, and uses
# the Iris network the example exports as a header (`iris <curve.csv> <model.hpp>`) as a constant.
foreach(_example iris digits)
  ctmlp_example(${_example})
  set_tests_properties(example.${_example} PROPERTIES TIMEOUT 300)
endforeach()
# The run registered by ctmlp_example() writes its curve into the build directory's examples/.
set_tests_properties(example.iris PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(example.digits PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})

