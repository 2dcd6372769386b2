// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// A user's file, compiled by tests/warnings.cmake with the strictest warnings a firmware project
// might use (-Wconversion -Wsign-conversion -Wshadow -Wdouble-promotion -Wold-style-cast
// -Wuseless-cast ... -Werror): whatever ctmlp's headers instantiate for the main API (and the host
// exporter, <ctmlp/host/export.hpp>) must not warn. Built and run, so that it is also checked to do
// what it says.

// The globals below come after the headers, as in most files; defined CTMLP_TEST_GLOBALS_FIRST puts
// them before (a user's own header included first), where non-template code is checked too.
#ifdef CTMLP_TEST_GLOBALS_FIRST
#include "user_globals.hpp"
#endif
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/export.hpp>

#include <array>
#include <cstddef>
#include <random>
#include <span>
#include <string>

// Globals named like the library's parameters (the README example names its data `x` and `y`):
// a header's parameter or local of the same name would trigger -Wshadow in the user's build.
using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr std::array<xor_net::input_array, 4> x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<xor_net::output_array, 4> y{{{0}, {1}, {1}, {0}}};
#ifndef CTMLP_TEST_GLOBALS_FIRST
#include "user_globals.hpp"
#endif

// Trained inside the compiler (per-sample SGD, the README example).
constexpr xor_net trained = [] {
    ctmlp::splitmix64 rng{9};
    auto model = ctmlp::initialized<xor_net>(rng, ctmlp::init::uniform{-1, 1});
    ctmlp::train(model, x, y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 100}, ctmlp::half_squared_error{});
    return model;
}();
static_assert(trained.predict({0, 1})[0] > 0.6f);

using classifier =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<8, ctmlp::relu>, ctmlp::dense<2, ctmlp::softmax>>;
using q_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

struct count_epochs {
    std::size_t epochs = 0;
    void on_epoch(const ctmlp::epoch_event<classifier>&) noexcept { ++epochs; }
};

