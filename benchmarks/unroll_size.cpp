// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// Code size of one forward pass, plain loops (network::predict) or, with -DCTMLP_BENCH_FORCED_UNROLL=1,
// the fold-unrolled copy; =2, plain loops with __restrict (the candidate core change). Compiled with -c by code_size.sh
// (x86-64 and arm-none-eabi, -Os/-O2/-O3); the weights come in by reference so that nothing is constant-folded. Not
// linked into anything.
#include "forced_unroll.hpp"

#ifndef CTMLP_BENCH_FORCED_UNROLL
#define CTMLP_BENCH_FORCED_UNROLL 0
#endif

template <class Net>
static typename Net::output_array run(const Net& net, const typename Net::input_array& x) {
#if CTMLP_BENCH_FORCED_UNROLL == 2
    return ctmlp_bench::predict_restrict(net, x);
#elif CTMLP_BENCH_FORCED_UNROLL
    return ctmlp_bench::predict_unrolled(net, x);
#else
    return net.predict(x);
#endif
}

#if !defined(CTMLP_BENCH_SHAPE) || CTMLP_BENCH_SHAPE == 241
ctmlp_bench::net_2_4_1::output_array infer_2_4_1(const ctmlp_bench::net_2_4_1& net,
                                                 const ctmlp_bench::net_2_4_1::input_array& x) {
    return run(net, x);
}
#endif
#if !defined(CTMLP_BENCH_SHAPE) || CTMLP_BENCH_SHAPE == 16328
ctmlp_bench::net_16_32_8::output_array infer_16_32_8(const ctmlp_bench::net_16_32_8& net,
                                                     const ctmlp_bench::net_16_32_8::input_array& x) {
    return run(net, x);
}
#endif
