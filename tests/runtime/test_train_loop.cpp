// The training loop: mini-batches, shuffling, validation, early stopping, observer control, and
// its promise: the network never holds a NaN or infinite parameter after train(), a refused update
// leaves it byte for byte as it was, bad hyper-parameters are rejected before the first step.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/optimizer.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <span>
#include <vector>

#include "catch.hpp"

namespace {

using tanh_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
using relu_net =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<1, ctmlp::identity>>;
using line_net = ctmlp::network<double, ctmlp::input<1>, ctmlp::dense<1, ctmlp::identity>>;

constexpr std::array<std::array<double, 2>, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<std::array<double, 1>, 4> ys{{{0}, {1}, {1}, {0}}};

template <class Net>
Net start(std::uint64_t seed) {
    ctmlp::splitmix64 gen{seed};
    return ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1, 1});
}

template <class Net>
bool same_bytes(const Net& a, const Net& b) {
    return std::memcmp(&a, &b, sizeof(Net)) == 0;
}

template <class Net>
bool all_finite(const Net& net) {
    bool ok = true;
    net.for_each_layer([&](const auto& p) {
        for (double w : p.weights) ok = ok && std::isfinite(w);
        for (double b : p.bias) ok = ok && std::isfinite(b);
    });
    return ok;
}

// Records the network each sample met (the state before that sample's update) and the visit order.
template <class Net>
struct recorder {
    std::vector<Net> before;
    std::vector<std::size_t> samples;
    std::vector<std::size_t> epochs;
    void on_sample(const ctmlp::sample_event<Net>& e) {
        before.push_back(e.net);
        samples.push_back(e.sample);
        epochs.push_back(e.epoch);
    }
};

}  // namespace

TEST_CASE("the short form sgd{...} and optim::sgd with fit_options train identically", "[train][loop]") {
    for (const auto mode : {ctmlp::update::per_sample, ctmlp::update::batch_sum, ctmlp::update::batch_mean}) {
        auto a = start<tanh_net>(3), b = a;
        const auto ra = ctmlp::train(a, xs, ys, ctmlp::sgd{.learning_rate = 0.7, .epochs = 9, .updates = mode},
                                     ctmlp::half_squared_error{});
        const auto rb = ctmlp::train(
            b, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.7}, ctmlp::half_squared_error{},
            ctmlp::fit_options{
                .epochs = 9,
                .batch_size = mode == ctmlp::update::per_sample ? 1 : ctmlp::full_batch,
                .batch_reduction = mode == ctmlp::update::batch_sum ? ctmlp::reduction::sum : ctmlp::reduction::mean});
        CHECK(same_bytes(a, b));
        CHECK(ra.loss == rb.loss);
        CHECK(ra.status == ctmlp::train_status::ok);
    }
}

TEST_CASE("run-time-sized data (std::vector, std::span) train like std::array", "[train][loop]") {
    const std::vector<tanh_net::input_array> vx(xs.begin(), xs.end());
    const std::vector<tanh_net::output_array> vy(ys.begin(), ys.end());
    auto a = start<tanh_net>(4), b = a, c = a;
    const ctmlp::fit_options opts{.epochs = 5, .batch_size = 3};
    ctmlp::train(a, xs, ys, ctmlp::optim::adam{.learning_rate = 0.05}, ctmlp::half_squared_error{}, opts);
    ctmlp::train(b, vx, vy, ctmlp::optim::adam{.learning_rate = 0.05}, ctmlp::half_squared_error{}, opts);
    ctmlp::train(c, std::span<const tanh_net::input_array>(vx), std::span<const tanh_net::output_array>(vy),
                 ctmlp::optim::adam{.learning_rate = 0.05}, ctmlp::half_squared_error{}, opts);
    CHECK(same_bytes(a, b));
    CHECK(same_bytes(a, c));
}

