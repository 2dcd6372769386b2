// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The rejected alternative to network::propagate, kept here only to measure it: the same forward
// step with every loop written out as an index_sequence fold, i.e. unrolled in the source. The
// arithmetic and its order are exactly propagate's (out = 0; for i, for o: out[o] += x[i]·W[i][o];
// + b; f), so both give the same bits; only the shape of the code differs. The compiler cannot
// re-roll such straight-line code at -Os (see benchmarks/README.md and docs/design.md).
#ifndef CTMLP_BENCH_FORCED_UNROLL_HPP
#define CTMLP_BENCH_FORCED_UNROLL_HPP

#include <array>
#include <cstddef>
#include <utility>

#include <ctmlp/ctmlp.hpp>

namespace ctmlp_bench {

/// Layer K's forward step of `net`, fully unrolled by folds.
template <std::size_t K, class Net>
constexpr void propagate_unrolled(const Net& net, const typename Net::scalar* in, typename Net::scalar* out) noexcept {
    using S = typename Net::scalar;
    using params = typename Net::template parameters_of<K>;
    using act = typename Net::template activation_of<K>;
    constexpr std::size_t n_in = params::inputs;
    constexpr std::size_t n_out = params::outputs;
    const auto& p = net.template layer<K>();
    const S* w = p.weights.data();
    [&]<std::size_t... O>(std::index_sequence<O...>) { ((out[O] = S(0.0)), ...); }
    (std::make_index_sequence<n_out>{});
    // J = i * n_out + o runs i-major, o inner: the order of propagate's two loops.
    [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((out[J % n_out] = out[J % n_out] + in[J / n_out] * w[J]), ...);
    }
    (std::make_index_sequence<n_in * n_out>{});
    if constexpr (params::has_bias) {
        [&]<std::size_t... O>(std::index_sequence<O...>) { ((out[O] = out[O] + p.bias[O]), ...); }
        (std::make_index_sequence<n_out>{});
    }
    [&]<std::size_t... O>(std::index_sequence<O...>) { ((out[O] = act::apply(out[O])), ...); }
    (std::make_index_sequence<n_out>{});
}

/// network::predict with propagate_unrolled in place of propagate (same scratch buffers).
template <class Net>
constexpr typename Net::output_array predict_unrolled(const Net& net, const typename Net::input_array& x) noexcept {
    using S = typename Net::scalar;
    std::array<std::array<S, Net::max_width>, 2> scratch;  // uninitialised, as predict()
    const S* in = x.data();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((propagate_unrolled<K + 1>(net, in, scratch[K % 2].data()), in = scratch[K % 2].data()), ...);
    }
    (std::make_index_sequence<Net::depth>{});
    typename Net::output_array y{};
    [&]<std::size_t... O>(std::index_sequence<O...>) { ((y[O] = in[O]), ...); }
    (std::make_index_sequence<Net::output_size>{});
    return y;
}

/// A candidate core change, measured beside the two above: propagate verbatim, with `__restrict`
/// on `in` and `out` (a GCC/clang extension; predict() and forward() never pass overlapping
/// buffers). Without it GCC -O2's "very cheap" vectoriser will not add a run-time alias check and
/// leaves the axpy scalar; -O3 vectorises it with the check.
template <std::size_t K, class Net>
constexpr void propagate_restrict(const Net& net, const typename Net::scalar* __restrict in,
                                  typename Net::scalar* __restrict out) noexcept {
    using S = typename Net::scalar;
    using params = typename Net::template parameters_of<K>;
    using act = typename Net::template activation_of<K>;
    constexpr std::size_t n_in = params::inputs;
    constexpr std::size_t n_out = params::outputs;
    const auto& p = net.template layer<K>();
    const S* w = p.weights.data();
    for (std::size_t o = 0; o < n_out; ++o) out[o] = S(0.0);
    for (std::size_t i = 0; i < n_in; ++i) {
        const S xi = in[i];
        const S* row = w + i * n_out;
        for (std::size_t o = 0; o < n_out; ++o) out[o] = out[o] + xi * row[o];
    }
    if constexpr (params::has_bias) {
        for (std::size_t o = 0; o < n_out; ++o) out[o] = out[o] + p.bias[o];
    }
    for (std::size_t o = 0; o < n_out; ++o) out[o] = act::apply(out[o]);
}

/// network::predict with propagate_restrict in place of propagate.
template <class Net>
constexpr typename Net::output_array predict_restrict(const Net& net, const typename Net::input_array& x) noexcept {
    using S = typename Net::scalar;
    std::array<std::array<S, Net::max_width>, 2> scratch;  // uninitialised, as predict()
    const S* in = x.data();
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((propagate_restrict<K + 1>(net, in, scratch[K % 2].data()), in = scratch[K % 2].data()), ...);
    }
    (std::make_index_sequence<Net::depth>{});
    typename Net::output_array y{};
    for (std::size_t o = 0; o < Net::output_size; ++o) y[o] = in[o];
    return y;
}

// The two shapes measured (forward pass only).
using net_2_4_1 = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
using net_16_32_8 =
    ctmlp::network<float, ctmlp::input<16>, ctmlp::dense<32, ctmlp::relu>, ctmlp::dense<8, ctmlp::sigmoid>>;

}  // namespace ctmlp_bench

#endif
