// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The numbers behind the pictures of docs/backpropagation.md (and the README), written as CSV:
// training runs observed through ctmlp's training observer, and networks evaluated on a grid.
// examples/pictures.py draws the pictures from these files (with matplotlib); any other tool can
// load them too. Each file has one header row (a field with a comma is quoted, RFC 4180), and
// every number is printed by std::to_chars: the shortest text that reads back as the same double.
//
//   runs.csv              one row per XOR run: run id, hidden units, activation, initialisation,
//                         learning rate, epochs, final loss, solved (1/0)
//   loss_curves.csv       epoch, then one column per run: the printed loss (mean (ŷ−y)² over the
//                         four inputs) after `epoch` epochs of training, epochs 0 to 10,000
//   decision_<run>.csv    x1, x2, prediction: the trained network on an 81 × 81 grid over
//                         [−0.5, 1.5]², step 1/40 (so the four XOR inputs are grid points)
//   hidden_<run>.csv      epoch, x1, x2, target, h1..hH, prediction: the hidden layer and output
//                         for the four inputs after 0, 10, 100, 300, 1,000 and 10,000 epochs
//   hidden_cell1.csv      iteration, x1, x2, target, h1..h4, prediction: cell 1's hidden layer
//                         as each sample met it, iterations 0 to 9 (the notebook's animation)
//
// The runs (all two-layer XOR networks trained like the notebook's cell 2: full batch, summed
// gradients of ½(ŷ−y)², 10,000 epochs, from np.random.seed(40) continued after cell 1's draws):
//   stuck  the notebook's cell 2: 2 ReLU, U[0,1) weights and biases, learning rate 0.01
//   dead   2 ReLU, He initialisation, learning rate 0.1 (ends with units off for two inputs)
//   wide   4 ReLU, He initialisation, learning rate 0.1
//   fixed  2 tanh, Xavier initialisation, learning rate 1.0
//
// usage: pictures <output directory>. `cmake --build build/gcc --target pictures_update` runs it
// and examples/pictures.py, and rewrites the committed pictures in docs/.
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <ctmlp/ctmlp.hpp>

#include "xor_study.hpp"

namespace {

constexpr std::size_t snapshot_epochs[] = {0, 10, 100, 300, 1000, 10000};

bool is_snapshot(std::size_t epoch) {
    for (const std::size_t e : snapshot_epochs)
        if (epoch == e) return true;
    return false;
}

/// A CSV file being written: fields separated by commas, rows by '\n', numbers by std::to_chars
/// (shortest round-trip form, independent of the locale). Reports the first write error.
class csv_file {
public:
    explicit csv_file(const std::filesystem::path& path) : path_(path.string()), f_(std::fopen(path_.c_str(), "wb")) {}
    csv_file(const csv_file&) = delete;
    csv_file& operator=(const csv_file&) = delete;
    ~csv_file() {
        if (f_) std::fclose(f_);
    }

