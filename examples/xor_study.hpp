// Shared by examples/stuck_relu.cpp and examples/pictures.cpp: the XOR data of the seed
// notebook's cell 2, its network family (2-H-1, hidden activation A, sigmoid output), what one
// hidden unit does on the four inputs, and the notebook's definition of a solved run.
#ifndef CTMLP_EXAMPLES_XOR_STUDY_HPP
#define CTMLP_EXAMPLES_XOR_STUDY_HPP

#include <array>
#include <cstddef>

#include <ctmlp/ctmlp.hpp>

#include "seed_cells.hpp"

namespace xor_study {

/// Cell 2's family: 2 inputs, H hidden units with activation A (biases), 1 sigmoid output.
template <class A, std::size_t H>
using net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<H, A>, ctmlp::dense<1, ctmlp::sigmoid>>;

/// The pre-activation z = x · weights_input_hidden[:, j] + bias_hidden[j] of hidden unit j on
/// each of the four inputs [0,0], [0,1], [1,0], [1,1].
template <class Net>
std::array<double, 4> pre_activations(const Net& n, std::size_t j) {
    std::array<double, 4> z{};
    const auto& p = n.template layer<1>();
    for (std::size_t s = 0; s < 4; ++s)
        z[s] = seed::inputs[s][0] * p.weight(0, j) + seed::inputs[s][1] * p.weight(1, j) + p.bias[j];
    return z;
}

/// On how many of the four inputs unit j's pre-activation is positive (a ReLU unit passes it on).
template <class Net>
int active_inputs(const Net& n, std::size_t j) {
    int k = 0;
    for (const double z : pre_activations(n, j)) k += z > 0.0 ? 1 : 0;
    return k;
}

/// Solved: every prediction on the right side of 0.5 (np.round(prediction) == y, strictly).
template <class Net>
bool solved(const Net& n) {
    for (std::size_t s = 0; s < 4; ++s) {
        const double p = n.predict(seed::inputs[s])[0];
        if (seed::targets[s][0] > 0.5 ? !(p > 0.5) : !(p < 0.5)) return false;
    }
    return true;
}

/// The notebook's printed loss: the mean over the four samples of (ŷ − y)².
template <class Net>
double mse(const Net& n) {
    double sum = 0;
    for (std::size_t s = 0; s < 4; ++s) {
        const double e = n.predict(seed::inputs[s])[0] - seed::targets[s][0];
        sum += e * e;
    }
    return sum / 4.0;
}

/// Cell 2's network from np.random.seed(40) with cell 1's draws before it: the notebook's run.
inline seed::cell2_net notebook_cell2_start() { return seed::make_initial_networks().cell2; }

}  // namespace xor_study

#endif
