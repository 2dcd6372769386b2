// The pictures of docs/backpropagation.md (and the README), drawn with ctmlp/host/svg.hpp from
// training runs observed through ctmlp's training observer:
//
//   loss_curves.svg       the printed loss (mean (ŷ−y)²) per epoch: the notebook's cell 2 and fixes
//   decision_stuck.svg    the XOR decision surface of cell 2 after 10,000 epochs (as in the notebook)
//   decision_fixed.svg    the same for 2 tanh hidden units, Xavier init, learning rate 1.0
//   hidden_cell1.svg      cell 1's hidden units 0 and 1 for the four inputs, iterations 0..9 (what the
//                         notebook's plotly figure animated)
//   hidden_stuck.svg      cell 2's two hidden units for the four inputs as training proceeds
//   hidden_fixed.svg      the same for the fixed run
//
// usage: pictures [output directory]   (default: ./svg). `cmake --build build/gcc --target
// pictures_update` rewrites the committed copies in docs/.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/svg.hpp>

#include "xor_study.hpp"

namespace {

namespace svg = ctmlp::host::svg;

const char* const input_names[] = {"[0,0]", "[0,1]", "[1,0]", "[1,1]"};
const std::vector<std::string> class_names{"target 0", "target 1"};

int cls(std::size_t s) { return seed::targets[s][0] > 0.5 ? 1 : 0; }

// The two-hidden-unit runs of the pictures, all from np.random.seed(40) continued after cell 1's
// twelve draws, as the notebook's cell 2 is.
template <class A, std::size_t H, class Init>
xor_study::net<A, H> start_from_seed_40(const Init& init) {
    ctmlp::mt19937 gen{40};
    (void)ctmlp::initialized<seed::cell1_net>(gen, ctmlp::init::uniform{0.0, 1.0});
    return ctmlp::initialized<xor_study::net<A, H>>(gen, init);
}

bool is_snapshot(std::size_t epoch) {
    for (const std::size_t e : {0u, 10u, 100u, 300u, 1000u, 10000u})
        if (epoch == e) return true;
    return false;
}

std::string epoch_title(std::size_t e) {
    std::string digits = std::to_string(e), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return "epoch " + out;
}

// Records the printed loss per epoch, and the hidden layer of the four inputs at the snapshot
// epochs (before the epoch's update, as the samples met the network).
template <class Net>
struct recorder {
    svg::series loss;
    std::vector<svg::frame> hidden;
    void on_sample(const ctmlp::sample_event<Net>& e) {
        if (!is_snapshot(e.epoch)) return;
        if (e.sample == 0) hidden.push_back({epoch_title(e.epoch), {}});
        const auto& h = e.ws.template output<1>();
        hidden.back().points.push_back({h[0], h[1], cls(e.sample), input_names[e.sample]});
    }
    void on_epoch(const ctmlp::epoch_event<Net>& e) {
        loss.points.push_back({static_cast<double>(e.epoch), e.metric});
    }
};

// Trains `net` like cell 2 (full batch, summed gradients of ½(ŷ−y)², 10,000 epochs) at `rate`;
// the final frame (after the last update) is added at "epoch 10,000".
template <class Net>
recorder<Net> train_recorded(Net& net, double rate, const char* name, const char* colour) {
    recorder<Net> rec;
    rec.loss.name = name;
    rec.loss.color = colour;
    ctmlp::sgd opt = seed::cell2_sgd;
    opt.learning_rate = rate;
    ctmlp::train(net, seed::inputs, seed::targets, opt, seed::cell2_loss, seed::cell2_metric, rec);
    svg::frame last{epoch_title(opt.epochs), {}};
    for (std::size_t s = 0; s < 4; ++s) {
        ctmlp::workspace<Net> ws{};
        ctmlp::forward(net, ws, seed::inputs[s]);
        last.points.push_back({ws.template output<1>()[0], ws.template output<1>()[1], cls(s), input_names[s]});
    }
    rec.hidden.push_back(last);
    return rec;
}

template <class Net>
std::string decision_surface(const Net& net, const std::string& title) {
    std::vector<svg::labelled_point> pts;
    for (std::size_t s = 0; s < 4; ++s)
        pts.push_back({seed::inputs[s][0], seed::inputs[s][1], cls(s),
                       "ŷ = " + svg::format_number(net.predict(seed::inputs[s])[0], 3)});
    svg::heat_map_options o;
    o.title = title;
    o.value_label = "prediction";
    o.resolution = 80;
    o.plot_size = 360;
    return svg::heat_map([&](double x1, double x2) { return net.predict({x1, x2})[0]; }, pts, o);
}

// Cell 1's hidden layer, iteration by iteration, as the notebook's plotly figure showed it
// (array[:, 0] against array[:, 1], the first two of the four hidden units).
struct cell1_recorder {
    std::vector<svg::frame> frames;
    void on_sample(const ctmlp::sample_event<seed::cell1_net>& e) {
        if (e.sample == 0) frames.push_back({"iteration " + std::to_string(e.epoch), {}});
        const auto& h = e.ws.output<1>();
        frames.back().points.push_back({h[0], h[1], cls(e.sample), input_names[e.sample]});
    }
};

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? argv[1] : "svg";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    int failures = 0;
    auto write = [&](const char* name, const std::string& text) {
        const auto path = (dir / name).string();
        if (svg::write_file(path, text)) {
            std::printf("wrote %s\n", path.c_str());
        } else {
            std::fprintf(stderr, "pictures: cannot write %s\n", path.c_str());
            ++failures;
        }
    };

