// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// ctmlp against a hand-written fixed-size loop, Eigen fixed-size matrices and FANN: inference and
// one per-sample SGD step, float, for 2-4-1 (tanh/sigmoid) and 64-32-10 (relu/sigmoid).
// Time per iteration = time per sample (one sample per iteration, cycling through 64 inputs).
//
// Math: ctmlp::tanh / ctmlp::sigmoid call std::exp / std::tanh at run time (the default math
// policy, math_policy::libm); the hand-written loop calls std::exp / std::tanh itself, so both sides evaluate the same
// functions. Eigen is measured twice: idiomatic (array().exp() / array().tanh(), Eigen's vectorised
// approximations) and with std::exp / std::tanh per element (same math as the loop). FANN uses its
// own activations (its sigmoid calls exp in double) and has no ReLU in 2.2: 64-32-10 uses
// FANN_LINEAR_PIECE (clamp to [0, 1]) in the hidden layer, the cheapest activation it offers.
// Built a second time with CTMLP_BENCH_PORTABLE=1 (ctmlp_bench_portable: ctmlp only, its networks
// with ctmlp::portable::tanh / sigmoid, ctmlp's own inlined exp/tanh at run time); the loop keeps
// calling <cmath> there too.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

#include <benchmark/benchmark.h>

#include <ctmlp/ctmlp.hpp>

#if CTMLP_BENCH_HAVE_EIGEN
#include <Eigen/Core>
#endif
#if CTMLP_BENCH_HAVE_FANN
#include <fann.h>
#endif

namespace {

constexpr std::size_t n_samples = 64;  // inputs cycled through, a power of two
constexpr float learning_rate = 0.01f;

// ---------------------------------------------------------------------------------------------
// Activations of the hand-written loop (the same expressions as ctmlp's, calling <cmath>).
struct tanh_act {
    static float f(float x) { return std::tanh(x); }
    static float df(float y) { return 1.0f - y * y; }  // from the output, as ctmlp
};
struct sigmoid_act {
    static float f(float x) { return 1.0f / (1.0f + std::exp(-x)); }
    static float df(float y) { return y * (1.0f - y); }
};
struct relu_act {
    static float f(float x) { return x < 0.0f ? 0.0f : x; }
    static float df(float y) { return y > 0.0f ? 1.0f : 0.0f; }
};

// ---------------------------------------------------------------------------------------------
// The hand-written baseline: one hidden layer, C arrays, weights [in][out] (ctmlp's layout), or
// [out][in] (each unit's weights contiguous) for the layout comparison.
template <std::size_t In, std::size_t H, std::size_t Out>
struct loop_net {
    float w1[In * H];  // [in][out]: w1[i * H + j]
    float b1[H];
    float w2[H * Out];  // [in][out]: w2[j * Out + o]
    float b2[Out];
};

template <std::size_t In, std::size_t H, std::size_t Out, class A1, class A2>
inline void loop_infer(const loop_net<In, H, Out>& n, const float* x, float* h, float* y) {
    for (std::size_t j = 0; j < H; ++j) h[j] = 0.0f;
    for (std::size_t i = 0; i < In; ++i)
        for (std::size_t j = 0; j < H; ++j) h[j] += x[i] * n.w1[i * H + j];
    for (std::size_t j = 0; j < H; ++j) h[j] = A1::f(h[j] + n.b1[j]);
    for (std::size_t o = 0; o < Out; ++o) y[o] = 0.0f;
    for (std::size_t j = 0; j < H; ++j)
        for (std::size_t o = 0; o < Out; ++o) y[o] += h[j] * n.w2[j * Out + o];
    for (std::size_t o = 0; o < Out; ++o) y[o] = A2::f(y[o] + n.b2[o]);
}

// [out][in]: w1[j * In + i], w2[o * H + j]; every output is a dot product over a contiguous row.
template <std::size_t In, std::size_t H, std::size_t Out, class A1, class A2>
inline void loop_infer_out_in(const loop_net<In, H, Out>& n, const float* x, float* h, float* y) {
    for (std::size_t j = 0; j < H; ++j) {
        float acc = 0.0f;
        for (std::size_t i = 0; i < In; ++i) acc += x[i] * n.w1[j * In + i];
        h[j] = A1::f(acc + n.b1[j]);
    }
    for (std::size_t o = 0; o < Out; ++o) {
        float acc = 0.0f;
        for (std::size_t j = 0; j < H; ++j) acc += h[j] * n.w2[o * H + j];
        y[o] = A2::f(acc + n.b2[o]);
    }
}

// One per-sample SGD step on ½‖y − t‖², the same equations as ctmlp::forward/backward/sgd_step.
template <std::size_t In, std::size_t H, std::size_t Out, class A1, class A2>
inline void loop_train(loop_net<In, H, Out>& n, const float* x, const float* t, float rate) {
    float h[H], y[Out], dy[Out], dh[H];
    loop_infer<In, H, Out, A1, A2>(n, x, h, y);
    for (std::size_t o = 0; o < Out; ++o) dy[o] = (y[o] - t[o]) * A2::df(y[o]);
    for (std::size_t j = 0; j < H; ++j) {
        float acc = 0.0f;
        for (std::size_t o = 0; o < Out; ++o) acc += dy[o] * n.w2[j * Out + o];
        dh[j] = acc * A1::df(h[j]);
    }
    for (std::size_t i = 0; i < In; ++i)
        for (std::size_t j = 0; j < H; ++j) n.w1[i * H + j] -= rate * (x[i] * dh[j]);
    for (std::size_t j = 0; j < H; ++j) n.b1[j] -= rate * dh[j];
    for (std::size_t j = 0; j < H; ++j)
        for (std::size_t o = 0; o < Out; ++o) n.w2[j * Out + o] -= rate * (h[j] * dy[o]);
    for (std::size_t o = 0; o < Out; ++o) n.b2[o] -= rate * dy[o];
}

// ---------------------------------------------------------------------------------------------
// One workload: its ctmlp type, the loop's activations, deterministic data and initial weights.
template <std::size_t In, std::size_t H, std::size_t Out, class CA1, class CA2, class LA1, class LA2>
struct workload {
    static constexpr std::size_t in = In, hidden = H, out = Out;
    using net = ctmlp::network<float, ctmlp::input<In>, ctmlp::dense<H, CA1>, ctmlp::dense<Out, CA2>>;
    using act1 = LA1;
    using act2 = LA2;
    using loop = loop_net<In, H, Out>;

