# The PyTorch-trained digits classifier (docs/import.md), on the host: the same program as the
# firmware examples/firmware/digits_torch.cpp. Its run (PASS iff every prediction equals torch's)
# and the check that examples/import/train_digits.py still reproduces the committed
# examples/import/digits_torch_{model,test}.hpp are registered in tests/examples/.
# Included by examples/CMakeLists.txt.

add_executable(digits_torch_host ${CMAKE_CURRENT_SOURCE_DIR}/firmware/digits_torch.cpp)
target_compile_definitions(digits_torch_host PRIVATE CTMLP_DIGITS_HOST=1)
target_include_directories(digits_torch_host PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/import)
target_link_libraries(digits_torch_host PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
