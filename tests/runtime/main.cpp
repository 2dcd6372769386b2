// Catch2 v2's main (v3 links Catch2::Catch2WithMain instead).
#if !defined(CTMLP_CATCH_MAJOR) || CTMLP_CATCH_MAJOR < 3
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif
