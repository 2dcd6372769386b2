// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_TRAIN_HPP
#define CTMLP_TRAIN_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <ranges>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctmlp/backprop.hpp>
#include <ctmlp/loss.hpp>
#include <ctmlp/math.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/optimizer.hpp>
#include <ctmlp/random.hpp>
#include <ctmlp/scalar.hpp>

/// The training loop: epochs of mini-batches over data of compile-time (std::array) or run-time
/// (std::span, std::vector, any contiguous range) size, any optimizer of optimizer.hpp, a schedule,
/// gradient clipping, shuffling, a validation set with early stopping, and an observer that may
/// stop training or change the learning rate. Usable in constant evaluation. docs/training.md has
/// the semantics; in short:
///
///  - An epoch visits every sample once, in order or (fit_options::shuffle) in a permutation drawn
///    from ctmlp::splitmix64(shuffle_seed) each epoch. Consecutive `batch_size` samples form a
///    batch; the last batch of an epoch may be smaller and is averaged over its actual size.
///  - Per-sample plain SGD (batch 1, `optim::sgd` without weight decay, or the legacy `ctmlp::sgd`)
///    updates from the deltas directly and keeps no gradient buffer.
///  - Nothing non-finite is ever written into the network: data, parameters and hyper-parameters
///    are checked before the first step; every update is computed and checked before it is
///    committed, and one that would make a parameter or optimizer state NaN or infinite (or could
///    overflow) is not applied. The result then names the epoch and the sample (for a batch, its
///    first sample and its size).
namespace ctmlp {

/// When the parameters change: after every sample (the notebook's cell 1), or once per epoch with
/// the batch's gradients summed (cell 2) or averaged.
enum class update { per_sample, batch_sum, batch_mean };

/// Plain SGD settings (the short form): equivalent to `optim::sgd{.learning_rate}` with
/// `fit_options{.epochs, .batch_size = 1 or full_batch, .batch_reduction = sum or mean}`.
/// The learning rate is a `double` converted to the network's scalar once.
struct sgd {
    double learning_rate = 0.01;
    std::size_t epochs = 1;
    update updates = update::per_sample;
};

/// A batch size meaning "the whole data set" (one update per epoch).
inline constexpr std::size_t full_batch = std::numeric_limits<std::size_t>::max();

/// How to run the epochs (designated initializers: `ctmlp::fit_options{.epochs = 50, .batch_size = 16}`).
struct fit_options {
    std::size_t epochs = 1;
    std::size_t batch_size = 1;                   ///< samples per update; `full_batch` for all; 0 is invalid
    reduction batch_reduction = reduction::mean;  ///< average the batch's gradients (torch) or sum them
    bool shuffle = false;                         ///< a new sample order every epoch
    std::uint64_t shuffle_seed = 0;               ///< seed of the splitmix64 that draws the orders
    optim::lr_schedule schedule{};                ///< e.g. `optim::cosine_lr{.t_max = 50}`
    double clip_norm = 0.0;                       ///< clip the gradient's 2-norm to this (0: off)
    std::size_t patience = 0;                     ///< early stopping: epochs without a better validation loss (0: off)
    double min_delta = 0.0;                       ///< how much lower the validation loss must be to count as better
};

namespace detail {
// The fit_options of train() with ctmlp::sgd{...} (its epochs and update mode) or without
// fit_options (the defaults), built member by member: a designated initialiser, `fit_options{}`
// or even a default-initialised `fit_options` becomes at -Os a memset or memcpy call of the
// whole object (see detail::keep_member_stores). Passed on as `const fit_options&`.
struct built_fit_options : fit_options {
    constexpr built_fit_options() noexcept { keep_member_stores(); }
    constexpr explicit built_fit_options(const sgd& short_form) noexcept {
        keep_member_stores();
        epochs = short_form.epochs;
        batch_size = short_form.updates == update::per_sample ? 1 : full_batch;
        batch_reduction = short_form.updates == update::batch_sum ? reduction::sum : reduction::mean;
    }
};
}  // namespace detail

/// What a training run reports per epoch: a loss or a value-only metric (possibly not the one it
/// trains on) and how the per-sample values are combined. Cell 1:
/// `metric{squared_error{}, reduction::sum}`; cell 2: `metric{squared_error{}, reduction::mean}`.
template <class L>
struct metric {
    L loss{};
    reduction over_samples = reduction::mean;
    constexpr explicit metric(L measure = {}, reduction combine = reduction::mean) noexcept
        : loss(measure), over_samples(combine) {}
};

/// Validation data (inputs and targets; std::array, std::span, std::vector ...), evaluated after
/// every epoch; needed for early stopping. Make one with `ctmlp::validation(xs, ys)`.
template <class X, class Y>
struct validation_data {
    const X& inputs;
    const Y& targets;
};
/// `validation_data` over `xs` and `ys` (references: keep them alive for the call).
template <class X, class Y>
constexpr validation_data<X, Y> validation(const X& xs, const Y& ys) noexcept {
    return {xs, ys};
}

/// The result of `train()`: the status, how many epochs completed, the last completed epoch's
/// metric and loss (and validation values), and where training stopped if it failed.
template <class S>
struct train_result {
    train_status status = train_status::ok;
    std::size_t epochs_completed = 0;
    S metric{};                     ///< metric of the last completed epoch
    S loss{};                       ///< training loss of the last completed epoch, reduced like the batches
    S validation_loss{};            ///< mean loss over the validation set after the last completed epoch
    S validation_metric{};          ///< the metric over the validation set, reduced like `metric`
    S best_validation_loss{};       ///< the lowest validation loss seen (early stopping)
    std::size_t best_epoch = 0;     ///< the epoch that reached it (its weights are restored when early_stopped)
    std::size_t failed_epoch = 0;   ///< valid when failed(): the epoch (0-based)
    std::size_t failed_sample = 0;  ///< valid when failed(): the sample's index in the data (a batch's first sample)
    std::size_t failed_batch_size = 0;  ///< the number of samples of the batch whose update was refused (1: per sample)