TEST_CASE("mini-batches: the last partial batch is averaged over its own size", "[train][loop][batch]") {
    // 4 samples in batches of 3: one batch of 3, one of 1. By hand: two steps per epoch.
    const auto init = start<tanh_net>(5);
    auto by_train = init;
    ctmlp::train(by_train, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::half_squared_error{},
                 ctmlp::fit_options{.epochs = 2, .batch_size = 3});
    auto by_hand = init;
    ctmlp::workspace<tanh_net> ws{};
    for (int epoch = 0; epoch < 2; ++epoch) {
        for (const auto& [first, last] : {std::pair<std::size_t, std::size_t>{0, 3}, {3, 4}}) {
            tanh_net grad{};
            for (std::size_t s = first; s < last; ++s) {
                ctmlp::forward(by_hand, ws, xs[s]);
                ctmlp::backward(by_hand, ws, ys[s], ctmlp::half_squared_error{});
                ctmlp::accumulate_gradient(grad, ws);
            }
            ctmlp::apply_gradient(by_hand, grad, 0.5 / static_cast<double>(last - first));
        }
    }
    CHECK(same_bytes(by_train, by_hand));
    // with reduction::sum the partial batch is summed
    auto summed = init;
    ctmlp::train(summed, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::half_squared_error{},
                 ctmlp::fit_options{.epochs = 2, .batch_size = 3, .batch_reduction = ctmlp::reduction::sum});
    CHECK(!same_bytes(summed, by_train));
}

TEST_CASE("shuffling: every sample once per epoch, a new order each epoch, reproducible", "[train][loop][shuffle]") {
    std::vector<tanh_net::input_array> vx;
    std::vector<tanh_net::output_array> vy;
    for (int i = 0; i < 10; ++i) {
        vx.push_back({0.1 * i, 1.0 - 0.1 * i});
        vy.push_back({i % 2 == 0 ? 0.0 : 1.0});
    }
    const auto init = start<tanh_net>(6);
    const ctmlp::fit_options opts{.epochs = 4, .batch_size = 2, .shuffle = true, .shuffle_seed = 42};
    auto visits = [&](auto&&... buffer) {
        auto net = init;
        recorder<tanh_net> rec;
        ctmlp::train(net, vx, vy, ctmlp::optim::momentum{.learning_rate = 0.1}, ctmlp::half_squared_error{}, opts,
                     buffer..., rec);
        return std::pair{net, rec.samples};
    };
    std::array<std::size_t, 10> index_buffer{};
    const auto [net_fy, fy] = visits(std::span<std::size_t>(index_buffer));  // Fisher–Yates
    const auto [net_affine, affine] = visits();                              // no buffer: affine permutation
    for (const auto& order : {fy, affine}) {
        REQUIRE(order.size() == 40);
        std::vector<std::vector<std::size_t>> epochs;
        for (std::size_t e = 0; e < 4; ++e) {
            std::vector<std::size_t> one(order.begin() + 10 * static_cast<long>(e),
                                         order.begin() + 10 * static_cast<long>(e + 1));
            CHECK(std::set<std::size_t>(one.begin(), one.end()).size() == 10);
            epochs.push_back(one);
        }
        CHECK(epochs[0] != epochs[1]);
        CHECK(epochs[1] != epochs[2]);
    }
    CHECK(visits(std::span<std::size_t>(index_buffer)).second == fy);  // same seed, same orders
    // std::array data shuffle by Fisher–Yates with an internal buffer: the same orders
    std::array<tanh_net::input_array, 10> ax{};
    std::array<tanh_net::output_array, 10> ay{};
    std::copy(vx.begin(), vx.end(), ax.begin());
    std::copy(vy.begin(), vy.end(), ay.begin());
    auto net = init;
    recorder<tanh_net> rec;
    ctmlp::train(net, ax, ay, ctmlp::optim::momentum{.learning_rate = 0.1}, ctmlp::half_squared_error{}, opts, rec);
    CHECK(rec.samples == fy);
    CHECK(same_bytes(net, net_fy));
    // a different seed, different orders
    auto other = opts;
    other.shuffle_seed = 43;
    auto net2 = init;
    recorder<tanh_net> rec2;
    ctmlp::train(net2, ax, ay, ctmlp::optim::momentum{.learning_rate = 0.1}, ctmlp::half_squared_error{}, other, rec2);
    CHECK(rec2.samples != fy);
}

