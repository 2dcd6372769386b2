// The seed notebook, number for number: initial weights from np.random.seed(40), cell 1's layers
// and errors for all 10 iterations, cell 2's losses and predictions. References: the notebook's
// own printout (two Errors, ten losses) and the NumPy rerun in tests/fixtures/seed_numpy.txt.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "seed_cells.hpp"

namespace {

// "cell1 iter 3 sample 2 layer_1" -> values; the key is everything before the first number list.
std::map<std::string, std::vector<double>> load_fixture() {
    std::map<std::string, std::vector<double>> records;
    std::ifstream in(CTMLP_FIXTURE_DIR "/seed_numpy.txt");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string key, w;
        std::vector<double> values;
        while (words >> w) {
            char* end = nullptr;
            const double v = std::strtod(w.c_str(), &end);
            const bool number = end && *end == '\0' && !w.empty();
            // Integers in the key (iteration, sample, epoch) come before the first word-field.
            if (number && !key.empty() &&
                (key.find("layer_") != std::string::npos || key.find("error") != std::string::npos ||
                 key.find("weights") != std::string::npos || key.find("bias") != std::string::npos ||
                 key.find("loss") != std::string::npos || key.find("output") != std::string::npos ||
                 key.find("prediction") != std::string::npos))
                values.push_back(v);
            else
                key += (key.empty() ? "" : " ") + w;
        }
        records[key] = values;
    }
    return records;
}

bool close(double a, double b, double rel = 1e-12) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

const std::map<std::string, std::vector<double>>& fixture() {
    static const auto f = load_fixture();
    return f;
}

template <class Array>
void require_close(const Array& got, const std::vector<double>& want, const std::string& what, double rel = 1e-12) {
    INFO(what);
    REQUIRE(got.size() == want.size());
    for (std::size_t n = 0; n < want.size(); ++n) {
        INFO("element " << n << ": " << got[n] << " vs " << want[n]);
        CHECK(close(got[n], want[n], rel));
    }
}

struct cell1_recorder {
    std::vector<std::array<double, 4>> layer_1;
    std::vector<double> layer_2, errors;
    void on_sample(const ctmlp::sample_event<seed::cell1_net>& e) {
        layer_1.push_back(e.ws.output<1>());
        layer_2.push_back(e.ws.output<2>()[0]);
    }
    void on_epoch(const ctmlp::epoch_event<seed::cell1_net>& e) { errors.push_back(e.metric); }
};

struct cell2_recorder {
    std::vector<double> losses;
    void on_epoch(const ctmlp::epoch_event<seed::cell2_net>& e) {
        if (e.epoch % 1000 == 0) losses.push_back(e.metric);
    }
};

}  // namespace

TEST_CASE("the fixture is there and complete", "[seed]") {
    REQUIRE(fixture().size() > 100);
    REQUIRE(fixture().count("cell1 iter 9 error") == 1);
    REQUIRE(fixture().count("cell2 epoch 9000 loss") == 1);
}

TEST_CASE("seed 40 gives the notebook's initial weights exactly", "[seed][init]") {
    const auto nets = seed::make_initial_networks();
    // The notebook's printout (8 decimals) ...
    CHECK(std::round(nets.cell1.layer<1>().weight(0, 0) * 1e8) == 40768703);
    CHECK(std::round(nets.cell1.layer<1>().weight(1, 3) * 1e8) == 62381221);
    CHECK(std::round(nets.cell1.layer<2>().weights[3] * 1e8) == 60081609);
    // ... and NumPy's full doubles, bit for bit.
    require_close(nets.cell1.layer<1>().weights, fixture().at("cell1 init weights_0_1"), "weights_0_1", 0.0);
    require_close(nets.cell1.layer<2>().weights, fixture().at("cell1 init weights_1_2"), "weights_1_2", 0.0);
    require_close(nets.cell2.layer<1>().weights, fixture().at("cell2 init weights_input_hidden"),
                  "weights_input_hidden", 0.0);
    require_close(nets.cell2.layer<2>().weights, fixture().at("cell2 init weights_hidden_output"),
                  "weights_hidden_output", 0.0);
    require_close(nets.cell2.layer<1>().bias, fixture().at("cell2 init bias_hidden"), "bias_hidden", 0.0);
    require_close(nets.cell2.layer<2>().bias, fixture().at("cell2 init bias_output"), "bias_output", 0.0);
}

TEST_CASE("cell 1: every layer and Error of all 10 iterations", "[seed][cell1]") {
    auto net = seed::make_initial_networks().cell1;
    cell1_recorder rec;
    const auto r =
        ctmlp::train(net, seed::inputs, seed::targets, seed::cell1_sgd, seed::cell1_loss, seed::cell1_metric, rec);
    REQUIRE(r);
    REQUIRE(r.epochs_completed == 10);
    REQUIRE(rec.errors.size() == 10);
    // The notebook printed two Errors before its output was cut.
    CHECK(close(rec.errors[0], 7.839738097962158));
    CHECK(close(rec.errors[1], 7.6814526763526585));
    for (std::size_t it = 0; it < 10; ++it) {
        CHECK(close(rec.errors[it], fixture().at("cell1 iter " + std::to_string(it) + " error").at(0)));
        for (std::size_t s = 0; s < 4; ++s) {
            const std::string key = "cell1 iter " + std::to_string(it) + " sample " + std::to_string(s);
            require_close(rec.layer_1[it * 4 + s], fixture().at(key + " layer_1"), key + " layer_1");
            CHECK(close(rec.layer_2[it * 4 + s], fixture().at(key + " layer_2").at(0)));
        }
    }
    require_close(net.layer<1>().weights, fixture().at("cell1 final weights_0_1"), "final weights_0_1");
    require_close(net.layer<2>().weights, fixture().at("cell1 final weights_1_2"), "final weights_1_2");
    CHECK(rec.errors[9] < rec.errors[0]);  // it learns, slowly
}

TEST_CASE("cell 2: the ten printed losses, the final parameters and the stuck predictions", "[seed][cell2]") {
    auto net = seed::make_initial_networks().cell2;
    cell2_recorder rec;
    const auto r =
        ctmlp::train(net, seed::inputs, seed::targets, seed::cell2_sgd, seed::cell2_loss, seed::cell2_metric, rec);
    REQUIRE(r);
    const std::array<double, 10> notebook{
        0.2913239088494768, 0.25013205911182146, 0.2500839755180796,  0.2500575150938403,  0.2500415143068478,
        0.25003101962364,   0.2500236895266624,  0.25001833734402235, 0.25001431284494097, 0.2500112294597659};
    REQUIRE(rec.losses.size() == 10);
    for (std::size_t k = 0; k < 10; ++k) {
        INFO("epoch " << k * 1000 << ": " << rec.losses[k]);
        CHECK(close(rec.losses[k], notebook[k]));
        CHECK(close(rec.losses[k], fixture().at("cell2 epoch " + std::to_string(k * 1000) + " loss").at(0)));
    }
    require_close(net.layer<1>().weights, fixture().at("cell2 final weights_input_hidden"), "final W1", 1e-9);
    require_close(net.layer<2>().weights, fixture().at("cell2 final weights_hidden_output"), "final W2", 1e-9);
    std::array<double, 4> out{}, rounded{};
    for (std::size_t s = 0; s < 4; ++s) {
        out[s] = net.predict(seed::inputs[s])[0];
        rounded[s] = std::nearbyint(out[s]);
    }
    require_close(out, fixture().at("cell2 output"), "final outputs", 1e-9);
    CHECK(rounded == std::array<double, 4>{0, 0, 1, 1});
}