    /// Appends one text field, quoted as RFC 4180 says when it holds a comma, quote or newline
    /// (the initialisation "U[0,1)" does).
    csv_file& text(std::string_view s) {
        separate();
        if (s.find_first_of(",\"\n") == std::string_view::npos) {
            line_ += s;
            return *this;
        }
        line_ += '"';
        for (const char c : s) {
            if (c == '"') line_ += '"';
            line_ += c;
        }
        line_ += '"';
        return *this;
    }
    /// Appends one number.
    csv_file& number(double v) {
        separate();
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        line_.append(buf, r.ptr);
        return *this;
    }
    csv_file& number(std::size_t v) {
        separate();
        line_ += std::to_string(v);
        return *this;
    }
    /// Ends the row.
    void end_row() {
        line_ += '\n';
        if (f_ && std::fwrite(line_.data(), 1, line_.size(), f_) != line_.size()) failed_ = true;
        line_.clear();
        first_ = true;
    }
    /// Closes the file; true when it was opened and every byte written.
    bool close() {
        if (!f_) return false;
        const bool closed = std::fclose(f_) == 0;
        f_ = nullptr;
        const bool ok = closed && !failed_;
        if (ok) std::printf("wrote %s\n", path_.c_str());
        return ok;
    }

private:
    void separate() {
        if (!first_) line_ += ',';
        first_ = false;
    }
    std::string path_;
    std::FILE* f_;
    std::string line_;
    bool first_ = true;
    bool failed_ = false;
};

/// The hidden layer (output of layer 1) and the prediction for one input at one epoch.
template <std::size_t H>
struct hidden_row {
    std::size_t epoch;
    std::size_t sample;
    std::array<double, H> h;
    double prediction;
};

template <class Net, std::size_t H = Net::sizes[1]>
hidden_row<H> row_from(std::size_t epoch, std::size_t sample, const ctmlp::workspace<Net>& ws) {
    hidden_row<H> r{epoch, sample, {}, ws.template output<2>()[0]};
    const auto& h = ws.template output<1>();
    for (std::size_t j = 0; j < H; ++j) r.h[j] = h[j];
    return r;
}

template <class Net>
using rows_of = std::vector<hidden_row<Net::sizes[1]>>;

/// Records the printed loss per epoch (the metric: each sample's loss before the epoch's update,
/// i.e. the loss after `epoch` epochs) and, at the snapshot epochs, the hidden layer as the
/// samples met it. With `every_epoch`, every epoch is a snapshot (cell 1's ten iterations).
template <class Net>
struct recorder {
    bool every_epoch = false;
    std::vector<double> loss;
    rows_of<Net> hidden;
    void on_sample(const ctmlp::sample_event<Net>& e) {
        if (every_epoch || is_snapshot(e.epoch)) hidden.push_back(row_from<Net>(e.epoch, e.sample, e.ws));
    }
    void on_epoch(const ctmlp::epoch_event<Net>& e) { loss.push_back(e.metric); }
};

/// One XOR run of the study and what the pictures need of it.
struct run_info {
    const char* id;
    std::size_t hidden;
    const char* activation;
    const char* init;
    double learning_rate;
    double final_loss;
    bool solved;
};

// The two-hidden-unit runs of the pictures, all from np.random.seed(40) continued after cell 1's
// draws, as the notebook's cell 2 is.
template <class A, std::size_t H, class Init>
xor_study::net<A, H> start_from_seed_40(const Init& init) {
    ctmlp::mt19937 gen{40};
    (void)ctmlp::initialized<seed::cell1_net>(gen, ctmlp::init::uniform{0.0, 1.0});
    return ctmlp::initialized<xor_study::net<A, H>>(gen, init);
}

/// Trains `net` like cell 2 at `rate`, then appends the state after the last update: the final
/// loss and the hidden layer "after 10,000 epochs".
template <class Net>
recorder<Net> train_recorded(Net& net, double rate) {
    recorder<Net> rec;
    ctmlp::sgd opt = seed::cell2_sgd;
    opt.learning_rate = rate;
    ctmlp::train(net, seed::inputs, seed::targets, opt, seed::cell2_loss, seed::cell2_metric, rec);
    rec.loss.push_back(xor_study::mse(net));
    for (std::size_t s = 0; s < 4; ++s) {
        ctmlp::workspace<Net> ws{};
        ctmlp::forward(net, ws, seed::inputs[s]);
        rec.hidden.push_back(row_from<Net>(opt.epochs, s, ws));
    }
    return rec;
}

template <class Rows>
bool write_hidden(const std::filesystem::path& path, const char* epoch_name, const Rows& rows) {
    csv_file f(path);
    f.text(epoch_name).text("x1").text("x2").text("target");
    const std::size_t units = rows.empty() ? 0 : rows.front().h.size();
    for (std::size_t j = 1; j <= units; ++j) f.text("h" + std::to_string(j));
    f.text("prediction").end_row();
    for (const auto& r : rows) {
        f.number(r.epoch).number(seed::inputs[r.sample][0]).number(seed::inputs[r.sample][1]);
        f.number(seed::targets[r.sample][0]);
        for (const double v : r.h) f.number(v);
        f.number(r.prediction).end_row();
    }
    return f.close();
}

/// The trained network's prediction on the grid x = (i − 20) / 40, i = 0..80 (both inputs).
template <class Net>
bool write_decision(const std::filesystem::path& path, const Net& net) {
    csv_file f(path);
    f.text("x1").text("x2").text("prediction").end_row();
    for (int j = 0; j <= 80; ++j) {
        for (int i = 0; i <= 80; ++i) {
            const double x1 = (i - 20) / 40.0, x2 = (j - 20) / 40.0;
            f.number(x1).number(x2).number(net.predict({x1, x2})[0]).end_row();
        }
    }
    return f.close();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pictures <output directory>\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    int failures = 0;
    auto check = [&](bool ok, const char* name) {
        if (!ok) {
            std::fprintf(stderr, "pictures: cannot write %s\n", (dir / name).string().c_str());
            ++failures;
        }
    };

    // Cell 2 as in the notebook, and three variants from the same random stream.
    auto stuck = xor_study::notebook_cell2_start();
    auto dead = start_from_seed_40<ctmlp::relu, 2>(ctmlp::init::he_uniform{});
    auto wide = start_from_seed_40<ctmlp::relu, 4>(ctmlp::init::he_uniform{});
    auto fixed = start_from_seed_40<ctmlp::tanh, 2>(ctmlp::init::xavier_uniform{});
    const auto r_stuck = train_recorded(stuck, 0.01);
    const auto r_dead = train_recorded(dead, 0.1);
    const auto r_wide = train_recorded(wide, 0.1);
    const auto r_fixed = train_recorded(fixed, 1.0);

    const run_info runs[] = {
        {"stuck", 2, "ReLU", "U[0,1)", 0.01, xor_study::mse(stuck), xor_study::solved(stuck)},
        {"dead", 2, "ReLU", "He", 0.1, xor_study::mse(dead), xor_study::solved(dead)},
        {"wide", 4, "ReLU", "He", 0.1, xor_study::mse(wide), xor_study::solved(wide)},
        {"fixed", 2, "tanh", "Xavier", 1.0, xor_study::mse(fixed), xor_study::solved(fixed)},
    };
    {
        csv_file f(dir / "runs.csv");
        f.text("run").text("hidden").text("activation").text("init").text("learning_rate");
        f.text("epochs").text("final_loss").text("solved").end_row();
        for (const run_info& r : runs) {
            f.text(r.id).number(r.hidden).text(r.activation).text(r.init).number(r.learning_rate);
            f.number(seed::cell2_sgd.epochs).number(r.final_loss).number(std::size_t{r.solved ? 1u : 0u}).end_row();
        }
        check(f.close(), "runs.csv");
    }
    {
        csv_file f(dir / "loss_curves.csv");
        f.text("epoch");
        for (const run_info& r : runs) f.text(r.id);
        f.end_row();
        const std::vector<double>* curves[] = {&r_stuck.loss, &r_dead.loss, &r_wide.loss, &r_fixed.loss};
        for (std::size_t e = 0; e < r_stuck.loss.size(); ++e) {
            f.number(e);
            for (const auto* c : curves) f.number(e < c->size() ? (*c)[e] : std::numeric_limits<double>::quiet_NaN());
            f.end_row();
        }
        check(f.close(), "loss_curves.csv");
    }
    check(write_decision(dir / "decision_stuck.csv", stuck), "decision_stuck.csv");
    check(write_decision(dir / "decision_fixed.csv", fixed), "decision_fixed.csv");
    check(write_hidden(dir / "hidden_stuck.csv", "epoch", r_stuck.hidden), "hidden_stuck.csv");
    check(write_hidden(dir / "hidden_dead.csv", "epoch", r_dead.hidden), "hidden_dead.csv");
    check(write_hidden(dir / "hidden_wide.csv", "epoch", r_wide.hidden), "hidden_wide.csv");
    check(write_hidden(dir / "hidden_fixed.csv", "epoch", r_fixed.hidden), "hidden_fixed.csv");

    // Cell 1's hidden layer, iteration by iteration, as the notebook's plotly figure showed it.
    auto cell1 = seed::make_initial_networks().cell1;
    recorder<seed::cell1_net> c1;
    c1.every_epoch = true;
    ctmlp::train(cell1, seed::inputs, seed::targets, seed::cell1_sgd, seed::cell1_loss, seed::cell1_metric, c1);
    check(write_hidden(dir / "hidden_cell1.csv", "iteration", c1.hidden), "hidden_cell1.csv");
    return failures == 0 ? 0 : 1;
}