namespace {
struct epoch_log {
    std::vector<tanh_net> nets;
    std::vector<double> validation;
    void on_epoch(const ctmlp::epoch_event<tanh_net>& e) {
        nets.push_back(e.net);
        validation.push_back(e.validation_loss);
        CHECK(e.validated);
    }
};
}  // namespace

TEST_CASE("validation and early stopping restore the best weights", "[train][loop][early]") {
    // The validation targets are the opposite of the training targets: the validation loss rises
    // once training makes progress.
    const std::array<tanh_net::output_array, 4> opposite{{{1}, {0}, {0}, {1}}};
    auto net = start<tanh_net>(7);
    epoch_log log;
    const auto r = ctmlp::train(net, xs, ys, ctmlp::optim::adam{.learning_rate = 0.05}, ctmlp::half_squared_error{},
                                ctmlp::fit_options{.epochs = 200, .batch_size = 4, .patience = 5},
                                ctmlp::validation(xs, opposite), log);
    REQUIRE(r.status == ctmlp::train_status::early_stopped);
    CHECK(r.succeeded());
    CHECK(r.epochs_completed == r.best_epoch + 6);
    CHECK(r.epochs_completed < 200);
    REQUIRE(log.nets.size() == r.epochs_completed);
    CHECK(same_bytes(net, log.nets[r.best_epoch]));  // restored
    CHECK(r.best_validation_loss == log.validation[r.best_epoch]);
    for (double v : log.validation) CHECK(v >= r.best_validation_loss);
    // without patience: all epochs run, the validation loss is still reported
    auto plain = start<tanh_net>(7);
    const auto r2 = ctmlp::train(plain, xs, ys, ctmlp::optim::adam{.learning_rate = 0.05}, ctmlp::half_squared_error{},
                                 ctmlp::fit_options{.epochs = 20, .batch_size = 4}, ctmlp::validation(xs, opposite));
    CHECK(r2.status == ctmlp::train_status::ok);
    CHECK(r2.validation_loss > 0);
}

namespace {
struct controller {
    std::size_t stop_after = 1000;
    double new_rate = 0;
    std::vector<double> seen_rates{};
    void on_epoch(ctmlp::epoch_event<tanh_net>& e) {
        seen_rates.push_back(e.learning_rate);
        if (e.epoch == 0 && new_rate != 0) e.learning_rate = new_rate;
        if (e.epoch == stop_after) e.stop = true;
    }
};
}  // namespace

TEST_CASE("the observer stops training and changes the learning rate", "[train][loop][observer]") {
    auto net = start<tanh_net>(8);
    controller stop3{.stop_after = 3};
    const auto r = ctmlp::train(net, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::half_squared_error{},
                                ctmlp::fit_options{.epochs = 10}, stop3);
    CHECK(r.status == ctmlp::train_status::stopped_by_observer);
    CHECK(r.epochs_completed == 4);
    // 1 epoch at 0.5 then 3 at 0.2 == a run of 1 epoch at 0.5 continued by 3 at 0.2
    auto changed = start<tanh_net>(8);
    controller slow{.new_rate = 0.2};
    ctmlp::train(changed, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::half_squared_error{},
                 ctmlp::fit_options{.epochs = 4}, slow);
    CHECK(slow.seen_rates == std::vector<double>{0.5, 0.2, 0.2, 0.2});
    auto two_runs = start<tanh_net>(8);
    ctmlp::train(two_runs, xs, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 1}, ctmlp::half_squared_error{});
    ctmlp::train(two_runs, xs, ys, ctmlp::sgd{.learning_rate = 0.2, .epochs = 3}, ctmlp::half_squared_error{});
    CHECK(same_bytes(changed, two_runs));
    // an invalid rate from the observer stops training with its status
    auto bad = start<tanh_net>(8);
    controller nan_rate{.new_rate = -1.0};
    const auto rb = ctmlp::train(bad, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::half_squared_error{},
                                 ctmlp::fit_options{.epochs = 4}, nan_rate);
    CHECK(rb.status == ctmlp::train_status::invalid_learning_rate);
}

