# A digits classifier trained in PyTorch and converted by tools/torch_to_ctmlp.py, run on the
# device over the whole test split: PASS iff every prediction equals torch's (docs/import.md).
# Included by examples/firmware/CMakeLists.txt.

set(_ctmlp_import_example_dir "${CTMLP_FIRMWARE_SOURCE_ROOT}/examples/import")
ctmlp_add_example_firmware(digits_torch digits_torch.cpp
  OPTIONS EXPECT_OUTPUT "digits_torch: PASS" TIMEOUT 120 LABELS import)
target_include_directories(digits_torch PRIVATE "${_ctmlp_import_example_dir}")
# The size build: no printing, the exit status reports (footprint table).
ctmlp_add_example_firmware(digits_torch_min digits_torch.cpp DEFINITIONS CTMLP_FW_VERBOSE=0
  OPTIONS TIMEOUT 120 LABELS import)
target_include_directories(digits_torch_min PRIVATE "${_ctmlp_import_example_dir}")
