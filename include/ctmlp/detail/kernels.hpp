// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_DETAIL_KERNELS_HPP
#define CTMLP_DETAIL_KERNELS_HPP

#include <cstddef>
#include <type_traits>

#include <ctmlp/detail/config.hpp>

/// The run-time inner loops of a dense layer for float and double: the weighted sums
/// out = in · W of one or several samples, and the rank-one update W ← W ∓ rate · aᵀδ.
///
/// Why they exist (measured in benchmarks/, see docs/design.md §2): written as plain loops over
/// memory, `out[o] += x[i] * W[i][o]` keeps the sums in memory, so every step of a sum waits for
/// a store and a load; GCC does not keep a local array of sums in registers either. Here each
/// block of outputs is summed in vector registers (GCC/clang vector extensions, no intrinsics: the
/// same source on every target with SIMD), input by input, and stored once.
///
/// The arithmetic is the plain loops', operation for operation: every output's sum runs over the
/// inputs in order, starting from the first product, each lane doing what the scalar loop does.
/// So the results are bit for bit those of the scalar loops (and of constant evaluation, which
/// always runs the scalar loops) under the same floating-point flags: the vector width changes
/// how many outputs are computed at once, never how one is computed.
///
/// Targets without SIMD (Cortex-M) and every other scalar type keep the scalar loops, whose code
/// is the smallest at -Os.
namespace ctmlp::detail {

/// Bytes of the widest vectors the kernels use at run time: 64 with AVX-512, 32 with AVX, 16 with
/// SSE2 / NEON / AltiVec / WebAssembly SIMD, 0 (scalar loops) elsewhere. A target property, the
/// same in every translation unit of one build; the results do not depend on it (see above).
#if (defined(__GNUC__) || defined(__clang__)) && defined(__AVX512F__)
inline constexpr std::size_t simd_bytes = 64;
#elif (defined(__GNUC__) || defined(__clang__)) && defined(__AVX__)
inline constexpr std::size_t simd_bytes = 32;
#elif (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__SSE2__) || defined(__ARM_NEON) || defined(__ALTIVEC__) || defined(__wasm_simd128__))
inline constexpr std::size_t simd_bytes = 16;
#else
inline constexpr std::size_t simd_bytes = 0;
#endif

/// True when the vector kernels run for scalar S at run time.
template <class S>
inline constexpr bool simd_kernels = simd_bytes > 0 && (std::is_same_v<S, float> || std::is_same_v<S, double>);

/// Lanes of the vectors for a layer of `outputs` units: the widest vector that the layer fills at
/// least once (a 10-unit layer uses 8-float vectors where the target has 16), never narrower than
/// 16 bytes; 1 (scalar) when not even that fits.
template <class S, std::size_t Outputs>
constexpr std::size_t lanes_for() noexcept {
    std::size_t bytes = simd_bytes;
    while (bytes > 16 && bytes / sizeof(S) > Outputs) bytes /= 2;
    return bytes / sizeof(S) <= Outputs && bytes >= 16 ? bytes / sizeof(S) : 1;
}

#if (defined(__GNUC__) || defined(__clang__))
/// A vector of Lanes elements of S.
template <class S, std::size_t Lanes>
struct simd_vector {
    typedef S type __attribute__((vector_size(Lanes * sizeof(S))));
};

/// Lanes elements from p: a vector, or one scalar for Lanes == 1 (the remainder columns).
template <std::size_t Lanes, class S>
inline auto load_lanes(const S* p) noexcept {
    if constexpr (Lanes == 1) {
        return *p;
    } else {
        typename simd_vector<S, Lanes>::type v;
        __builtin_memcpy(&v, p, sizeof v);
        return v;
    }
}
template <std::size_t Lanes, class S, class V>
inline void store_lanes(S* p, const V& v) noexcept {
    if constexpr (Lanes == 1)
        *p = v;
    else
        __builtin_memcpy(p, &v, sizeof v);
}

/// out[s][o0 + c·Lanes + l] = Σ_i in[s][i] · W[i][o0 + c·Lanes + l] for Count groups of Lanes
/// columns and NS samples: NS × Count accumulators, in registers; each weight group is loaded
/// once per input and used for every sample.
template <std::size_t NIn, std::size_t NOut, std::size_t NS, std::size_t Lanes, std::size_t Count, class S>
inline void sum_columns(const S* CTMLP_RESTRICT w, const S* const* in, S* const* out, std::size_t o0) noexcept {
    using lane_t = decltype(load_lanes<Lanes>(w));
    lane_t acc[NS][Count];
    lane_t wv[Count];
    CTMLP_UNROLL
    for (std::size_t c = 0; c < Count; ++c) wv[c] = load_lanes<Lanes>(w + o0 + c * Lanes);
    CTMLP_UNROLL
    for (std::size_t s = 0; s < NS; ++s) {
        const S x0 = in[s][0];
        CTMLP_UNROLL
        for (std::size_t c = 0; c < Count; ++c) acc[s][c] = x0 * wv[c];
    }
    CTMLP_UNROLL
    for (std::size_t i = 1; i < NIn; ++i) {
        const S* row = w + i * NOut + o0;
        CTMLP_UNROLL
        for (std::size_t c = 0; c < Count; ++c) wv[c] = load_lanes<Lanes>(row + c * Lanes);
        CTMLP_UNROLL
        for (std::size_t s = 0; s < NS; ++s) {
            const S xi = in[s][i];
            CTMLP_UNROLL
            for (std::size_t c = 0; c < Count; ++c) acc[s][c] = acc[s][c] + xi * wv[c];
        }
    }
    CTMLP_UNROLL
    for (std::size_t s = 0; s < NS; ++s) {
        CTMLP_UNROLL
        for (std::size_t c = 0; c < Count; ++c) store_lanes<Lanes>(out[s] + o0 + c * Lanes, acc[s][c]);
    }
}

/// out[s] = in[s] · W for NS samples (W stored [in][out]): the outputs in blocks of vectors as
/// wide as the layer fills (lanes_for), then the columns left over one by one. Blocks hold 4
/// vectors of sums for one sample (32 floats with AVX: the 64-32-10 hidden layer in one pass) and
/// 2 for several (8 accumulators for 4 samples).
template <std::size_t NIn, std::size_t NOut, std::size_t NS, class S>
inline void weighted_sums(const S* CTMLP_RESTRICT w, const S* const* in, S* const* out) noexcept {
    constexpr std::size_t lanes = lanes_for<S, NOut>();
    constexpr std::size_t vectors = NOut / lanes;
    constexpr std::size_t rest = NOut % lanes;
    constexpr std::size_t block = NS == 1 ? 4 : 2;
    constexpr std::size_t full_blocks = vectors / block;
    for (std::size_t b = 0; b < full_blocks; ++b)
        sum_columns<NIn, NOut, NS, lanes, block>(w, in, out, b * block * lanes);
    if constexpr (vectors % block != 0)
        sum_columns<NIn, NOut, NS, lanes, vectors % block>(w, in, out, full_blocks * block * lanes);
    if constexpr (rest != 0) sum_columns<NIn, NOut, NS, 1, rest>(w, in, out, vectors * lanes);
}

/// W[i][o] ← W[i][o] − rate · (a[i] · δ[o]) (Step) or W[i][o] ← W[i][o] + a[i] · δ[o] (a gradient
/// sum), row by row, the row in vectors: the scalar loops' operations, lane by lane.
template <bool Step, std::size_t NIn, std::size_t NOut, class S>
inline void simd_rank_one_update(S* CTMLP_RESTRICT w, const S* CTMLP_RESTRICT a, const S* CTMLP_RESTRICT d,
                                 S rate) noexcept {
    constexpr std::size_t lanes = lanes_for<S, NOut>();
    constexpr std::size_t vectors = NOut / lanes;
    CTMLP_UNROLL
    for (std::size_t i = 0; i < NIn; ++i) {
        const S ai = a[i];
        S* row = w + i * NOut;
        CTMLP_UNROLL
        for (std::size_t v = 0; v < vectors; ++v) {
            const auto dv = load_lanes<lanes>(d + v * lanes);
            auto wv = load_lanes<lanes>(row + v * lanes);
            if constexpr (Step)
                wv = wv - rate * (ai * dv);
            else
                wv = wv + ai * dv;
            store_lanes<lanes>(row + v * lanes, wv);
        }
        CTMLP_UNROLL
        for (std::size_t o = vectors * lanes; o < NOut; ++o) {
            if constexpr (Step)
                row[o] = row[o] - rate * (ai * d[o]);
            else
                row[o] = row[o] + ai * d[o];
        }
    }
}
#endif

}  // namespace ctmlp::detail

#endif
