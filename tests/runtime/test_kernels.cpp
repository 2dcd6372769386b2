// The run-time layer kernels (include/ctmlp/detail/kernels.hpp): on a SIMD target the weighted
// sums of predict()/forward() and the rank-one updates of sgd_step()/accumulate_gradient() run in
// vector registers, and predict_batch() pushes four samples at a time through each layer. None of
// that may change a value: every result here is compared BIT FOR BIT with constant evaluation
// (which always runs the scalar loops) and with a plain reference loop written in this file
// (-ffp-contract=off comes from the test flags). The shapes cover every path of the kernels: whole
// blocks of vectors, a partial block, leftover columns, fewer outputs than one vector, one input,
// float and double (different lane counts).
#include <ctmlp/ctmlp.hpp>

#include <array>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

#include "catch.hpp"

namespace {

template <class S, std::size_t In, std::size_t H, std::size_t Out>
using net_t = ctmlp::network<S, ctmlp::input<In>, ctmlp::dense<H, ctmlp::leaky_relu<>>,
                             ctmlp::dense<Out, ctmlp::portable::sigmoid>>;

// Deterministic inputs and targets, the same at compile time and at run time.
template <class Net>
constexpr typename Net::input_array input_of(std::size_t k) {
    typename Net::input_array x{};
    for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = typename Net::scalar(static_cast<double>((k * 7 + i * 13) % 23) / 11.0 - 1.0);
    return x;
}
template <class Net>
constexpr typename Net::output_array target_of(std::size_t k) {
    typename Net::output_array y{};
    for (std::size_t o = 0; o < y.size(); ++o) y[o] = typename Net::scalar((k + o) % 2 == 0 ? 0.0 : 1.0);
    return y;
}
template <class Net>
constexpr Net make_net() {
    ctmlp::splitmix64 gen{99};
    return ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1.0, 1.0});
}

// Compile-time results: predictions of 3 inputs, and the network after 3 SGD steps and the
// gradient sum of 3 samples.
template <class Net>
struct reference {
    std::array<typename Net::output_array, 3> predictions{};
    Net stepped{};
    Net gradient{};
};
template <class Net>
constexpr reference<Net> compute() {
    reference<Net> r;
    const Net net = make_net<Net>();
    for (std::size_t k = 0; k < 3; ++k) r.predictions[k] = net.predict(input_of<Net>(k));
    r.stepped = net;
    ctmlp::workspace<Net> ws{};
    for (std::size_t k = 0; k < 3; ++k) {
        ctmlp::forward(r.stepped, ws, input_of<Net>(k));
        ctmlp::backward(r.stepped, ws, target_of<Net>(k), ctmlp::half_squared_error{});
        ctmlp::sgd_step(r.stepped, ws, typename Net::scalar(0.25));
    }
    for (std::size_t k = 0; k < 3; ++k) {
        ctmlp::forward(net, ws, input_of<Net>(k));
        ctmlp::backward(net, ws, target_of<Net>(k), ctmlp::half_squared_error{});
        ctmlp::accumulate_gradient(r.gradient, ws);
    }
    return r;
}

// The same at run time, through the kernels (the functions are the same; the branch taken is not).
template <class Net>
reference<Net> compute_at_run_time() {
    return compute<Net>();
}

