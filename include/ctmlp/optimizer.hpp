// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_OPTIMIZER_HPP
#define CTMLP_OPTIMIZER_HPP

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <ctmlp/math.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/scalar.hpp>

/// Optimizers, learning-rate schedules and gradient clipping, following `torch.optim` 1.13
/// (`_single_tensor_sgd`, `_single_tensor_adam`, `_single_tensor_adamw`, `StepLR`,
/// `ExponentialLR`, `CosineAnnealingLR`, `torch.nn.utils.clip_grad_norm_`) operation for operation,
/// so that a float64 network follows PyTorch's float64 trajectory to rounding
/// (tests/runtime/test_optimizers.cpp compares with tests/fixtures/optimizer_reference.txt).
///
/// g is the gradient of the batch (the mean over its samples unless the loop is told to sum), p a
/// parameter, η the learning rate of the current epoch, λ the weight decay, t the step (1, 2, ...).
///
///   optim::sgd       g ← g + λp;  p ← p − ηg                           (no state)
///   optim::momentum  g ← g + λp;  v ← g at t = 1, else v ← μv + (1 − dampening)g;
///                    g ← g + μv (nesterov) or g ← v;  p ← p − ηg       (state: v)
///   optim::adam      g ← g + λp (L2);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
///                    m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ);  p ← p − η m̂/(√v̂ + ε)   (state: m, v, t)
///   optim::adamw     p ← p(1 − ηλ) (decoupled);  then adam with λ = 0
///
/// Adam's last line is evaluated as torch does: p ← p + (−η/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε),
/// with ε outside the root; β₁ᵗ, β₂ᵗ are running products in double. Every coefficient that does
/// not depend on the parameter (η/(1 − β₁ᵗ), 1 − ηλ, ...) is computed once per step in double and
/// converted to the network's scalar, as torch passes Python floats to its kernels.
///
/// State lives in network-shaped objects sized at compile time (`optim::adam::state<Net>` holds two
/// networks and the step count): no heap. `ctmlp::memory<Net, Optimizer>` counts it.
namespace ctmlp {

/// How a training run ended (shared by the optimizers' hyper-parameter checks and the loop).
enum class train_status {
    ok,                     ///< every epoch ran
    early_stopped,          ///< the validation loss stopped improving; the best weights were restored
    stopped_by_observer,    ///< the observer set `stop` in an epoch event
    non_finite_loss,        ///< a sample's loss or metric was NaN or infinite; stopped before using it
    non_finite_update,      ///< an update would have made a parameter or optimizer state non-finite
                            ///< (or could have overflowed): it was not applied, the network is unchanged
    loss_overflow,          ///< the epoch's sum of finite per-sample losses (or metrics) overflowed
    non_finite_data,        ///< an input or target (training or validation) is NaN or infinite
    non_finite_parameters,  ///< the network handed to train() holds a NaN or infinite parameter
    invalid_learning_rate,  ///< not finite, not > 0, or not representable (overflows/underflows the scalar)
    invalid_weight_decay,   ///< not finite, < 0, or not representable
    invalid_momentum,       ///< not in [0, 1), or nesterov without momentum / with dampening
    invalid_dampening,      ///< not in [0, 1]
    invalid_betas,          ///< Adam's β₁ or β₂ not in [0, 1)
    invalid_epsilon,        ///< Adam's ε not finite, not > 0, or 0 in the scalar
    invalid_epochs,         ///< 0 epochs
    invalid_batch_size,     ///< batch size 0
    invalid_schedule,       ///< a schedule parameter out of range (step 0, γ ≤ 0, T_max 0, η_min < 0 ...)
    invalid_clip_norm,      ///< the clipping norm is negative or not finite
    invalid_patience,       ///< early stopping without validation data, or min_delta < 0
    invalid_data,           ///< inputs and targets differ in number, or there are none
    // appended: the values above keep their numbers
    invalid_index_buffer,  ///< the index buffer (std::span<std::size_t>) is non-empty and shorter than the data
    invalid_targets        ///< a cross-entropy target outside [0, 1] (failed_sample: training, else validation data)
};

namespace detail {

// A double hyper-parameter usable as the scalar S: finite in double, and finite in S.
template <class S>
constexpr bool representable(double x) noexcept {
    if (!ctmlp::is_finite(x)) return false;
    if constexpr (std::is_floating_point_v<S>) {
        constexpr double max = static_cast<double>(std::numeric_limits<S>::max());
        return x <= max && x >= -max;  // a double beyond the scalar's range would become inf
    } else {
        return true;
    }
}
template <class S>
constexpr bool representable_positive(double x) noexcept {
    return representable<S>(x) && x > 0.0 && from_double<S>(x) > S(0.0);
}

// x^n by squaring, in double (schedules and bias corrections; n small).
constexpr double power(double x, std::size_t n) noexcept {
    double r = 1.0;
    while (n != 0) {
        if ((n & 1U) != 0) r *= x;
        x *= x;
        n >>= 1U;
    }
    return r;
}

// Calls f(block_of_net, block_of_others...) with the `std::array` of each parameter block, layer
// by layer (weights, then the bias if the layer has one): ctmlp's flat parameter order. The
// networks have the same type; `others` may be const.
template <class Net, class F, class... Others>
constexpr void for_each_block(Net& net, F&& f, Others&... others) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                constexpr std::size_t layer_k = K + 1;
                f(net.template layer<layer_k>().weights, others.template layer<layer_k>().weights...);
                if constexpr (std::remove_cvref_t<Net>::template parameters_of<layer_k>::has_bias)
                    f(net.template layer<layer_k>().bias, others.template layer<layer_k>().bias...);
            }(),
            ...);
    }
    (std::make_index_sequence<std::remove_cvref_t<Net>::depth>{});
}