    std::array<typename net::input_array, n_samples> xs{};
    std::array<typename net::output_array, n_samples> ys{};
    net ctmlp_net{};

    workload() {
        ctmlp::splitmix64 gen{2024};
        ctmlp_net = ctmlp::initialized<net>(gen, ctmlp::init::uniform{-1.0, 1.0});
        for (auto& x : xs)
            for (auto& v : x) v = static_cast<float>(2.0 * gen.random_sample() - 1.0);
        for (auto& y : ys)
            for (auto& v : y) v = gen.random_sample() < 0.5 ? 0.0f : 1.0f;
    }
    // The same weights in the loop's layout ([in][out], or transposed).
    loop to_loop(bool out_in = false) const {
        loop l{};
        const auto& p1 = ctmlp_net.template layer<1>();
        const auto& p2 = ctmlp_net.template layer<2>();
        for (std::size_t i = 0; i < In; ++i)
            for (std::size_t j = 0; j < H; ++j) l.w1[out_in ? j * In + i : i * H + j] = p1.weight(i, j);
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t o = 0; o < Out; ++o) l.w2[out_in ? o * H + j : j * Out + o] = p2.weight(j, o);
        for (std::size_t j = 0; j < H; ++j) l.b1[j] = p1.bias[j];
        for (std::size_t o = 0; o < Out; ++o) l.b2[o] = p2.bias[o];
        return l;
    }
};

#if CTMLP_BENCH_PORTABLE
namespace bench_act = ctmlp::portable;  // the math policy is in the activation types
#else
namespace bench_act = ctmlp;
#endif
using xor_like = workload<2, 4, 1, bench_act::tanh, bench_act::sigmoid, tanh_act, sigmoid_act>;
using wide = workload<64, 32, 10, ctmlp::relu, bench_act::sigmoid, relu_act, sigmoid_act>;

