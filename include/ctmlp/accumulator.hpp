// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_ACCUMULATOR_HPP
#define CTMLP_ACCUMULATOR_HPP

#include <concepts>

/// How a network sums a neuron's terms, in · W + b: the customization point behind
/// network::propagate.
///
/// A floating-point scalar sums in its own type, term by term, as NumPy's `np.dot(x, W) + b` does
/// (the primary template: nothing to specialise, and float/double results stay bit for bit those
/// of the seed notebook and of PyTorch). A scalar whose own `+` and `*` round or saturate at every
/// step (ctmlp::fixed) would make a dot product depend on the order of its terms (in Q7.8,
/// {100, 100, −100, −100}·1 came out as −72 and {100, −100, 100, −100}·1 as 0): such a type
/// specialises `accumulator_traits` with a wide accumulator that holds the raw products exactly
/// and rounds and saturates once per neuron, what CMSIS-NN and TensorFlow Lite Micro do.
namespace ctmlp {

/// Customization point: the accumulator a network uses for a neuron's sum in scalar `S`. The
/// primary template has none (it is empty): the network sums in `S`. A specialisation with
/// a wide accumulator provides (see the WideAccumulator concept):
///
///     using type = ...;                                the accumulator (a literal type)
///     static constexpr type start() noexcept;          an empty sum
///     static constexpr type start(S bias) noexcept;    a sum holding the bias
///     static constexpr void add(type&, S x, S w) noexcept;   sum += x·w, exactly
///     static constexpr S finish(const type&) noexcept; the sum rounded and saturated once
template <class S>
struct accumulator_traits {};

/// A scalar whose network sums go through a wide accumulator (`accumulator_traits<S>`).
template <class S>
concept WideAccumulator = requires(S x, typename accumulator_traits<S>::type& acc) {
    { accumulator_traits<S>::start() } -> std::same_as<typename accumulator_traits<S>::type>;
    { accumulator_traits<S>::start(x) } -> std::same_as<typename accumulator_traits<S>::type>;
    accumulator_traits<S>::add(acc, x, x);
    { accumulator_traits<S>::finish(acc) } -> std::same_as<S>;
};

}  // namespace ctmlp

#endif