// Sets every parameter to zero in place (no network-sized temporary: `grad = Net{}` builds one on
// the stack with GCC).
template <class Net>
constexpr void zero(Net& net) noexcept {
    for_each_block(net, [](auto& param) {
        for (auto& entry : param) entry = typename Net::scalar(0.0);
    });
}

// Has no parameter that is NaN or infinite.
template <class Net>
constexpr bool all_finite(const Net& net) noexcept {
    bool ok = true;
    for_each_block(net, [&](const auto& param) {
        for (const auto& entry : param) ok = ok && ctmlp::is_finite(entry);
    });
    return ok;
}

/// An optimizer without state.
struct no_state {};

// The exponent e of |x| (|x| < 2^(e+1)); ∞ and NaN give more than max_exp.
template <class S>
constexpr int exponent(S value) noexcept {
    using T = math::detail::fp_traits<S>;
    return static_cast<int>((math::detail::to_bits(value) & ~T::sign_mask) >> T::mant_bits) - T::bias;
}

// Arithmetic of an update's commit pass: plain operations.
struct plain_ops {
    template <class S>
    static constexpr S mul(S a, S b) noexcept {
        return a * b;
    }
    template <class S>
    static constexpr S add(S a, S b) noexcept {
        return a + b;
    }
    template <class S>
    static constexpr S sub(S a, S b) noexcept {
        return a - b;
    }
    template <class S>
    static constexpr S div(S a, S b) noexcept {
        return a / b;
    }
};