    // Cell 2 as in the notebook, and three variants from the same random stream.
    auto stuck = xor_study::notebook_cell2_start();
    auto fixed = start_from_seed_40<ctmlp::tanh, 2>(ctmlp::init::xavier_uniform{});
    auto wide = start_from_seed_40<ctmlp::relu, 4>(ctmlp::init::he_uniform{});
    auto dead = start_from_seed_40<ctmlp::relu, 2>(ctmlp::init::he_uniform{});
    auto r_stuck = train_recorded(stuck, 0.01, "cell 2: 2 ReLU, U[0,1), lr 0.01 (stuck)", "#d55e00");
    auto r_fixed = train_recorded(fixed, 1.0, "2 tanh, Xavier, lr 1.0 (solved)", "#0072b2");
    auto r_wide = train_recorded(wide, 0.1, "4 ReLU, He, lr 0.1 (solved)", "#009e73");
    auto r_dead = train_recorded(dead, 0.1, "2 ReLU, He, lr 0.1 (stuck at 0.125)", "#cc79a7");

    svg::line_chart_options lo;
    lo.title = "XOR, full batch: mean (ŷ − y)² per epoch (seed 40, after cell 1's draws)";
    lo.x_label = "epoch";
    lo.y_label = "loss (log scale)";
    lo.log_y = true;
    lo.width = 900;
    lo.height = 440;
    write("loss_curves.svg", svg::line_chart({r_stuck.loss, r_dead.loss, r_wide.loss, r_fixed.loss}, lo));

    write("decision_stuck.svg",
          decision_surface(stuck, "Cell 2 after 10,000 epochs: 2 ReLU, U[0,1), lr 0.01"));
    write("decision_fixed.svg",
          decision_surface(fixed, "Fixed: 2 tanh, Xavier init, lr 1.0, 10,000 epochs"));

    svg::small_multiples_options so;
    so.class_names = class_names;
    so.columns = 3;
    so.panel_size = 190;
    so.title = "Cell 2 (stuck): hidden layer of the four inputs";
    so.x_label = "hidden unit 1 (ReLU output)";
    so.y_label = "hidden unit 2 (ReLU output)";
    write("hidden_stuck.svg", svg::small_multiples(r_stuck.hidden, so));
    so.title = "Fixed run (2 tanh units): hidden layer of the four inputs";
    so.x_label = "hidden unit 1 (tanh output)";
    so.y_label = "hidden unit 2 (tanh output)";
    write("hidden_fixed.svg", svg::small_multiples(r_fixed.hidden, so));

    auto cell1 = seed::make_initial_networks().cell1;
    cell1_recorder c1;
    ctmlp::train(cell1, seed::inputs, seed::targets, seed::cell1_sgd, seed::cell1_loss, seed::cell1_metric, c1);
    svg::small_multiples_options s1;
    s1.class_names = class_names;
    s1.columns = 5;
    s1.panel_size = 150;
    s1.title = "Cell 1's layer_1[0] vs layer_1[1] for the four inputs, iterations 0 to 9 (the notebook's animation)";
    s1.x_label = "layer_1[0]";
    s1.y_label = "layer_1[1]";
    write("hidden_cell1.svg", svg::small_multiples(c1.frames, s1));
    return failures == 0 ? 0 : 1;
}
