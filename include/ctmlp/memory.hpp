// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_MEMORY_HPP
#define CTMLP_MEMORY_HPP

#include <cstddef>
#include <type_traits>

#include <ctmlp/backprop.hpp>
#include <ctmlp/network.hpp>

/// The RAM a network needs, as compile-time constants: `ctmlp::memory<Net, Optimizer>`.
namespace ctmlp {

namespace detail {
template <class Optimizer, class Net>
constexpr std::size_t optimizer_state_bytes() {
    if constexpr (std::is_void_v<Optimizer>)
        return 0;
    else if constexpr (!Optimizer::stateful)
        return 0;
    else
        return sizeof(typename Optimizer::template state<Net>);
}
template <class Optimizer>
constexpr bool optimizer_stateful() {
    if constexpr (std::is_void_v<Optimizer>)
        return false;
    else
        return Optimizer::stateful;
}
}  // namespace detail

/// The RAM a network needs, in bytes, as compile-time constants to `static_assert` against a
/// budget, for training with `Optimizer` (default: plain SGD, as `ctmlp::sgd{...}` and
/// `ctmlp::optim::sgd` without weight decay). They count objects, not stack frames: the compiler's
/// own temporaries and saved registers come on top (measured with -fstack-usage by the firmware
/// tests firmware.train_memory and firmware.train_memory.frames; docs/training.md).
template <Network Net, class Optimizer = void>
struct memory {
    /// The parameters: weights and biases, nothing else (`sizeof(Net)`).
    static constexpr std::size_t parameters = sizeof(Net);
    /// predict()'s scratch: two arrays of the widest layer.
    static constexpr std::size_t inference_scratch = 2 * Net::max_width * sizeof(typename Net::scalar);
    /// A training workspace: every layer's output (input included) and every delta.
    static constexpr std::size_t workspace = sizeof(ctmlp::workspace<Net>);
    /// The gradient buffer of batch training (a network-shaped object, zeroed in place per batch).
    static constexpr std::size_t gradient = sizeof(Net);
    /// The optimizer's state (`Optimizer::state<Net>`): none for plain SGD, the velocity for
    /// `optim::momentum`, both moments and the step count for `optim::adam`/`adamw`.
    static constexpr std::size_t optimizer_state = detail::optimizer_state_bytes<Optimizer, Net>();
    /// The copy of the best weights that early stopping keeps (when validation data are given).
    static constexpr std::size_t best_weights = sizeof(Net);
    /// Inference from a network held in RAM (put a `constexpr` network in flash and it is
    /// only `inference_scratch`).
    static constexpr std::size_t inference = parameters + inference_scratch;
    /// Training one sample at a time: plain SGD keeps no state and no gradient (parameters +
    /// workspace); a stateful optimizer (or weight decay) goes through the gradient buffer.
    static constexpr std::size_t training_per_sample =
        parameters + workspace + (detail::optimizer_stateful<Optimizer>() ? gradient + optimizer_state : 0);
    /// Mini-batch or full-batch training: parameters + workspace + gradient + optimizer state.
    static constexpr std::size_t training_mini_batch = parameters + workspace + gradient + optimizer_state;
    /// Full-batch training (the same objects as mini-batches).
    static constexpr std::size_t training_full_batch = training_mini_batch;
    /// The index buffer train() keeps to shuffle `std::array` data of n samples (run-time-sized
    /// data: the caller's buffer, or none).
    static constexpr std::size_t shuffle_indices(std::size_t n) noexcept { return n * sizeof(std::size_t); }
};

}  // namespace ctmlp

#endif
