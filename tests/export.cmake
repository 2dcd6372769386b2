# Export (include/ctmlp/host/export.hpp, docs/deploy.md). runtime/test_export.cpp is part of the
# globbed run-time tests; here it is built once more with CTMLP_PORTABLE_MATH=1 (its own program:
# the switch must be the same in every translation unit), which adds the check that the committed
# test vectors (examples/deploy/*_expected.hpp, the bits the firmware must reproduce) are this
# host's outputs.
add_executable(ctmlp_tests_export_portable runtime/test_export.cpp runtime/main.cpp)
target_link_libraries(ctmlp_tests_export_portable PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
target_include_directories(ctmlp_tests_export_portable PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/runtime ${PROJECT_SOURCE_DIR}/examples)
target_compile_definitions(ctmlp_tests_export_portable PRIVATE
  CTMLP_PORTABLE_MATH=1 CTMLP_CATCH_MAJOR=${CTMLP_CATCH_MAJOR})
if(CTMLP_CATCH_MAJOR EQUAL 2)
  target_link_libraries(ctmlp_tests_export_portable PRIVATE Catch2::Catch2)
else()
  target_link_libraries(ctmlp_tests_export_portable PRIVATE Catch2::Catch2WithMain)
endif()
add_test(NAME export_portable_test_vectors COMMAND ctmlp_tests_export_portable)
set_tests_properties(export_portable_test_vectors PROPERTIES LABELS "unit;deploy")
