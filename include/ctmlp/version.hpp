// ctmlp — compile-time fixed-size multi-layer perceptrons.
// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_VERSION_HPP
#define CTMLP_VERSION_HPP

/// Library version; CMake reads the project version from these three lines.
#define CTMLP_VERSION_MAJOR 0
#define CTMLP_VERSION_MINOR 1
#define CTMLP_VERSION_PATCH 0

/// The version as one integer, MAJOR * 10000 + MINOR * 100 + PATCH, for `#if` checks.
#define CTMLP_VERSION (CTMLP_VERSION_MAJOR * 10000 + CTMLP_VERSION_MINOR * 100 + CTMLP_VERSION_PATCH)

#endif