TEST_CASE("promise 1: an infinite input in the last sample is reported, not trained on", "[train][promise][nan]") {
    // ∞ through tanh gives ±1, a finite loss, and ∞·0 = NaN weight gradients. Before the fix
    // train() applied that update and, the bad sample being the last, returned ok with NaN weights.
    for (const auto mode : {ctmlp::update::per_sample, ctmlp::update::batch_sum, ctmlp::update::batch_mean}) {
        const auto init = start<tanh_net>(9);
        auto net = init;
        auto bad = xs;
        bad[3][0] = std::numeric_limits<double>::infinity();
        const auto r = ctmlp::train(net, bad, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 3, .updates = mode},
                                    ctmlp::half_squared_error{});
        CHECK(!r);
        CHECK(r.failed_sample == 3);
        CHECK(r.epochs_completed == 0);
        CHECK(same_bytes(net, init));
        CHECK(all_finite(net));
    }
}

TEST_CASE("promise 1: an update that would overflow is refused, the network keeps its bytes", "[train][promise][nan]") {
    // Finite data and loss, but rate × gradient overflows: before the fix the weight became −∞ and,
    // the sample being the last, train() returned ok.
    // The first two samples are fitted exactly (zero gradient); the third has a gradient of 5e19.
    const std::array<line_net::input_array, 3> x{{{1.0}, {2.0}, {1e10}}};
    const std::array<line_net::output_array, 3> y{{{0.5}, {1.0}, {0.0}}};
    line_net init{};
    init.layer<1>().weights = {0.5};
    SECTION("per sample: the last sample's update is refused") {
        auto net = init;
        recorder<line_net> rec;
        const auto r = ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1e300, .epochs = 1},
                                    ctmlp::half_squared_error{}, ctmlp::metric{ctmlp::half_squared_error{}}, rec);
        CHECK(r.status == ctmlp::train_status::non_finite_update);
        CHECK(r.failed_epoch == 0);
        CHECK(r.failed_sample == 2);
        CHECK(r.failed_batch_size == 1);
        REQUIRE(rec.before.size() == 3);
        CHECK(same_bytes(net, rec.before[2]));  // as the failing sample met it
        CHECK(all_finite(net));
    }
    SECTION("batches and stateful optimizers: the batch's update is refused") {
        auto net = init;
        const auto r = ctmlp::train(net, x, y, ctmlp::optim::momentum{.learning_rate = 1e300, .momentum = 0.5},
                                    ctmlp::half_squared_error{}, ctmlp::fit_options{.epochs = 2, .batch_size = 2});
        CHECK(r.status == ctmlp::train_status::non_finite_update);
        CHECK(r.failed_sample == 2);  // the second batch: sample 2 alone
        CHECK(r.failed_batch_size == 1);
        CHECK(all_finite(net));
        auto adam = init;
        const std::array<line_net::input_array, 3> big{{{1.0}, {2.0}, {1e100}}};  // gradient 1e200: g² overflows
        const auto ra = ctmlp::train(adam, big, y, ctmlp::optim::adam{.learning_rate = 0.1}, ctmlp::squared_error{},
                                     ctmlp::fit_options{.epochs = 1, .batch_size = 3});
        // Adam's step is bounded by the learning rate, but g² overflows in the second moment
        CHECK(ra.status == ctmlp::train_status::non_finite_update);
        CHECK(ra.failed_sample == 0);
        CHECK(ra.failed_batch_size == 3);
        CHECK(same_bytes(adam, init));
    }
}

