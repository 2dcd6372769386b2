# The PyTorch-trained digits classifier (docs/import.md), on the host: the same program as the
# firmware examples/firmware/digits_torch.cpp, and the check that examples/import/train_digits.py
# still reproduces the committed examples/import/digits_torch_{model,test}.hpp.
# Included by examples/CMakeLists.txt.

add_executable(digits_torch_host ${CMAKE_CURRENT_SOURCE_DIR}/firmware/digits_torch.cpp)
target_compile_definitions(digits_torch_host PRIVATE CTMLP_DIGITS_HOST=1)
target_include_directories(digits_torch_host PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/import)
target_link_libraries(digits_torch_host PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
add_test(NAME example.digits_torch_host COMMAND digits_torch_host)
set_tests_properties(example.digits_torch_host PROPERTIES LABELS "demo;import"
                     PASS_REGULAR_EXPRESSION "digits_torch: PASS")

ctmlp_python_has(_ctmlp_digits_python torch sklearn numpy)
if(_ctmlp_digits_python)
  # Retrains in the build directory (a few seconds, one thread) and compares with the committed files.
  add_test(NAME example.digits_torch_reproducible
           COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/import/train_digits.py
                   --out ${CMAKE_CURRENT_BINARY_DIR}/digits_torch_regenerated
                   --check ${CMAKE_CURRENT_SOURCE_DIR}/import)
  set_tests_properties(example.digits_torch_reproducible PROPERTIES LABELS "import;python" TIMEOUT 300
                       PASS_REGULAR_EXPRESSION "train_digits.py: PASS" ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
endif()
