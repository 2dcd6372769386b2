// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Firmware: the stack that ctmlp::train() really uses on the microcontroller, for every update
// mode and optimizer, against ctmlp::memory<Net, Optimizer>.
//
// The network and the data are globals, so what train() puts on the stack is its own objects:
// the workspace, the gradient buffer (batches, stateful optimizers), the optimizer state, the
// best-weights copy (early stopping) and the shuffle index buffer, as memory<> counts them, plus
// frames and saved registers. For each configuration main() paints the free stack, calls a
// non-inlined function that trains, and finds the deepest word written. It requires
//     objects <= peak <= objects + slack
// (slack: frames, saved registers, small locals). A second network-sized object on the stack --
// e.g. a temporary `Net{}` to zero the gradient -- exceeds the slack and fails. Prints every row
// (CTest log) and exits with the number of failures. Built with -fstack-usage too: the frames of
// the functions are in the .su files beside the object (firmware.train_memory.frames prints them).
#include <array>
#include <cstdint>

#include "semihost.hpp"

#include <ctmlp/ctmlp.hpp>

extern "C" std::uint32_t _ebss[];

namespace {

using net_t = ctmlp::network<float, ctmlp::input<8>, ctmlp::dense<32, ctmlp::tanh>, ctmlp::dense<8, ctmlp::sigmoid>>;
constexpr std::size_t samples = 12;

// Frames, saved registers and the loop's small locals (about 0.7-1.4 KB, measured). Below
// sizeof(net_t) (2,208 B), so that one more network on the stack cannot hide in it.
constexpr std::uint32_t slack = 1536;
static_assert(slack < sizeof(net_t));

constexpr std::array<net_t::input_array, samples> make_inputs() {
    std::array<net_t::input_array, samples> x{};
    ctmlp::splitmix64 gen{1};
    for (auto& s : x)
        for (auto& v : s) v = static_cast<float>(gen.random_sample() * 2.0 - 1.0);
    return x;
}
constexpr std::array<net_t::output_array, samples> make_targets() {
    std::array<net_t::output_array, samples> y{};
    for (std::size_t s = 0; s < samples; ++s) y[s][s % 8] = 1.0f;
    return y;
}
constexpr auto xs = make_inputs();
constexpr auto ys = make_targets();

net_t net = [] {
    ctmlp::splitmix64 gen{2};
    return ctmlp::initialized<net_t>(gen, ctmlp::init::xavier_uniform{});
}();

// Each configuration in its own function, kept out of main so that main's frame holds none of it.
// Two epochs each: the objects are created once per call.
[[gnu::noinline]] bool run_sgd_per_sample() {
    return static_cast<bool>(
        ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 2}, ctmlp::half_squared_error{}));
}
[[gnu::noinline]] bool run_sgd_batch_sum() {
    return static_cast<bool>(
        ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 0.01, .epochs = 2, .updates = ctmlp::update::batch_sum},
                     ctmlp::half_squared_error{}));
}
[[gnu::noinline]] bool run_sgd_batch_mean() {
    return static_cast<bool>(
        ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 2, .updates = ctmlp::update::batch_mean},
                     ctmlp::half_squared_error{}));
}
[[gnu::noinline]] bool run_sgd_mini_batch() {
    return static_cast<bool>(ctmlp::train(net, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.1},
                                          ctmlp::half_squared_error{},
                                          ctmlp::fit_options{.epochs = 2, .batch_size = 5}));
}
[[gnu::noinline]] bool run_sgd_shuffled() {
    return static_cast<bool>(ctmlp::train(net, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.1},
                                          ctmlp::half_squared_error{},
                                          ctmlp::fit_options{.epochs = 2, .shuffle = true, .shuffle_seed = 3}));
}
[[gnu::noinline]] bool run_momentum_per_sample() {
    return static_cast<bool>(ctmlp::train(net, xs, ys, ctmlp::optim::momentum{.learning_rate = 0.05, .nesterov = true},
                                          ctmlp::half_squared_error{}, ctmlp::fit_options{.epochs = 2}));
}
[[gnu::noinline]] bool run_adam_mini_batch() {
    return static_cast<bool>(ctmlp::train(net, xs, ys, ctmlp::optim::adam{.learning_rate = 0.01},
                                          ctmlp::half_squared_error{},
                                          ctmlp::fit_options{.epochs = 2, .batch_size = 4, .clip_norm = 1.0}));
}
[[gnu::noinline]] bool run_adamw_full_batch() {
    return static_cast<bool>(ctmlp::train(net, xs, ys, ctmlp::optim::adamw{.learning_rate = 0.01},
                                          ctmlp::half_squared_error{},
                                          ctmlp::fit_options{.epochs = 2, .batch_size = ctmlp::full_batch}));
}
[[gnu::noinline]] bool run_adam_early_stopping() {
    return static_cast<bool>(
        ctmlp::train(net, xs, ys, ctmlp::optim::adam{.learning_rate = 0.01}, ctmlp::half_squared_error{},
                     ctmlp::fit_options{.epochs = 2, .batch_size = 4, .patience = 1}, ctmlp::validation(xs, ys)));
}

