// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// train() makes its workspace (and its shuffling index buffer) without zeroing them: forward() and
// backward() write every value before it is read. Built with clang's MemorySanitizer by
// tests/warnings.cmake, which reports any read of an uninitialised value (the run's exit status
// is then not 0): per-sample SGD, mini-batches with shuffling, a fused softmax/cross-entropy output,
// momentum and validation.
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
    const auto r1 = ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 200}, ctmlp::half_squared_error{});
    const auto r2 = ctmlp::train(net, xs, ys, ctmlp::optim::sgd{.learning_rate = 0.5}, ctmlp::binary_cross_entropy{},
                                 ctmlp::fit_options{.epochs = 20, .shuffle = true});
    const std::array<cls_t::input_array, 3> cx{{{0, 1}, {1, 0}, {1, 1}}};
    const std::array<cls_t::output_array, 3> cy{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    auto classifier = ctmlp::initialized<cls_t>(gen, ctmlp::init::he_uniform{});
    const auto r3 = ctmlp::train(classifier, cx, cy, ctmlp::optim::momentum{.learning_rate = 0.1},
                                 ctmlp::categorical_cross_entropy{},
                                 ctmlp::fit_options{.epochs = 50, .batch_size = 2, .shuffle = true}, ctmlp::validation(cx, cy));
    return r1 && r2 && r3 && net.predict({1, 0})[0] > 0.5f ? 0 : 1;
}
