// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Compile-time benchmark TU (compile_time.sh): the baseline of what ctmlp's headers pull in from
// the standard library and Boost.Hana, without ctmlp itself; with -DCTMLP_BENCH_NO_HANA=1 the
// standard headers only.
#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ratio>
#include <tuple>
#include <type_traits>
#include <utility>

#if !CTMLP_BENCH_NO_HANA
#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>
#endif

int main() { return 0; }
