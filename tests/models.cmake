# Models in and out (include/ctmlp/parameters.hpp, signature.hpp, serialize.hpp, host/file.hpp;
# docs/serialization.md): the committed binary fixtures are what their Python script writes, and
# the loader is fuzzed. The C++ tests themselves are tests/runtime/test_parameters.cpp,
# test_serialize.cpp and tests/static/parameters.cpp. Included by tests/CMakeLists.txt.

set(_ctmlp_fuzz_dir ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

# tests/fixtures/serialize_v1_*.ctmlp are written by Python's struct + zlib; they must be current, and
# tools/ctmlp_format.py (the converters' writer) must write the same bytes for them.
if(CTMLP_PYTHON)
  add_test(NAME serialize.python_fixtures
           COMMAND ${CTMLP_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/fixtures/make_serialize_fixtures.py --check)
  set_tests_properties(serialize.python_fixtures PROPERTIES LABELS "unit;python")
endif()

# The seed corpus generator (tests/fuzz/corpus/ is committed; rebuild it by hand, see the source).
add_executable(ctmlp_fuzz_make_corpus EXCLUDE_FROM_ALL ${_ctmlp_fuzz_dir}/make_corpus.cpp)
target_link_libraries(ctmlp_fuzz_make_corpus PRIVATE ctmlp::ctmlp ctmlp_dev_flags)

# Every compiler: the fuzz target's checks over the committed corpus, without libFuzzer.
add_executable(ctmlp_load_fuzz_replay ${_ctmlp_fuzz_dir}/load_fuzzer.cpp ${_ctmlp_fuzz_dir}/replay_main.cpp)
target_link_libraries(ctmlp_load_fuzz_replay PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
add_test(NAME fuzz.load_replay COMMAND ctmlp_load_fuzz_replay ${_ctmlp_fuzz_dir}/corpus)
set_tests_properties(fuzz.load_replay PROPERTIES LABELS "fuzz" PASS_REGULAR_EXPRESSION "replayed [1-9][0-9]* inputs")

# clang: libFuzzer with ASan and UBSan for a bounded time, starting from a copy of the corpus in the
# build directory (libFuzzer adds the inputs it finds to it; the source tree stays untouched).
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_FLAGS -fsanitize=fuzzer)
  set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=fuzzer)
  check_cxx_source_compiles(
    "#include <cstddef>\n#include <cstdint>\nextern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }"
    CTMLP_HAVE_LIBFUZZER)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(CTMLP_HAVE_LIBFUZZER)
    set(_ctmlp_fuzz_flags -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    add_executable(ctmlp_load_fuzzer ${_ctmlp_fuzz_dir}/load_fuzzer.cpp)
    target_link_libraries(ctmlp_load_fuzzer PRIVATE ctmlp::ctmlp ctmlp_dev_flags)
    target_compile_definitions(ctmlp_load_fuzzer PRIVATE CTMLP_LIBFUZZER=1)
    target_compile_options(ctmlp_load_fuzzer PRIVATE ${_ctmlp_fuzz_flags})
    target_link_options(ctmlp_load_fuzzer PRIVATE ${_ctmlp_fuzz_flags})
    set(_ctmlp_fuzz_corpus ${CMAKE_CURRENT_BINARY_DIR}/fuzz_corpus)
    file(COPY ${_ctmlp_fuzz_dir}/corpus/ DESTINATION ${_ctmlp_fuzz_corpus})
    add_test(NAME fuzz.load
             COMMAND ctmlp_load_fuzzer -max_total_time=25 -seed=1 -timeout=10 -rss_limit_mb=2048
                     -print_final_stats=1 ${_ctmlp_fuzz_corpus})
    set_tests_properties(fuzz.load PROPERTIES LABELS "fuzz" TIMEOUT 120)
  else()
    message(STATUS "ctmlp: libFuzzer not found (Debian: libclang-rt-14-dev); fuzz.load is not registered")
  endif()
endif()
