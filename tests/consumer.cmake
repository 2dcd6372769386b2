# ctmlp in someone else's project (tests/consumer/, docs/consume.md): the consumer project is
# configured, built and run as its owner would, for the host and for a Cortex-M4 under QEMU (its
# own toolchain file, startup and linker script), with ctmlp
#   consumer.package.*       from the installed package (find_package; cross: ctmlp_DIR), and
#   consumer.subdirectory.*  from this source tree (add_subdirectory), where no target or test of
#                            ctmlp's but its libraries may appear.
# The program exits 0 only when its run-time training equals the compiler's bit for bit
# (ctmlp::bit_exact). Each test is one configure + build + run: 4-8 s each, 18 s for all on 2
# shared cores (`ctest -L consumer -j1`).
# `ctest -L consumer` selects them. Registered in GCC builds (the `test` workflow): the consumer
# is configured from scratch with the host's g++ or arm-none-eabi-g++, and a clang or sanitizer
# build would repeat the same runs (tests/install covers the package with every compiler).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  return()
endif()
set(_consumer_driver ${PROJECT_SOURCE_DIR}/cmake/ctmlp_install_test.cmake)
set(_consumer_work ${CMAKE_CURRENT_BINARY_DIR}/consumer)
set(_consumer_common
    -DCONSUMER_DIR=${CMAKE_CURRENT_SOURCE_DIR}/consumer -DEXPECT_TARGETS=xor_device -DRUN_CTEST=ON
    -DGENERATOR=${CMAKE_GENERATOR})

# One installation, shared by the package tests.
add_test(NAME consumer.install
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DWORK_DIR=${_consumer_work}/install
                 -DCONSUMER_DIR=unused -DINSTALL_ONLY=ON -P ${_consumer_driver})
set_tests_properties(consumer.install PROPERTIES LABELS "consumer;install" TIMEOUT 120
                     FIXTURES_SETUP ctmlp_consumer_prefix)

set(_consumer_targets host)
find_program(CTMLP_CONSUMER_ARM_CXX arm-none-eabi-g++)
find_program(CTMLP_CONSUMER_QEMU qemu-system-arm)
if(CTMLP_CONSUMER_ARM_CXX AND CTMLP_CONSUMER_QEMU)
  list(APPEND _consumer_targets cortex-m4)
else()
  message(STATUS "consumer tests: no arm-none-eabi-g++ or qemu-system-arm, host only")
endif()

foreach(_target IN LISTS _consumer_targets)
  if(_target STREQUAL "host")
    set(_where -DCXX=${CMAKE_CXX_COMPILER})
  else()
    set(_where -DTOOLCHAIN_FILE=${CMAKE_CURRENT_SOURCE_DIR}/consumer/device/${_target}.cmake)
  endif()
  add_test(NAME consumer.package.${_target}
           COMMAND ${CMAKE_COMMAND} ${_consumer_common} ${_where}
                   -DPREFIX=${_consumer_work}/install/prefix
                   -DWORK_DIR=${_consumer_work}/package-${_target} -P ${_consumer_driver})
  set_tests_properties(consumer.package.${_target} PROPERTIES LABELS "consumer;install" TIMEOUT 300
                       FIXTURES_REQUIRED ctmlp_consumer_prefix)
  add_test(NAME consumer.subdirectory.${_target}
           COMMAND ${CMAKE_COMMAND} ${_consumer_common} ${_where}
                   -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
                   -DWORK_DIR=${_consumer_work}/subdirectory-${_target} -P ${_consumer_driver})
  set_tests_properties(consumer.subdirectory.${_target} PROPERTIES LABELS "consumer" TIMEOUT 300)
endforeach()

# A wrong Boost directory is a configure error that names the variable and what it must hold:
# one without boost/hana.hpp, and one whose Boost is older than ctmlp's minimum.
set(_old_boost ${_consumer_work}/boost-1.66)
file(WRITE ${_old_boost}/boost/hana.hpp "")
file(WRITE ${_old_boost}/boost/version.hpp "#define BOOST_VERSION 106600\n")
set(_wrong_boost_no_hana "${CMAKE_CURRENT_SOURCE_DIR}/consumer"
    "CTMLP_BOOST_INCLUDE_DIR='[^']*' must be the directory that contains boost/hana.hpp")
set(_wrong_boost_too_old "${_old_boost}"
    "CTMLP_BOOST_INCLUDE_DIR='[^']*' holds Boost 1.66; ctmlp needs Boost >= 1\\.[0-9]+")
foreach(_case no_hana too_old)
  list(GET _wrong_boost_${_case} 0 _dir)
  list(GET _wrong_boost_${_case} 1 _message)
  string(REPLACE " " "[ \n]+" _message "${_message}")  # CMake wraps long messages
  add_test(NAME consumer.package.boost_${_case}
           COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_SOURCE_DIR}/consumer
                   -B ${_consumer_work}/boost_${_case} -G ${CMAKE_GENERATOR}
                   -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                   -DCMAKE_PREFIX_PATH=${_consumer_work}/install/prefix
                   -DCTMLP_BOOST_INCLUDE_DIR=${_dir})
  set_tests_properties(consumer.package.boost_${_case} PROPERTIES LABELS "consumer;install" TIMEOUT 120
                       FIXTURES_REQUIRED ctmlp_consumer_prefix PASS_REGULAR_EXPRESSION "${_message}")
endforeach()
# The variable's former name, asking for another directory, is refused rather than ignored.
add_test(NAME consumer.package.boost_old_name
         COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_SOURCE_DIR}/consumer
                 -B ${_consumer_work}/boost_old_name -G ${CMAKE_GENERATOR}
                 -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                 -DCMAKE_PREFIX_PATH=${_consumer_work}/install/prefix
                 -DCTMLP_BOOST_INCLUDEDIR=${_old_boost})
set_tests_properties(consumer.package.boost_old_name PROPERTIES LABELS "consumer;install" TIMEOUT 120
                     FIXTURES_REQUIRED ctmlp_consumer_prefix
                     PASS_REGULAR_EXPRESSION "CTMLP_BOOST_INCLUDEDIR[ \n]+is[ \n]+no[ \n]+longer[ \n]+read")
