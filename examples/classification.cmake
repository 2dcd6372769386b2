# Classification on real data (included by examples/CMakeLists.txt): Iris and 8x8 digits, trained
# at run time with Adam, mini-batches, shuffling and early stopping (data in examples/data/,
# written by tools/make_datasets.py). Each example prints its test accuracy and confusion matrix
# and writes its loss curve as CSV; tests/examples/ checks the accuracies and the curves.
foreach(_example iris digits)
  ctmlp_example(${_example})
  set_tests_properties(example.${_example} PROPERTIES TIMEOUT 300)
endforeach()
# The run registered by ctmlp_example() writes its curve into the build directory's examples/.
set_tests_properties(example.iris PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(example.digits PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})

# The Iris network exported as a header by the example itself (ctmlp/host/export.hpp), then used
# as a constant: iris_model_check.cpp computes its test accuracy in a static_assert. Building the
# object library is passing.
set(_iris_model_dir ${CMAKE_CURRENT_BINARY_DIR}/iris_model)
add_custom_command(OUTPUT ${_iris_model_dir}/iris_model.hpp
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${_iris_model_dir}
                   COMMAND iris ${_iris_model_dir}/iris_loss.csv ${_iris_model_dir}/iris_model.hpp
                   DEPENDS iris
                   COMMENT "Training Iris and exporting the network to iris_model/iris_model.hpp" VERBATIM)
add_library(ctmlp_iris_model_check OBJECT iris_model_check.cpp ${_iris_model_dir}/iris_model.hpp)
target_link_libraries(ctmlp_iris_model_check PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
target_include_directories(ctmlp_iris_model_check PRIVATE ${_iris_model_dir})