// Arithmetic of an update's check pass. At run time the plain operations: an overflow gives ∞,
// which the bit test after the computation catches. In constant evaluation an operation whose
// result could overflow is not evaluated (GCC rejects it as not a constant expression): `ok`
// turns false and the result is 0. Bounds from the exponents keep every result below max/4.
struct guarded_ops {
    bool& ok;
    template <class S>
    constexpr bool fits(int e) const noexcept {
        if constexpr (std::is_same_v<S, float> || std::is_same_v<S, double>) {
            if (std::is_constant_evaluated() && e > math::detail::fp_traits<S>::max_exp - 3) ok = false;
        }
        return ok;
    }
    template <class S>
    constexpr S mul(S a, S b) const noexcept {
        if constexpr (std::is_same_v<S, float> || std::is_same_v<S, double>)
            if (std::is_constant_evaluated() && !fits<S>(exponent(a) + exponent(b) + 2)) return S(0.0);
        return a * b;
    }
    template <class S>
    constexpr S add(S a, S b) const noexcept {
        if constexpr (std::is_same_v<S, float> || std::is_same_v<S, double>)
            if (std::is_constant_evaluated() && !fits<S>((exponent(a) > exponent(b) ? exponent(a) : exponent(b)) + 2))
                return S(0.0);
        return a + b;
    }
    template <class S>
    constexpr S sub(S a, S b) const noexcept {
        return add(a, -b);  // the same bound; -b is exact
    }
    template <class S>
    constexpr S div(S a, S b) const noexcept {
        if constexpr (std::is_same_v<S, float> || std::is_same_v<S, double>)
            if (std::is_constant_evaluated() && !fits<S>(exponent(a) - exponent(b) + 2)) return S(0.0);
        return a / b;
    }
};
}  // namespace detail

namespace optim {

/// Plain SGD with optional L2 weight decay (`torch.optim.SGD` with momentum 0). Keeps no state;
/// trained one sample at a time it needs no gradient buffer either.
struct sgd {
    double learning_rate = 0.01;
    double weight_decay = 0.0;  ///< λ: g ← g + λp

    template <class Net>
    using state = detail::no_state;
    static constexpr bool stateful = false;

    /// `ok` or the status naming the first bad hyper-parameter, for scalar `S`.
    template <class S>
    constexpr train_status check() const noexcept {
        if (!detail::representable_positive<S>(learning_rate)) return train_status::invalid_learning_rate;
        if (!detail::representable<S>(weight_decay) || weight_decay < 0.0) return train_status::invalid_weight_decay;
        return train_status::ok;
    }

    /// One step p ← p − η(g/n + λp) over every parameter. With λ = 0 it is p ← p − (η/n)·g, one
    /// division per step: the legacy `update::batch_mean` arithmetic, bit for bit. Returns false and
    /// changes nothing when a new parameter would not be finite.
    template <Network Net>
    constexpr bool step(Net& net, const Net& grad, state<Net>&, double lr, typename Net::scalar n) const noexcept {
        using S = typename Net::scalar;
        const S rate = from_double<S>(lr);
        const S decay = from_double<S>(weight_decay);
        const bool plain = weight_decay == 0.0;
        const S scaled_rate = n == S(1.0) ? rate : rate / n;
        // p − (η/n)·g, or p − η(g/n + λp)
        auto element = [&](auto ops, S param, S grad_term) {
            if (plain) return ops.sub(param, ops.mul(scaled_rate, grad_term));
            return ops.sub(param, ops.mul(rate, ops.add(ops.div(grad_term, n), ops.mul(decay, param))));
        };
        // compute and check, then commit: the network is written only if every value is finite
        bool ok = true;
        detail::for_each_block(
            net,
            [&](const auto& param, const auto& grad_term) {
                for (std::size_t elem = 0; elem < param.size() && ok; ++elem)
                    ok = ctmlp::is_finite(element(detail::guarded_ops{ok}, param[elem], grad_term[elem])) && ok;
            },
            grad);
        if (!ok) return false;
        detail::for_each_block(
            net,
            [&](auto& param, const auto& grad_term) {
                for (std::size_t elem = 0; elem < param.size(); ++elem)
                    param[elem] = element(detail::plain_ops{}, param[elem], grad_term[elem]);
            },
            grad);
        return true;
    }
};

/// The velocity of `optim::momentum`: one network-shaped buffer and whether it holds a value yet.
template <class Net>
struct momentum_state {
    Net velocity;
    bool started = false;

