// The training loop in constant evaluation: optimizers, mini-batches, shuffling, schedules,
// validation, and the statuses of its promise, reachable inside the compiler (every check reads
// bits before the operation that would not be a constant expression). Compiling is passing.
#include <array>
#include <cstddef>
#include <limits>
#include <span>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/optimizer.hpp>

namespace {

using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr std::array<xor_net::input_array, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<xor_net::output_array, 4> ys{{{0}, {1}, {1}, {0}}};

struct run {
    ctmlp::train_result<float> result;
    float start_loss;
};

template <class Opt>
constexpr run fit(const Opt& opt, ctmlp::fit_options options) {
    ctmlp::splitmix64 gen{5};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1, 1});
    auto first = net;
    const auto r0 = ctmlp::train(first, xs, ys, ctmlp::optim::sgd{.learning_rate = 1e-30}, ctmlp::half_squared_error{});
    return {ctmlp::train(net, xs, ys, opt, ctmlp::half_squared_error{}, options, ctmlp::validation(xs, ys)), r0.loss};
}

// Adam, mini-batches of 3 (the last one holds 1 sample), reshuffled every epoch, cosine schedule,
// clipping: the training loss falls.
constexpr run adam_run =
    fit(ctmlp::optim::adam{.learning_rate = 0.05}, {.epochs = 8,
                                                    .batch_size = 3,
                                                    .shuffle = true,
                                                    .shuffle_seed = 1,
                                                    .schedule = ctmlp::optim::cosine_lr{.t_max = 8},
                                                    .clip_norm = 1.0});
static_assert(adam_run.result.status == ctmlp::train_status::ok && adam_run.result.epochs_completed == 8);
static_assert(adam_run.result.loss < adam_run.start_loss);
static_assert(adam_run.result.validation_loss < adam_run.start_loss);
static_assert(ctmlp::trained_ok(adam_run.result));

// Nesterov momentum, per sample, step schedule.
constexpr run nesterov_run = fit(ctmlp::optim::momentum{.learning_rate = 0.2, .momentum = 0.9, .nesterov = true},
                                 {.epochs = 6, .schedule = ctmlp::optim::step_lr{.step_size = 3, .gamma = 0.5}});
static_assert(nesterov_run.result.status == ctmlp::train_status::ok &&
              nesterov_run.result.loss < nesterov_run.start_loss);

// Early stopping inside the compiler: validation targets opposite to the training targets.
constexpr std::array<xor_net::output_array, 4> opposite{{{1}, {0}, {0}, {1}}};
constexpr auto early = [] {
    ctmlp::splitmix64 gen{6};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1, 1});
    return ctmlp::train(net, xs, ys, ctmlp::optim::adamw{.learning_rate = 0.05}, ctmlp::half_squared_error{},
                        ctmlp::fit_options{.epochs = 100, .batch_size = ctmlp::full_batch, .patience = 3},
                        ctmlp::validation(xs, opposite));
}();
static_assert(early.status == ctmlp::train_status::early_stopped && early.epochs_completed == early.best_epoch + 4);

// ---- the promise, in constant evaluation ---------------------------------------------------------

// An infinite input: reported before the first step (no ∞·0 is ever evaluated).
constexpr auto inf_input = [] {
    auto x = xs;
    x[3][1] = std::numeric_limits<float>::infinity();
    xor_net net{};
    return ctmlp::train(net, x, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 2}, ctmlp::half_squared_error{});
}();
static_assert(inf_input.status == ctmlp::train_status::non_finite_data && inf_input.failed_sample == 3);

