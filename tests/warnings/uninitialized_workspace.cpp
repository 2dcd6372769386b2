// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// train() makes its workspace (and its shuffling index buffer) without zeroing them: forward() and
// backward() write every value before it is read. Built with clang's MemorySanitizer by
// tests/warnings.cmake, which reports any read of an uninitialised value (the run's exit status
// is then not 0): per-sample SGD, mini-batches with shuffling, a fused softmax/cross-entropy output,
// momentum and validation. Its gradient buffer, optimizer moments and early-stopping copy are
// networks built uninitialised as well (network(detail::uninitialized)) and zeroed by loops or
// written before being read: Adam with early stopping that restores the best weights.
#include <ctmlp/ctmlp.hpp>

#include <array>

using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
using cls_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<5, ctmlp::relu>, ctmlp::dense<3, ctmlp::softmax>>;

int main(int argc, char**) {
    std::array<net_t::input_array, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
    const std::array<net_t::output_array, 4> ys{{{0}, {1}, {1}, {0}}};
    xs[0][0] = static_cast<float>(argc - 1);  // data only known at run time
    ctmlp::splitmix64 gen{9};
    auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::uniform{-1, 1});
    const auto r1 =
        ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 200}, ctmlp::half_squared_error{});
    const auto r2 = ctmlp::train(net, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::binary_cross_entropy{},
                                 ctmlp::fit_options{.epochs = 20, .shuffle = true});
    const std::array<cls_t::input_array, 3> cx{{{0, 1}, {1, 0}, {1, 1}}};
    const std::array<cls_t::output_array, 3> cy{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    auto classifier = ctmlp::initialized<cls_t>(gen, ctmlp::init::he_uniform{});
    const auto r3 = ctmlp::train(
        classifier, cx, cy, ctmlp::optim::momentum{.learning_rate = 0.1}, ctmlp::categorical_cross_entropy{},
        ctmlp::fit_options{.epochs = 50, .batch_size = 2, .shuffle = true}, ctmlp::validation(cx, cy));
    // Validation targets that disagree with the training targets: the validation loss soon rises
    // and training stops early, restoring the best weights.
    const std::array<cls_t::output_array, 3> disagree{{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}};
    auto stopped = ctmlp::initialized<cls_t>(gen, ctmlp::init::he_uniform{});
    const auto r4 = ctmlp::train(
        stopped, cx, cy, ctmlp::optim::adam{.learning_rate = 0.05}, ctmlp::categorical_cross_entropy{},
        ctmlp::fit_options{.epochs = 200, .batch_size = 2, .patience = 3}, ctmlp::validation(cx, disagree));
    const bool restored = r4.status == ctmlp::train_status::early_stopped && r4.epochs_completed < 200;
    // Each restored weight decides a branch (MemorySanitizer reports an uninitialised value there).
    for (const float w : ctmlp::to_parameters(stopped))
        if (!ctmlp::is_finite(w)) return 2;
    return r1 && r2 && r3 && restored && net.predict({1, 0})[0] > 0.5f ? 0 : 1;
}
