// The worked example of docs/backpropagation.md, computed by ctmlp: the seed notebook's cell 1
// (np.random.seed(40), 2-4-1 ReLU/linear, no biases, alpha 0.001, one update per sample) at its
// fourth sample, layer_0 = [1, 1], of iteration 0. A training observer captures what ctmlp's
// forward(), backward() and sgd_step() computed; this program prints every multiplication in
// markdown and checks that its own arithmetic gives the library's numbers bit for bit.
//
//   backprop_trace trace    the worked example (forward, deltas, gradients, update)
//   backprop_trace losses   iteration 0's losses: what cell 1 prints vs what it follows, and
//                           cell 2's epoch 0 (mean printed, sum followed)
//
// docs/backpropagation.md holds this output between `<!-- begin: backprop_trace ... -->` markers;
// tests/docs_fragment.py keeps the two equal.
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/numpy_print.hpp>

#include "seed_cells.hpp"

namespace {

using ctmlp::host::python_repr;
using net1 = seed::cell1_net;

// NumPy's default print precision: 8 decimals; small magnitudes keep 8 significant digits.
std::string f(double x) {
    char buf[48];
    if (x == 0.0 || std::fabs(x) >= 0.01)
        std::snprintf(buf, sizeof buf, "%.8f", x);
    else
        std::snprintf(buf, sizeof buf, "%.8g", x);
    std::string s = buf;
    return s[0] == '-' ? "−" + s.substr(1) : s;
}

struct capture {
    bool have = false;
    net1 before{};                // the weights the sample met
    ctmlp::workspace<net1> ws{};  // its outputs and deltas
    double loss = 0, metric = 0;
    net1 after{};                                   // the network after iteration 0 (this was its last update)
    std::array<double, 4> predictions{}, errors{};  // iteration 0, every sample, before its update
    double epoch_metric = 0, epoch_loss = 0;
    void on_sample(const ctmlp::sample_event<net1>& e) {
        if (e.epoch != 0) return;
        predictions[e.sample] = e.ws.prediction()[0];
        errors[e.sample] = e.metric;
        if (e.sample != 3) return;
        have = true;
        before = e.net;
        ws = e.ws;
        loss = e.loss;
        metric = e.metric;
    }
    void on_epoch(const ctmlp::epoch_event<net1>& e) {
        if (e.epoch != 0) return;
        after = e.net;
        epoch_metric = e.metric;
        epoch_loss = e.loss;
    }
};

capture run_cell1() {
    auto net = seed::make_initial_networks().cell1;
    capture c;
    ctmlp::sgd one = seed::cell1_sgd;
    one.epochs = 1;
    ctmlp::train(net, seed::inputs, seed::targets, one, seed::cell1_loss, seed::cell1_metric, c);
    return c;
}

int mismatches = 0;
void same(double mine, double library, const char* what) {
    if (mine != library) {
        ++mismatches;
        std::fprintf(stderr, "backprop_trace: %s: %.17g by hand, %.17g by ctmlp\n", what, mine, library);
    }
}

int trace() {
    const capture c = run_cell1();
    if (!c.have) return 1;
    const auto& W01 = c.before.layer<1>();  // weights_0_1, 2×4
    const auto& W12 = c.before.layer<2>();  // weights_1_2, 4×1
    const auto& l0 = c.ws.output<0>();
    const auto& l1 = c.ws.output<1>();
    const double l2 = c.ws.output<2>()[0];
    const double y = 0.0;
    const double alpha = seed::cell1_sgd.learning_rate;

    std::puts(
        "**The weights this sample meets.** Samples [0, 0], [0, 1] and [1, 0] of iteration 0 have "
        "already updated them (the update after [0, 0] was zero, as `layer_1` was all zeros):\n");
    std::puts("| `weights_0_1` | j = 0 | j = 1 | j = 2 | j = 3 |\n|---|---|---|---|---|");
    for (std::size_t i = 0; i < 2; ++i)
        std::printf("| row %zu (from x%zu) | %s | %s | %s | %s |\n", i, i + 1, f(W01.weight(i, 0)).c_str(),
                    f(W01.weight(i, 1)).c_str(), f(W01.weight(i, 2)).c_str(), f(W01.weight(i, 3)).c_str());
    std::printf("\n`weights_1_2` = [%s, %s, %s, %s]ᵀ\n", f(W12.weight(0, 0)).c_str(), f(W12.weight(1, 0)).c_str(),
                f(W12.weight(2, 0)).c_str(), f(W12.weight(3, 0)).c_str());

    std::printf(
        "\n**Forward.** `layer_0` = [%g, %g]. Each hidden unit j sums its inputs times its column of "
        "`weights_0_1`, then ReLU keeps positive sums:\n\n",
        l0[0], l0[1]);
    for (std::size_t j = 0; j < 4; ++j) {
        const double z = l0[0] * W01.weight(0, j) + l0[1] * W01.weight(1, j);
        same(ctmlp::relu::apply(z), l1[j], "layer_1");
        std::printf("- `layer_1[%zu]` = relu(%g × %s + %g × %s) = relu(%s) = **%s**\n", j, l0[0],
                    f(W01.weight(0, j)).c_str(), l0[1], f(W01.weight(1, j)).c_str(), f(z).c_str(), f(l1[j]).c_str());
    }
    double acc = 0;
    std::string terms, products;
    for (std::size_t j = 0; j < 4; ++j) {
        acc = acc + l1[j] * W12.weight(j, 0);
        terms += (j ? " + " : "") + f(l1[j]) + " × " + f(W12.weight(j, 0));
        products += (j ? " + " : "") + f(l1[j] * W12.weight(j, 0));
    }
    same(acc, l2, "layer_2");
    std::printf(
        "\n`layer_2` = `layer_1` · `weights_1_2` (linear output, no activation)\n"
        "= %s\n= %s\n= **%s** (the notebook prints `Layer 2 = [[%s]]`).\n",
        terms.c_str(), products.c_str(), f(l2).c_str(), f(l2).c_str());

    const double d2 = c.ws.delta<2>()[0];
    same((l2 - y) * 1.0, d2, "layer_2_delta");
    std::printf(
        "\n**Loss.** The target is %g. The notebook adds (`layer_2` − y)² = %s² = %s to its printed "
        "Error; the loss it follows is half that, ½ × %s = %s.\n",
        y, f(l2 - y).c_str(), f(c.metric).c_str(), f(c.metric).c_str(), f(c.loss).c_str());

    std::printf(
        "\n**Equation (1), the output delta.** ∂loss/∂`layer_2` = `layer_2` − y, times the output "
        "activation's derivative (1 for a linear output):\n\n`layer_2_delta` = (%s − %g) × 1 = **%s**\n",
        f(l2).c_str(), y, f(d2).c_str());

    std::puts(
        "\n**Equation (2), the hidden deltas.** Send `layer_2_delta` back along each weight of "
        "`weights_1_2` (the product with `weights_1_2`ᵀ) and keep it only where the ReLU was active "
        "(`relu2deriv(layer_1)` is 1 where `layer_1` > 0):\n");
    for (std::size_t j = 0; j < 4; ++j) {
        const double dr = ctmlp::relu::derivative_from_output(l1[j]);
        const double d1 = d2 * W12.weight(j, 0) * dr;
        same(d1, c.ws.delta<1>()[j], "layer_1_delta");
        std::printf("- `layer_1_delta[%zu]` = %s × %s × %g = **%s**\n", j, f(d2).c_str(), f(W12.weight(j, 0)).c_str(),
                    dr, f(c.ws.delta<1>()[j]).c_str());
    }

    std::puts(
        "\n**Equation (3), the gradients.** Each weight's gradient is the output of the unit it "
        "leaves times the delta of the unit it enters.\n\n`layer_1`ᵀ · `layer_2_delta` "
        "(gradient of `weights_1_2`):\n");
    for (std::size_t j = 0; j < 4; ++j)
        std::printf("- row %zu: %s × %s = %s\n", j, f(l1[j]).c_str(), f(d2).c_str(),
                    f(c.ws.weight_gradient<2>(j, 0)).c_str());
    std::puts(
        "\n`layer_0`ᵀ · `layer_1_delta` (gradient of `weights_0_1`; `layer_0` = [1, 1], so both rows "
        "equal `layer_1_delta`):\n");
    for (std::size_t i = 0; i < 2; ++i) {
        std::printf("- row %zu:", i);
        for (std::size_t j = 0; j < 4; ++j)
            std::printf("%s %g × %s = %s", j ? ";" : "", l0[i], f(c.ws.delta<1>()[j]).c_str(),
                        f(c.ws.weight_gradient<1>(i, j)).c_str());
        std::puts("");
    }

    std::printf("\n**The update**, `weights −= alpha × gradient` with alpha = %s:\n\n", python_repr(alpha).c_str());
    std::puts("| weight | before | alpha × gradient | after |\n|---|---|---|---|");
    const auto& A01 = c.after.layer<1>();
    const auto& A12 = c.after.layer<2>();
    for (std::size_t j = 0; j < 4; ++j) {
        const double step = alpha * c.ws.weight_gradient<2>(j, 0);
        same(W12.weight(j, 0) - step, A12.weight(j, 0), "weights_1_2 after");
        std::printf("| `weights_1_2[%zu]` | %s | %s × %s = %s | %s |\n", j, f(W12.weight(j, 0)).c_str(),
                    python_repr(alpha).c_str(), f(c.ws.weight_gradient<2>(j, 0)).c_str(), f(step).c_str(),
                    f(A12.weight(j, 0)).c_str());
    }
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            const double step = alpha * c.ws.weight_gradient<1>(i, j);
            same(W01.weight(i, j) - step, A01.weight(i, j), "weights_0_1 after");
            std::printf("| `weights_0_1[%zu][%zu]` | %s | %s × %s = %s | %s |\n", i, j, f(W01.weight(i, j)).c_str(),
                        python_repr(alpha).c_str(), f(c.ws.weight_gradient<1>(i, j)).c_str(), f(step).c_str(),
                        f(A01.weight(i, j)).c_str());
        }
    std::printf(
        "\nIn iteration 1 the sample [0, 1] therefore meets `layer_1` = row 1 of the new `weights_0_1` = "
        "[%s %s %s %s], which is what the notebook prints for it.\n",
        f(A01.weight(1, 0)).c_str(), f(A01.weight(1, 1)).c_str(), f(A01.weight(1, 2)).c_str(),
        f(A01.weight(1, 3)).c_str());
    return mismatches == 0 ? 0 : 1;
}

