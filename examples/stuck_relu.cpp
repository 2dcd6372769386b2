// Why the seed notebook's cell 2 got stuck, and what fixes it.
//
//   stuck_relu [--seeds N] [--epochs E]   the table: cell 2's setup and its variants over the seeds
//                                         0..N−1 (default 100; the document uses 1000;
//                                         NumPy-compatible mt19937), each
//                                         trained like cell 2 (full batch, summed gradients of
//                                         ½(ŷ−y)², E = 10,000 epochs), as a markdown table
//   stuck_relu --cell2                    the notebook's own run (seed 40, after cell 1's draws):
//                                         what each ReLU unit does on each input during training
//
// The output is the markdown that docs/backpropagation.md quotes between its `stuck_relu`
// markers (tests/docs_fragment.py checks they agree). When stdout is a terminal, progress (setup,
// seed, epoch, loss) is shown on one line while the table is computed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/numpy_print.hpp>

#include "xor_study.hpp"

namespace {

using ctmlp::host::python_repr;

// ---------------------------------------------------------------------------------------------
// Progress on one terminal line.
struct progress {
    bool tty = isatty(STDOUT_FILENO) != 0;
    std::chrono::steady_clock::time_point last{};
    void show(const char* setup, std::size_t k, std::size_t setups, std::size_t seed, std::size_t seeds,
              std::size_t epoch, double loss) {
        if (!tty) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::milliseconds(100)) return;
        last = now;
        std::printf("\r\033[Ksetup %zu/%zu (%s)  seed %zu/%zu  epoch %zu  loss %.6f", k + 1, setups, setup,
                    2 * seed + 1, 2 * seeds, epoch, loss);
        std::fflush(stdout);
    }
    void clear() const {
        if (tty) std::printf("\r\033[K");
    }
};

// ---------------------------------------------------------------------------------------------
// One setup over all seeds.
struct outcome {
    std::size_t solved = 0;
    std::size_t failed_linear = 0;  // every hidden unit active on all four inputs: the net is linear
    std::size_t failed_dead = 0;    // some hidden unit active on none of the four inputs
    std::size_t failed_other = 0;
    std::size_t diverged = 0;          // training stopped on a non-finite loss
    std::vector<double> solve_epochs;  // first epoch after which all four were right, for solved runs
};

struct setup {
    const char* hidden;
    const char* init;
    double rate;
};

template <class Net>
struct watcher {
    progress& bar;
    const setup& s;
    std::size_t k, setups, seed, seeds;
    std::size_t first_solved = 0;
    bool found = false;
    void on_epoch(const ctmlp::epoch_event<Net>& e) {
        if (!found && xor_study::solved(e.net)) {
            found = true;
            first_solved = e.epoch + 1;
        }
        if (e.epoch % 256 == 0) bar.show(s.hidden, k, setups, seed, seeds, e.epoch, e.metric);
    }
};

template <class A, std::size_t H, class Init>
outcome run_seeds(const setup& s, const Init& init, std::size_t first, std::size_t last, std::size_t epochs,
                  progress& bar, std::size_t k, std::size_t setups) {
    using Net = xor_study::net<A, H>;
    constexpr bool relu_like = !std::is_same_v<A, ctmlp::tanh>;
    outcome out;
    for (std::size_t seed = first; seed < last; ++seed) {
        ctmlp::mt19937 gen{static_cast<std::uint32_t>(seed)};  // np.random.seed(seed)
        auto net = ctmlp::initialized<Net>(gen, init);
        watcher<Net> w{bar, s, k, setups, seed, last};
        const ctmlp::sgd opt{.learning_rate = s.rate, .epochs = epochs, .updates = ctmlp::update::batch_sum};
        const auto r = ctmlp::train(net, seed::inputs, seed::targets, opt, seed::cell2_loss, seed::cell2_metric, w);
        if (!r) {
            ++out.diverged;
            continue;
        }
        if (xor_study::solved(net)) {
            ++out.solved;
            out.solve_epochs.push_back(static_cast<double>(w.first_solved));
            continue;
        }
        if constexpr (relu_like) {
            bool all_linear = true, dead = false;
            for (std::size_t j = 0; j < H; ++j) {
                const int a = xor_study::active_inputs(net, j);
                all_linear = all_linear && a == 4;
                dead = dead || a == 0;
            }
            if (all_linear)
                ++out.failed_linear;
            else if (dead)
                ++out.failed_dead;
            else
                ++out.failed_other;
        } else {
            ++out.failed_other;
        }
    }
    return out;
}

