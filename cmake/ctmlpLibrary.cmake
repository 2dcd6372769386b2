# ctmlp's library targets (header only), their Boost.Hana dependency and the install/export rules.
# Included by the top-level CMakeLists.txt after the options; the same whether ctmlp is the
# top-level project or a parent project's add_subdirectory / FetchContent.
#
#   ctmlp::ctmlp      the headers, C++20 and Boost.Hana (see ctmlpBoost.cmake). Nothing that
#                     changes how the consumer's own code is compiled.
#   ctmlp::bit_exact  ctmlp::ctmlp plus the build setting behind "a network trained at run time
#                     equals the one trained by the compiler, bit for bit" (docs/consume.md):
#                     -ffp-contract=off, no fused multiply-add where the source has a*b+c (GCC
#                     contracts by default, also at -Os on a Cortex-M4F: vfma.f32), as in
#                     constant evaluation. The other half of the promise is in the network's
#                     type, not the build: ctmlp::portable::sigmoid / tanh / softmax run ctmlp's
#                     own exp/tanh at run time (include/ctmlp/math.hpp, math policies).
# Both are exported by the package (find_package(ctmlp)) under these names.
include(GNUInstallDirs)
include(ctmlpBoost)
# Also what the hand-written compiler command lines of ctmlp's own tests pass (compile-fail, header
# and warning checks): the same Boost the targets see, and no file or link in any build tree.
ctmlp_boost_compile_option(CTMLP_BOOST_COMPILE_OPTION)

add_library(ctmlp INTERFACE)
add_library(ctmlp::ctmlp ALIAS ctmlp)
target_include_directories(ctmlp INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
# The installed package adds its own Boost option at find_package time (ctmlpConfig.cmake): the
# consumer's Boost may live elsewhere than the one ctmlp was installed with.
target_compile_options(ctmlp INTERFACE $<BUILD_INTERFACE:${CTMLP_BOOST_COMPILE_OPTION}>)
target_compile_features(ctmlp INTERFACE cxx_std_20)

add_library(ctmlp_bit_exact INTERFACE)
add_library(ctmlp::bit_exact ALIAS ctmlp_bit_exact)
set_target_properties(ctmlp_bit_exact PROPERTIES EXPORT_NAME bit_exact)
target_link_libraries(ctmlp_bit_exact INTERFACE ctmlp)
target_compile_options(ctmlp_bit_exact INTERFACE -ffp-contract=off)

if(CTMLP_INSTALL)
  include(CMakePackageConfigHelpers)
  install(TARGETS ctmlp ctmlp_bit_exact EXPORT ctmlpTargets)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ctmlp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  set(_cfg_dir ${CMAKE_INSTALL_DATADIR}/cmake/ctmlp)
  install(EXPORT ctmlpTargets NAMESPACE ctmlp:: DESTINATION ${_cfg_dir})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ctmlpConfig.cmake.in "${PROJECT_BINARY_DIR}/ctmlpConfig.cmake"
                                INSTALL_DESTINATION ${_cfg_dir})
  # Before 1.0 every minor version may change the API (semantic versioning's 0.y.z): a request for
  # 0.1 accepts 0.1.z only. SameMajorVersion would accept 0.2 or 0.9 for it. From 1.0 on, a major
  # version is the compatibility promise.
  if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(_compatibility SameMinorVersion)
  else()
    set(_compatibility SameMajorVersion)
  endif()
  # A header-only library fits every architecture (ARCH_INDEPENDENT: a 32-bit cross build accepts
  # a package installed from a 64-bit host).
  write_basic_package_version_file("${PROJECT_BINARY_DIR}/ctmlpConfigVersion.cmake"
                                   COMPATIBILITY ${_compatibility} ARCH_INDEPENDENT)
  install(FILES "${PROJECT_BINARY_DIR}/ctmlpConfig.cmake" "${PROJECT_BINARY_DIR}/ctmlpConfigVersion.cmake"
                ${PROJECT_SOURCE_DIR}/cmake/ctmlpBoost.cmake
          DESTINATION ${_cfg_dir})
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