    /// Velocity zero. (Not `velocity{}`: value-initialising a network is a memset call at -Os on a
    /// microcontroller; a loop over the parameters is not. See network(detail::uninitialized).)
    constexpr momentum_state() noexcept : velocity(detail::uninitialized) {
        detail::keep_member_stores();
        detail::zero(velocity);
    }
};

/// SGD with momentum μ, dampening and optional Nesterov momentum (`torch.optim.SGD`).
struct momentum {
    double learning_rate = 0.01;
    double momentum = 0.9;   ///< μ in [0, 1)
    double dampening = 0.0;  ///< in [0, 1]
    bool nesterov = false;   ///< needs μ > 0 and dampening 0 (as torch)
    double weight_decay = 0.0;

    template <class Net>
    using state = momentum_state<Net>;
    static constexpr bool stateful = true;

    template <class S>
    constexpr train_status check() const noexcept {
        if (!detail::representable_positive<S>(learning_rate)) return train_status::invalid_learning_rate;
        if (!detail::representable<S>(weight_decay) || weight_decay < 0.0) return train_status::invalid_weight_decay;
        if (!ctmlp::is_finite(momentum) || momentum < 0.0 || momentum >= 1.0 || (nesterov && momentum == 0.0))
            return train_status::invalid_momentum;
        if (!ctmlp::is_finite(dampening) || dampening < 0.0 || dampening > 1.0) return train_status::invalid_dampening;
        if (nesterov && dampening != 0.0) return train_status::invalid_momentum;
        return train_status::ok;
    }

    /// One step with gradient `grad` (already averaged); false and no change if a parameter or
    /// the velocity would become non-finite.
    template <Network Net>
    constexpr bool step(Net& net, const Net& grad, state<Net>& s, double lr, typename Net::scalar) const noexcept {
        using S = typename Net::scalar;
        const S rate = from_double<S>(lr);
        const S decay = from_double<S>(weight_decay);
        const S mu = from_double<S>(momentum);
        const S keep = from_double<S>(1.0 - dampening);
        const bool first = !s.started;
        const bool nest = nesterov;
        // The new (parameter, velocity) of one element.
        auto element = [&](auto ops, S param, S grad_term, S velocity_term) {
            if (weight_decay != 0.0) grad_term = ops.add(grad_term, ops.mul(decay, param));
            velocity_term = first ? grad_term : ops.add(ops.mul(velocity_term, mu), ops.mul(keep, grad_term));
            const S direction = nest ? ops.add(grad_term, ops.mul(mu, velocity_term)) : velocity_term;
            return std::array<S, 2>{ops.sub(param, ops.mul(rate, direction)), velocity_term};
        };
        bool ok = true;
        detail::for_each_block(
            net,
            [&](const auto& param, const auto& grad_term, const auto& velocity_term) {
                for (std::size_t elem = 0; elem < param.size() && ok; ++elem) {
                    const auto updated =
                        element(detail::guarded_ops{ok}, param[elem], grad_term[elem], velocity_term[elem]);
                    ok = ok && ctmlp::is_finite(updated[0]) && ctmlp::is_finite(updated[1]);
                }
            },
            grad, s.velocity);
        if (!ok) return false;
        detail::for_each_block(
            net,
            [&](auto& param, const auto& grad_term, auto& velocity_term) {
                for (std::size_t elem = 0; elem < param.size(); ++elem) {
                    const auto updated =
                        element(detail::plain_ops{}, param[elem], grad_term[elem], velocity_term[elem]);
                    param[elem] = updated[0];
                    velocity_term[elem] = updated[1];
                }
            },
            grad, s.velocity);
        s.started = true;
        return true;
    }
};

/// Adam's moments and step count.
template <class Net>
struct adam_state {
    Net m;                     ///< first moment
    Net v;                     ///< second moment
    double beta1_power = 1.0;  ///< β₁ᵗ
    double beta2_power = 1.0;  ///< β₂ᵗ
    std::size_t step = 0;      ///< t, steps taken