// An update that would overflow float: refused before the multiplication that would overflow
// (GCC rejects an overflowing operation in a constant expression).
using line_net = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, ctmlp::identity>>;
struct line_run {
    ctmlp::train_result<float> result;
    line_net net;
};
constexpr line_run overflow_update = [] {
    const std::array<line_net::input_array, 3> x{{{1.0f}, {2.0f}, {1e15f}}};
    const std::array<line_net::output_array, 3> y{{{0.5f}, {1.0f}, {0.0f}}};
    line_net net{};
    net.layer<1>().weights = {0.5f};
    const auto r = ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1e10, .epochs = 1}, ctmlp::half_squared_error{});
    return line_run{r, net};
}();
static_assert(overflow_update.result.status == ctmlp::train_status::non_finite_update);
static_assert(overflow_update.result.failed_sample == 2 && overflow_update.net.layer<1>().weights[0] == 0.5f);

// The same in a batch with momentum.
constexpr auto overflow_batch = [] {
    const std::array<line_net::input_array, 2> x{{{1.0f}, {1e15f}}};
    const std::array<line_net::output_array, 2> y{{{0.5f}, {0.0f}}};
    line_net net{};
    net.layer<1>().weights = {0.5f};
    return ctmlp::train(net, x, y, ctmlp::optim::momentum{.learning_rate = 1e10}, ctmlp::half_squared_error{},
                        ctmlp::fit_options{.epochs = 1, .batch_size = 2});
}();
static_assert(overflow_batch.status == ctmlp::train_status::non_finite_update && overflow_batch.failed_batch_size == 2);

// Finite per-sample losses whose sum overflows.
constexpr auto loss_sum = [] {
    const std::array<line_net::input_array, 2> x{{{1.0f}, {1.0f}}};
    const std::array<line_net::output_array, 2> y{{{1.5e19f}, {-1.5e19f}}};
    line_net net{};
    return ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1e-30, .epochs = 1}, ctmlp::squared_error{});
}();
static_assert(loss_sum.status == ctmlp::train_status::loss_overflow && loss_sum.failed_sample == 1);

// Hyper-parameters.
constexpr auto big_rate = [] {
    xor_net net{};
    return ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 1e40}, ctmlp::half_squared_error{}).status;
}();
static_assert(big_rate == ctmlp::train_status::invalid_learning_rate);
constexpr auto zero_batch = [] {
    xor_net net{};
    return ctmlp::train(net, xs, ys, ctmlp::optim::adam{}, ctmlp::half_squared_error{},
                        ctmlp::fit_options{.batch_size = 0})
        .status;
}();
static_assert(zero_batch == ctmlp::train_status::invalid_batch_size);

// Memory: the optimizer state next to the network.
static_assert(ctmlp::memory<xor_net, ctmlp::optim::sgd>::optimizer_state == 0);
static_assert(ctmlp::memory<xor_net, ctmlp::optim::momentum>::optimizer_state >= sizeof(xor_net));
static_assert(ctmlp::memory<xor_net, ctmlp::optim::adam>::optimizer_state >= 2 * sizeof(xor_net));
static_assert(ctmlp::memory<xor_net, ctmlp::optim::adam>::training_mini_batch ==
              sizeof(xor_net) + sizeof(ctmlp::workspace<xor_net>) + sizeof(xor_net) +
                  sizeof(ctmlp::optim::adam::state<xor_net>));
static_assert(ctmlp::memory<xor_net>::training_per_sample ==
              ctmlp::memory<xor_net, ctmlp::optim::sgd>::training_per_sample);

// Regressions. Adam/AdamW whose step coefficient −η/(1 − β₁ᵗ) or decay factor 1 − ηλ leaves the
// scalar's range: a refused update (non_finite_update), not an overflow that stops the compiler.
using xor_double =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr std::array<xor_double::input_array, 4> dxs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<xor_double::output_array, 4> dys{{{0}, {1}, {1}, {0}}};
template <class Net, class Opt, class X, class Y>
constexpr ctmlp::train_result<typename Net::scalar> huge_step(const Opt& opt, const X& x, const Y& y) {
    Net net{};
    return ctmlp::train(net, x, y, opt, ctmlp::half_squared_error{}, ctmlp::fit_options{.epochs = 2, .batch_size = 2});
}
static_assert(huge_step<xor_double>(ctmlp::optim::adam{.learning_rate = 1e308}, dxs, dys).status ==
              ctmlp::train_status::non_finite_update);
