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

#endif
