// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_TRAIN_HPP
#define CTMLP_TRAIN_HPP

#include <array>
#include <cstddef>
#include <type_traits>

#include <ctmlp/backprop.hpp>
#include <ctmlp/loss.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/optimizer.hpp>
#include <ctmlp/scalar.hpp>

/// Stochastic gradient descent over a fixed-size data set, usable in constant evaluation.
namespace ctmlp {

/// When the parameters change: after every sample (the notebook's cell 1), or once per epoch with
/// the batch's gradients summed (cell 2) or averaged.
enum class update { per_sample, batch_sum, batch_mean };

/// Plain SGD settings. The learning rate is a `double` converted to the network's scalar once.
struct sgd {
    double learning_rate = 0.01;
    std::size_t epochs = 1;
    update updates = update::per_sample;
};

/// What a training run reports per epoch: a loss (possibly not the one it trains on) and how the
/// per-sample values are combined. Cell 1: `metric{squared_error{}, reduction::sum}`; cell 2:
/// `metric{squared_error{}, reduction::mean}`.
template <class L>
struct metric {
    L loss{};
    reduction over_samples = reduction::mean;
    constexpr explicit metric(L l = {}, reduction r = reduction::mean) noexcept : loss(l), over_samples(r) {}
};


/// The result of `train()`: the status, how many epochs completed, the last completed epoch's
/// metric and loss, and where a non-finite value appeared.
template <class S>
struct train_result {
    train_status status = train_status::ok;
    std::size_t epochs_completed = 0;
    S metric{};     ///< metric of the last completed epoch
    S loss{};       ///< training loss of the last completed epoch, reduced like the updates
    std::size_t failed_epoch = 0;   ///< valid when status != ok
    std::size_t failed_sample = 0;  ///< valid when status != ok
    constexpr explicit operator bool() const noexcept { return status == train_status::ok; }
};

/// The observer that observes nothing (the default); costs nothing.
struct no_observer {};

/// What an observer's `on_sample(const sample_event<Net>&)` sees, after the backward pass and
/// before the update: the network as the sample met it, every layer's output, every delta (and
/// through `ws.weight_gradient<K>(i, o)` every gradient), the target, and the sample's values.
template <class Net>
struct sample_event {
    std::size_t epoch;
    std::size_t sample;
    const Net& net;
    const workspace<Net>& ws;
    const typename Net::output_array& target;
    typename Net::scalar loss;
    typename Net::scalar metric;
};

/// What an observer's `on_epoch(const epoch_event<Net>&)` sees after each epoch's update(s).
template <class Net>
struct epoch_event {
    using scalar = typename Net::scalar;
    std::size_t epoch;
    scalar metric;  ///< the metric, reduced over the epoch's samples (taken before each sample's update in per-sample mode)
    scalar loss;    ///< the training loss, reduced like the updates
    const Net& net;  ///< the network after this epoch's update(s)
};

namespace detail {
// The epoch loop. `Batch` is a template parameter so that per-sample training has no gradient
// buffer at all (it updates from the deltas directly): training RAM is then the network plus
// one workspace (see ctmlp::memory).
template <bool Batch, class Net, std::size_t N, class L, class M, class Observer>
constexpr train_result<typename Net::scalar> run_sgd(Net& net, const std::array<typename Net::input_array, N>& xs,
                                                     const std::array<typename Net::output_array, N>& ys,
                                                     const sgd& opt, const L& loss, const metric<M>& report,
                                                     Observer& observer) noexcept {
    using S = typename Net::scalar;
    constexpr bool sees_samples = requires(Observer& o, const sample_event<Net>& e) { o.on_sample(e); };
    constexpr bool sees_epochs = requires(Observer& o, const epoch_event<Net>& e) { o.on_epoch(e); };

    const S rate = from_double<S>(opt.learning_rate);
    const S n = from_double<S>(static_cast<double>(N));
    // batch_mean: rate · (Σg / N) is applied as (rate / N) · Σg, one division per run.
    const S batch_rate = opt.updates == update::batch_mean ? rate / n : rate;

    train_result<S> result{};
    workspace<Net> ws{};
    [[maybe_unused]] std::conditional_t<Batch, Net, char> grad{};
    for (std::size_t epoch = 0; epoch < opt.epochs; ++epoch) {
        S metric_sum(0.0);
        S loss_sum(0.0);
        if constexpr (Batch) grad = Net{};
        for (std::size_t s = 0; s < N; ++s) {
            forward(net, ws, xs[s]);
            const S sample_metric = M::value(ws.prediction(), ys[s]);
            const S sample_loss = L::value(ws.prediction(), ys[s]);
            if (!is_finite(sample_metric) || !is_finite(sample_loss)) {
                result.status = train_status::non_finite_loss;
                result.failed_epoch = epoch;
                result.failed_sample = s;
                return result;
            }
            metric_sum = metric_sum + sample_metric;
            loss_sum = loss_sum + sample_loss;
            backward(net, ws, ys[s], loss);
            if constexpr (sees_samples)
                observer.on_sample(sample_event<Net>{epoch, s, net, ws, ys[s], sample_loss, sample_metric});
            if constexpr (Batch) accumulate_gradient(grad, ws);
            else sgd_step(net, ws, rate);
        }
        if constexpr (Batch) apply_gradient(net, grad, batch_rate);
        result.metric = report.over_samples == reduction::mean ? metric_sum / n : metric_sum;
        result.loss = opt.updates == update::batch_sum ? loss_sum : loss_sum / n;
        result.epochs_completed = epoch + 1;
        if constexpr (sees_epochs) observer.on_epoch(epoch_event<Net>{epoch, result.metric, result.loss, net});
    }
    return result;
}
}  // namespace detail

/// Trains `net` with SGD on the samples (xs[n], ys[n]) for `opt.epochs` epochs, following the
/// gradient of `loss` and reporting `report` (default: `loss`, mean over samples). An observer may
/// define `on_sample(const sample_event<Net>&)` and/or `on_epoch(const epoch_event<Net>&)`; with
/// none, no observer code is generated. Stops at the first non-finite loss or metric, before that
/// sample (or batch) changes the network, and says so in the result. Works in constant evaluation.
template <Network Net, std::size_t N, class L, class M, class Observer = no_observer>
constexpr train_result<typename Net::scalar> train(Net& net, const std::array<typename Net::input_array, N>& xs,
                                                   const std::array<typename Net::output_array, N>& ys,
                                                   const sgd& opt, const L& loss, const metric<M>& report,
                                                   Observer&& observer = {}) noexcept {
    using S = typename Net::scalar;
    static_assert(N > 0, "ctmlp::train: the data set is empty");
    static_assert(Net::trainable,
                  "ctmlp::train: this network cannot be trained: an activation lacks derivative_from_output(y). "
                  "Use it for inference only, or give the activation a derivative.");
    static_assert(Loss<L, S, Net::output_size>,
                  "ctmlp::train: the loss must provide value(yhat, y) and gradient(yhat, y, g)");
    static_assert(Loss<M, S, Net::output_size>,
                  "ctmlp::train: the metric's loss must provide value(yhat, y) and gradient(yhat, y, g)");
    if (opt.updates == update::per_sample) return detail::run_sgd<false>(net, xs, ys, opt, loss, report, observer);
    return detail::run_sgd<true>(net, xs, ys, opt, loss, report, observer);
}

namespace detail {
template <class Net, class X, class Y>
inline constexpr bool dataset_fits = false;
template <class Net, std::size_t N>
inline constexpr bool dataset_fits<Net, std::array<typename Net::input_array, N>, std::array<typename Net::output_array, N>> = true;
}  // namespace detail

/// Misuse guard: samples whose size or scalar type differ from the network's, or input and target
/// arrays of different lengths, stop here with a message instead of a failed deduction.
template <Network Net, class X, class Y, class... Rest>
    requires(!detail::dataset_fits<Net, X, Y>)
constexpr void train(Net&, const X&, const Y&, Rest&&...) noexcept {
    static_assert(detail::dataset_fits<Net, X, Y>,
                  "ctmlp::train: the data must be std::array<Net::input_array, N> inputs and "
                  "std::array<Net::output_array, N> targets: same N, each sample of the network's input/output "
                  "size and scalar type");
}

/// As above, reporting the training loss itself (mean over samples).
template <Network Net, std::size_t N, class L>
constexpr train_result<typename Net::scalar> train(Net& net, const std::array<typename Net::input_array, N>& xs,
                                                   const std::array<typename Net::output_array, N>& ys,
                                                   const sgd& opt, const L& loss) noexcept {
    return train(net, xs, ys, opt, loss, metric<L>{loss});
}

}  // namespace ctmlp

#endif
