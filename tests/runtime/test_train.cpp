// Training: compile time equals run time, the update modes, the observer, non-finite losses.
#include <ctmlp/ctmlp.hpp>

#include <cmath>
#include <limits>

#include "catch.hpp"

namespace {

// No exp/tanh: run time and compile time share every operation whatever the math policy
// (tests/runtime/test_math_policy.cpp covers ctmlp::portable::sigmoid/tanh).
using relu_net =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<1, ctmlp::identity>>;
using tanh_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr std::array<std::array<double, 2>, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<std::array<double, 1>, 4> ys{{{0}, {1}, {1}, {0}}};

template <class Net>
constexpr Net trained(ctmlp::update mode, double rate, std::size_t epochs, std::uint64_t seed = 3) {
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::he_uniform{});
    ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = rate, .epochs = epochs, .updates = mode},
                 ctmlp::half_squared_error{});
    return net;
}

constexpr auto ct_per_sample = trained<relu_net>(ctmlp::update::per_sample, 0.05, 40);
constexpr auto ct_batch_sum = trained<relu_net>(ctmlp::update::batch_sum, 0.05, 40);
constexpr auto ct_batch_mean = trained<relu_net>(ctmlp::update::batch_mean, 0.2, 40);

}  // namespace

TEST_CASE("a network trained at compile time equals the one trained at run time", "[train][constexpr]") {
    volatile double rate = 0.05;  // keep the run-time training at run time
    CHECK(trained<relu_net>(ctmlp::update::per_sample, rate, 40) == ct_per_sample);
    CHECK(trained<relu_net>(ctmlp::update::batch_sum, rate, 40) == ct_batch_sum);
    CHECK(trained<relu_net>(ctmlp::update::batch_mean, 4 * rate, 40) == ct_batch_mean);
    CHECK(!(ct_per_sample == ct_batch_sum));
}

TEST_CASE("batch_mean is batch_sum with the rate divided by the batch size", "[train]") {
    CHECK(trained<relu_net>(ctmlp::update::batch_mean, 0.2, 25) ==
          trained<relu_net>(ctmlp::update::batch_sum, 0.05, 25));
}

TEST_CASE("per-sample training is forward, backward and sgd_step in turn", "[train]") {
    ctmlp::splitmix64 gen{11};
    const auto start = ctmlp::initialized<tanh_net>(gen, ctmlp::init::xavier_uniform{});
    auto by_train = start;
    ctmlp::train(by_train, xs, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 3}, ctmlp::half_squared_error{});
    auto by_hand = start;
    ctmlp::workspace<tanh_net> ws{};
    for (int epoch = 0; epoch < 3; ++epoch)
        for (std::size_t s = 0; s < 4; ++s) {
            ctmlp::forward(by_hand, ws, xs[s]);
            ctmlp::backward(by_hand, ws, ys[s], ctmlp::half_squared_error{});
            ctmlp::sgd_step(by_hand, ws, 0.5);
        }
    CHECK(by_train == by_hand);
    CHECK(!(by_train == start));
}

TEST_CASE("full-batch training sums the samples' gradients", "[train]") {
    ctmlp::splitmix64 gen{12};
    const auto start = ctmlp::initialized<tanh_net>(gen, ctmlp::init::xavier_normal{});
    auto by_train = start;
    ctmlp::train(by_train, xs, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 1, .updates = ctmlp::update::batch_sum},
                 ctmlp::half_squared_error{});
    tanh_net grad{};
    ctmlp::workspace<tanh_net> ws{};
    for (std::size_t s = 0; s < 4; ++s) {
        ctmlp::forward(start, ws, xs[s]);
        ctmlp::backward(start, ws, ys[s], ctmlp::half_squared_error{});
        ctmlp::accumulate_gradient(grad, ws);
    }
    auto by_hand = start;
    ctmlp::apply_gradient(by_hand, grad, 0.5);
    CHECK(by_train == by_hand);
}

