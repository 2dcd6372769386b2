// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The contestants of bench_mlp.cpp and callgrind_driver.cpp, with the same weights: ctmlp (one
// network type per math policy), a hand-written fixed-size loop, Eigen 3 fixed-size matrices and
// FANN 2.2; float, 2-4-1 (tanh/sigmoid) and 64-32-10 (relu/sigmoid). Not a public header of ctmlp.
//
// Math: ctmlp's sigmoid and tanh take exp/tanh from the math policy in their type
// (ctmlp::math_policy::libm = <cmath>, portable = ctmlp's own Cody-Waite exp, fast = the
// vectorisable one). The hand-written loop calls std::exp / std::tanh. Eigen is measured twice:
// idiomatic (`array().logistic()` and `array().tanh()`, Eigen 3.4's vectorised approximations,
// the reference of every ratio) and with std::exp / std::tanh per element. FANN uses its own
// activations (its sigmoid calls exp in double) and has no ReLU in 2.2: 64-32-10 uses
// FANN_LINEAR_PIECE (clamp to [0, 1]) in the hidden layer, the cheapest activation it offers.
#ifndef CTMLP_BENCHMARKS_BENCH_NETS_HPP
#define CTMLP_BENCHMARKS_BENCH_NETS_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <ctmlp/ctmlp.hpp>

#if CTMLP_BENCH_HAVE_EIGEN
#include <Eigen/Core>
#endif
#if CTMLP_BENCH_HAVE_FANN
#include <fann.h>
#endif

namespace bench {

inline constexpr std::size_t n_samples = 64;     // inputs cycled through, a power of two
inline constexpr std::size_t batch_size = 1024;  // the batched row's inputs
inline constexpr float learning_rate = 0.01f;

// ---------------------------------------------------------------------------------------------
// Activations of the hand-written loop (the same expressions as ctmlp's, calling <cmath>); they
// also name the activation of a layer for every other contestant.
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

// ctmlp's activation for a layer kind and a math policy.
template <class Kind, class Policy>
struct ctmlp_activation;
template <class Policy>
struct ctmlp_activation<tanh_act, Policy> {
    using type = ctmlp::basic_tanh<Policy>;
};
template <class Policy>
struct ctmlp_activation<sigmoid_act, Policy> {
    using type = ctmlp::basic_sigmoid<Policy>;
};
template <class Policy>
struct ctmlp_activation<relu_act, Policy> {
    using type = ctmlp::relu;
};

// The row name of a policy: "ctmlp (libm)", "ctmlp::portable", "ctmlp::fast".
template <class Policy>
std::string policy_label() {
    const std::string s = Policy::spelling;
    if (s == "ctmlp::") return "ctmlp (libm)";
    return s.substr(0, s.size() - 2);
}

// The math policies measured: every one ctmlp has.
template <class... P>
struct policy_list {};
using policies = policy_list<ctmlp::math_policy::libm, ctmlp::math_policy::fast, ctmlp::math_policy::portable>;

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
// One workload: its ctmlp types (one per math policy, all with the same weights), the layer
// kinds, deterministic data and initial weights.
template <std::size_t In, std::size_t H, std::size_t Out, class A1, class A2>
struct workload {
    static constexpr std::size_t in = In, hidden = H, out = Out;
    template <class Policy>
    using net_of = ctmlp::network<float, ctmlp::input<In>, ctmlp::dense<H, typename ctmlp_activation<A1, Policy>::type>,
                                  ctmlp::dense<Out, typename ctmlp_activation<A2, Policy>::type>>;
    using net = net_of<ctmlp::math_policy::libm>;
    using act1 = A1;
    using act2 = A2;
    using loop = loop_net<In, H, Out>;
    using input_array = typename net::input_array;
    using output_array = typename net::output_array;

    std::array<input_array, n_samples> xs{};
    std::array<output_array, n_samples> ys{};
    std::vector<input_array> batch_xs = std::vector<input_array>(batch_size);
    net ctmlp_net{};

