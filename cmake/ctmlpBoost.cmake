# Locates Boost's headers (Hana lives inside them) and exposes them through a directory that holds
# only a link to `boost/`. Consumers get `-isystem <that directory>`: Hana stays a system header
# (quiet under -Wall -Wextra -Wconversion ...), and no `-isystem /usr/include` reaches a cross
# build, where glibc's headers would shadow newlib's (Boost::headers does that: its `-isystem /usr/include` makes
# arm-none-eabi-g++ pick glibc's <stdlib.h>; the cortex-m4/cortex-m0 presets build with this one).
#
# Input:  CTMLP_BOOST_INCLUDE_DIR (cache; found with find_path if unset), the directory that
#         contains boost/hana.hpp.
# Output: ctmlp_boost_only_dir(<out-var>) sets <out-var> to the boost-only directory.
include_guard(GLOBAL)

function(ctmlp_boost_only_dir out_var)
  # Searched on the host even in a cross build: Hana is headers only, and the toolchain's sysroot
  # does not have it.
  find_path(CTMLP_BOOST_INCLUDE_DIR boost/hana.hpp
            PATHS /usr/include /usr/local/include
            NO_CMAKE_FIND_ROOT_PATH
            DOC "Directory that contains boost/hana.hpp (Debian: libboost-dev, /usr/include)")
  if(NOT CTMLP_BOOST_INCLUDE_DIR)
    message(FATAL_ERROR "ctmlp needs Boost.Hana (Boost >= 1.66 headers): install libboost-dev or set "
                        "CTMLP_BOOST_INCLUDE_DIR to the directory that contains boost/hana.hpp")
  endif()
  set(dir "${CMAKE_BINARY_DIR}/_ctmlp_boost_include")
  if(NOT EXISTS "${dir}/boost")
    file(MAKE_DIRECTORY "${dir}")
    file(CREATE_LINK "${CTMLP_BOOST_INCLUDE_DIR}/boost" "${dir}/boost" SYMBOLIC)
  endif()
  set(${out_var} "${dir}" PARENT_SCOPE)
endfunction()