TEST_CASE("promise 2: hyper-parameters are rejected before the first step, each with its status",
          "[train][promise][hyper]") {
    using ctmlp::train_status;
    namespace o = ctmlp::optim;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const auto init = start<tanh_net>(10);
    auto status_of = [&](const auto& opt, ctmlp::fit_options options = {}) {
        auto net = init;
        const auto r = ctmlp::train(net, xs, ys, opt, ctmlp::half_squared_error{}, options);
        CHECK(same_bytes(net, init));
        CHECK(r.epochs_completed == 0);
        return r.status;
    };
    auto legacy = [&](double lr, std::size_t epochs = 3) {
        auto net = init;
        const auto r =
            ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = lr, .epochs = epochs}, ctmlp::half_squared_error{});
        CHECK(same_bytes(net, init));
        return r.status;
    };
    CHECK(legacy(nan) == train_status::invalid_learning_rate);
    CHECK(legacy(inf) == train_status::invalid_learning_rate);
    CHECK(legacy(0.0) == train_status::invalid_learning_rate);
    CHECK(legacy(-0.5) == train_status::invalid_learning_rate);
    CHECK(legacy(0.5, 0) == train_status::invalid_epochs);
    CHECK(status_of(o::momentum{.learning_rate = 0.1, .momentum = nan}) == train_status::invalid_momentum);
    CHECK(status_of(o::momentum{.learning_rate = 0.1, .dampening = -1}) == train_status::invalid_dampening);
    CHECK(status_of(o::adam{.beta1 = 1.5}) == train_status::invalid_betas);
    CHECK(status_of(o::adam{.eps = -1e-8}) == train_status::invalid_epsilon);
    CHECK(status_of(o::adamw{.weight_decay = nan}) == train_status::invalid_weight_decay);
    CHECK(status_of(o::sgd{.learning_rate = 0.1}, {.batch_size = 0}) == train_status::invalid_batch_size);
    CHECK(status_of(o::sgd{.learning_rate = 0.1}, {.epochs = 0}) == train_status::invalid_epochs);
    CHECK(status_of(o::sgd{.learning_rate = 0.1}, {.schedule = o::step_lr{.step_size = 0}}) ==
          train_status::invalid_schedule);
    CHECK(status_of(o::sgd{.learning_rate = 0.1}, {.schedule = o::exponential_lr{.gamma = nan}}) ==
          train_status::invalid_schedule);
    CHECK(status_of(o::sgd{.learning_rate = 0.1}, {.clip_norm = -1}) == train_status::invalid_clip_norm);
    CHECK(status_of(o::sgd{.learning_rate = 0.1}, {.patience = 3}) ==
          train_status::invalid_patience);  // no validation data
    // 1e40 overflows float
    using float_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
    constexpr std::array<float_net::input_array, 1> fx{{{1.f, 0.f}}};
    constexpr std::array<float_net::output_array, 1> fy{{{1.f}}};
    float_net fnet{};
    CHECK(ctmlp::train(fnet, fx, fy, ctmlp::sgd{.learning_rate = 1e40}, ctmlp::half_squared_error{}).status ==
          train_status::invalid_learning_rate);
    CHECK(ctmlp::train(fnet, fx, fy, ctmlp::sgd{.learning_rate = 1e40}, ctmlp::half_squared_error{}).epochs_completed ==
          0);
    // run-time data: as many targets as inputs, and at least one sample
    const std::vector<tanh_net::input_array> three(xs.begin(), xs.begin() + 3);
    const std::vector<tanh_net::output_array> four(ys.begin(), ys.end()), none;
    auto sized = init;
    CHECK(ctmlp::train(sized, three, four, ctmlp::sgd{.learning_rate = 0.1}, ctmlp::half_squared_error{}).status ==
          train_status::invalid_data);
    CHECK(ctmlp::train(sized, std::vector<tanh_net::input_array>{}, none, ctmlp::sgd{.learning_rate = 0.1},
                       ctmlp::half_squared_error{})
              .status == train_status::invalid_data);
    CHECK(ctmlp::train(sized, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.1}, ctmlp::half_squared_error{},
                       ctmlp::validation(three, four))
              .status == train_status::invalid_data);
    CHECK(same_bytes(sized, init));
    // a NaN parameter in the network handed in
    auto poisoned = init;
    poisoned.layer<2>().bias[0] = nan;
    CHECK(ctmlp::train(poisoned, xs, ys, ctmlp::sgd{.learning_rate = 0.1}, ctmlp::half_squared_error{}).status ==
          train_status::non_finite_parameters);
}