template <class T>
bool same_bits(const T& a, const T& b) {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// A plain loop: out[o] = f(Σ_i x[i]·W[i][o] + b[o]), the sum over i in order from the first product.
template <class Net, std::size_t K>
void reference_layer(const Net& net, const typename Net::scalar* in, typename Net::scalar* out) {
    using S = typename Net::scalar;
    using act = typename Net::template activation_of<K>;
    constexpr std::size_t n_in = Net::sizes[K - 1], n_out = Net::sizes[K];
    const auto& p = net.template layer<K>();
    for (std::size_t o = 0; o < n_out; ++o) {
        S sum = in[0] * p.weights[o];
        for (std::size_t i = 1; i < n_in; ++i) sum = sum + in[i] * p.weights[i * n_out + o];
        out[o] = act::apply(sum + p.bias[o]);
    }
}
template <class Net>
typename Net::output_array reference_predict(const Net& net, const typename Net::input_array& x) {
    std::array<typename Net::scalar, Net::sizes[1]> h{};
    typename Net::output_array y{};
    reference_layer<Net, 1>(net, x.data(), h.data());
    reference_layer<Net, 2>(net, h.data(), y.data());
    return y;
}

template <class Net>
void check_shape() {
    static constexpr reference<Net> at_compile_time = compute<Net>();
    const reference<Net> at_run_time = compute_at_run_time<Net>();
    const Net net = make_net<Net>();
    for (std::size_t k = 0; k < 3; ++k) {
        CHECK(same_bits(at_run_time.predictions[k], at_compile_time.predictions[k]));
        CHECK(same_bits(net.predict(input_of<Net>(k)), reference_predict(net, input_of<Net>(k))));
    }
    CHECK(same_bits(at_run_time.stepped, at_compile_time.stepped));
    CHECK(same_bits(at_run_time.gradient, at_compile_time.gradient));
    CHECK(!same_bits(at_run_time.stepped, net));  // the steps did change the network

    // predict_batch == predict, for batch sizes around the groups of four, from spans and arrays.
    std::vector<typename Net::input_array> xs;
    for (std::size_t k = 0; k < 11; ++k) xs.push_back(input_of<Net>(k));
    for (std::size_t n = 0; n <= xs.size(); ++n) {
        std::vector<typename Net::output_array> ys(n + 2);  // two more outputs than inputs
        const std::size_t done = net.predict_batch(std::span(xs).first(n), ys);
        CHECK(done == n);
        for (std::size_t k = 0; k < n; ++k) CHECK(same_bits(ys[k], net.predict(xs[k])));
        for (std::size_t k = n; k < ys.size(); ++k) CHECK(same_bits(ys[k], typename Net::output_array{}));
    }
    std::vector<typename Net::output_array> fewer(5);
    CHECK(net.predict_batch(xs, fewer) == 5);  // the shorter span decides
    for (std::size_t k = 0; k < 5; ++k) CHECK(same_bits(fewer[k], net.predict(xs[k])));
    std::array<typename Net::input_array, 6> xa{};
    std::array<typename Net::output_array, 6> ya{};
    for (std::size_t k = 0; k < xa.size(); ++k) xa[k] = input_of<Net>(k + 20);
    CHECK(net.predict_batch(xa, ya) == 6);
    for (std::size_t k = 0; k < xa.size(); ++k) CHECK(same_bits(ya[k], net.predict(xa[k])));
}

}  // namespace

TEST_CASE("kernels: run time equals compile time and a plain loop, bit for bit, for every kernel path", "[kernels]") {
    SECTION("float") {
        check_shape<net_t<float, 2, 4, 1>>();     // the seed's shape: fewer outputs than a vector
        check_shape<net_t<float, 1, 9, 3>>();     // one input
        check_shape<net_t<float, 7, 17, 9>>();    // 2 vectors + 1 column (AVX), 4 + 1 (SSE)
        check_shape<net_t<float, 64, 32, 10>>();  // the digits network: one whole block, then 8 + 2
        check_shape<net_t<float, 5, 47, 2>>();    // a whole block, a partial block, 7 columns left
    }
    SECTION("double") {
        check_shape<net_t<double, 2, 4, 1>>();
        check_shape<net_t<double, 7, 17, 9>>();
        check_shape<net_t<double, 12, 40, 6>>();
    }
}

// predict_batch(xs, xs) on nine samples equals predict() of each, bit for bit.
template <class Net>
void check_overwrite() {
    const Net net = make_net<Net>();
    std::vector<typename Net::input_array> xs;
    for (std::size_t k = 0; k < 9; ++k) xs.push_back(input_of<Net>(k));
    std::vector<typename Net::output_array> expected;
    for (const auto& x : xs) expected.push_back(net.predict(x));
    CHECK(net.predict_batch(xs, xs) == xs.size());
    for (std::size_t k = 0; k < xs.size(); ++k) CHECK(same_bits(xs[k], expected[k]));
}

TEST_CASE("kernels: predict_batch may write over its own inputs when they are the outputs", "[kernels]") {
    check_overwrite<
        ctmlp::network<float, ctmlp::input<8>, ctmlp::dense<16, ctmlp::relu>, ctmlp::dense<8, ctmlp::identity>>>();
    // One layer: the outputs are written by the layer that reads the inputs, in several blocks
    // of columns (40 = 2 vectors of 16 + 8 with AVX-512, 8 vectors of 4 + ... with SSE2).
    check_overwrite<ctmlp::network<float, ctmlp::input<40>, ctmlp::dense<40, ctmlp::leaky_relu<>>>>();
}

TEST_CASE("kernels: NaN and infinity pass through the vector kernels as through the scalar loops", "[kernels]") {
    using Net = net_t<float, 64, 32, 10>;
    Net net = make_net<Net>();
    auto x = input_of<Net>(1);
    x[17] = std::numeric_limits<float>::quiet_NaN();
    for (const float v : net.predict(x)) CHECK(v != v);
    net.layer<1>().weights[5] = std::numeric_limits<float>::infinity();  // input 0 → unit 5
    auto y = input_of<Net>(2);
    y[0] = 1.0f;
    const auto out = net.predict(y);
    CHECK(same_bits(out, reference_predict(net, y)));
}