TEST_CASE("predict and the recording forward pass agree", "[train]") {
    ctmlp::splitmix64 gen{13};
    const auto net = ctmlp::initialized<tanh_net>(gen, ctmlp::init::uniform{-1, 1});
    ctmlp::workspace<tanh_net> ws{};
    for (const auto& x : xs) CHECK(ctmlp::forward(net, ws, x) == net.predict(x));
}

namespace {
struct counting_observer {
    std::size_t samples = 0, epochs = 0;
    double last_metric = 0, metric_sum_check = 0, epoch_metric = 0;
    bool gradient_matches = true;
    void on_sample(const ctmlp::sample_event<tanh_net>& e) {
        ++samples;
        metric_sum_check += e.metric;
        // The per-sample gradient the observer can read equals what accumulate_gradient adds.
        tanh_net g{};
        ctmlp::accumulate_gradient(g, e.ws);
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t o = 0; o < 3; ++o)
                gradient_matches = gradient_matches && g.layer<1>().weight(i, o) == e.ws.weight_gradient<1>(i, o);
    }
    void on_epoch(const ctmlp::epoch_event<tanh_net>& e) {
        ++epochs;
        epoch_metric = e.metric;
        last_metric = metric_sum_check;
        metric_sum_check = 0;
    }
};
}  // namespace

TEST_CASE("an observer sees every sample and epoch and changes nothing", "[train][observer]") {
    ctmlp::splitmix64 gen{14};
    const auto start = ctmlp::initialized<tanh_net>(gen, ctmlp::init::uniform{-1, 1});
    auto observed = start, plain = start;
    counting_observer obs;
    const ctmlp::metric report{ctmlp::squared_error{}, ctmlp::reduction::sum};
    const auto r1 = ctmlp::train(observed, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 7},
                                 ctmlp::half_squared_error{}, report, obs);
    const auto r2 =
        ctmlp::train(plain, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 7}, ctmlp::half_squared_error{}, report);
    CHECK(observed == plain);
    CHECK(r1.metric == r2.metric);
    CHECK(obs.samples == 28);
    CHECK(obs.epochs == 7);
    CHECK(obs.gradient_matches);
    CHECK(obs.epoch_metric == obs.last_metric);  // reduction::sum
    CHECK(r1.metric == obs.epoch_metric);
}

TEST_CASE("the reported metric is separate from the loss followed", "[train][loss]") {
    ctmlp::splitmix64 gen{15};
    const auto start = ctmlp::initialized<tanh_net>(gen, ctmlp::init::uniform{-1, 1});
    auto a = start, b = start;
    const auto sum =
        ctmlp::train(a, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 2, .updates = ctmlp::update::batch_sum},
                     ctmlp::half_squared_error{}, ctmlp::metric{ctmlp::squared_error{}, ctmlp::reduction::sum});
    const auto mean =
        ctmlp::train(b, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 2, .updates = ctmlp::update::batch_sum},
                     ctmlp::half_squared_error{}, ctmlp::metric{ctmlp::squared_error{}, ctmlp::reduction::mean});
    CHECK(a == b);  // the metric does not change the training
    CHECK(sum.metric == Approx(4 * mean.metric));
    CHECK(sum.loss == Approx(sum.metric / 2));  // half squared error, summed (batch_sum)
}