// The seeds are split between two threads (the runs are independent; the counts do not depend
// on the split). Only the first thread reports progress.
template <class A, std::size_t H, class Init>
outcome run(const setup& s, const Init& init, std::size_t seeds, std::size_t epochs, progress& bar, std::size_t k,
            std::size_t setups) {
    const std::size_t half = seeds / 2;
    progress quiet{false};
    outcome second;
    std::thread worker([&] { second = run_seeds<A, H>(s, init, half, seeds, epochs, quiet, k, setups); });
    outcome out = run_seeds<A, H>(s, init, 0, half, epochs, bar, k, setups);
    worker.join();
    out.solved += second.solved;
    out.failed_linear += second.failed_linear;
    out.failed_dead += second.failed_dead;
    out.failed_other += second.failed_other;
    out.diverged += second.diverged;
    out.solve_epochs.insert(out.solve_epochs.end(), second.solve_epochs.begin(), second.solve_epochs.end());
    return out;
}

std::string percent(std::size_t n, std::size_t of) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(n) / static_cast<double>(of));
    return buf;
}

std::string median(std::vector<double> v) {
    if (v.empty()) return "–";
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    const double med = v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", med);
    return buf;
}

int table(std::size_t seeds, std::size_t epochs) {
    using ctmlp::init::he_uniform;
    using ctmlp::init::uniform;
    using ctmlp::init::xavier_uniform;
    using leaky = ctmlp::leaky_relu<1, 100>;
    const setup setups[] = {
        {"2 ReLU", "U[0,1)", 0.01},        // 0: the notebook's cell 2
        {"2 ReLU", "Xavier", 0.01},        // 1
        {"2 ReLU", "He", 0.01},            // 2
        {"2 leaky ReLU", "U[0,1)", 0.01},  // 3
        {"2 tanh", "U[0,1)", 0.01},        // 4
        {"4 ReLU", "U[0,1)", 0.01},        // 5
        {"8 ReLU", "U[0,1)", 0.01},        // 6
        {"2 ReLU", "U[0,1)", 0.1},         // 7
        {"2 ReLU", "U[0,1)", 1.0},         // 8
        {"2 ReLU", "He", 0.1},             // 9
        {"2 leaky ReLU", "He", 0.1},       // 10
        {"2 tanh", "Xavier", 0.1},         // 11
        {"4 ReLU", "He", 0.1},             // 12
        {"4 leaky ReLU", "He", 0.1},       // 13
        {"4 tanh", "Xavier", 0.1},         // 14
        {"8 ReLU", "He", 0.1},             // 15
        {"8 leaky ReLU", "He", 0.1},       // 16
        {"2 tanh", "Xavier", 1.0},         // 17
        {"4 tanh", "Xavier", 1.0},         // 18
    };
    constexpr std::size_t n = sizeof setups / sizeof setups[0];
    progress bar;
    std::vector<outcome> results;
    const auto t0 = std::chrono::steady_clock::now();
    auto add = [&](outcome o) { results.push_back(std::move(o)); };
    std::size_t k = 0;
    add(run<ctmlp::relu, 2>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 2>(setups[k], xavier_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 2>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<leaky, 2>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::tanh, 2>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 4>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 8>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 2>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 2>(setups[k], uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 2>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<leaky, 2>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::tanh, 2>(setups[k], xavier_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 4>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<leaky, 4>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::tanh, 4>(setups[k], xavier_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::relu, 8>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<leaky, 8>(setups[k], he_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::tanh, 2>(setups[k], xavier_uniform{}, seeds, epochs, bar, k, n)), ++k;
    add(run<ctmlp::tanh, 4>(setups[k], xavier_uniform{}, seeds, epochs, bar, k, n)), ++k;
    bar.clear();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::printf("Seeds 0 to %zu (np.random.seed(s), then cell 2's draws), %zu full-batch epochs each.\n\n", seeds - 1,
                epochs);
    std::puts(
        "| # | hidden units | init | learning rate | solved | stuck: every unit on for all 4 inputs | stuck: a unit "
        "off for all 4 inputs "
        "| stuck: other | median epochs to solve |");
    std::puts("|---|---|---|---|---|---|---|---|---|");
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = setups[i];
        const auto& o = results[i];
        const bool tanh_row = std::strstr(s.hidden, "tanh") != nullptr;
        std::printf("| %zu | %s | %s | %s | **%s** | %s | %s | %s | %s |\n", i + 1, s.hidden, s.init,
                    python_repr(s.rate).c_str(), percent(o.solved, seeds).c_str(),
                    tanh_row ? "–" : percent(o.failed_linear, seeds).c_str(),
                    tanh_row ? "–" : percent(o.failed_dead, seeds).c_str(),
                    percent(o.failed_other + o.diverged, seeds).c_str(), median(o.solve_epochs).c_str());
    }
    std::fprintf(stderr, "stuck_relu: %zu setups x %zu seeds x %zu epochs in %.1f s\n", n, seeds, epochs, seconds);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// The notebook's own run.
int cell2() {
    auto net = xor_study::notebook_cell2_start();
    using Net = seed::cell2_net;
    static constexpr const char* names[] = {"[0, 0]", "[0, 1]", "[1, 0]", "[1, 1]"};
    std::array<std::array<double, 4>, 2> zmin{}, zmax{};
    for (std::size_t j = 0; j < 2; ++j) zmin[j] = zmax[j] = xor_study::pre_activations(net, j);
    const auto start = net;

    struct tracker {
        std::array<std::array<double, 4>, 2>& lo;
        std::array<std::array<double, 4>, 2>& hi;
        void on_epoch(const ctmlp::epoch_event<Net>& e) {
            for (std::size_t j = 0; j < 2; ++j) {
                const auto z = xor_study::pre_activations(e.net, j);
                for (std::size_t s = 0; s < 4; ++s) {
                    lo[j][s] = std::min(lo[j][s], z[s]);
                    hi[j][s] = std::max(hi[j][s], z[s]);
                }
            }
        }
    };
    ctmlp::train(net, seed::inputs, seed::targets, seed::cell2_sgd, seed::cell2_loss, seed::cell2_metric,
                 tracker{zmin, zmax});

    auto params = [](const Net& n, const char* when) {
        const auto& h = n.layer<1>();
        const auto& o = n.layer<2>();
        std::printf("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n", when, h.weight(0, 0),
                    h.weight(1, 0), h.bias[0], h.weight(0, 1), h.weight(1, 1), h.bias[1], o.weight(0, 0),
                    o.weight(1, 0), o.bias[0]);
    };
    std::puts(
        "Parameters (unit j's column of `weights_input_hidden` is w₁ⱼ, w₂ⱼ; `bias_hidden` bⱼ; "
        "`weights_hidden_output` v₁, v₂; `bias_output` c):\n");
    std::puts("| epoch | w₁₁ | w₂₁ | b₁ | w₁₂ | w₂₂ | b₂ | v₁ | v₂ | c |");
    std::puts("|---|---|---|---|---|---|---|---|---|---|");
    params(start, "0");
    params(net, "10,000");

    std::puts(
        "\nPre-activation z of each hidden unit on each input (z > 0: the ReLU passes z on; z ≤ 0: "
        "it outputs 0), at the start, at the end, and the smallest value it took in any epoch:\n");
    std::puts(
        "| input | unit 1 start | unit 1 end | unit 1 min | unit 2 start | unit 2 end | unit 2 min | "
        "prediction start | prediction end |");
    std::puts("|---|---|---|---|---|---|---|---|---|");
    const auto z0s = xor_study::pre_activations(start, 0), z1s = xor_study::pre_activations(start, 1);
    const auto z0e = xor_study::pre_activations(net, 0), z1e = xor_study::pre_activations(net, 1);
    for (std::size_t s = 0; s < 4; ++s)
        std::printf("| %s → %g | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.6f | %.6f |\n", names[s],
                    seed::targets[s][0], z0s[s], z0e[s], zmin[0][s], z1s[s], z1e[s], zmin[1][s],
                    start.predict(seed::inputs[s])[0], net.predict(seed::inputs[s])[0]);

    // With both units active everywhere, the output's pre-activation is one linear function of x.
    const auto& h = net.layer<1>();
    const auto& o = net.layer<2>();
    const double a1 = o.weight(0, 0) * h.weight(0, 0) + o.weight(1, 0) * h.weight(0, 1);
    const double a2 = o.weight(0, 0) * h.weight(1, 0) + o.weight(1, 0) * h.weight(1, 1);
    const double a0 = o.weight(0, 0) * h.bias[0] + o.weight(1, 0) * h.bias[1] + o.bias[0];
    bool always_on = true;
    for (std::size_t j = 0; j < 2; ++j)
        for (std::size_t s = 0; s < 4; ++s) always_on = always_on && zmin[j][s] > 0.0;
    if (!always_on) {
        std::puts("\nSome unit was off for some input during training.");
        return 0;
    }
    std::printf(
        "\nBoth units were on (z > 0) for every input in every epoch, so after 10,000 epochs the network "
        "computes exactly\nσ(v₁z₁ + v₂z₂ + c) = σ(%.4f·x₁ %s %.4f·x₂ %s %.4f), a sigmoid of a linear "
        "function, with final loss %s.\n",
        a1, a2 < 0 ? "−" : "+", std::fabs(a2), a0 < 0 ? "−" : "+", std::fabs(a0),
        python_repr(xor_study::mse(net)).c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t seeds = 100, epochs = 10000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cell2") == 0) return cell2();
        if (std::strcmp(argv[i], "--seeds") == 0 && i + 1 < argc)
            seeds = std::strtoul(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--epochs") == 0 && i + 1 < argc)
            epochs = std::strtoul(argv[++i], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: stuck_relu [--seeds N] [--epochs E] | --cell2\n");
            return 2;
        }
    }
    if (seeds == 0 || epochs == 0) return 2;
    return table(seeds, epochs);
}