static_assert(huge_step<xor_double>(ctmlp::optim::adamw{.learning_rate = 1e200, .weight_decay = 1e200}, dxs, dys)
                  .status == ctmlp::train_status::non_finite_update);
static_assert(huge_step<xor_net>(ctmlp::optim::adam{.learning_rate = 3e38}, xs, ys).status ==
              ctmlp::train_status::non_finite_update);
static_assert(huge_step<xor_net>(ctmlp::optim::adamw{.learning_rate = 1e30, .weight_decay = 1e30}, xs, ys).status ==
              ctmlp::train_status::non_finite_update);
static_assert(huge_step<xor_net>(ctmlp::optim::adam{.learning_rate = 3e38}, xs, ys).epochs_completed == 0);

// An index buffer shorter than the data, and cross-entropy targets outside [0, 1].
constexpr ctmlp::train_status short_buffer = [] {
    xor_net net{};
    std::array<std::size_t, 3> idx{};
    return ctmlp::train(net, xs, ys, ctmlp::optim::sgd{}, ctmlp::half_squared_error{},
                        ctmlp::fit_options{.shuffle = true}, std::span<std::size_t>(idx))
        .status;
}();
static_assert(short_buffer == ctmlp::train_status::invalid_index_buffer);
constexpr auto bad_targets = [] {
    xor_net net{};
    std::array<xor_net::output_array, 4> t{{{0}, {1}, {-1}, {0}}};
    return ctmlp::train(net, xs, t, ctmlp::optim::sgd{}, ctmlp::binary_cross_entropy{});
}();
static_assert(bad_targets.status == ctmlp::train_status::invalid_targets && bad_targets.failed_sample == 2);

}  // namespace

// A workspace: every value zero when made as `workspace<Net> ws;` (or `{}`); made uninitialised (as
// train() makes its own, without zeroing) it is usable in constant evaluation once forward() and
// backward() wrote it, and gives the same gradients.
namespace workspace_checks {
using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr bool zero_by_default() {
    ctmlp::workspace<net> ws;
    bool zero = true;
    for (const float v : ws.output<0>()) zero = zero && v == 0.0f;
    for (const float v : ws.output<2>()) zero = zero && v == 0.0f;
    for (const float v : ws.delta<1>()) zero = zero && v == 0.0f;
    return zero && ws.delta<2>()[0] == 0.0f;
}
static_assert(zero_by_default());
constexpr bool uninitialized_then_written() {
    ctmlp::splitmix64 gen{3};
    const auto n = ctmlp::initialized<net>(gen, ctmlp::init::uniform{-1, 1});
    ctmlp::workspace<net> zeroed{};
    ctmlp::workspace<net> raw{ctmlp::detail::uninitialized};
    ctmlp::forward(n, zeroed, xs[1]);
    ctmlp::forward(n, raw, xs[1]);
    ctmlp::backward(n, zeroed, ys[1], ctmlp::half_squared_error{});
    ctmlp::backward(n, raw, ys[1], ctmlp::half_squared_error{});
    bool same = true;
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t o = 0; o < 3; ++o)
            same = same && raw.weight_gradient<1>(i, o) == zeroed.weight_gradient<1>(i, o);
    for (std::size_t i = 0; i < 3; ++i) same = same && raw.weight_gradient<2>(i, 0) == zeroed.weight_gradient<2>(i, 0);
    return same && raw.bias_gradient<2>(0) == zeroed.bias_gradient<2>(0) && raw.prediction() == zeroed.prediction();
}
static_assert(uninitialized_then_written());
static_assert(sizeof(ctmlp::workspace<net>) == (2 + 3 + 1 + 3 + 1) * sizeof(float));
static_assert(std::is_trivially_copyable_v<ctmlp::workspace<net>>);
}  // namespace workspace_checks