    /// Status ok, everything else zero. (A constructor, not an aggregate: see
    /// detail::keep_member_stores, train() would link memset otherwise.)
    constexpr train_result() noexcept { detail::keep_member_stores(); }
    /// True when training ended without a failure (ok, early_stopped, stopped_by_observer).
    constexpr bool succeeded() const noexcept {
        return status == train_status::ok || status == train_status::early_stopped ||
               status == train_status::stopped_by_observer;
    }
    constexpr explicit operator bool() const noexcept { return succeeded(); }
};

/// The observer that observes nothing (the default); costs nothing.
struct no_observer {};

/// What an observer's `on_sample(const sample_event<Net>&)` sees, after the backward pass and
/// before the update: the network as the sample met it, every layer's output, every delta (and
/// through `ws.weight_gradient<K>(i, o)` every gradient), the target, and the sample's values.
template <class Net>
struct sample_event {
    std::size_t epoch;
    std::size_t sample;  ///< index into the training data
    const Net& net;
    const workspace<Net>& ws;
    const typename Net::output_array& target;
    typename Net::scalar loss;
    typename Net::scalar metric;
};

/// What an observer's `on_epoch(epoch_event<Net>&)` (or `(const epoch_event<Net>&)`) sees after
/// each epoch's updates and validation. Two fields are written back: `stop` ends training after
/// this epoch (status stopped_by_observer) and `learning_rate` becomes the base learning rate η₀
/// of the following epochs (the schedule continues from it).
template <class Net>
struct epoch_event {
    using scalar = typename Net::scalar;
    std::size_t epoch;
    scalar metric;             ///< the metric, reduced over the epoch's samples (each taken before its sample's update)
    scalar loss;               ///< the training loss, reduced like the batches
    const Net& net;            ///< the network after this epoch's update(s)
    bool validated = false;    ///< validation data were given: the next two are set
    scalar validation_loss{};  ///< mean loss over the validation set
    scalar validation_metric{};  ///< the metric over the validation set
    double learning_rate = 0.0;  ///< in: the base learning rate; out: write to change it
    bool stop = false;           ///< out: set to stop training after this epoch
};

namespace detail {

// ---- data -----------------------------------------------------------------------------------------

template <class T>
inline constexpr bool is_std_array = false;
template <class T, std::size_t N>
inline constexpr bool is_std_array<std::array<T, N>> = true;

template <class R, class Sample>
concept samples_of = std::ranges::contiguous_range<const R> && std::ranges::sized_range<const R> &&
    std::same_as<std::ranges::range_value_t<const R>, Sample>;

template <class Net, class X, class Y>
constexpr bool fits() {
    if constexpr (samples_of<X, typename Net::input_array> && samples_of<Y, typename Net::output_array>) {
        if constexpr (is_std_array<X> && is_std_array<Y>)
            return std::tuple_size_v<X> == std::tuple_size_v<Y>;
        else
            return true;
    } else {
        return false;
    }
}
template <class Net, class X, class Y>
inline constexpr bool dataset_fits = fits<Net, X, Y>();

// The calls train() serves; its misuse guard takes all others. A network that can change, data that
// fit it, then an optimizer and a loss (its first two further arguments).
template <class Net, class X, class Y, class... Rest>
constexpr bool train_call_ok() {
    if constexpr (std::is_const_v<Net> || !dataset_fits<Net, X, Y> || sizeof...(Rest) < 2) {
        return false;
    } else {
        using L = std::remove_cvref_t<std::tuple_element_t<1, std::tuple<Rest...>>>;
        return Loss<L, typename Net::scalar, Net::output_size>;
    }
}

// A metric: anything with value(ŷ, y) (a loss, or a value-only metric such as accuracy).
template <class M, class S, std::size_t N>
concept reports_value = requires(const std::array<S, N>& a) {
    { M::value(a, a) } -> std::convertible_to<S>;
};

// ---- extra arguments, recognised by type ----------------------------------------------------------

enum class extra { options, report, validation, order, observer };
template <class T>
inline constexpr extra kind_of = extra::observer;
template <>
inline constexpr extra kind_of<fit_options> = extra::options;
template <class M>
inline constexpr extra kind_of<metric<M>> = extra::report;
template <class X, class Y>
inline constexpr extra kind_of<validation_data<X, Y>> = extra::validation;
template <>
inline constexpr extra kind_of<std::span<std::size_t>> = extra::order;

template <extra K, class... E>
constexpr std::size_t index_of() {
    constexpr extra kinds[] = {kind_of<std::remove_cvref_t<E>>..., K};
    std::size_t i = 0;
    while (kinds[i] != K) ++i;
    return i;  // == sizeof...(E) when absent
}
template <extra K, class... E>
constexpr std::size_t count_of() {
    return ((kind_of<std::remove_cvref_t<E>> == K ? 1U : 0U) + ... + 0U);
}

// ---- checks without operations that would not be constant expressions ----------------------------

template <class S>
inline constexpr bool ieee = std::is_same_v<S, float> || std::is_same_v<S, double>;

// The largest |x| of an array, as the bits of |x|: the bit patterns of non-negative IEEE numbers
// order like their values, and every NaN and ∞ is above the largest finite one.
template <class S>
constexpr auto max_abs_bits(const S* x, std::size_t n) noexcept {
    using T = math::detail::fp_traits<S>;
    using U = typename T::uint;
    U m = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const U b = std::bit_cast<U>(x[i]) & ~T::sign_mask;  // written out: a call per element costs constexpr steps
        m = b > m ? b : m;
    }
    return m;
}
// The binary exponent e of bits b of a finite non-negative number: the number is below 2^(e+1).
template <class S, class U>
constexpr int exponent_of(U b) noexcept {
    using T = math::detail::fp_traits<S>;
    return static_cast<int>(b >> T::mant_bits) - T::bias;
}

// An activation whose output is within [−1, 1] (or NaN, which makes the loss NaN): the layer
// after it needs no scan of its input for the bound below.
template <class A>
inline constexpr bool bounded_output = is_tanh_v<A> || is_sigmoid_v<A> || is_softmax_v<A>;

// An upper bound on |∂ℓ/∂θ| over every parameter θ of this sample, as a power-of-two exponent
// (every gradient element is below 2^e): |a_{k−1}[i] δ_k[o]| < 2^(e_a + e_δ + 2), and |δ_k[o]| too
// when e_a ≥ 0. `input_exponent` bounds the data (scanned once before training); the outputs of
// tanh/sigmoid/softmax layers are below 1; other layers' outputs and every delta are scanned.
// Returns false when such an output or a delta is NaN or infinite (an ∞ activation times a zero
// derivative gives such gradients from a finite loss). Costs a pass over the units, not the weights.
template <class Net>
constexpr bool gradient_exponent(const workspace<Net>& ws, int input_exponent, int& e) noexcept {
    using S = typename Net::scalar;
    using T = math::detail::fp_traits<S>;
    bool ok = true;
    e = -T::bias;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                int ea = 0;
                if constexpr (K == 0) {
                    ea = input_exponent;
                } else if constexpr (!bounded_output<typename Net::template activation_of<K>>) {
                    const auto act_bits = max_abs_bits(ws.template output<K>().data(), Net::sizes[K]);
                    ok = ok && act_bits < T::exp_mask;
                    ea = exponent_of<S>(act_bits);
                }
                const auto delta_bits = max_abs_bits(ws.template delta<K + 1>().data(), Net::sizes[K + 1]);
                ok = ok && delta_bits < T::exp_mask;
                const int needed = (ea > 0 ? ea : 0) + exponent_of<S>(delta_bits) + 2;
                e = needed > e ? needed : e;
            }(),
            ...);
    }
    (std::make_index_sequence<Net::depth>{});
    return ok;
}