int main() {
    int failures = 0;

    // Run-time training with Adam, mini-batches, shuffling, a schedule, clipping, validation,
    // early stopping, a metric and an observer.
    ctmlp::mt19937 mt{42};
    auto model = ctmlp::initialized<classifier>(mt, ctmlp::init::he_uniform{});
    std::array<classifier::input_array, 8> cx{};
    std::array<classifier::output_array, 8> cy{};
    for (std::size_t j = 0; j < cx.size(); ++j) {
        const double fraction = static_cast<double>(j) / 8.0;
        cx[j] = {fraction, 1.0 - fraction};
        cy[j] = fraction < 0.5 ? classifier::output_array{1.0, 0.0} : classifier::output_array{0.0, 1.0};
    }
    std::array<std::size_t, 8> order{};
    count_epochs observer{};
    const auto run = ctmlp::train(model, std::span<const classifier::input_array>(cx), cy,
                                  ctmlp::optim::adam{.learning_rate = 0.01}, ctmlp::categorical_cross_entropy{},
                                  ctmlp::fit_options{.epochs = 200,
                                                     .batch_size = 4,
                                                     .shuffle = true,
                                                     .shuffle_seed = 3,
                                                     .schedule = ctmlp::optim::cosine_lr{.t_max = 200},
                                                     .clip_norm = 5.0,
                                                     .patience = 50},
                                  ctmlp::metric{ctmlp::accuracy{}, ctmlp::reduction::mean}, ctmlp::validation(cx, cy),
                                  std::span<std::size_t>(order), observer);
    if (!run || observer.epochs != run.epochs_completed) ++failures;
    if (ctmlp::accuracy::of(model, cx, cy) < 0.99) ++failures;
    const auto matrix = ctmlp::confusion(model, cx, cy);
    if (matrix.total() != cx.size()) ++failures;
    if (ctmlp::argmax(model.predict(cx[0])) != 0) ++failures;

    // Fixed point: the compile-time-trained float network quantized to Q7.8.
    constexpr q_net fixed_net = ctmlp::quantize<q_net>(trained);
    for (std::size_t j = 0; j < x.size(); ++j) {
        const bool high = fixed_net.predict({ctmlp::q7_8(static_cast<double>(x[j][0])),
                                             ctmlp::q7_8(static_cast<double>(x[j][1]))})[0] > ctmlp::q7_8(0.5);
        if (high != (y[j][0] > 0.5f)) ++failures;
    }

    // Save and load, parameters out and in.
    const auto bytes = ctmlp::save(model);
    classifier copy{};
    if (!ctmlp::load(copy, bytes) || !(copy == model)) ++failures;
    const auto flat = ctmlp::to_parameters(trained);
    if (!(ctmlp::from_parameters<xor_net>(flat) == trained)) ++failures;

    // The pieces of a training step.
    ctmlp::workspace<xor_net> pieces{};
    xor_net gradients{};
    ctmlp::forward(trained, pieces, x[1]);
    ctmlp::backward(trained, pieces, y[1], ctmlp::half_squared_error{});
    ctmlp::accumulate_gradient(gradients, pieces);
    if (!ctmlp::is_finite(pieces.weight_gradient<1>(0, 0))) ++failures;
    static_assert(ctmlp::memory<xor_net, ctmlp::optim::adam>::optimizer_state > 0);

    // int8: calibrated and quantised at compile time (per channel) and at run time (per layer);
    // predict() in integers must give the XOR table.
    constexpr auto int8_net = ctmlp::int8::quantize(trained, x);
    static_assert(ctmlp::int8::quantized_ok(int8_net));
    const auto ranges = ctmlp::int8::calibrate(trained, std::span<const xor_net::input_array>(x));
    const auto per_layer_net = ctmlp::int8::quantize<ctmlp::int8::per_layer>(trained, ranges);
    if (!ranges.succeeded() || !per_layer_net) ++failures;
    for (std::size_t j = 0; j < x.size(); ++j) {
        const auto code = int8_net.net.predict(int8_net.net.quantize_input(x[j]));
        const auto layer_code = per_layer_net.net.predict(per_layer_net.net.quantize_input(x[j]));
        if ((int8_net.net.dequantize_output(code)[0] > 0.5f) != (y[j][0] > 0.5f)) ++failures;
        if ((per_layer_net.net.dequantize_output(layer_code)[0] > 0.5f) != (y[j][0] > 0.5f)) ++failures;
    }

    // The type's spelling, and the generators against the standard library's std::mt19937 and
    // splitmix64.c's first output for seed 0.
    static_assert(
        ctmlp::type_name<xor_net>() ==
        "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>");
    ctmlp::mt19937 ours{5489U};
    std::mt19937 reference{5489U};
    ours.discard(700);
    reference.discard(700);
    if (ours() != reference()) ++failures;
    ctmlp::splitmix64 sm{0};
    sm.discard(1);
    ctmlp::splitmix64 sm0{0};
    (void)sm0();
    if (sm() != sm0() || !(sm.random_sample() >= 0.0)) ++failures;

    // The host exporter: the network header, test vectors with a training check, a C interface.
    std::string header;
    if (!ctmlp::host::write_header(header, trained) ||
        header.find(ctmlp::host::hex_literal(ctmlp::to_parameters(trained)[0])) == std::string::npos)
        ++failures;
    std::string vectors;
    const ctmlp::host::training_vectors<xor_net> training{
        .targets = std::span<const xor_net::output_array>(y), .learning_rate = 0.5f, .epochs = 2};
    if (!ctmlp::host::write_test_vectors(vectors, trained, std::span<const xor_net::input_array>(x), {}, training) ||
        vectors.find("{" + ctmlp::host::hex_literal(x[3][0]) + ", " + ctmlp::host::hex_literal(x[3][1]) + "}") ==
            std::string::npos)
        ++failures;
    std::string c_header, c_source;
    if (!ctmlp::host::write_c_interface<xor_net>(c_header, c_source, {.training = true}) ||
        c_header.find("model_predict") == std::string::npos)
        ++failures;

    return failures;
}
