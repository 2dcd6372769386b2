// A training observer works in constant evaluation: the seed notebook's two cells are trained
// inside the compiler with observers that record what they see, and the records are checked with
// static_assert against the notebook's printed numbers and against the backprop equations.
// Compiling this file is passing.
#include <array>
#include <cstddef>

#include <ctmlp/ctmlp.hpp>

#include "seed_cells.hpp"

namespace {

constexpr double abs_diff(double a, double b) { return a > b ? a - b : b - a; }

// Records sample [1, 1] (index 3) of iteration 0: every layer, every delta, the gradients, and
// the weights the sample met; counts every event.
struct record_sample_3 {
    std::size_t samples = 0, epochs = 0;
    std::array<double, 4> layer_1{};
    double layer_2 = 0, layer_2_delta = 0, loss = 0, metric = 0;
    std::array<double, 4> layer_1_delta{};
    std::array<double, 4> weights_1_2{};
    std::array<double, 8> grad_0_1{};  // ∂ℓ/∂weights_0_1, [in][out]
    std::array<double, 4> grad_1_2{};
    double epoch_0_metric = 0;

    constexpr void on_sample(const ctmlp::sample_event<seed::cell1_net>& e) {
        ++samples;
        if (e.epoch != 0 || e.sample != 3) return;
        layer_1 = e.ws.output<1>();
        layer_2 = e.ws.output<2>()[0];
        layer_2_delta = e.ws.delta<2>()[0];
        layer_1_delta = e.ws.delta<1>();
        loss = e.loss;
        metric = e.metric;
        for (std::size_t j = 0; j < 4; ++j) {
            weights_1_2[j] = e.net.layer<2>().weight(j, 0);
            grad_1_2[j] = e.ws.weight_gradient<2>(j, 0);
        }
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 4; ++j) grad_0_1[i * 4 + j] = e.ws.weight_gradient<1>(i, j);
    }
    constexpr void on_epoch(const ctmlp::epoch_event<seed::cell1_net>& e) {
        if (e.epoch == 0) epoch_0_metric = e.metric;
        ++epochs;
    }
};

// An observer with empty hooks: it must not change the result.
struct empty_hooks {
    constexpr void on_sample(const ctmlp::sample_event<seed::cell1_net>&) {}
    constexpr void on_epoch(const ctmlp::epoch_event<seed::cell1_net>&) {}
};

struct cell1_run {
    record_sample_3 rec;
    seed::cell1_net observed, empty, plain;
};

// Cell 1, two iterations, from np.random.seed(40), at compile time.
constexpr cell1_run run_cell1() {
    ctmlp::mt19937 gen{40};
    const auto start = ctmlp::initialized<seed::cell1_net>(gen, ctmlp::init::uniform{0.0, 1.0});
    cell1_run r{{}, start, start, start};
    constexpr ctmlp::sgd two{.learning_rate = 0.001, .epochs = 2, .updates = ctmlp::update::per_sample};
    ctmlp::train(r.observed, seed::inputs, seed::targets, two, seed::cell1_loss, seed::cell1_metric, r.rec);
    ctmlp::train(r.empty, seed::inputs, seed::targets, two, seed::cell1_loss, seed::cell1_metric, empty_hooks{});
    ctmlp::train(r.plain, seed::inputs, seed::targets, two, seed::cell1_loss, seed::cell1_metric);
    return r;
}
constexpr cell1_run c1 = run_cell1();

// Every sample and every epoch was seen; observing changed nothing.
static_assert(c1.rec.samples == 8 && c1.rec.epochs == 2);
static_assert(c1.observed == c1.plain && c1.empty == c1.plain);

// The notebook's printout for [1, 1] in iteration 0: Layer 1 and Layer 2, and Error:7.839738097962158.
static_assert(abs_diff(c1.rec.layer_1[0], 0.85745511) < 5e-9 && abs_diff(c1.rec.layer_1[2], 1.31419879) < 5e-9);
static_assert(abs_diff(c1.rec.layer_2, 2.74725075) < 5e-9);
static_assert(abs_diff(c1.rec.epoch_0_metric, 7.839738097962158) < 1e-12);

// Equation (1) with half_squared_error and a linear output: layer_2_delta = layer_2 − y (y = 0),
// and the loss is ½ layer_2_delta², the metric layer_2_delta².
static_assert(c1.rec.layer_2_delta == c1.rec.layer_2);
static_assert(c1.rec.loss == 0.5 * c1.rec.layer_2 * c1.rec.layer_2 && c1.rec.metric == c1.rec.layer_2 * c1.rec.layer_2);

// Equation (2): layer_1_delta = layer_2_delta · weights_1_2ᵀ ⊙ relu'(layer_1), all units active here.
constexpr bool hidden_deltas_follow_equation_2() {
    for (std::size_t j = 0; j < 4; ++j)
        if (c1.rec.layer_1_delta[j] !=
            c1.rec.layer_2_delta * c1.rec.weights_1_2[j] * (c1.rec.layer_1[j] > 0 ? 1.0 : 0.0))
            return false;
    return true;
}
static_assert(hidden_deltas_follow_equation_2());

// Equation (3): ∂ℓ/∂weights_1_2 = layer_1ᵀ · layer_2_delta, ∂ℓ/∂weights_0_1 = layer_0ᵀ · layer_1_delta
// with layer_0 = [1, 1]: both rows of the gradient equal layer_1_delta.
constexpr bool gradients_follow_equation_3() {
    for (std::size_t j = 0; j < 4; ++j) {
        if (c1.rec.grad_1_2[j] != c1.rec.layer_1[j] * c1.rec.layer_2_delta) return false;
        if (c1.rec.grad_0_1[j] != c1.rec.layer_1_delta[j] || c1.rec.grad_0_1[4 + j] != c1.rec.layer_1_delta[j])
            return false;
    }
    return true;
}
static_assert(gradients_follow_equation_3());

// Cell 2 (full batch, sigmoid output, biases), continuing seed 40's stream, for three epochs at
// compile time; an epoch observer records the printed loss. The notebook: "Epoch 0, Loss: 0.2913239088494768".
struct record_epochs {
    std::array<double, 3> metric{};
    std::size_t batch_samples = 0;
    constexpr void on_sample(const ctmlp::sample_event<seed::cell2_net>&) { ++batch_samples; }
    constexpr void on_epoch(const ctmlp::epoch_event<seed::cell2_net>& e) { metric[e.epoch] = e.metric; }
};
constexpr record_epochs run_cell2() {
    ctmlp::mt19937 gen{40};
    auto skip = ctmlp::initialized<seed::cell1_net>(gen, ctmlp::init::uniform{0.0, 1.0});
    (void)skip;
    auto net = ctmlp::initialized<seed::cell2_net>(gen, ctmlp::init::uniform{0.0, 1.0});
    record_epochs rec{};
    ctmlp::sgd three = seed::cell2_sgd;
    three.epochs = 3;
    ctmlp::train(net, seed::inputs, seed::targets, three, seed::cell2_loss, seed::cell2_metric, rec);
    return rec;
}
constexpr record_epochs c2 = run_cell2();
static_assert(c2.batch_samples == 12);
static_assert(abs_diff(c2.metric[0], 0.2913239088494768) < 1e-12);
static_assert(c2.metric[2] < c2.metric[1] && c2.metric[1] < c2.metric[0]);

}  // namespace
