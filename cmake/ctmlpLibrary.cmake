# The ctmlp::ctmlp target (header-only), its Boost.Hana dependency and the install/export rules.
# Included by the top-level CMakeLists.txt after the options.
include(GNUInstallDirs)
include(ctmlpBoost)
ctmlp_boost_only_dir(CTMLP_BOOST_ONLY_DIR)

add_library(ctmlp INTERFACE)
add_library(ctmlp::ctmlp ALIAS ctmlp)
target_include_directories(ctmlp INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_include_directories(ctmlp SYSTEM INTERFACE $<BUILD_INTERFACE:${CTMLP_BOOST_ONLY_DIR}>)
target_compile_features(ctmlp INTERFACE cxx_std_20)

if(CTMLP_INSTALL)
  include(CMakePackageConfigHelpers)
  install(TARGETS ctmlp EXPORT ctmlpTargets)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ctmlp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  set(_cfg_dir ${CMAKE_INSTALL_DATADIR}/cmake/ctmlp)
  install(EXPORT ctmlpTargets NAMESPACE ctmlp:: DESTINATION ${_cfg_dir})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ctmlpConfig.cmake.in "${PROJECT_BINARY_DIR}/ctmlpConfig.cmake"
                                INSTALL_DESTINATION ${_cfg_dir})
  # A header-only library fits every architecture.
  write_basic_package_version_file("${PROJECT_BINARY_DIR}/ctmlpConfigVersion.cmake"
                                   COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
  install(FILES "${PROJECT_BINARY_DIR}/ctmlpConfig.cmake" "${PROJECT_BINARY_DIR}/ctmlpConfigVersion.cmake"
                ${PROJECT_SOURCE_DIR}/cmake/ctmlpBoost.cmake
          DESTINATION ${_cfg_dir})
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()