int losses() {
    const capture c = run_cell1();
    std::puts("| sample | `layer_2` (ŷ) | y | ŷ − y | (ŷ − y)² | ½ (ŷ − y)² |\n|---|---|---|---|---|---|");
    double sum_sq = 0, sum_half = 0;
    for (std::size_t s = 0; s < 4; ++s) {
        const double e = c.predictions[s] - seed::targets[s][0];
        sum_sq += c.errors[s];
        sum_half += 0.5 * c.errors[s];
        std::printf("| [%g, %g] | %s | %g | %s | %s | %s |\n", seed::inputs[s][0], seed::inputs[s][1],
                    f(c.predictions[s]).c_str(), seed::targets[s][0], f(e).c_str(), f(c.errors[s]).c_str(),
                    f(0.5 * c.errors[s]).c_str());
    }
    same(sum_sq, c.epoch_metric, "Error");
    std::printf("| sum | | | | **%s** | %s |\n", python_repr(c.epoch_metric).c_str(), python_repr(sum_half).c_str());

    // Cell 2, epoch 0: the printed loss and the objective whose gradient the update follows.
    auto net2 = seed::make_initial_networks().cell2;
    double half_sum = 0;
    for (std::size_t s = 0; s < 4; ++s) {
        const double e = net2.predict(seed::inputs[s])[0] - seed::targets[s][0];
        half_sum += 0.5 * e * e;
    }
    ctmlp::sgd one = seed::cell2_sgd;
    one.epochs = 1;
    const auto r = ctmlp::train(net2, seed::inputs, seed::targets, one, seed::cell2_loss, seed::cell2_metric);
    std::printf(
        "\nCell 2, epoch 0: printed loss = mean of (ŷ − y)² = **%s**; the update follows the gradient "
        "of Σ ½ (ŷ − y)² = %s (ctmlp's `train_result::loss` with `update::batch_sum`: %s).\n",
        python_repr(r.metric).c_str(), python_repr(half_sum).c_str(), python_repr(r.loss).c_str());
    return mismatches == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "losses") == 0) return losses();
    if (argc == 1 || (argc == 2 && std::strcmp(argv[1], "trace") == 0)) return trace();
    std::fprintf(stderr, "usage: backprop_trace [trace | losses]\n");
    return 2;
}