    /// Both moments zero, zeroed by a loop (as momentum_state's velocity: no memset).
    constexpr adam_state() noexcept : m(detail::uninitialized), v(detail::uninitialized) {
        detail::keep_member_stores();
        detail::zero(m);
        detail::zero(v);
    }
};

namespace detail {
// Adam and AdamW share everything but where the weight decay goes.
template <bool Decoupled, class A>
constexpr train_status adam_check(const A& a, bool representable_lr, bool representable_wd,
                                  bool representable_eps) noexcept {
    if (!representable_lr) return train_status::invalid_learning_rate;
    if (!representable_wd || a.weight_decay < 0.0) return train_status::invalid_weight_decay;
    if (!ctmlp::is_finite(a.beta1) || !ctmlp::is_finite(a.beta2) || a.beta1 < 0.0 || a.beta1 >= 1.0 || a.beta2 < 0.0 ||
        a.beta2 >= 1.0)
        return train_status::invalid_betas;
    if (!representable_eps) return train_status::invalid_epsilon;
    return train_status::ok;
}

template <bool Decoupled, class A, class Net>
constexpr bool adam_step(const A& a, Net& net, const Net& grad, adam_state<Net>& s, double lr) noexcept {
    using S = typename Net::scalar;
    const double b1t = s.beta1_power * a.beta1;
    const double b2t = s.beta2_power * a.beta2;
    const double bias_correction1 = 1.0 - b1t;
    const double bias_correction2 = 1.0 - b2t;
    // η/(1 − β₁ᵗ) and 1 − ηλ must fit the scalar before they are computed: in constant evaluation
    // an overflowing operation stops the compiler instead of giving the refusal below (half the
    // range as the margin: the rounding of the test itself cannot then reach ∞).
    if (!ctmlp::is_finite(lr) || lr > 0.5 * std::numeric_limits<double>::max() * bias_correction1) return false;
    if (a.weight_decay != 0.0 && lr > 1.0 && a.weight_decay > 0.5 * std::numeric_limits<double>::max() / lr)
        return false;
    if (!ctmlp::detail::representable<S>(lr / bias_correction1) ||
        !ctmlp::detail::representable<S>(1.0 - lr * a.weight_decay))
        return false;
    const S neg_step_size = from_double<S>(-(lr / bias_correction1));
    const S bc2_sqrt = from_double<S>(math::sqrt(bias_correction2));
    const S b1 = from_double<S>(a.beta1);
    const S b2 = from_double<S>(a.beta2);
    const S one_minus_b1 = from_double<S>(1.0 - a.beta1);
    const S one_minus_b2 = from_double<S>(1.0 - a.beta2);
    const S epsilon = from_double<S>(a.eps);
    const S decay = from_double<S>(a.weight_decay);
    const S shrink = from_double<S>(1.0 - lr * a.weight_decay);
    const bool decays = a.weight_decay != 0.0;
    // The new (p, m, v) of one element. In the check pass `fine` turns false if m or v is not
    // finite, and the arithmetic stops before the division (∞/∞ would be a NaN: not a constant
    // expression).
    auto element = [&](auto ops, S param, S grad_term, S moment1, S moment2, bool& fine) {
        if (decays) {
            if constexpr (Decoupled)
                param = ops.mul(param, shrink);
            else
                grad_term = ops.add(grad_term, ops.mul(decay, param));
        }
        moment1 = ops.add(ops.mul(moment1, b1), ops.mul(one_minus_b1, grad_term));
        moment2 = ops.add(ops.mul(moment2, b2), ops.mul(ops.mul(one_minus_b2, grad_term), grad_term));
        if (!ctmlp::is_finite(moment1) || !ctmlp::is_finite(moment2) || !fine) {
            fine = false;
            return std::array<S, 3>{param, moment1, moment2};
        }
        const S denom = ops.add(ops.div(math::sqrt(moment2), bc2_sqrt), epsilon);
        return std::array<S, 3>{ops.add(param, ops.div(ops.mul(neg_step_size, moment1), denom)), moment1, moment2};
    };
    bool ok = true;
    ctmlp::detail::for_each_block(
        net,
        [&](const auto& param, const auto& grad_term, const auto& moment1, const auto& moment2) {
            for (std::size_t elem = 0; elem < param.size() && ok; ++elem) {
                const auto updated = element(ctmlp::detail::guarded_ops{ok}, param[elem], grad_term[elem],
                                             moment1[elem], moment2[elem], ok);
                ok = ok && ctmlp::is_finite(updated[0]);
            }
        },
        grad, s.m, s.v);
    if (!ok) return false;
    ctmlp::detail::for_each_block(
        net,
        [&](auto& param, const auto& grad_term, auto& moment1, auto& moment2) {
            for (std::size_t elem = 0; elem < param.size(); ++elem) {
                const auto updated =
                    element(ctmlp::detail::plain_ops{}, param[elem], grad_term[elem], moment1[elem], moment2[elem], ok);
                param[elem] = updated[0];
                moment1[elem] = updated[1];
                moment2[elem] = updated[2];
            }
        },
        grad, s.m, s.v);
    s.beta1_power = b1t;
    s.beta2_power = b2t;
    ++s.step;
    return true;
}
}  // namespace detail

/// Adam with bias correction and optional L2 weight decay added to the gradient (`torch.optim.Adam`).
struct adam {
    double learning_rate = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;          ///< added to √v̂, outside the root
    double weight_decay = 0.0;  ///< L2: g ← g + λp