constexpr std::uint32_t paint = 0xA5C3A5C3u;

// Paints the free stack below the caller's frame. Always inlined: a frame of its own would lie in
// the region it paints.
[[gnu::always_inline]] inline void paint_free_stack() {
    std::uint32_t* sp;
    asm volatile("mov %0, sp" : "=r"(sp));
    for (volatile std::uint32_t* p = _ebss; p < sp - 8; ++p) *p = paint;
}
[[gnu::always_inline]] inline std::uint32_t used_below(const std::uint32_t* sp) {
    const volatile std::uint32_t* p = _ebss;
    while (p < sp && *p == paint) ++p;
    return static_cast<std::uint32_t>(sp - p) * 4u;
}

int failures = 0;

void report(const char* name, std::uint32_t objects, std::uint32_t peak, bool trained) {
    const bool ok = trained && peak >= objects && peak <= objects + slack;
    if (!ok) ++failures;
    ctmlp_fw::println("stack ", name, " objects=", objects, " peak=", peak,
                      " overhead=", static_cast<std::int32_t>(peak) - static_cast<std::int32_t>(objects),
                      ok ? " ok" : " FAIL");
}

}  // namespace

#define CTMLP_FW_MEASURE(name, objects, call)                                       \
    do {                                                                            \
        std::uint32_t* sp;                                                          \
        asm volatile("mov %0, sp" : "=r"(sp));                                      \
        paint_free_stack();                                                         \
        const bool trained = call();                                                \
        report(name, static_cast<std::uint32_t>(objects), used_below(sp), trained); \
    } while (false)

int main() {
    using plain = ctmlp::memory<net_t>;
    using mom = ctmlp::memory<net_t, ctmlp::optim::momentum>;
    using adam = ctmlp::memory<net_t, ctmlp::optim::adam>;
    using adamw = ctmlp::memory<net_t, ctmlp::optim::adamw>;
    // The network is a global: subtract it from memory<>'s totals.
    CTMLP_FW_MEASURE("sgd_per_sample", plain::training_per_sample - plain::parameters, run_sgd_per_sample);
    CTMLP_FW_MEASURE("sgd_batch_sum", plain::training_full_batch - plain::parameters, run_sgd_batch_sum);
    CTMLP_FW_MEASURE("sgd_batch_mean", plain::training_full_batch - plain::parameters, run_sgd_batch_mean);
    CTMLP_FW_MEASURE("sgd_mini_batch", plain::training_mini_batch - plain::parameters, run_sgd_mini_batch);
    CTMLP_FW_MEASURE("sgd_shuffled", plain::training_per_sample - plain::parameters + plain::shuffle_indices(samples),
                     run_sgd_shuffled);
    CTMLP_FW_MEASURE("momentum_per_sample", mom::training_per_sample - mom::parameters, run_momentum_per_sample);
    CTMLP_FW_MEASURE("adam_mini_batch", adam::training_mini_batch - adam::parameters, run_adam_mini_batch);
    CTMLP_FW_MEASURE("adamw_full_batch", adamw::training_full_batch - adamw::parameters, run_adamw_full_batch);
    CTMLP_FW_MEASURE("adam_early_stopping", adam::training_mini_batch - adam::parameters + adam::best_weights,
                     run_adam_early_stopping);
    ctmlp_fw::println("memory<net_t>: parameters=", static_cast<unsigned>(plain::parameters),
                      " workspace=", static_cast<unsigned>(plain::workspace),
                      " gradient=", static_cast<unsigned>(plain::gradient),
                      " momentum_state=", static_cast<unsigned>(mom::optimizer_state),
                      " adam_state=", static_cast<unsigned>(adam::optimizer_state));
    ctmlp_fw::println(failures == 0 ? "train_memory: PASS" : "train_memory: FAIL");
    return failures;
}
