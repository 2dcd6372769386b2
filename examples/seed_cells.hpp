// The seed notebook's two XOR cells (2-4-1 per-sample and 2-2-1 full-batch XOR from NumPy seed 40), set up with ctmlp.
// Shared by examples/seed_notebook.cpp (which prints them) and the tests (which check the numbers).
#ifndef CTMLP_EXAMPLES_SEED_CELLS_HPP
#define CTMLP_EXAMPLES_SEED_CELLS_HPP

#include <array>
#include <ctmlp/ctmlp.hpp>

namespace seed {

/// Cell 1: 2-4-1, ReLU hidden, linear output, no biases.
using cell1_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu, ctmlp::no_bias>,
                                 ctmlp::dense<1, ctmlp::identity, ctmlp::no_bias>>;
/// Cell 2: 2-2-1, ReLU hidden, sigmoid output, with biases.
using cell2_net =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

/// The notebook's `streetlights` / `X` and `walk_vs_stop` / `y`.
inline constexpr std::array<std::array<double, 2>, 4> inputs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
inline constexpr std::array<std::array<double, 1>, 4> targets{{{0}, {1}, {1}, {0}}};

/// Cell 1's training: alpha 0.001, one update per sample, 10 iterations. The notebook follows
/// δ = layer_2 − y (the gradient of ½Σ(ŷ−y)²) and prints Error = Σ over the samples of (ŷ−y)².
inline constexpr ctmlp::sgd cell1_sgd{.learning_rate = 0.001, .epochs = 10, .updates = ctmlp::update::per_sample};
inline constexpr ctmlp::half_squared_error cell1_loss{};
inline constexpr ctmlp::metric cell1_metric{ctmlp::squared_error{}, ctmlp::reduction::sum};

/// Cell 2's training: lr 0.01, full batch with the gradients summed (no 1/n), 10,000 epochs; it
/// prints the mean over the batch of (ŷ−y)².
inline constexpr ctmlp::sgd cell2_sgd{.learning_rate = 0.01, .epochs = 10000, .updates = ctmlp::update::batch_sum};
inline constexpr ctmlp::half_squared_error cell2_loss{};
inline constexpr ctmlp::metric cell2_metric{ctmlp::squared_error{}, ctmlp::reduction::mean};

/// Both cells' initial networks from `np.random.seed(40)`: cell 1 draws weights_0_1 (2×4) and
/// weights_1_2 (4×1); cell 2 continues the stream with its two weight matrices, then its biases.
struct initial_networks {
    cell1_net cell1;
    cell2_net cell2;
};
inline initial_networks make_initial_networks() {
    ctmlp::mt19937 gen{40};
    initial_networks nets{};
    ctmlp::initialize(nets.cell1, gen, ctmlp::init::uniform{0.0, 1.0});
    ctmlp::initialize(nets.cell2, gen, ctmlp::init::uniform{0.0, 1.0});
    return nets;
}

}  // namespace seed

#endif