    template <class Net>
    using state = adam_state<Net>;
    static constexpr bool stateful = true;

    template <class S>
    constexpr train_status check() const noexcept {
        return detail::adam_check<false>(*this, ctmlp::detail::representable_positive<S>(learning_rate),
                                         ctmlp::detail::representable<S>(weight_decay),
                                         ctmlp::detail::representable_positive<S>(eps));
    }
    /// One step with gradient `grad` (already averaged); false and no change (state included) if
    /// a parameter or moment would become non-finite.
    template <Network Net>
    constexpr bool step(Net& net, const Net& grad, state<Net>& s, double lr, typename Net::scalar) const noexcept {
        return detail::adam_step<false>(*this, net, grad, s, lr);
    }
};

/// AdamW: Adam with decoupled weight decay p ← p(1 − ηλ) before the step (`torch.optim.AdamW`).
struct adamw {
    double learning_rate = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double weight_decay = 0.01;  ///< decoupled: p ← p(1 − ηλ)

    template <class Net>
    using state = adam_state<Net>;
    static constexpr bool stateful = true;

    template <class S>
    constexpr train_status check() const noexcept {
        return detail::adam_check<true>(*this, ctmlp::detail::representable_positive<S>(learning_rate),
                                        ctmlp::detail::representable<S>(weight_decay),
                                        ctmlp::detail::representable_positive<S>(eps));
    }
    template <Network Net>
    constexpr bool step(Net& net, const Net& grad, state<Net>& s, double lr, typename Net::scalar) const noexcept {
        return detail::adam_step<true>(*this, net, grad, s, lr);
    }
};

// ---- learning-rate schedules ----------------------------------------------------------------------

/// A learning-rate schedule: the learning rate of epoch e (0-based) from the base rate η₀, in the
/// closed forms of torch's schedulers (which step once per epoch).
struct lr_schedule {
    enum class kind { constant, step, exponential, cosine };
    kind type = kind::constant;
    std::size_t step_size = 1;  ///< step: epochs between decays
    double gamma = 1.0;         ///< step, exponential: the factor
    std::size_t t_max = 1;      ///< cosine: half period, in epochs
    double eta_min = 0.0;       ///< cosine: the minimum