    workload() {
        ctmlp::splitmix64 gen{2024};
        ctmlp_net = ctmlp::initialized<net>(gen, ctmlp::init::uniform{-1.0, 1.0});
        for (auto& x : xs)
            for (auto& v : x) v = static_cast<float>(2.0 * gen.random_sample() - 1.0);
        for (auto& y : ys)
            for (auto& v : y) v = gen.random_sample() < 0.5 ? 0.0f : 1.0f;
        for (auto& x : batch_xs)
            for (auto& v : x) v = static_cast<float>(2.0 * gen.random_sample() - 1.0);
    }
    // The same weights in the network type of another math policy (the parameter blocks do not
    // depend on the activations, so they are the same types).
    template <class Policy>
    net_of<Policy> ctmlp_as() const {
        net_of<Policy> n{};
        n.layers = ctmlp_net.layers;
        return n;
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

using xor_like = workload<2, 4, 1, tanh_act, sigmoid_act>;
using wide = workload<64, 32, 10, relu_act, sigmoid_act>;

// Whether Net has `predict_batch(span<const input_array>, span<output_array>)`.
template <class Net>
concept has_predict_batch = requires(const Net& n, std::span<const typename Net::input_array> in,
                                     std::span<typename Net::output_array> out) {
    { n.predict_batch(in, out) } -> std::convertible_to<std::size_t>;
};

// ---------------------------------------------------------------------------------------------
// Eigen fixed-size matrices: W1 is Matrix<float, H, In> (column-major, so stored [in][out] like
// ctmlp), h = f(W1 x + b1). Vectorised = Eigen's own tanh() / logistic(), else std:: per element.
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

    // Activations of matrices of any shape (a vector here, the batch's matrices below).
    template <class M>
    static auto act(const M& z, tanh_act) {
        if constexpr (Vectorised)
            return z.array().tanh().matrix();
        else
            return z.unaryExpr([](float v) { return std::tanh(v); });
    }
    template <class M>
    static auto act(const M& z, sigmoid_act) {
        if constexpr (Vectorised)
            return z.array().logistic().matrix();
        else
            return z.unaryExpr([](float v) { return 1.0f / (1.0f + std::exp(-v)); });
    }
    template <class M>
    static auto act(const M& z, relu_act) {
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

    void infer(const Eigen::Map<const in_vec>& x, hid_vec& h, out_vec& y) const {
        h = act(hid_vec(w1 * x + b1), typename W::act1{});
        y = act(out_vec(w2 * h + b2), typename W::act2{});
    }
    void train(const Eigen::Map<const in_vec>& x, const Eigen::Map<const out_vec>& t, float rate) {
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

// The batched reference: one matrix product per layer over all the inputs,
// Matrix<float, H, In> * Matrix<float, In, batch>, plus the bias per column and the activation.
// The inputs are read in place: batch_xs is a column-major In x batch matrix.
template <class W>
struct eigen_batch {
    using in_mat = Eigen::Matrix<float, int(W::in), Eigen::Dynamic>;
    using hid_mat = Eigen::Matrix<float, int(W::hidden), Eigen::Dynamic>;
    using out_mat = Eigen::Matrix<float, int(W::out), Eigen::Dynamic>;
    eigen_net<W, true> n;
    hid_mat h;
    out_mat y;
    explicit eigen_batch(const W& w) : n(w), h(int(W::hidden), int(batch_size)), y(int(W::out), int(batch_size)) {}
    void run(const W& w) {
        const Eigen::Map<const in_mat> x(w.batch_xs.data()->data(), int(W::in), int(w.batch_xs.size()));
        h.noalias() = n.w1 * x;
        h.colwise() += n.b1;
        h = eigen_net<W, true>::act(h, typename W::act1{});
        y.noalias() = n.w2 * h;
        y.colwise() += n.b2;
        y = eigen_net<W, true>::act(y, typename W::act2{});
    }
};
#endif

// ---------------------------------------------------------------------------------------------
// FANN 2.2 (float): fann_run and fann_train (one incremental step, linear error function so that
// the output delta is ŷ − y as above, no momentum), with ctmlp's weights. tanh is
// FANN_SIGMOID_SYMMETRIC at steepness 1 (2/(1+e^(-2x)) − 1), sigmoid FANN_SIGMOID at steepness
// 0.5 (1/(1+e^(-x))): for 2-4-1 FANN computes the same function. Its training is not the same
// (FANN clips the output before the derivative, to [0.01, 0.99] for the sigmoid).
#if CTMLP_BENCH_HAVE_FANN
template <class W>
struct fann_net {
    struct fann* ann = nullptr;
    explicit fann_net(const W& w) {
        ann = fann_create_standard(3, static_cast<unsigned>(W::in), static_cast<unsigned>(W::hidden),
                                   static_cast<unsigned>(W::out));
        if constexpr (std::is_same_v<typename W::act1, tanh_act>) {
            fann_set_activation_function_hidden(ann, FANN_SIGMOID_SYMMETRIC);
            fann_set_activation_steepness_hidden(ann, 1.0f);
        } else {
            fann_set_activation_function_hidden(ann, FANN_LINEAR_PIECE);  // no ReLU in FANN 2.2
            fann_set_activation_steepness_hidden(ann, 1.0f);
        }
        fann_set_activation_function_output(ann, FANN_SIGMOID);
        fann_set_activation_steepness_output(ann, 0.5f);
        fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
        fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
        fann_set_learning_rate(ann, learning_rate);
        fann_set_learning_momentum(ann, 0.0f);
        // FANN numbers the neurons of all layers in a row, each layer followed by its bias neuron.
        const auto& p1 = w.ctmlp_net.template layer<1>();
        const auto& p2 = w.ctmlp_net.template layer<2>();
        const auto in0 = 0u, bias0 = unsigned(W::in), hid0 = bias0 + 1, bias1 = hid0 + unsigned(W::hidden),
                   out0 = bias1 + 1;
        for (unsigned j = 0; j < W::hidden; ++j) {
            for (unsigned i = 0; i < W::in; ++i) fann_set_weight(ann, in0 + i, hid0 + j, p1.weight(i, j));
            fann_set_weight(ann, bias0, hid0 + j, p1.bias[j]);
        }
        for (unsigned o = 0; o < W::out; ++o) {
            for (unsigned j = 0; j < W::hidden; ++j) fann_set_weight(ann, hid0 + j, out0 + o, p2.weight(j, o));
            fann_set_weight(ann, bias1, out0 + o, p2.bias[o]);
        }
    }
    ~fann_net() { fann_destroy(ann); }
    fann_net(const fann_net&) = delete;
    fann_net& operator=(const fann_net&) = delete;
};
#endif

}  // namespace bench

#endif
