// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// Instructions per inference under callgrind: `callgrind_driver N` runs N inferences of every
// contestant of bench_nets.hpp (2-4-1 and 64-32-10, and the batched 64-32-10 in batches of
// 1,024 when N is a multiple of 1,024), each section between CALLGRIND_ZERO_STATS and
// CALLGRIND_DUMP_STATS_AT("<network>|<implementation>"). callgrind_instructions.py runs it for two
// N and divides the difference of the counts by the difference of the N: what a section costs
// once (lazy binding of expf, first-touch paths) cancels. Outside valgrind the client requests
// do nothing.
//
// The work cannot be moved out of the loop: the input changes every iteration (64 inputs cycled
// through) and every output goes through an empty asm statement that reads it and clobbers
// memory (what benchmark::DoNotOptimize does), so every iteration computes and stores it.
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include <valgrind/callgrind.h>

#include "bench_nets.hpp"

namespace {

using namespace bench;

// The value is needed (in a register or in memory), and memory may have been read and written.
template <class T>
inline void keep(const T& v) {
    asm volatile("" : : "r,m"(v) : "memory");
}

template <class F>
void section(const std::string& label, std::size_t n, F&& run) {
    CALLGRIND_ZERO_STATS;
    run(n);
    CALLGRIND_DUMP_STATS_AT(label.c_str());
}

template <class W, class P>
void ctmlp_sections(const W& w, const std::string& net_name, std::size_t n) {
    const auto net = w.template ctmlp_as<P>();
    section(net_name + "|" + policy_label<P>(), n, [&](std::size_t count) {
        std::size_t k = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const auto y = net.predict(w.xs[k]);
            keep(y);
            k = (k + 1) % n_samples;
        }
    });
    if constexpr (has_predict_batch<std::remove_const_t<decltype(net)>>) {
        if (n % batch_size == 0) {
            std::vector<typename W::output_array> ys(batch_size);
            section(net_name + "|" + policy_label<P>() + " predict_batch", n, [&](std::size_t count) {
                for (std::size_t i = 0; i < count; i += batch_size) {
                    const std::size_t done = net.predict_batch(std::span<const typename W::input_array>(w.batch_xs),
                                                               std::span<typename W::output_array>(ys));
                    keep(done);
                    keep(ys.data());
                }
            });
        }
    }
}

template <class W, class... P>
void run_all(const std::string& net_name, std::size_t n, policy_list<P...>) {
    const W w;
    (ctmlp_sections<W, P>(w, net_name, n), ...);

    const auto l = w.to_loop();
    section(net_name + "|loop", n, [&](std::size_t count) {
        std::size_t k = 0;
        for (std::size_t i = 0; i < count; ++i) {
            float h[W::hidden], y[W::out];
            loop_infer<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(l, w.xs[k].data(), h, y);
            keep(y);
            k = (k + 1) % n_samples;
        }
    });
#if CTMLP_BENCH_HAVE_EIGEN
    const auto eigen = [&]<bool V>(std::bool_constant<V>, const char* impl) {
        using net = eigen_net<W, V>;
        const net e(w);
        section(net_name + "|" + impl, n, [&](std::size_t count) {
            std::size_t k = 0;
            for (std::size_t i = 0; i < count; ++i) {
                typename net::hid_vec h;
                typename net::out_vec y;
                e.infer(Eigen::Map<const typename net::in_vec>(w.xs[k].data()), h, y);
                keep(y);
                k = (k + 1) % n_samples;
            }
        });
    };
    eigen(std::true_type{}, "Eigen logistic()");
    eigen(std::false_type{}, "Eigen std::exp");
    if (n % batch_size == 0) {
        eigen_batch<W> e(w);
        section(net_name + "|Eigen matrix product", n, [&](std::size_t count) {
            for (std::size_t i = 0; i < count; i += batch_size) {
                e.run(w);
                keep(e.y.data());
            }
        });
    }
#endif
#if CTMLP_BENCH_HAVE_FANN
    fann_net<W> f(w);
    auto xs = w.xs;  // fann_run takes a pointer to non-const
    section(net_name + "|FANN", n, [&](std::size_t count) {
        std::size_t k = 0;
        for (std::size_t i = 0; i < count; ++i) {
            fann_type* y = fann_run(f.ann, xs[k].data());
            keep(y);
            k = (k + 1) % n_samples;
        }
    });
#endif
}

}  // namespace

int main(int argc, char** argv) {
    const long n = argc == 2 ? std::strtol(argv[1], nullptr, 10) : 0;
    if (n <= 0) {
        std::fprintf(stderr, "usage: %s N   (N inferences per implementation, under valgrind --tool=callgrind)\n",
                     argv[0]);
        return 2;
    }
    run_all<xor_like>("2-4-1", static_cast<std::size_t>(n), policies{});
    run_all<wide>("64-32-10", static_cast<std::size_t>(n), policies{});
    return 0;
}
