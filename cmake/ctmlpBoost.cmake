# Boost (ctmlp uses Boost.Hana, header only) for ctmlp's target: found once, checked, and passed to
# the compiler as ONE compile option. Used by ctmlpLibrary.cmake (ctmlp's own build or a parent
# project that adds ctmlp's source) and by the installed ctmlpConfig.cmake (find_package). It only
# reads: it creates no file or link anywhere.
#
# Input (cache): CTMLP_BOOST_INCLUDE_DIR, the directory that contains boost/hana.hpp (Debian:
#                /usr/include from libboost-dev). Found with find_path when unset; a value set by
#                hand is checked, not trusted.
# Output:        ctmlp_boost_compile_option(<out-var>) sets <out-var> to the one option that makes
#                <boost/hana.hpp> visible, a system header (Hana's own code is not warning-clean
#                under -Wall -Wextra -Wconversion -Wshadow):
#                  -idirafter<dir>  if <dir> also holds a C library's headers (a system root such as
#                                   /usr/include). Searched after the compiler's own directories,
#                                   so a cross compiler keeps its C library (newlib) first; with
#                                   `-isystem /usr/include` arm-none-eabi-g++ takes glibc's
#                                   <math.h> and fails, and host g++/clang++ lose #include_next
#                                   (their <cmath> fails). On the host the option changes nothing:
#                                   the compiler searches /usr/include anyway.
#                  -isystem<dir>    otherwise (a Boost-only tree, e.g. a Boost unpacked in /opt):
#                                   searched first, so this Boost wins over any other one.
#                Further arguments are directories to search first (hints).
# Boost's minimum version is stated here only (min_version below).
include_guard(GLOBAL)

function(ctmlp_boost_compile_option out_var)
  # The Boost that ctmlp is built and tested with (Debian 12's libboost-dev). Hana's own version
  # macro cannot be the gate: it reads 1.6.0 in Boost 1.64, 1.74 and 1.75 alike.
  set(min_version 1.74)
  # Searched on the host even in a cross build (NO_CMAKE_FIND_ROOT_PATH): Hana is headers only,
  # and a bare-metal toolchain's root does not have it.
  find_path(CTMLP_BOOST_INCLUDE_DIR boost/hana.hpp
            HINTS ${ARGN}
            PATHS /usr/include /usr/local/include
            NO_CMAKE_FIND_ROOT_PATH
            DOC "Directory that contains boost/hana.hpp (Boost >= ${min_version}; Debian: libboost-dev, /usr/include)")
  set(dir "${CTMLP_BOOST_INCLUDE_DIR}")
  # The name of earlier versions (in ctmlp's toolchain file): refused when it asks for another
  # directory, rather than silently using a different Boost.
  if(DEFINED CTMLP_BOOST_INCLUDEDIR AND NOT CTMLP_BOOST_INCLUDEDIR STREQUAL dir)
    message(FATAL_ERROR "CTMLP_BOOST_INCLUDEDIR is no longer read: set CTMLP_BOOST_INCLUDE_DIR "
                        "(the directory that contains boost/hana.hpp) instead")
  endif()
  if(NOT dir OR NOT EXISTS "${dir}/boost/hana.hpp")
    message(FATAL_ERROR
      "ctmlp needs Boost.Hana (Boost >= ${min_version}, headers only): "
      "CTMLP_BOOST_INCLUDE_DIR='${dir}' must be the directory that contains boost/hana.hpp "
      "(Debian: apt-get install libboost-dev, then /usr/include)")
  endif()
  file(STRINGS "${dir}/boost/version.hpp" version_line REGEX "^#define BOOST_VERSION [0-9]+")
  string(REGEX REPLACE "^#define BOOST_VERSION ([0-9]+).*" "\\1" number "${version_line}")
  if(NOT number MATCHES "^[0-9]+$")
    message(FATAL_ERROR "CTMLP_BOOST_INCLUDE_DIR='${dir}': boost/version.hpp has no BOOST_VERSION")
  endif()
  math(EXPR major "${number} / 100000")
  math(EXPR minor "${number} / 100 % 1000")
  if("${major}.${minor}" VERSION_LESS min_version)
    message(FATAL_ERROR "CTMLP_BOOST_INCLUDE_DIR='${dir}' holds Boost ${major}.${minor}; "
                        "ctmlp needs Boost >= ${min_version}")
  endif()
  if(EXISTS "${dir}/stdlib.h")
    set(${out_var} "-idirafter${dir}" PARENT_SCOPE)
  else()
    set(${out_var} "-isystem${dir}" PARENT_SCOPE)
  endif()
endfunction()