// 2^e for e at most max_exp (below the normal range: the smallest normal).
template <class S>
constexpr S pow2_clamped(int e) noexcept {
    using T = math::detail::fp_traits<S>;
    return math::detail::pow2<S>(e < T::min_exp ? T::min_exp : e);
}

// The largest |parameter| of a network, or ∞ if one is NaN or infinite.
template <class Net>
constexpr typename Net::scalar max_abs_parameter(const Net& net) noexcept {
    using S = typename Net::scalar;
    using T = math::detail::fp_traits<S>;
    typename T::uint m = 0;
    for_each_block(net, [&](const auto& param) {
        const auto block_max = max_abs_bits(param.data(), param.size());
        m = block_max > m ? block_max : m;
    });
    return m >= T::exp_mask ? math::detail::inf<S>() : math::detail::from_bits<S>(m);
}

// Whether `sum + x` could overflow (checked before adding: in constant evaluation GCC rejects an
// overflowing operation rather than producing ∞).
template <class S>
constexpr bool sum_would_overflow(S sum, S value) noexcept {
    if constexpr (ieee<S>) {
        constexpr S max = std::numeric_limits<S>::max();
        return value > S(0.0) ? sum > max - value : sum < -max - value;
    } else {
        return false;
    }
}

// Whether every target of a cross-entropy lies in [0, 1] (binary: a probability; categorical: a
// distribution's entries; rows are not required to sum to 1). Other losses take any finite target.
// One pass, only for those two losses. The data are finite here (checked first).
template <class L, class R>
constexpr bool targets_in_domain(const R& r, std::size_t& bad) noexcept {
    if constexpr (std::is_same_v<L, binary_cross_entropy> || std::is_same_v<L, categorical_cross_entropy>) {
        using T = typename std::ranges::range_value_t<const R>::value_type;
        std::size_t i = 0;
        for (const auto& sample : r) {
            for (const T v : sample)
                if (!(v >= T(0.0) && v <= T(1.0))) {
                    bad = i;
                    return false;
                }
            ++i;
        }
    } else {
        (void)r;
        (void)bad;
    }
    return true;
}

template <class R>
constexpr bool data_finite(const R& r, std::size_t& bad) noexcept {
    std::size_t i = 0;
    for (const auto& sample : r) {
        for (const auto v : sample)
            if (!ctmlp::is_finite(v)) {
                bad = i;
                return false;
            }
        ++i;
    }
    return true;
}

