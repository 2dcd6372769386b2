// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_DETAIL_CONFIG_HPP
#define CTMLP_DETAIL_CONFIG_HPP

/// `__restrict` where the compiler has it. The layer loops read one buffer and write another that
/// never overlap; saying so lets GCC vectorise them at -O2 without a run-time alias check (16-32-8
/// forward pass 176 -> 66 ns, same -Os size; benchmarks/README.md).
#if defined(__GNUC__) || defined(__clang__) || defined(_MSC_VER)
#define CTMLP_RESTRICT __restrict
#else
#define CTMLP_RESTRICT
#endif

/// Before a loop with a compile-time trip count: unroll it completely when it has at most 4
/// iterations, and by 4 when it has more, at -O1 and above; not at -Os / -Oz, where flash counts
/// more than the last nanosecond. GCC's -O2 unrolls a loop only when that does not grow the code,
/// so the seed notebook's 2-4-1 and 2-2-1 networks kept loops around their libm calls and in
/// backpropagation; with this their forward and backward passes have no loop left at -O2 and -O3
/// (g++ and clang++; tests/unroll/). Why 4 and not 16: 16 also unrolls the 32-wide loops of
/// larger layers 16 times, which tripled the code of tests/unroll/tiny_nets.cpp (docs/design.md §2). A hint to the
/// optimiser only: the values do not depend on it.
#if defined(__OPTIMIZE_SIZE__) || !defined(__OPTIMIZE__) || !(defined(__GNUC__) || defined(__clang__))
#define CTMLP_UNROLL
#else
#define CTMLP_UNROLL _Pragma("GCC unroll 4")
#endif

/// Before a loop the vectoriser should have whole: do not unroll it first. GCC -O3 completely
/// unrolls short loops nested in others (a layer's activation loop once predict() is inlined into
/// a loop over samples) before its loop vectoriser runs, and the straight-line vectoriser that is
/// left did not vectorise ctmlp::fast's exp/tanh. Used for the activations that vectorise
/// (network.hpp, detail::vectorisable_activation).
#if defined(__GNUC__) || defined(__clang__)
#define CTMLP_VECTORISE _Pragma("GCC unroll 1")
#else
#define CTMLP_VECTORISE
#endif

#endif
