// Includes Catch2 v2 (Debian 12's catch2 2.13) or v3, whichever CMake found.
#pragma once
#if defined(CTMLP_CATCH_MAJOR) && CTMLP_CATCH_MAJOR >= 3
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
