// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_LAYER_HPP
#define CTMLP_LAYER_HPP

#include <array>
#include <cstddef>
#include <type_traits>

/// Layer declarations (what the user writes) and the parameter blocks they turn into.
namespace ctmlp {

/// Bias policy of a dense layer: `with_bias` (the default) or `no_bias` (the notebook's cell 1).
struct with_bias {
    static constexpr bool enabled = true;
};
/// Bias policy of a dense layer: no bias vector at all (not a zero one: nothing is stored).
struct no_bias {
    static constexpr bool enabled = false;
};

/// The input of a network: N numbers. Always the first entry of the layer list.
template <std::size_t N>
struct input {
    static_assert(N > 0, "ctmlp::input<N>: a network needs at least one input; N must be > 0");
    static constexpr std::size_t size = N;
};

/// A fully connected layer of N units with activation A; `Bias` is `with_bias` or `no_bias`.
/// Its input size is the previous layer's size, so it is never written twice.
template <std::size_t N, class A, class Bias = with_bias>
struct dense {
    static_assert(N > 0, "ctmlp::dense<N, ...>: a layer needs at least one unit; N must be > 0");
    static_assert(std::is_same_v<Bias, with_bias> || std::is_same_v<Bias, no_bias>,
                  "ctmlp::dense<N, A, Bias>: Bias must be ctmlp::with_bias or ctmlp::no_bias");
    static constexpr std::size_t size = N;
    using activation = A;
    static constexpr bool has_bias = Bias::enabled;
};

namespace detail {
template <class T>
inline constexpr bool is_input = false;
template <std::size_t N>
inline constexpr bool is_input<input<N>> = true;

// The bias of a layer declared `no_bias`: an empty class (std::array<T, 0> is not one in
// libstdc++), so that with [[no_unique_address]] it takes no space; it iterates as empty.
template <class S>
struct no_storage {
    static constexpr std::size_t size() noexcept { return 0; }
    constexpr S* begin() noexcept { return nullptr; }
    constexpr S* end() noexcept { return nullptr; }
    constexpr const S* begin() const noexcept { return nullptr; }
    constexpr const S* end() const noexcept { return nullptr; }
    friend constexpr bool operator==(no_storage, no_storage) noexcept { return true; }
};

/// Tag of the constructors that leave values uninitialised (`workspace(uninitialized)`,
/// `network(uninitialized)`), for storage that is written before it is read.
struct uninitialized_t {
    explicit uninitialized_t() = default;
};
inline constexpr uninitialized_t uninitialized{};

/// Called first in a constexpr constructor that zeroes a few dozen bytes: GCC folds such an
/// initialisation, when it can evaluate it as a constant, into one `= {}` of the whole object,
/// which it compiles at -Os into a call to memset (newlib-nano's: 162 B on a Cortex-M4). A
/// constructor that asks std::is_constant_evaluated() cannot be folded outside constant
/// evaluation, so its member-wise stores stay (measured with GCC 12: a 44-byte struct, 54 B of
/// stores instead of 38 B plus memset). It changes no value.
constexpr void keep_member_stores() noexcept {
    if (std::is_constant_evaluated()) return;
}

template <class T>
inline constexpr bool is_dense = false;
template <std::size_t N, class A, class B>
inline constexpr bool is_dense<dense<N, A, B>> = true;
}  // namespace detail

/// The parameters of one dense layer with `In` inputs and `Out` units. Weights are stored
/// input-major, `weights[i * Out + o]` = weight from input i to unit o: the layout of the
/// notebook's `weights_0_1` of shape (inputs, outputs), and the one whose inner loop (over o) is a
/// contiguous axpy that compilers vectorise (see benchmarks/).
template <class S, std::size_t In, std::size_t Out, bool HasBias>
struct dense_parameters {
    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Out;
    static constexpr bool has_bias = HasBias;
    static constexpr std::size_t parameter_count = In * Out + (HasBias ? Out : 0);

    std::array<S, In * Out> weights;
    /// The bias; an empty member for `no_bias` layers.
    [[no_unique_address]] std::conditional_t<HasBias, std::array<S, Out>, detail::no_storage<S>> bias;

    /// Every weight and bias zero.
    constexpr dense_parameters() noexcept : weights{}, bias{} {}
    /// Every weight and bias uninitialised: write before reading (a network's
    /// `network(detail::uninitialized)`; see there).
    constexpr explicit dense_parameters(detail::uninitialized_t) noexcept {}

    /// Weight from input `i` to unit `o`.
    constexpr S& weight(std::size_t i, std::size_t o) noexcept { return weights[i * Out + o]; }
    /// Weight from input `i` to unit `o`.
    constexpr const S& weight(std::size_t i, std::size_t o) const noexcept { return weights[i * Out + o]; }

    friend constexpr bool operator==(const dense_parameters&, const dense_parameters&) = default;
};

}  // namespace ctmlp

#endif
