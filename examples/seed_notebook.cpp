// Reproduces the seed notebook (the NumPy XOR lesson ctmlp started from) with ctmlp, printed in the notebook's layout
// so the two can be read side by side: cell 1 (2-4-1 ReLU/linear, per-sample SGD from seed 40) and cell 2 (2-2-1
// ReLU/sigmoid, full batch, continuing the same random stream).
#include <cstdio>
#include <string>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/numpy_print.hpp>

#include "seed_cells.hpp"

namespace {

using ctmlp::host::numpy_format;
using ctmlp::host::numpy_row;
using ctmlp::host::python_repr;

void print_matrix(const auto& weights, std::size_t rows, std::size_t cols) {
    std::array<double, 64> buf{};
    for (std::size_t n = 0; n < rows * cols; ++n) buf[n] = weights[n];
    std::puts(numpy_format(std::span<const double>(buf.data(), rows * cols), rows, cols).c_str());
}

// Cell 1 prints every sample's layers as it goes, then the iteration's Error and all layer_1s.
struct cell1_printer {
    std::array<std::array<double, 4>, 4> layer_1s{};
    void on_sample(const ctmlp::sample_event<seed::cell1_net>& e) {
        if (e.sample == 0) std::printf("********** Iteration: %zu *************\n", e.epoch);
        const auto& x = e.ws.output<0>();
        const long long ints[2] = {static_cast<long long>(x[0]), static_cast<long long>(x[1])};
        std::printf("Layer 0 = %s\n", ctmlp::host::numpy_format_int(ints, 1, 2).c_str());
        std::printf("Layer 1 = %s\n", numpy_row(e.ws.output<1>()).c_str());
        std::printf("Layer 2 = %s\n", numpy_row(e.ws.output<2>()).c_str());
        const long long y = static_cast<long long>(e.target[0]);
        std::printf("Output = %s\n", ctmlp::host::numpy_format_int({&y, 1}, 1, 1).c_str());
        std::puts("==============================================");
        layer_1s[e.sample] = e.ws.output<1>();
    }
    void on_epoch(const ctmlp::epoch_event<seed::cell1_net>& e) {
        std::printf("Error:%s\n", python_repr(e.metric).c_str());
        std::array<double, 16> flat{};
        for (std::size_t s = 0; s < 4; ++s)
            for (std::size_t j = 0; j < 4; ++j) flat[s * 4 + j] = layer_1s[s][j];
        std::puts(numpy_format(flat, 4, 4).c_str());
    }
};

// Cell 2 prints the loss every 1,000 epochs (taken before that epoch's update).
struct cell2_printer {
    void on_epoch(const ctmlp::epoch_event<seed::cell2_net>& e) {
        if (e.epoch % 1000 == 0) std::printf("Epoch %zu, Loss: %s\n", e.epoch, python_repr(e.metric).c_str());
    }
};

}  // namespace

int main() {
    auto [net1, net2] = seed::make_initial_networks();

    std::puts("# Cell 1: 2-4-1 ReLU/linear, no biases, per-sample SGD, alpha 0.001");
    std::puts("Weightes");
    print_matrix(net1.layer<1>().weights, 2, 4);
    print_matrix(net1.layer<2>().weights, 4, 1);
    const auto r1 = ctmlp::train(net1, seed::inputs, seed::targets, seed::cell1_sgd, seed::cell1_loss,
                                 seed::cell1_metric, cell1_printer{});

    std::puts("");
    std::puts("# Cell 2: 2-2-1 ReLU/sigmoid, biases, full batch (summed gradients), lr 0.01");
    const auto r2 = ctmlp::train(net2, seed::inputs, seed::targets, seed::cell2_sgd, seed::cell2_loss,
                                 seed::cell2_metric, cell2_printer{});
    std::array<double, 4> rounded{};
    for (std::size_t s = 0; s < 4; ++s) rounded[s] = std::nearbyint(net2.predict(seed::inputs[s])[0]);
    std::puts("Predictions:");
    std::puts(numpy_format(rounded, 4, 1).c_str());
    return r1 && r2 ? 0 : 1;
}