    /// η(e).
    constexpr double at(double base, std::size_t epoch) const noexcept {
        switch (type) {
            case kind::step:
                return base * ctmlp::detail::power(gamma, epoch / step_size);
            case kind::exponential:
                return base * ctmlp::detail::power(gamma, epoch);
            case kind::cosine: {
                // ctmlp's own cos whatever the network's math policy: once per epoch, and the same
                // schedule at compile time, at run time and on every target.
                constexpr double pi = 3.141592653589793;
                return eta_min +
                       (base - eta_min) *
                           (1.0 + math::portable::cos(pi * static_cast<double>(epoch) / static_cast<double>(t_max))) /
                           2.0;
            }
            default:
                return base;
        }
    }
    /// Whether the parameters are usable (checked with the learning rate before the first step).
    constexpr bool valid() const noexcept {
        switch (type) {
            case kind::step:
                return step_size > 0 && ctmlp::is_finite(gamma) && gamma > 0.0;
            case kind::exponential:
                return ctmlp::is_finite(gamma) && gamma > 0.0;
            case kind::cosine:
                return t_max > 0 && ctmlp::is_finite(eta_min) && eta_min >= 0.0;
            default:
                return true;
        }
    }
};

/// `torch.optim.lr_scheduler.StepLR`: η₀ · γ^⌊e / step_size⌋.
struct step_lr {
    std::size_t step_size = 1;
    double gamma = 0.1;
    constexpr operator lr_schedule() const noexcept {  // NOLINT: implicit on purpose, for designated initializers
        return {lr_schedule::kind::step, step_size, gamma, 1, 0.0};
    }
};
/// `torch.optim.lr_scheduler.ExponentialLR`: η₀ · γ^e.
struct exponential_lr {
    double gamma = 0.9;
    constexpr operator lr_schedule() const noexcept { return {lr_schedule::kind::exponential, 1, gamma, 1, 0.0}; }
};
/// `torch.optim.lr_scheduler.CosineAnnealingLR` (closed form): η_min + (η₀ − η_min)(1 + cos(π e / T_max)) / 2.
struct cosine_lr {
    std::size_t t_max = 1;
    double eta_min = 0.0;
    constexpr operator lr_schedule() const noexcept { return {lr_schedule::kind::cosine, 1, 1.0, t_max, eta_min}; }
};

// ---- gradient clipping ----------------------------------------------------------------------------

/// `torch.nn.utils.clip_grad_norm_`: the 2-norm of all gradients together, ‖g‖ = √Σg²; when
/// max_norm / (‖g‖ + 10⁻⁶) < 1 every gradient is multiplied by it. Returns ‖g‖ (not finite: the
/// gradient is left alone). The sum runs in ctmlp's flat order; torch sums per tensor first, which
/// differs in rounding only.
template <Network Net>
constexpr typename Net::scalar clip_grad_norm(Net& grad, double max_norm) noexcept {
    using S = typename Net::scalar;
    S sum(0.0);
    ctmlp::detail::for_each_block(grad, [&](const auto& grad_term) {
        for (const S entry : grad_term) sum = sum + entry * entry;
    });
    const S norm = math::sqrt(sum);
    if (!ctmlp::is_finite(norm)) return norm;
    const S coef = from_double<S>(max_norm) / (norm + from_double<S>(1e-6));
    if (coef < S(1.0)) {
        ctmlp::detail::for_each_block(grad, [&](auto& grad_term) {
            for (S& entry : grad_term) entry = entry * coef;
        });
    }
    return norm;
}

}  // namespace optim

/// Any optimizer of `ctmlp::optim` (or one of yours with the same members): a nested
/// `state<Net>`, `stateful`, `check<S>()` and `step(net, grad, state, lr, n)`.
template <class O, class Net>
concept Optimizer = Network<Net> && requires(const O& o, Net& net, const Net& g, typename O::template state<Net>& s) {
    { O::stateful } -> std::convertible_to<bool>;
    { o.template check<typename Net::scalar>() } -> std::same_as<train_status>;
    { o.step(net, g, s, 0.1, typename Net::scalar(1.0)) } -> std::same_as<bool>;
};

}  // namespace ctmlp

#endif