// ---------------------------------------------------------------------------------------------
// ctmlp
template <class W>
void ctmlp_infer(benchmark::State& state) {
    const W w;
    const auto net = w.ctmlp_net;
    std::size_t k = 0;
    for (auto _ : state) {
        auto y = net.predict(w.xs[k]);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

// One sample's step through the public backprop API: what train() does per sample, minus the
// loss/metric values and their finiteness checks.
template <class W>
void ctmlp_step(benchmark::State& state) {
    const W w;
    auto net = w.ctmlp_net;
    ctmlp::workspace<typename W::net> ws{};
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

// ---------------------------------------------------------------------------------------------
// Eigen fixed-size matrices: W1 is Matrix<float, H, In> (column-major, so stored [in][out] like
// ctmlp), h = f(W1 x + b1).
#if CTMLP_BENCH_HAVE_EIGEN
template <class W, bool Vectorised>
struct eigen_net {
    Eigen::Matrix<float, int(W::hidden), int(W::in)> w1;
    Eigen::Matrix<float, int(W::hidden), 1> b1;
    Eigen::Matrix<float, int(W::out), int(W::hidden)> w2;
    Eigen::Matrix<float, int(W::out), 1> b2;
    using in_vec = Eigen::Matrix<float, int(W::in), 1>;
    using hid_vec = Eigen::Matrix<float, int(W::hidden), 1>;
    using out_vec = Eigen::Matrix<float, int(W::out), 1>;

    explicit eigen_net(const W& w) {
        const auto& p1 = w.ctmlp_net.template layer<1>();
        const auto& p2 = w.ctmlp_net.template layer<2>();
        for (std::size_t i = 0; i < W::in; ++i)
            for (std::size_t j = 0; j < W::hidden; ++j) w1(int(j), int(i)) = p1.weight(i, j);
        for (std::size_t j = 0; j < W::hidden; ++j)
            for (std::size_t o = 0; o < W::out; ++o) w2(int(o), int(j)) = p2.weight(j, o);
        for (std::size_t j = 0; j < W::hidden; ++j) b1(int(j)) = p1.bias[j];
        for (std::size_t o = 0; o < W::out; ++o) b2(int(o)) = p2.bias[o];
    }

    template <class V>
    static V act(const V& z, tanh_act) {
        if constexpr (Vectorised)
            return z.array().tanh().matrix();
        else
            return z.unaryExpr([](float v) { return std::tanh(v); });
    }
    template <class V>
    static V act(const V& z, sigmoid_act) {
        if constexpr (Vectorised)
            return ((-z.array()).exp() + 1.0f).inverse().matrix();
        else
            return z.unaryExpr([](float v) { return 1.0f / (1.0f + std::exp(-v)); });
    }
    template <class V>
    static V act(const V& z, relu_act) {
        return z.cwiseMax(0.0f);
    }
    template <class V>
    static V dact(const V& y, tanh_act) {
        return (1.0f - y.array().square()).matrix();
    }
    template <class V>
    static V dact(const V& y, sigmoid_act) {
        return (y.array() * (1.0f - y.array())).matrix();
    }
    template <class V>
    static V dact(const V& y, relu_act) {
        return (y.array() > 0.0f).template cast<float>().matrix();
    }

    void infer(const in_vec& x, hid_vec& h, out_vec& y) const {
        h = act(hid_vec(w1 * x + b1), typename W::act1{});
        y = act(out_vec(w2 * h + b2), typename W::act2{});
    }
    void train(const in_vec& x, const out_vec& t, float rate) {
        hid_vec h;
        out_vec y;
        infer(x, h, y);
        const out_vec dy = ((y - t).array() * dact(y, typename W::act2{}).array()).matrix();
        const hid_vec dh = ((w2.transpose() * dy).array() * dact(h, typename W::act1{}).array()).matrix();
        w2.noalias() -= rate * dy * h.transpose();
        b2 -= rate * dy;
        w1.noalias() -= rate * dh * x.transpose();
        b1 -= rate * dh;
    }
};

template <class W, bool Vectorised>
void eigen_infer(benchmark::State& state) {
    const W w;
    const eigen_net<W, Vectorised> n(w);
    std::size_t k = 0;
    for (auto _ : state) {
        const Eigen::Map<const typename eigen_net<W, Vectorised>::in_vec> x(w.xs[k].data());
        typename eigen_net<W, Vectorised>::hid_vec h;
        typename eigen_net<W, Vectorised>::out_vec y;
        n.infer(x, h, y);
        benchmark::DoNotOptimize(y);
        k = (k + 1) % n_samples;
    }
}

template <class W, bool Vectorised>
void eigen_train(benchmark::State& state) {
    const W w;
    eigen_net<W, Vectorised> n(w);
    std::size_t k = 0;
    for (auto _ : state) {
        const Eigen::Map<const typename eigen_net<W, Vectorised>::in_vec> x(w.xs[k].data());
        const Eigen::Map<const typename eigen_net<W, Vectorised>::out_vec> t(w.ys[k].data());
        n.train(x, t, learning_rate);
        benchmark::ClobberMemory();
        k = (k + 1) % n_samples;
    }
    benchmark::DoNotOptimize(n);
}
#endif

// ---------------------------------------------------------------------------------------------
// FANN 2.2 (float): fann_run and fann_train (one incremental step, linear error function so that
// the output delta is ŷ − y as above, no momentum).
#if CTMLP_BENCH_HAVE_FANN
template <class W>
struct fann_net {
    struct fann* ann = nullptr;
    fann_net() {
        ann = fann_create_standard(3, static_cast<unsigned>(W::in), static_cast<unsigned>(W::hidden),
                                   static_cast<unsigned>(W::out));
        if constexpr (std::is_same_v<typename W::act1, tanh_act>) {
            fann_set_activation_function_hidden(ann, FANN_SIGMOID_SYMMETRIC);
            fann_set_activation_steepness_hidden(ann, 1.0f);  // 2/(1+e^(-2x)) - 1 = tanh x
        } else {
            fann_set_activation_function_hidden(ann, FANN_LINEAR_PIECE);  // no ReLU in FANN 2.2
            fann_set_activation_steepness_hidden(ann, 1.0f);
        }
        fann_set_activation_function_output(ann, FANN_SIGMOID);
        fann_set_activation_steepness_output(ann, 0.5f);  // 1/(1+e^(-x))
        fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
        fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
        fann_set_learning_rate(ann, learning_rate);
        fann_set_learning_momentum(ann, 0.0f);
        srand(7);
        fann_randomize_weights(ann, -1.0f, 1.0f);
    }
    ~fann_net() { fann_destroy(ann); }
    fann_net(const fann_net&) = delete;
    fann_net& operator=(const fann_net&) = delete;
};

template <class W>
void fann_infer(benchmark::State& state) {
    W w;
    fann_net<W> n;
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
    fann_net<W> n;
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
template <class W>
bool same_outputs(const char* name) {
    const W w;
    const auto n = w.to_loop();
    const auto nt = w.to_loop(true);
    float worst = 0.0f;
    for (const auto& x : w.xs) {
        const auto a = w.ctmlp_net.predict(x);
        float h[W::hidden], y[W::out], y2[W::out];
        loop_infer<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(n, x.data(), h, y);
        loop_infer_out_in<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(nt, x.data(), h, y2);
        for (std::size_t o = 0; o < W::out; ++o) {
            worst = std::fmax(worst, std::fabs(a[o] - y[o]));
            worst = std::fmax(worst, std::fabs(a[o] - y2[o]));
        }
#if CTMLP_BENCH_HAVE_EIGEN
        const eigen_net<W, true> e(w);
        typename eigen_net<W, true>::hid_vec eh;
        typename eigen_net<W, true>::out_vec ey;
        e.infer(Eigen::Map<const typename eigen_net<W, true>::in_vec>(x.data()), eh, ey);
        for (std::size_t o = 0; o < W::out; ++o) worst = std::fmax(worst, std::fabs(a[o] - ey(int(o))));
#endif
    }
    // One training step from the same start: ctmlp and the loop must move the same way.
    auto net = w.ctmlp_net;
    auto l = w.to_loop();
    ctmlp::workspace<typename W::net> ws{};
    for (std::size_t s = 0; s < n_samples; ++s) {
        ctmlp::forward(net, ws, w.xs[s]);
        ctmlp::backward(net, ws, w.ys[s], ctmlp::half_squared_error{});
        ctmlp::sgd_step(net, ws, learning_rate);
        loop_train<W::in, W::hidden, W::out, typename W::act1, typename W::act2>(l, w.xs[s].data(), w.ys[s].data(),
                                                                                 learning_rate);
    }
    float worst_w = 0.0f;
    for (std::size_t i = 0; i < W::in; ++i)
        for (std::size_t j = 0; j < W::hidden; ++j)
            worst_w = std::fmax(worst_w, std::fabs(net.template layer<1>().weight(i, j) - l.w1[i * W::hidden + j]));
    std::fprintf(stderr, "check %-8s max |ctmlp - others| output %.2g, weights after 64 steps %.2g\n", name,
                 static_cast<double>(worst), static_cast<double>(worst_w));
    return worst < 1e-4f && worst_w < 1e-4f;
}

template <class F>
void reg(const std::string& name, F f) {
    benchmark::RegisterBenchmark(name.c_str(), f);
}

}  // namespace

int main(int argc, char** argv) {
    if (!same_outputs<xor_like>("2-4-1") || !same_outputs<wide>("64-32-10")) {
        std::fprintf(stderr, "the implementations disagree: not benchmarking\n");
        return 1;
    }
    // Names: <workload>/<implementation>; the summary's ratios are against <workload>/loop.
#if CTMLP_BENCH_PORTABLE
    // The second build of this file (ctmlp_bench_portable): ctmlp's own exp/tanh at run time,
    // inlined, instead of <cmath>'s. The loop and the peers are measured by ctmlp_bench_mlp.
    const std::string c = "ctmlp, portable math";
    reg("infer 2-4-1/" + c, ctmlp_infer<xor_like>);
    reg("train 2-4-1/" + c, ctmlp_step<xor_like>);
    reg("infer 64-32-10/" + c, ctmlp_infer<wide>);
    reg("train 64-32-10/" + c, ctmlp_step<wide>);
#else
    reg("infer 2-4-1/loop", loop_infer_bench<xor_like>);
    reg("infer 2-4-1/ctmlp", ctmlp_infer<xor_like>);
#if CTMLP_BENCH_HAVE_EIGEN
    reg("infer 2-4-1/Eigen", eigen_infer<xor_like, true>);
    reg("infer 2-4-1/Eigen std::exp", eigen_infer<xor_like, false>);
#endif
#if CTMLP_BENCH_HAVE_FANN
    reg("infer 2-4-1/FANN", fann_infer<xor_like>);
#endif
    reg("train 2-4-1/loop", loop_train_bench<xor_like>);
    reg("train 2-4-1/ctmlp", ctmlp_step<xor_like>);
    reg("train 2-4-1/ctmlp::train", ctmlp_train_epoch<xor_like>);
#if CTMLP_BENCH_HAVE_EIGEN
    reg("train 2-4-1/Eigen", eigen_train<xor_like, true>);
    reg("train 2-4-1/Eigen std::exp", eigen_train<xor_like, false>);
#endif
#if CTMLP_BENCH_HAVE_FANN
    reg("train 2-4-1/FANN", fann_train_bench<xor_like>);
#endif
    reg("infer 64-32-10/loop", loop_infer_bench<wide>);
    reg("infer 64-32-10/loop [out][in]", loop_infer_out_in_bench<wide>);
    reg("infer 64-32-10/ctmlp", ctmlp_infer<wide>);
#if CTMLP_BENCH_HAVE_EIGEN
    reg("infer 64-32-10/Eigen", eigen_infer<wide, true>);
    reg("infer 64-32-10/Eigen std::exp", eigen_infer<wide, false>);
#endif
#if CTMLP_BENCH_HAVE_FANN
    reg("infer 64-32-10/FANN", fann_infer<wide>);
#endif
    reg("train 64-32-10/loop", loop_train_bench<wide>);
    reg("train 64-32-10/ctmlp", ctmlp_step<wide>);
    reg("train 64-32-10/ctmlp::train", ctmlp_train_epoch<wide>);
#if CTMLP_BENCH_HAVE_EIGEN
    reg("train 64-32-10/Eigen", eigen_train<wide, true>);
    reg("train 64-32-10/Eigen std::exp", eigen_train<wide, false>);
#endif
#if CTMLP_BENCH_HAVE_FANN
    reg("train 64-32-10/FANN", fann_train_bench<wide>);
#endif
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