// ---- the loop -------------------------------------------------------------------------------------

// Everything a run needs besides the network, gathered once.
template <class Net, class Opt, class L, class M, class Obs>
struct run_setup {
    using S = typename Net::scalar;
    std::span<const typename Net::input_array> xs;
    std::span<const typename Net::output_array> ys;
    std::span<const typename Net::input_array> vx;  // empty: no validation
    std::span<const typename Net::output_array> vy;
    std::span<std::size_t> order;  // empty: in order, or an affine permutation
    const Opt& opt;
    const fit_options& options;
    const L& loss;
    const metric<M>& report;
    Obs& observer;
};

// The sample at position `pos` of the epoch: from the order buffer, from a random affine map
// pos ↦ (a·pos + b) mod n with gcd(a, n) = 1 (a permutation without a buffer), or `pos`.
struct sample_order {
    std::size_t a = 1, b = 0;
    constexpr std::size_t at(std::span<const std::size_t> order, std::size_t pos, std::size_t n) const noexcept {
        if (!order.empty()) return order[pos];
        return a == 1 && b == 0 ? pos : (a * pos + b) % n;
    }
};

constexpr std::size_t gcd(std::size_t a, std::size_t b) noexcept {
    while (b != 0) {
        const std::size_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// A new order for the epoch: Fisher–Yates over the buffer, or new affine coefficients.
constexpr void reshuffle(std::span<std::size_t> order, sample_order& affine, std::size_t n, splitmix64& gen) noexcept {
    if (!order.empty()) {
        for (std::size_t i = n - 1; i > 0; --i) {
            const std::size_t j = narrow<std::size_t>(gen() % (i + 1));  // bias < 2^-40 for n < 2^24
            const std::size_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    } else if (n > 1) {
        std::size_t a = 1 + narrow<std::size_t>(gen() % (n - 1));
        while (gcd(a, n) != 1) a = a + 1 < n ? a + 1 : 1;
        affine.a = a;
        affine.b = narrow<std::size_t>(gen() % n);
    }
}

// Mean loss and reduced metric of the network over the validation set.
template <class Net, class L, class M>
constexpr bool validate(const Net& net, workspace<Net>& ws, std::span<const typename Net::input_array> vx,
                        std::span<const typename Net::output_array> vy, const metric<M>& report,
                        typename Net::scalar& loss_out, typename Net::scalar& metric_out) noexcept {
    using S = typename Net::scalar;
    S loss_sum(0.0), metric_sum(0.0);
    for (std::size_t s = 0; s < vx.size(); ++s) {
        forward(net, ws, vx[s]);
        const S l = loss_value(L{}, ws, vy[s]);
        const S m = loss_value(report.loss, ws, vy[s]);
        if (!ctmlp::is_finite(l) || !ctmlp::is_finite(m) || sum_would_overflow(loss_sum, l) ||
            sum_would_overflow(metric_sum, m))
            return false;
        loss_sum = loss_sum + l;
        metric_sum = metric_sum + m;
    }
    const S n = from_double<S>(static_cast<double>(vx.size()));
    loss_out = loss_sum / n;
    metric_out = report.over_samples == reduction::mean ? metric_sum / n : metric_sum;
    return true;
}

// A network left uninitialised (network(uninitialized)), or a placeholder char when the loop
// needs none. Returned as a prvalue: the network is built in place, nothing is copied.
template <bool Used, class Net>
constexpr std::conditional_t<Used, Net, char> unset_network_or_char() noexcept {
    if constexpr (Used)
        return Net(uninitialized);
    else
        return char{};
}

// The epoch loop. `Buffered` selects a gradient buffer (mini-batches, stateful optimizers, weight
// decay) or none (per-sample plain SGD: the update comes from the deltas, training RAM is the
// network plus one workspace). `Validated` adds the best-weights copy for early stopping.
template <bool Buffered, bool Validated, class Net, class Opt, class L, class M, class Obs>
constexpr train_result<typename Net::scalar> run(Net& net, const run_setup<Net, Opt, L, M, Obs>& in) noexcept {
    using S = typename Net::scalar;
    constexpr bool sees_samples = requires(Obs & o, const sample_event<Net>& e) { o.on_sample(e); };
    constexpr bool sees_epochs = requires(Obs & o, epoch_event<Net> & e) { o.on_epoch(e); };
    // The metric is the loss itself (the default): computed once per sample.
    constexpr bool metric_is_loss = std::is_same_v<M, L> && std::is_empty_v<L>;

    train_result<S> result;
    const std::size_t n = in.xs.size();
    const std::size_t batch = in.options.batch_size < n ? in.options.batch_size : n;
    const bool sum_batches = in.options.batch_reduction == reduction::sum;
    const bool clipping = in.options.clip_norm > 0.0;
    const S n_samples = from_double<S>(static_cast<double>(n));
    // The largest |input| as an exponent, for the gradient bound (the data are finite: checked).
    [[maybe_unused]] int input_exponent = 0;
    if constexpr (ieee<S>) {
        typename math::detail::fp_traits<S>::uint m = 0;
        for (const auto& input : in.xs) {
            const auto b = max_abs_bits(input.data(), input.size());
            m = b > m ? b : m;
        }
        input_exponent = exponent_of<S>(m);
    }
    double base_lr = in.opt.learning_rate;
    splitmix64 gen{in.options.shuffle_seed};
    sample_order affine{};
    for (std::size_t i = 0; i < in.order.size(); ++i) in.order[i] = i;

    // Not zeroed: forward() and backward() write every value before it is read, and zeroing is a
    // memset call at -Os on a microcontroller (steps in constant evaluation).
    workspace<Net> ws{uninitialized};
    // The gradient buffer is zeroed by a loop (`grad{}` would be a memset call, see
    // network(detail::uninitialized)); the best weights are written before they are read.
    [[maybe_unused]] std::conditional_t<Buffered, Net, char> grad = unset_network_or_char<Buffered, Net>();
    if constexpr (Buffered) zero(grad);
    [[maybe_unused]] std::conditional_t<Buffered, typename Opt::template state<Net>, char> state{};
    [[maybe_unused]] std::conditional_t<Validated, Net, char> best = unset_network_or_char<Validated, Net>();
    bool have_best = false;
    std::size_t waited = 0;

    // Overflow guard (IEEE scalars): `bound` ≥ every |parameter| (per-sample SGD) or every
    // |gradient sum| (buffered); an update or accumulation is refused when the bound would pass
    // limit = max/4, before any operation that could overflow.
    [[maybe_unused]] const S limit = [] {
        if constexpr (ieee<S>)
            return std::numeric_limits<S>::max() / S(4.0);
        else
            return S(0.0);
    }();
    [[maybe_unused]] S bound(0.0);
    [[maybe_unused]] const S clip_limit = [&] {
        if constexpr (ieee<S>)
            return clipping ? math::sqrt(limit / from_double<S>(static_cast<double>(Net::parameter_count))) : S(0.0);
        else
            return S(0.0);
    }();

    auto fail = [&](train_status why, std::size_t at_epoch, std::size_t at_sample, std::size_t batch_n) {
        result.status = why;
        result.failed_epoch = at_epoch;
        result.failed_sample = at_sample;
        result.failed_batch_size = batch_n;
        return result;
    };

    const bool scheduled = in.options.schedule.type != optim::lr_schedule::kind::constant;
    double lr = base_lr;
    [[maybe_unused]] S rate(0.0);
    [[maybe_unused]] int rate_exponent = 0;
    if constexpr (!Buffered && ieee<S>) bound = max_abs_parameter(net);
    for (std::size_t epoch = 0; epoch < in.options.epochs; ++epoch) {
        // The epoch's learning rate; the checks and conversions only when it changes (they
        // count in constant evaluation, where an XOR epoch is 4 samples).
        if (scheduled || epoch == 0 || base_lr != lr) {
            lr = scheduled ? in.options.schedule.at(base_lr, epoch) : base_lr;
            if (!representable<S>(lr) || lr < 0.0) return fail(train_status::invalid_schedule, epoch, 0, 0);
            rate = from_double<S>(lr);
            if constexpr (!Buffered && ieee<S>)
                rate_exponent = exponent_of<S>(math::detail::to_bits(math::abs(rate))) + 1;
        }
        if (in.options.shuffle) reshuffle(in.order, affine, n, gen);
        S metric_sum(0.0);
        S loss_sum(0.0);
        std::size_t in_batch = 0, batch_first = 0;
        for (std::size_t pos = 0; pos < n; ++pos) {
            const std::size_t s = in.options.shuffle ? affine.at(in.order, pos, n) : pos;
            const auto& target = in.ys[s];
            forward(net, ws, in.xs[s]);
            // before backward(): a fused loss reads the logits, which backward() overwrites
            const S sample_loss = loss_value(in.loss, ws, target);
            S sample_metric = sample_loss;
            if constexpr (!metric_is_loss) sample_metric = loss_value(in.report.loss, ws, target);
            if (!ctmlp::is_finite(sample_loss) || (!metric_is_loss && !ctmlp::is_finite(sample_metric)))
                return fail(train_status::non_finite_loss, epoch, s, 1);
            if (sum_would_overflow(loss_sum, sample_loss) ||
                (!metric_is_loss && sum_would_overflow(metric_sum, sample_metric)))
                return fail(train_status::loss_overflow, epoch, s, 1);
            loss_sum = loss_sum + sample_loss;
            if constexpr (!metric_is_loss) metric_sum = metric_sum + sample_metric;
            backward(net, ws, target, in.loss);
            if constexpr (sees_samples)
                in.observer.on_sample(sample_event<Net>{epoch, s, net, ws, target, sample_loss, sample_metric});
            if (in_batch == 0) batch_first = s;
            if constexpr (ieee<S>) {
                int e = 0;
                bool ok = gradient_exponent(ws, input_exponent, e);
                if constexpr (Buffered) {
                    // the gradient sum stays below `bound` + 2^e
                    ok = ok && e <= math::detail::fp_traits<S>::max_exp - 3;
                    if (ok) {
                        bound = bound + pow2_clamped<S>(e);
                        ok = bound <= limit;
                    }
                    if (!ok) return fail(train_status::non_finite_update, epoch, batch_first, in_batch + 1);
                } else {
                    // |rate · g| < 2^(rate_exponent + e); parameters stay below `bound`
                    ok = ok && rate_exponent + e <= math::detail::fp_traits<S>::max_exp - 3;
                    if (ok) {
                        const S step = pow2_clamped<S>(rate_exponent + e);
                        if (bound > limit - step) bound = max_abs_parameter(net);  // the bound only grows: tighten it
                        ok = bound <= limit - step;
                        if (ok) bound = bound + step;
                    }
                    if (!ok) return fail(train_status::non_finite_update, epoch, s, 1);
                }
            }
            if constexpr (Buffered) {
                accumulate_gradient(grad, ws);
                ++in_batch;
                if (in_batch == batch || pos + 1 == n) {
                    // g = Σg / |batch| (torch's mean) before clipping and stateful optimizers; plain
                    // SGD folds the division into its rate (the legacy batch_mean arithmetic).
                    const S count = from_double<S>(static_cast<double>(in_batch));
                    S divisor = sum_batches ? S(1.0) : count;
                    if ((Opt::stateful || clipping) && !sum_batches && in_batch > 1) {
                        for_each_block(grad, [&](auto& grad_term) {
                            for (auto& entry : grad_term) entry = entry / count;
                        });
                        divisor = S(1.0);
                    }
                    // Σg² ≤ parameter_count · bound² must not overflow (in constant evaluation GCC
                    // would stop at the multiplication): refuse first.
                    if constexpr (std::is_floating_point_v<S>) {
                        if (clipping && ((ieee<S> && bound > clip_limit) ||
                                         !ctmlp::is_finite(optim::clip_grad_norm(grad, in.options.clip_norm))))
                            return fail(train_status::non_finite_update, epoch, batch_first, in_batch);
                    }
                    if (!in.opt.step(net, grad, state, lr, divisor))
                        return fail(train_status::non_finite_update, epoch, batch_first, in_batch);
                    zero(grad);
                    bound = S(0.0);
                    in_batch = 0;
                }
            } else {
                sgd_step(net, ws, rate);
            }
        }
        if constexpr (metric_is_loss) metric_sum = loss_sum;
        result.metric = in.report.over_samples == reduction::mean ? metric_sum / n_samples : metric_sum;
        result.loss = sum_batches ? loss_sum : loss_sum / n_samples;
        result.epochs_completed = epoch + 1;

        bool stop_early = false;
        if constexpr (Validated) {
            if (!validate<Net, L>(net, ws, in.vx, in.vy, in.report, result.validation_loss, result.validation_metric))
                return fail(train_status::non_finite_loss, epoch, 0, 0);
            if (in.options.patience > 0) {
                const S margin = from_double<S>(in.options.min_delta);
                if (!have_best || result.validation_loss < result.best_validation_loss - margin) {
                    have_best = true;
                    result.best_validation_loss = result.validation_loss;
                    result.best_epoch = epoch;
                    best = net;
                    waited = 0;
                } else {
                    stop_early = ++waited >= in.options.patience;
                }
            }
        }
        if constexpr (sees_epochs) {
            epoch_event<Net> e{
                epoch,   result.metric, result.loss, net, Validated, result.validation_loss, result.validation_metric,
                base_lr, false};
            in.observer.on_epoch(e);
            // compared by bits: under -ffast-math `x != y` may fold as if no NaN could occur
            if (std::bit_cast<std::uint64_t>(e.learning_rate) != std::bit_cast<std::uint64_t>(base_lr)) {
                if (!representable_positive<S>(e.learning_rate))
                    return fail(train_status::invalid_learning_rate, epoch, 0, 0);
                base_lr = e.learning_rate;
            }
            if (e.stop && !stop_early) {
                result.status = train_status::stopped_by_observer;
                return result;
            }
        }
        if constexpr (Validated) {
            if (stop_early) {
                net = best;
                result.status = train_status::early_stopped;
                return result;
            }
        }
    }
    return result;
}

template <class Net, class X, class Y, class Opt, class L, class... E>
constexpr train_result<typename Net::scalar> dispatch(Net& net, const X& xs, const Y& ys, const Opt& opt,
                                                      const fit_options& options, const L& loss, E&&... extras) {
    using S = typename Net::scalar;
    auto refs = std::forward_as_tuple(extras...);
    constexpr std::size_t n_extras = sizeof...(E);
    constexpr std::size_t i_report = index_of<extra::report, E...>();
    constexpr std::size_t i_validation = index_of<extra::validation, E...>();
    constexpr std::size_t i_order = index_of<extra::order, E...>();
    constexpr std::size_t i_observer = index_of<extra::observer, E...>();
    constexpr bool validated = i_validation < n_extras;

    // The metric: the one given, else the loss itself (mean over samples).
    const auto& report = [&]() -> decltype(auto) {
        if constexpr (i_report < n_extras)
            return std::get<i_report>(refs);
        else
            return metric<L>{loss};
    }();
    using M = std::remove_cvref_t<decltype(report.loss)>;
    static_assert(reports_value<M, S, Net::output_size>, "ctmlp::train: the metric must provide value(yhat, y)");

    no_observer nothing{};
    auto& observer = [&]() -> auto& {
        if constexpr (i_observer < n_extras)
            return std::get<i_observer>(refs);
        else
            return nothing;
    }
    ();
    using Obs = std::remove_cvref_t<decltype(observer)>;

    train_result<S> result;
    auto stop = [&](train_status why, std::size_t at_sample = 0) {
        result.status = why;
        result.failed_sample = at_sample;
        return result;
    };
    // Hyper-parameters, data and parameters, before the first step.
    if (const train_status s = opt.template check<S>(); s != train_status::ok) return stop(s);
    if (options.epochs == 0) return stop(train_status::invalid_epochs);
    if (options.batch_size == 0) return stop(train_status::invalid_batch_size);
    if (!options.schedule.valid()) return stop(train_status::invalid_schedule);
    if (!ctmlp::is_finite(options.clip_norm) || options.clip_norm < 0.0 ||
        (options.clip_norm > 0.0 && !std::is_floating_point_v<S>))  // the norm needs a square root
        return stop(train_status::invalid_clip_norm);
    if (!ctmlp::is_finite(options.min_delta) || options.min_delta < 0.0) return stop(train_status::invalid_patience);
    if (options.patience > 0 && !validated) return stop(train_status::invalid_patience);
    if (std::ranges::size(xs) != std::ranges::size(ys) || std::ranges::size(xs) == 0)
        return stop(train_status::invalid_data);
    std::size_t bad = 0;
    if (!data_finite(xs, bad) || !data_finite(ys, bad)) return stop(train_status::non_finite_data, bad);
    if (!targets_in_domain<L>(ys, bad)) return stop(train_status::invalid_targets, bad);
    std::span<const typename Net::input_array> vx{};
    std::span<const typename Net::output_array> vy{};
    if constexpr (validated) {
        const auto& v = std::get<i_validation>(refs);
        static_assert(
            dataset_fits<Net, std::remove_cvref_t<decltype(v.inputs)>, std::remove_cvref_t<decltype(v.targets)>>,
            "ctmlp::train: the validation data must be ranges of Net::input_array and Net::output_array");
        vx = v.inputs;
        vy = v.targets;
        if (vx.size() != vy.size() || vx.empty()) return stop(train_status::invalid_data);
        if (!data_finite(v.inputs, bad) || !data_finite(v.targets, bad))
            return stop(train_status::non_finite_data, bad);
        if (!targets_in_domain<L>(v.targets, bad)) return stop(train_status::invalid_targets, bad);
    }
    if (!all_finite(net)) return stop(train_status::non_finite_parameters);

    auto go = [&](std::span<std::size_t> indices) {
        const run_setup<Net, Opt, L, M, Obs> setup{xs, ys, vx, vy, indices, opt, options, loss, report, observer};
        constexpr bool may_skip_buffer = !Opt::stateful && requires(const Opt& o) { o.weight_decay; };
        if constexpr (may_skip_buffer) {
            if (options.batch_size == 1 && opt.weight_decay == 0.0) return run<false, validated>(net, setup);
        }
        return run<true, validated>(net, setup);
    };
    if constexpr (i_order < n_extras) {
        // Fisher–Yates and the in-order walk index the buffer with every position of the data.
        const std::span<std::size_t> order = std::get<i_order>(refs);
        if (!order.empty() && order.size() < std::ranges::size(xs)) return stop(train_status::invalid_index_buffer);
        return go(order);
    } else if constexpr (is_std_array<X>) {
        // compile-time size: the index buffer for Fisher–Yates lives here (only when shuffling);
        // run() writes 0 .. n−1 into it before reading it
        if (options.shuffle) {
            std::array<std::size_t, std::tuple_size_v<X>> indices;
            return go(indices);
        }
        return go({});
    } else {
        return go({});
    }
}

}  // namespace detail

/// Trains `net` on the samples (xs[n], ys[n]) following the gradient of `loss` with optimizer
/// `opt` (`ctmlp::sgd{...}`, the short form that also says how many epochs, or one of
/// `ctmlp::optim::{sgd, momentum, adam, adamw}`), then returns how it went. `xs` and `ys`:
/// `std::array<Net::input_array, N>` / `<Net::output_array, N>`, or any contiguous ranges of them
/// (std::span, std::vector). Optional further arguments, in any order, recognised by type:
///   `ctmlp::fit_options{...}`           epochs, batch size, shuffling, schedule, clipping, patience
///                                       (not with the short form `ctmlp::sgd`, which carries its own);
///   `ctmlp::metric{m, reduction}`       what to report (default: the loss, mean over samples);
///   `ctmlp::validation(vx, vy)`         data evaluated after each epoch (needed for early stopping);
///   `std::span<std::size_t>`            an index buffer of the data's size for shuffling run-time-sized
///                                       data by Fisher–Yates (without it: a random affine permutation);
///   an observer                         `on_sample(const sample_event<Net>&)`, `on_epoch(epoch_event<Net>&)`.
/// Works in constant evaluation. The network is never left with a NaN or infinite parameter.
template <Network Net, class X, class Y, class Opt, class L, class... Extras>
    requires(detail::train_call_ok<Net, X, Y, Opt, L, Extras...>())
constexpr train_result<typename Net::scalar> train(Net& net, const X& xs, const Y& ys, const Opt& opt, const L& loss,
                                                   Extras&&... extras) {
    using S = typename Net::scalar;
    static_assert(detail::samples_of<X, typename Net::input_array>, "ctmlp::train: bad data");
    static_assert(Net::trainable,
                  "ctmlp::train: this network cannot be trained: an activation lacks derivative_from_output(y). "
                  "Use it for inference only, or give the activation a derivative.");
    static_assert(Loss<L, S, Net::output_size>,
                  "ctmlp::train: the loss must provide value(yhat, y) and gradient(yhat, y, g)");
    constexpr std::size_t n_options = detail::count_of<detail::extra::options, Extras...>();
    static_assert(n_options <= 1 && detail::count_of<detail::extra::report, Extras...>() <= 1 &&
                      detail::count_of<detail::extra::validation, Extras...>() <= 1 &&
                      detail::count_of<detail::extra::order, Extras...>() <= 1 &&
                      detail::count_of<detail::extra::observer, Extras...>() <= 1,
                  "ctmlp::train: give each of fit_options, metric, validation, index buffer and observer at most once");
    if constexpr (std::is_same_v<Opt, sgd>) {
        static_assert(n_options == 0,
                      "ctmlp::train: ctmlp::sgd{...} carries its own epochs and update mode; with fit_options use "
                      "ctmlp::optim::sgd{.learning_rate = ...}");
        const detail::built_fit_options options(opt);
        return detail::dispatch(net, xs, ys, optim::sgd{.learning_rate = opt.learning_rate}, options, loss,
                                std::forward<Extras>(extras)...);
    } else {
        static_assert(Optimizer<Opt, Net>,
                      "ctmlp::train: the optimizer must be ctmlp::sgd{...} or one of ctmlp::optim::sgd, momentum, "
                      "adam, adamw (or provide state<Net>, stateful, check<S>() and step(...))");
        if constexpr (n_options == 1) {
            auto refs = std::forward_as_tuple(extras...);
            const fit_options& options = std::get<detail::index_of<detail::extra::options, Extras...>()>(refs);
            return detail::dispatch(net, xs, ys, opt, options, loss, std::forward<Extras>(extras)...);
        } else {
            const detail::built_fit_options defaults;
            return detail::dispatch(net, xs, ys, opt, defaults, loss, std::forward<Extras>(extras)...);
        }
    }
}

/// Misuse guard: every call the overload above does not serve stops here with one message that
/// says what to change (not a list of failed candidates or errors from inside the loop): a const
/// network, data that do not fit the network, a missing optimizer or loss, or a fifth argument that
/// is not a loss.
template <Network Net, class X, class Y, class... Rest>
    requires(!detail::train_call_ok<Net, X, Y, Rest...>())
constexpr train_result<typename Net::scalar> train(Net&, const X&, const Y&, Rest&&...) noexcept {
    if constexpr (std::is_const_v<Net>) {
        static_assert(!std::is_const_v<Net>,
                      "ctmlp::train: the network is const (a constexpr variable or a const reference) and training "
                      "changes it: train a copy, `auto net = trained; ctmlp::train(net, ...);`, or train inside the "
                      "constexpr lambda that returns the network");
    } else if constexpr (!detail::dataset_fits<Net, X, Y>) {
        static_assert(detail::dataset_fits<Net, X, Y>,
                      "ctmlp::train: the data must be std::array<Net::input_array, N> inputs and "
                      "std::array<Net::output_array, N> targets: same N, each sample of the network's input/output "
                      "size and scalar type (or contiguous ranges of them: std::span, std::vector)");
    } else if constexpr (sizeof...(Rest) < 2) {
        static_assert(sizeof...(Rest) >= 2,
                      "ctmlp::train(net, xs, ys, optimizer, loss, ...): the optimizer and the loss are both needed, in "
                      "this order; the loss is missing? e.g. ctmlp::half_squared_error{} (regression), "
                      "ctmlp::binary_cross_entropy{} (sigmoid output), ctmlp::categorical_cross_entropy{} (softmax)");
    } else {
        static_assert(detail::train_call_ok<Net, X, Y, Rest...>(),
                      "ctmlp::train(net, xs, ys, optimizer, loss, ...): the fifth argument is not a loss (it needs "
                      "static value(yhat, y) and gradient(yhat, y, g)); the loss comes right after the optimizer, "
                      "fit_options, metric, validation, index buffer and observer after the loss");
    }
    return {};
}

/// True when training ended without a failure. In a `static_assert`, a failure makes the
/// expression non-constant on purpose, and the compiler's note names it: GCC prints "array
/// subscript value 'E' is outside the bounds of array '...<status>_in_epoch_number'" (E = the
/// 1-based epoch), clang prints the call "training_failed(status, epoch, sample)" with its values.
template <class S>
constexpr bool trained_ok(const train_result<S>& r) noexcept;

namespace detail {
// Read out of bounds on purpose (see trained_ok): the array's name says what failed, the index
// which epoch (1-based), and clang's call note shows every argument.
inline constexpr bool non_finite_loss_in_epoch_number[1] = {false};
inline constexpr bool non_finite_update_in_epoch_number[1] = {false};
inline constexpr bool loss_overflow_in_epoch_number[1] = {false};
inline constexpr bool non_finite_data_at_sample_number[1] = {false};
inline constexpr bool training_rejected_with_status_code[1] = {false};
constexpr bool training_failed(train_status status, std::size_t epoch, std::size_t sample) noexcept {
    switch (status) {
        case train_status::non_finite_loss:
            return non_finite_loss_in_epoch_number[epoch + 1];
        case train_status::non_finite_update:
            return non_finite_update_in_epoch_number[epoch + 1];
        case train_status::loss_overflow:
            return loss_overflow_in_epoch_number[epoch + 1];
        case train_status::non_finite_data:
            return non_finite_data_at_sample_number[sample + 1];
        default:
            return training_rejected_with_status_code[static_cast<std::size_t>(status)];
    }
}
}  // namespace detail

template <class S>
constexpr bool trained_ok(const train_result<S>& r) noexcept {
    return r.succeeded() || detail::training_failed(r.status, r.failed_epoch, r.failed_sample);
}

}  // namespace ctmlp

#endif