TEST_CASE("a non-finite loss stops training and is reported", "[train][nan]") {
    SECTION("NaN in the data: reported at that sample, before anything changes") {
        ctmlp::splitmix64 gen{16};
        const auto start = ctmlp::initialized<relu_net>(gen, ctmlp::init::he_uniform{});
        auto net = start;
        auto bad_x = xs;
        bad_x[0][1] = std::numeric_limits<double>::quiet_NaN();
        const auto r =
            ctmlp::train(net, bad_x, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 5}, ctmlp::half_squared_error{});
        CHECK(!r);
        CHECK(r.status == ctmlp::train_status::non_finite_data);  // the data are checked before the first step
        CHECK(r.failed_epoch == 0);
        CHECK(r.failed_sample == 0);
        CHECK(r.epochs_completed == 0);
        CHECK(net == start);
    }
    SECTION("divergence: a huge learning rate overflows and is caught") {
        ctmlp::splitmix64 gen{17};
        auto net = ctmlp::initialized<relu_net>(gen, ctmlp::init::uniform{0.5, 1.0});
        const auto r =
            ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 1e150, .epochs = 50}, ctmlp::half_squared_error{});
        CHECK(r.status == ctmlp::train_status::non_finite_loss);
        CHECK(r.epochs_completed < 50);
    }
    SECTION("full batch: the batch with the NaN is not applied") {
        ctmlp::splitmix64 gen{18};
        const auto start = ctmlp::initialized<relu_net>(gen, ctmlp::init::he_uniform{});
        auto net = start;
        auto bad_y = ys;
        bad_y[3][0] = std::numeric_limits<double>::infinity();
        const auto r = ctmlp::train(net, xs, bad_y,
                                    ctmlp::sgd{.learning_rate = 0.1, .epochs = 5, .updates = ctmlp::update::batch_sum},
                                    ctmlp::half_squared_error{});
        CHECK(r.failed_sample == 3);
        CHECK(net == start);
    }
}

TEST_CASE("initialisers: order, ranges, zero biases", "[init]") {
    using wide = ctmlp::network<double, ctmlp::input<64>, ctmlp::dense<64, ctmlp::relu>, ctmlp::dense<8, ctmlp::tanh>>;
    auto stats = [](const auto& weights) {
        double mean = 0, sq = 0, lo = 1e9, hi = -1e9;
        for (double w : weights) {
            mean += w;
            sq += w * w;
            lo = std::min(lo, w);
            hi = std::max(hi, w);
        }
        mean /= double(weights.size());
        return std::array<double, 4>{mean, std::sqrt(sq / double(weights.size()) - mean * mean), lo, hi};
    };
    ctmlp::splitmix64 gen{19};
    const auto he_u = ctmlp::initialized<wide>(gen, ctmlp::init::he_uniform{});
    const auto s1 = stats(he_u.layer<1>().weights);
    const double l1 = std::sqrt(6.0 / 64);
    CHECK(s1[2] >= -l1);
    CHECK(s1[3] < l1);
    CHECK(s1[1] == Approx(l1 / std::sqrt(3.0)).epsilon(0.05));
    CHECK(he_u.layer<1>().bias == std::array<double, 64>{});
    const auto he_n = ctmlp::initialized<wide>(gen, ctmlp::init::he_normal{});
    const auto s2 = stats(he_n.layer<1>().weights);
    CHECK(std::abs(s2[0]) < 0.02);
    CHECK(s2[1] == Approx(std::sqrt(2.0 / 64)).epsilon(0.05));
    const auto xn = ctmlp::initialized<wide>(gen, ctmlp::init::xavier_normal{});
    CHECK(stats(xn.layer<2>().weights)[1] == Approx(std::sqrt(2.0 / 72)).epsilon(0.1));
    const auto xu = ctmlp::initialized<wide>(gen, ctmlp::init::xavier_uniform{});
    CHECK(stats(xu.layer<2>().weights)[3] < std::sqrt(6.0 / 72));

    // NumPy order: all weights (each row by row), then all biases.
    using small =
        ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;
    ctmlp::mt19937 a{40}, b{40};
    const auto net = ctmlp::initialized<small>(a, ctmlp::init::uniform{});
    for (double w : net.layer<1>().weights) CHECK(w == b.random_sample());
    CHECK(net.layer<2>().weights[0] == b.random_sample());
    CHECK(net.layer<2>().weights[1] == b.random_sample());
    CHECK(net.layer<1>().bias[0] == b.random_sample());
    CHECK(net.layer<1>().bias[1] == b.random_sample());
    CHECK(net.layer<2>().bias[0] == b.random_sample());
}