TEST_CASE("promise 5: finite per-sample losses whose sum overflows are reported", "[train][promise][overflow]") {
    // Each sample's squared error is about 2.25e38 (finite in float); two of them overflow.
    using fnet = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, ctmlp::identity>>;
    const std::array<fnet::input_array, 2> x{{{1.0f}, {1.0f}}};
    const std::array<fnet::output_array, 2> y{{{1.5e19f}, {-1.5e19f}}};
    fnet net{};
    const auto r =
        ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1e-30, .epochs = 1, .updates = ctmlp::update::batch_sum},
                     ctmlp::squared_error{});
    CHECK(r.status == ctmlp::train_status::loss_overflow);
    CHECK(r.failed_sample == 1);
    CHECK(!r);
}

TEST_CASE("trained_ok is true for successful runs", "[train][loop]") {
    auto net = start<tanh_net>(11);
    const auto r =
        ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 2}, ctmlp::half_squared_error{});
    CHECK(ctmlp::trained_ok(r));
}

// Built once more with -ffast-math (tests/training.cmake): the checks must not be folded away.
TEST_CASE("full-batch training on data with a NaN never returns ok with NaN parameters",
          "[train][promise][fast-math]") {
    volatile double poison = 0.0;
    const double nan = poison / poison;  // made at run time: -ffast-math cannot assume it away
    auto bad = xs;
    bad[2][1] = nan;
    const auto init = start<relu_net>(12);
    auto net = init;
    const auto r =
        ctmlp::train(net, bad, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 4, .updates = ctmlp::update::batch_mean},
                     ctmlp::half_squared_error{});
    CHECK(r.status != ctmlp::train_status::ok);
    CHECK(r.status == ctmlp::train_status::non_finite_data);
    CHECK(r.failed_sample == 2);
    CHECK(same_bytes(net, init));
    // a NaN learning rate too
    auto net2 = init;
    const volatile double rate = nan;
    const auto r2 = ctmlp::train(net2, xs, ys, ctmlp::optim::adam{.learning_rate = rate}, ctmlp::half_squared_error{},
                                 ctmlp::fit_options{.epochs = 2, .batch_size = ctmlp::full_batch});
    CHECK(r2.status == ctmlp::train_status::invalid_learning_rate);
    CHECK(same_bytes(net2, init));
}

// ---- regressions: index buffer, huge Adam steps, observer NaN under -ffast-math, CE targets ----

TEST_CASE("an index buffer shorter than the data is refused before the first step", "[train][promise]") {
    const std::vector<tanh_net::input_array> x(xs.begin(), xs.end());
    const std::vector<tanh_net::output_array> y(ys.begin(), ys.end());
    const auto init = start<tanh_net>(21);
    for (const bool shuffle : {true, false}) {
        std::vector<std::size_t> idx(x.size() - 1);
        auto net = init;
        const auto r = ctmlp::train(net, x, y, ctmlp::optim::adam{}, ctmlp::half_squared_error{},
                                    ctmlp::fit_options{.epochs = 3, .shuffle = shuffle}, std::span<std::size_t>(idx));
        CHECK(r.status == ctmlp::train_status::invalid_index_buffer);
        CHECK(r.epochs_completed == 0);
        CHECK(same_bytes(net, init));
    }
    // as long as the data: used
    std::vector<std::size_t> idx(x.size());
    auto net = init;
    const auto r = ctmlp::train(net, x, y, ctmlp::optim::adam{}, ctmlp::half_squared_error{},
                                ctmlp::fit_options{.epochs = 3, .shuffle = true}, std::span<std::size_t>(idx));
    CHECK(r.status == ctmlp::train_status::ok);
    CHECK(std::set<std::size_t>(idx.begin(), idx.end()).size() == x.size());
}

