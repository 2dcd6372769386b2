// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// ctmlp against a hand-written fixed-size loop, Eigen fixed-size matrices and FANN (the
// contestants are in bench_nets.hpp): inference and one per-sample SGD step, float, for 2-4-1
// (tanh/sigmoid) and 64-32-10 (relu/sigmoid), and 64-32-10 inference over a batch of 1,024 inputs.
// Time per iteration = time per sample (one sample per iteration, cycling through 64 inputs), or
// per batch (the `samples` counter: the summary divides by it).
//
// Built once per flag set (ctmlp_bench_mlp: -O3 -march=native, ctmlp_bench_mlp_O2: -O2 without
// -march; CTMLP_BENCH_FLAG_SET names it): every ratio of the summary is taken between medians of
// the same program, against Eigen's `logistic()` (and Eigen's matrix product for the batch).
// Before timing, the program checks that all contestants compute the same function (a difference
// above its tolerance stops it: nothing is timed).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_nets.hpp"

#ifndef CTMLP_BENCH_FLAG_SET
#define CTMLP_BENCH_FLAG_SET "?"
#endif

namespace {

using namespace bench;

// ---------------------------------------------------------------------------------------------
// ctmlp, one network type per math policy
template <class W, class P>
void ctmlp_infer(benchmark::State& state) {
    const W w;
    const auto net = w.template ctmlp_as<P>();
    std::size_t k = 0;
    for (auto _ : state) {
        auto y = net.predict(w.xs[k]);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

// One sample's step through the public backprop API: what train() does per sample, minus the
// loss/metric values and their finiteness checks.
template <class W, class P>
void ctmlp_step(benchmark::State& state) {
    const W w;
    auto net = w.template ctmlp_as<P>();
    ctmlp::workspace<decltype(net)> ws{};
    std::size_t k = 0;
    for (auto _ : state) {
        ctmlp::forward(net, ws, w.xs[k]);
        ctmlp::backward(net, ws, w.ys[k], ctmlp::half_squared_error{});
        ctmlp::sgd_step(net, ws, learning_rate);
        benchmark::ClobberMemory();
        k = (k + 1) % n_samples;
    }
    benchmark::DoNotOptimize(net);
}

// ctmlp::train, one epoch over the 64 samples per iteration (reports loss and metric, checks
// finiteness); the summary divides by the `samples` counter.
template <class W>
void ctmlp_train_epoch(benchmark::State& state) {
    const W w;
    auto net = w.ctmlp_net;
    const ctmlp::sgd opt{.learning_rate = learning_rate, .epochs = 1};
    for (auto _ : state) {
        auto r = ctmlp::train(net, w.xs, w.ys, opt, ctmlp::half_squared_error{});
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = static_cast<double>(n_samples);
}

// 1,024 inputs at once (Net::predict_batch), and predict in a loop over them.
template <class W, class P>
void ctmlp_predict_batch(benchmark::State& state) {
    const W w;
    const auto net = w.template ctmlp_as<P>();
    std::vector<typename W::output_array> ys(w.batch_xs.size());
    for (auto _ : state) {
        const std::size_t n = net.predict_batch(std::span<const typename W::input_array>(w.batch_xs),
                                                std::span<typename W::output_array>(ys));
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(ys.data());
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = static_cast<double>(w.batch_xs.size());
}

template <class W, class P>
void ctmlp_predict_loop(benchmark::State& state) {
    const W w;
    const auto net = w.template ctmlp_as<P>();
    std::vector<typename W::output_array> ys(w.batch_xs.size());
    for (auto _ : state) {
        for (std::size_t k = 0; k < ys.size(); ++k) ys[k] = net.predict(w.batch_xs[k]);
        benchmark::DoNotOptimize(ys.data());
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = static_cast<double>(w.batch_xs.size());
}

// ---------------------------------------------------------------------------------------------
// Hand-written loops
template <class W>
void loop_infer_bench(benchmark::State& state) {
    const W w;
    const auto n = w.to_loop();
    std::size_t k = 0;
    for (auto _ : state) {
        float h[W::hidden], y[W::out];
        loop_infer<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(n, w.xs[k].data(), h, y);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class W>
void loop_infer_out_in_bench(benchmark::State& state) {
    const W w;
    const auto n = w.to_loop(true);
    std::size_t k = 0;
    for (auto _ : state) {
        float h[W::hidden], y[W::out];
        loop_infer_out_in<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(n, w.xs[k].data(), h, y);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class W>
void loop_train_bench(benchmark::State& state) {
    const W w;
    auto n = w.to_loop();
    std::size_t k = 0;
    for (auto _ : state) {
        loop_train<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(n, w.xs[k].data(), w.ys[k].data(),
                                                                                 learning_rate);
        benchmark::ClobberMemory();
        k = (k + 1) % n_samples;
    }
    benchmark::DoNotOptimize(n);
}

template <class W>
void loop_batch_bench(benchmark::State& state) {
    const W w;
    const auto n = w.to_loop();
    std::vector<typename W::output_array> ys(w.batch_xs.size());
    for (auto _ : state) {
        for (std::size_t k = 0; k < ys.size(); ++k) {
            float h[W::hidden];
            loop_infer<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(n, w.batch_xs[k].data(), h,
                                                                                     ys[k].data());
        }
        benchmark::DoNotOptimize(ys.data());
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = static_cast<double>(w.batch_xs.size());
}

// ---------------------------------------------------------------------------------------------
// Eigen
#if CTMLP_BENCH_HAVE_EIGEN
template <class W, bool Vectorised>
void eigen_infer(benchmark::State& state) {
    using net = eigen_net<W, Vectorised>;
    const W w;
    const net n(w);
    std::size_t k = 0;
    for (auto _ : state) {
        const Eigen::Map<const typename net::in_vec> x(w.xs[k].data());
        typename net::hid_vec h;
        typename net::out_vec y;
        n.infer(x, h, y);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class W, bool Vectorised>
void eigen_train(benchmark::State& state) {
    using net = eigen_net<W, Vectorised>;
    const W w;
    net n(w);
    std::size_t k = 0;
    for (auto _ : state) {
        const Eigen::Map<const typename net::in_vec> x(w.xs[k].data());
        const Eigen::Map<const typename net::out_vec> t(w.ys[k].data());
        n.train(x, t, learning_rate);
        benchmark::ClobberMemory();
        k = (k + 1) % n_samples;
    }
    benchmark::DoNotOptimize(n);
}

template <class W>
void eigen_batch_bench(benchmark::State& state) {
    const W w;
    eigen_batch<W> e(w);
    for (auto _ : state) {
        e.run(w);
        benchmark::DoNotOptimize(e.y.data());
        benchmark::ClobberMemory();
    }
    state.counters["samples"] = static_cast<double>(w.batch_xs.size());
}
#endif

// ---------------------------------------------------------------------------------------------
// FANN
#if CTMLP_BENCH_HAVE_FANN
template <class W>
void fann_infer(benchmark::State& state) {
    W w;
    fann_net<W> n(w);
    std::size_t k = 0;
    for (auto _ : state) {
        fann_type* y = fann_run(n.ann, w.xs[k].data());
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class W>
void fann_train_bench(benchmark::State& state) {
    W w;
    fann_net<W> n(w);
    std::size_t k = 0;
    for (auto _ : state) {
        fann_train(n.ann, w.xs[k].data(), w.ys[k].data());
        benchmark::ClobberMemory();
        k = (k + 1) % n_samples;
    }
}
#endif

// ---------------------------------------------------------------------------------------------
// Before timing anything: the contestants compute the same function (not a timing assertion).
// Each difference is the largest absolute one from ctmlp (libm), over the 64 inputs (the 1,024
// of the batch), or over every weight and bias after 64 SGD steps from the same start.
//
// Tolerances: the libm-class contestants (the loops, Eigen std::exp, ctmlp::portable whose exp is
// < 1 ulp and tanh < 3 ulp) differ only in the rounding of the sums (fused multiply-adds,
// reassociation); Eigen's logistic()/tanh() and FANN (double exp) by their approximations.
// ctmlp::fast is allowed its documented error (docs/math.md), propagated through the layers.
struct checker {
    struct worst {
        std::string impl;
        double diff, tolerance;
    };
    bool ok = true;
    std::vector<worst> worst_of;  // per implementation, for the JSON context
    void operator()(const std::string& what, const std::string& impl, double diff, double tolerance) {
        const bool pass = diff <= tolerance;  // a NaN fails
        ok = ok && pass;
        std::fprintf(stderr, "check %-26s %-30s max |diff| %8.2g  tolerance %6.0g  %s\n", what.c_str(), impl.c_str(),
                     diff, tolerance, pass ? "ok" : "DIFFERENT");
        auto w = std::find_if(worst_of.begin(), worst_of.end(), [&](const worst& x) { return x.impl == impl; });
        if (w == worst_of.end())
            worst_of.push_back({impl, diff, tolerance});
        else if (!(diff <= w->diff))
            *w = {impl, diff, tolerance};
    }
    // "implementation difference (tolerance), ..."
    std::string summary() const {
        std::string s;
        for (const auto& w : worst_of) {
            char buf[40];
            std::snprintf(buf, sizeof buf, " %.1g (%.0g)", w.diff, w.tolerance);
            s += (s.empty() ? "" : ", ") + w.impl + buf;
        }
        return s;
    }
};

constexpr double exact_output_tolerance = 1e-6;   // outputs in [0, 1]: ~16 ulp of 1
constexpr double exact_weight_tolerance = 1e-6;   // after 64 steps
constexpr double approx_output_tolerance = 1e-5;  // Eigen's approximations, FANN

// The tolerance of a ctmlp math policy's outputs / weights.
template <class P>
constexpr double policy_output_tolerance() {
    return exact_output_tolerance;
}
template <class P>
constexpr double policy_weight_tolerance() {
    return exact_weight_tolerance;
}

// The floats of a C array, std::array, Eigen matrix or pointer.
template <class A>
const float* floats(const A& a) {
    if constexpr (std::is_pointer_v<A> || std::is_array_v<A>)
        return a;
    else
        return a.data();
}

template <class A, class B>
double max_diff(const A& a, const B& b, std::size_t n) {
    const float* pa = floats(a);
    const float* pb = floats(b);
    double worst = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = std::fabs(double(pa[i]) - double(pb[i]));
        worst = d > worst || std::isnan(d) ? d : worst;
    }
    return worst;
}

// Every weight and bias of a ctmlp network against the loop's.
template <class W, class Net>
double weights_diff(const Net& net, const typename W::loop& l) {
    const auto& p1 = net.template layer<1>();
    const auto& p2 = net.template layer<2>();
    double worst = 0.0;
    for (std::size_t i = 0; i < W::in; ++i)
        for (std::size_t j = 0; j < W::hidden; ++j)
            worst = std::max(worst, std::fabs(double(p1.weight(i, j)) - double(l.w1[i * W::hidden + j])));
    for (std::size_t j = 0; j < W::hidden; ++j)
        for (std::size_t o = 0; o < W::out; ++o)
            worst = std::max(worst, std::fabs(double(p2.weight(j, o)) - double(l.w2[j * W::out + o])));
    worst = std::max(worst, max_diff(p1.bias, l.b1, W::hidden));
    worst = std::max(worst, max_diff(p2.bias, l.b2, W::out));
    return worst;
}

template <class W, class P>
void check_policy(checker& check, const std::string& name, const std::vector<typename W::output_array>& ref,
                  const typename W::loop& trained_loop) {
    const W w;
    auto net = w.template ctmlp_as<P>();
    double worst = 0.0;
    for (std::size_t s = 0; s < n_samples; ++s) worst = std::max(worst, max_diff(net.predict(w.xs[s]), ref[s], W::out));
    check("infer " + name, policy_label<P>(), worst, policy_output_tolerance<P>());
    ctmlp::workspace<decltype(net)> ws{};
    for (std::size_t s = 0; s < n_samples; ++s) {
        ctmlp::forward(net, ws, w.xs[s]);
        ctmlp::backward(net, ws, w.ys[s], ctmlp::half_squared_error{});
        ctmlp::sgd_step(net, ws, learning_rate);
    }
    check("train " + name + " (64 steps)", policy_label<P>(), weights_diff<W>(net, trained_loop),
          policy_weight_tolerance<P>());
}

template <class W, class... P>
void check_workload(checker& check, const std::string& name, policy_list<P...>) {
    const W w;
    std::vector<typename W::output_array> ref(n_samples);
    for (std::size_t s = 0; s < n_samples; ++s) ref[s] = w.ctmlp_net.predict(w.xs[s]);

    const auto n = w.to_loop();
    const auto nt = w.to_loop(true);
    double loop = 0.0, loop_t = 0.0;
    for (std::size_t s = 0; s < n_samples; ++s) {
        float h[W::hidden], y[W::out];
        loop_infer<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(n, w.xs[s].data(), h, y);
        loop = std::max(loop, max_diff(y, ref[s], W::out));
        loop_infer_out_in<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(nt, w.xs[s].data(), h, y);
        loop_t = std::max(loop_t, max_diff(y, ref[s], W::out));
    }
    check("infer " + name, "loop", loop, exact_output_tolerance);
    check("infer " + name, "loop [out][in]", loop_t, exact_output_tolerance);

    // 64 steps of the loop from the same start: the reference of the weights.
    auto trained = w.to_loop();
    for (std::size_t s = 0; s < n_samples; ++s)
        loop_train<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(trained, w.xs[s].data(),
                                                                                 w.ys[s].data(), learning_rate);
    (check_policy<W, P>(check, name, ref, trained), ...);

#if CTMLP_BENCH_HAVE_EIGEN
    const auto eigen = [&]<bool V>(std::bool_constant<V>, const char* impl, double tolerance) {
        using net = eigen_net<W, V>;
        net e(w);
        double worst = 0.0;
        for (std::size_t s = 0; s < n_samples; ++s) {
            typename net::hid_vec h;
            typename net::out_vec y;
            e.infer(Eigen::Map<const typename net::in_vec>(w.xs[s].data()), h, y);
            worst = std::max(worst, max_diff(y, ref[s], W::out));
        }
        check("infer " + name, impl, worst, tolerance);
        for (std::size_t s = 0; s < n_samples; ++s)
            e.train(Eigen::Map<const typename net::in_vec>(w.xs[s].data()),
                    Eigen::Map<const typename net::out_vec>(w.ys[s].data()), learning_rate);
        double worst_w = 0.0;
        for (std::size_t i = 0; i < W::in; ++i)
            for (std::size_t j = 0; j < W::hidden; ++j)
                worst_w =
                    std::max(worst_w, std::fabs(double(e.w1(int(j), int(i))) - double(trained.w1[i * W::hidden + j])));
        for (std::size_t j = 0; j < W::hidden; ++j)
            for (std::size_t o = 0; o < W::out; ++o)
                worst_w =
                    std::max(worst_w, std::fabs(double(e.w2(int(o), int(j))) - double(trained.w2[j * W::out + o])));
        worst_w = std::max(worst_w, max_diff(e.b1, trained.b1, W::hidden));
        worst_w = std::max(worst_w, max_diff(e.b2, trained.b2, W::out));
        check("train " + name + " (64 steps)", impl, worst_w, tolerance);
    };
    eigen(std::true_type{}, "Eigen logistic()", approx_output_tolerance);
    eigen(std::false_type{}, "Eigen std::exp", exact_output_tolerance);
#endif
#if CTMLP_BENCH_HAVE_FANN
    // FANN computes the same function only for 2-4-1 (no ReLU in FANN 2.2).
    if constexpr (std::is_same_v<typename W::act1, tanh_act>) {
        fann_net<W> f(w);
        double worst = 0.0;
        for (std::size_t s = 0; s < n_samples; ++s) {
            auto x = w.xs[s];
            worst = std::max(worst, max_diff(fann_run(f.ann, x.data()), ref[s], W::out));
        }
        check("infer " + name, "FANN", worst, approx_output_tolerance);
    }
#endif
}

// The batch: every batched contestant against ctmlp (libm)'s predict, input by input.
template <class W, class P>
void check_batch_policy(checker& check, const W& w, const std::vector<typename W::output_array>& ref) {
    const auto net = w.template ctmlp_as<P>();
    std::vector<typename W::output_array> ys(w.batch_xs.size());
    if constexpr (has_predict_batch<decltype(net)>) {
        const std::size_t n = net.predict_batch(std::span<const typename W::input_array>(w.batch_xs),
                                                std::span<typename W::output_array>(ys));
        double worst = n == ys.size() ? 0.0 : HUGE_VAL;  // every output written
        for (std::size_t k = 0; k < ys.size(); ++k) worst = std::max(worst, max_diff(ys[k], ref[k], W::out));
        check("64-32-10 batch", policy_label<P>() + " predict_batch", worst, policy_output_tolerance<P>());
    }
}

template <class W, class... P>
void check_batch(checker& check, policy_list<P...>) {
    const W w;
    std::vector<typename W::output_array> ref(w.batch_xs.size());
    for (std::size_t k = 0; k < ref.size(); ++k) ref[k] = w.ctmlp_net.predict(w.batch_xs[k]);
    (check_batch_policy<W, P>(check, w, ref), ...);
#if CTMLP_BENCH_HAVE_EIGEN
    eigen_batch<W> e(w);
    e.run(w);
    double worst = 0.0;
    for (std::size_t k = 0; k < ref.size(); ++k)
        for (std::size_t o = 0; o < W::out; ++o)
            worst = std::max(worst, std::fabs(double(e.y(int(o), int(k))) - double(ref[k][o])));
    check("64-32-10 batch", "Eigen matrix product", worst, approx_output_tolerance);
#endif
}

// ---------------------------------------------------------------------------------------------
template <class F>
void reg(const std::string& name, F f) {
    benchmark::RegisterBenchmark(name.c_str(), f);
}

template <class P>
void register_policy() {
    const std::string c = policy_label<P>();
    reg("infer 2-4-1/" + c, ctmlp_infer<xor_like, P>);
    reg("train 2-4-1/" + c, ctmlp_step<xor_like, P>);
    reg("infer 64-32-10/" + c, ctmlp_infer<wide, P>);
    reg("train 64-32-10/" + c, ctmlp_step<wide, P>);
    if constexpr (has_predict_batch<wide::net_of<P>>)
        reg("64-32-10, batch of 1,024/" + c + " predict_batch", ctmlp_predict_batch<wide, P>);
    reg("64-32-10, batch of 1,024/" + c + " predict loop", ctmlp_predict_loop<wide, P>);
}

template <class... P>
void register_policies(policy_list<P...>) {
    (register_policy<P>(), ...);
}

const char* vector_isa() {
#if defined(__AVX512F__)
    return "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
    return "AVX2 + FMA";
#elif defined(__AVX__)
    return "AVX";
#elif defined(__SSE2__)
    return "SSE2";
#elif defined(__ARM_NEON)
    return "NEON";
#else
    return "scalar";
#endif
}

}  // namespace

int main(int argc, char** argv) {
    checker check;
    check_workload<xor_like>(check, "2-4-1", policies{});
    check_workload<wide>(check, "64-32-10", policies{});
    check_batch<wide>(check, policies{});
    if (!check.ok) {
        std::fprintf(stderr, "the implementations disagree: not benchmarking\n");
        return 1;
    }
    // Names: <workload>/<implementation>; the summary's ratios are against "Eigen logistic()"
    // (the batch: "Eigen matrix product") of the same run.
    register_policies(policies{});
    for (const char* workload : {"infer 2-4-1", "train 2-4-1", "infer 64-32-10", "train 64-32-10"}) {
        const std::string wl = workload;
        const bool infer = wl.starts_with("infer");
        const bool small = wl.ends_with("2-4-1");
        if (infer) {
            reg(wl + "/loop", small ? loop_infer_bench<xor_like> : loop_infer_bench<wide>);
            if (!small) reg(wl + "/loop [out][in]", loop_infer_out_in_bench<wide>);
        } else {
            reg(wl + "/loop", small ? loop_train_bench<xor_like> : loop_train_bench<wide>);
            reg(wl + "/ctmlp::train", small ? ctmlp_train_epoch<xor_like> : ctmlp_train_epoch<wide>);
        }
#if CTMLP_BENCH_HAVE_EIGEN
        if (infer) {
            reg(wl + "/Eigen logistic()", small ? eigen_infer<xor_like, true> : eigen_infer<wide, true>);
            reg(wl + "/Eigen std::exp", small ? eigen_infer<xor_like, false> : eigen_infer<wide, false>);
        } else {
            reg(wl + "/Eigen logistic()", small ? eigen_train<xor_like, true> : eigen_train<wide, true>);
            reg(wl + "/Eigen std::exp", small ? eigen_train<xor_like, false> : eigen_train<wide, false>);
        }
#endif
#if CTMLP_BENCH_HAVE_FANN
        if (infer)
            reg(wl + "/FANN", small ? fann_infer<xor_like> : fann_infer<wide>);
        else
            reg(wl + "/FANN", small ? fann_train_bench<xor_like> : fann_train_bench<wide>);
#endif
    }
    reg("64-32-10, batch of 1,024/loop", loop_batch_bench<wide>);
#if CTMLP_BENCH_HAVE_EIGEN
    reg("64-32-10, batch of 1,024/Eigen matrix product", eigen_batch_bench<wide>);
#endif

    benchmark::AddCustomContext("ctmlp_flag_set", CTMLP_BENCH_FLAG_SET);
    benchmark::AddCustomContext("ctmlp_vector_isa", vector_isa());
    benchmark::AddCustomContext("ctmlp_compiler", __VERSION__);
    benchmark::AddCustomContext("ctmlp_checks", check.summary());
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
