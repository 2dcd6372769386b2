// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// Plain loops with compile-time bounds (network::predict, what ctmlp ships) against the same
// forward pass unrolled in the source by index_sequence folds, and plain loops with __restrict
// pointers (a candidate core change; both in forced_unroll.hpp), float,
// 2-4-1 tanh/sigmoid and 16-32-8 relu/sigmoid. Built twice, at -O2 and at -O3 (both
// -march=native); the code size at -Os is measured by code_size.sh on unroll_size.cpp.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include <benchmark/benchmark.h>

#include "forced_unroll.hpp"

namespace {

constexpr std::size_t n_samples = 64;

template <class Net>
struct data {
    Net net{};
    std::array<typename Net::input_array, n_samples> xs{};
    data() {
        ctmlp::splitmix64 gen{2024};
        net = ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1.0, 1.0});
        for (auto& x : xs)
            for (auto& v : x) v = static_cast<float>(2.0 * gen.random_sample() - 1.0);
    }
};

template <class Net>
void plain(benchmark::State& state) {
    const data<Net> d;
    std::size_t k = 0;
    for (auto _ : state) {
        auto y = d.net.predict(d.xs[k]);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class Net>
void restrict_(benchmark::State& state) {
    const data<Net> d;
    std::size_t k = 0;
    for (auto _ : state) {
        auto y = ctmlp_bench::predict_restrict(d.net, d.xs[k]);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class Net>
void forced(benchmark::State& state) {
    const data<Net> d;
    std::size_t k = 0;
    for (auto _ : state) {
        auto y = ctmlp_bench::predict_unrolled(d.net, d.xs[k]);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

// Both shapes of code compute the same function: the same operations in the same order, so the
// same bits with -ffp-contract=off; with contraction (GCC's default) the compiler may fuse a
// multiply-add in one shape and not in the other, hence a tolerance.
template <class Net>
bool same_results(const char* name) {
    const data<Net> d;
    float worst = 0.0f;
    for (const auto& x : d.xs) {
        const auto a = d.net.predict(x);
        const auto b = ctmlp_bench::predict_unrolled(d.net, x);
        const auto c = ctmlp_bench::predict_restrict(d.net, x);
        for (std::size_t o = 0; o < a.size(); ++o)
            worst = std::fmax(worst, std::fmax(std::fabs(a[o] - b[o]), std::fabs(a[o] - c[o])));
    }
    std::fprintf(stderr, "check %s max |plain - forced or __restrict| %.2g\n", name, static_cast<double>(worst));
    return worst < 1e-5f;
}

}  // namespace

#ifndef CTMLP_BENCH_OPT
#define CTMLP_BENCH_OPT "?"
#endif

int main(int argc, char** argv) {
    if (!same_results<ctmlp_bench::net_2_4_1>("2-4-1") || !same_results<ctmlp_bench::net_16_32_8>("16-32-8")) {
        std::fprintf(stderr, "forced unrolling changed the results: not benchmarking\n");
        return 1;
    }
    benchmark::RegisterBenchmark("infer 2-4-1 " CTMLP_BENCH_OPT "/plain loops", plain<ctmlp_bench::net_2_4_1>);
    benchmark::RegisterBenchmark("infer 2-4-1 " CTMLP_BENCH_OPT "/forced unroll", forced<ctmlp_bench::net_2_4_1>);
    benchmark::RegisterBenchmark("infer 2-4-1 " CTMLP_BENCH_OPT "/__restrict", restrict_<ctmlp_bench::net_2_4_1>);
    benchmark::RegisterBenchmark("infer 16-32-8 " CTMLP_BENCH_OPT "/plain loops", plain<ctmlp_bench::net_16_32_8>);
    benchmark::RegisterBenchmark("infer 16-32-8 " CTMLP_BENCH_OPT "/forced unroll", forced<ctmlp_bench::net_16_32_8>);
    benchmark::RegisterBenchmark("infer 16-32-8 " CTMLP_BENCH_OPT "/__restrict", restrict_<ctmlp_bench::net_16_32_8>);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