TEST_CASE("Adam and AdamW steps beyond the scalar's range are refused", "[train][promise][fast-math]") {
    const auto init = start<tanh_net>(22);
    auto net = init;
    const auto r = ctmlp::train(net, xs, ys, ctmlp::optim::adam{.learning_rate = 1e308}, ctmlp::half_squared_error{},
                                ctmlp::fit_options{.epochs = 2, .batch_size = 2});
    CHECK(r.status == ctmlp::train_status::non_finite_update);
    CHECK(r.epochs_completed == 0);
    CHECK(same_bytes(net, init));
    auto net2 = init;
    const auto r2 = ctmlp::train(net2, xs, ys, ctmlp::optim::adamw{.learning_rate = 1e200, .weight_decay = 1e200},
                                 ctmlp::half_squared_error{}, ctmlp::fit_options{.epochs = 2, .batch_size = 2});
    CHECK(r2.status == ctmlp::train_status::non_finite_update);
    CHECK(same_bytes(net2, init));
    using float_net =
        ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
    const std::array<float_net::input_array, 4> fx{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
    const std::array<float_net::output_array, 4> fy{{{0}, {1}, {1}, {0}}};
    float_net fnet{};
    fnet.layer<1>().weights = {0.5f, -0.25f, 0.75f, 0.125f};
    const float_net finit = fnet;
    const auto r3 = ctmlp::train(fnet, fx, fy, ctmlp::optim::adamw{.learning_rate = 1e30, .weight_decay = 1e30},
                                 ctmlp::half_squared_error{}, ctmlp::fit_options{.epochs = 2, .batch_size = 2});
    CHECK(r3.status == ctmlp::train_status::non_finite_update);
    CHECK(same_bytes(fnet, finit));
}

namespace {
struct set_learning_rate {
    double value;
    void on_epoch(ctmlp::epoch_event<tanh_net>& e) { e.learning_rate = value; }
};
}  // namespace

// -ffast-math must not fold the comparison that notices the observer's write.
TEST_CASE("an observer's NaN or infinite learning rate is refused", "[train][promise][fast-math]") {
    volatile double poison = 0.0;
    const double values[] = {std::numeric_limits<double>::quiet_NaN(), poison / poison,
                             std::numeric_limits<double>::infinity(), -0.5};
    for (const double v : values) {
        auto net = start<tanh_net>(23);
        set_learning_rate obs{v};
        const auto r = ctmlp::train(net, xs, ys, ctmlp::optim::adam{}, ctmlp::half_squared_error{},
                                    ctmlp::fit_options{.epochs = 3}, obs);
        CHECK(r.status == ctmlp::train_status::invalid_learning_rate);
        CHECK(r.epochs_completed == 1);
        CHECK(all_finite(net));
    }
}

TEST_CASE("cross-entropy targets outside [0, 1] are refused before the first step", "[train][promise]") {
    using sg = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
    using sm = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::softmax>>;
    const std::array<sg::input_array, 2> x{{{1, 0}, {0, 1}}};
    const auto sg0 = start<sg>(24);
    const auto sm0 = start<sm>(25);
    auto bce = [&](const std::array<sg::output_array, 2>& t) {
        auto net = sg0;
        const auto r = ctmlp::train(net, x, t, ctmlp::optim::sgd{.learning_rate = 1}, ctmlp::binary_cross_entropy{},
                                    ctmlp::fit_options{.epochs = 5});
        CHECK(same_bytes(net, sg0) == (r.status == ctmlp::train_status::invalid_targets));
        return r;
    };
    auto r = bce({{{0}, {2}}});
    CHECK(r.status == ctmlp::train_status::invalid_targets);
    CHECK(r.failed_sample == 1);
    r = bce({{{-1}, {1}}});
    CHECK(r.status == ctmlp::train_status::invalid_targets);
    CHECK(r.failed_sample == 0);
    CHECK(bce({{{0.25}, {1}}}).status == ctmlp::train_status::ok);  // soft labels are fine
    // validation targets too
    auto net = sg0;
    const std::array<sg::output_array, 2> good{{{0}, {1}}}, bad{{{1}, {1.5}}};
    r = ctmlp::train(net, x, good, ctmlp::optim::sgd{.learning_rate = 1}, ctmlp::binary_cross_entropy{},
                     ctmlp::validation(x, bad));
    CHECK(r.status == ctmlp::train_status::invalid_targets);
    CHECK(r.failed_sample == 1);
    CHECK(same_bytes(net, sg0));

    auto cce = [&](const std::array<sm::output_array, 2>& t) {
        auto n = sm0;
        const auto rr = ctmlp::train(n, x, t, ctmlp::optim::sgd{.learning_rate = 1}, ctmlp::categorical_cross_entropy{},
                                     ctmlp::fit_options{.epochs = 5});
        CHECK(same_bytes(n, sm0) == (rr.status == ctmlp::train_status::invalid_targets));
        return rr;
    };
    auto c = cce({{{0, 0, 1}, {-1, 0, 2}}});
    CHECK(c.status == ctmlp::train_status::invalid_targets);
    CHECK(c.failed_sample == 1);
    c = cce({{{0, 1.5, 0}, {0, 0, 1}}});
    CHECK(c.status == ctmlp::train_status::invalid_targets);
    CHECK(c.failed_sample == 0);
    CHECK(cce({{{0, 0, 1}, {0.9, 0.05, 0.05}}}).status == ctmlp::train_status::ok);
    auto n = sm0;
    const std::array<sm::output_array, 2> one_hot{{{0, 0, 1}, {1, 0, 0}}}, negative{{{0, 0, 1}, {0, -0.5, 1.5}}};
    c = ctmlp::train(n, x, one_hot, ctmlp::optim::sgd{.learning_rate = 1}, ctmlp::categorical_cross_entropy{},
                     ctmlp::validation(x, negative));
    CHECK(c.status == ctmlp::train_status::invalid_targets);
    CHECK(c.failed_sample == 1);
    CHECK(same_bytes(n, sm0));
    // other losses take any finite target
    auto h = sg0;
    CHECK(ctmlp::train(h, x, bad, ctmlp::optim::sgd{.learning_rate = 0.1}, ctmlp::half_squared_error{}).status ==
          ctmlp::train_status::ok);
}

// The one finiteness test (ctmlp::is_finite, also math::isfinite) reads the bits: NaN and ∞ made at
// run time are seen under -ffast-math too (this file is also built with -ffast-math), for every
// floating-point type including the x87 long double.
template <class T>
static void check_classification_at_run_time() {
    volatile T zero = T(0);
    volatile T one = T(1);
    const T nan = zero / zero;
    const T inf = one / zero;
    CHECK_FALSE(ctmlp::is_finite(nan));
    CHECK_FALSE(ctmlp::is_finite(inf));
    CHECK_FALSE(ctmlp::is_finite(-inf));
    CHECK(ctmlp::is_nan(nan));
    CHECK_FALSE(ctmlp::is_nan(inf));
    CHECK_FALSE(ctmlp::math::isfinite(nan));
    CHECK_FALSE(ctmlp::math::isfinite(inf));
    CHECK(ctmlp::math::isnan(nan));
    CHECK(ctmlp::is_finite(one));
    CHECK_FALSE(ctmlp::is_nan(one));
}
TEST_CASE("is_finite and is_nan see run-time NaN and infinity", "[train][promise][fast-math]") {
    check_classification_at_run_time<float>();
    check_classification_at_run_time<double>();
    check_classification_at_run_time<long double>();
}
