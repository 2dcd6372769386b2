// ctmlp::int8 against an independent reference: tests/int8/reference.py computed, from the float
// networks and calibration sets in tests/fixtures/int8_model.txt, every quantisation parameter and
// the int8 outputs of the test inputs (tests/fixtures/int8_expected.txt). Here the same networks
// are quantised at run time and must agree bit for bit. (The CTest int8_reference_regenerates
// re-runs the script and compares its output with the committed fixture.)
#include <ctmlp/int8.hpp>
#include <ctmlp/parameters.hpp>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"

namespace {

using tokens = std::vector<std::string>;

// The lines of one case ("case NAME ..." up to "end"), split into tokens; comments skipped.
std::map<std::string, std::vector<tokens>> read_cases(const std::string& file) {
    std::ifstream in(std::string(CTMLP_FIXTURE_DIR) + "/" + file);
    std::map<std::string, std::vector<tokens>> cases;
    std::string line, current;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        tokens t;
        for (std::string w; ss >> w;) t.push_back(w);
        if (t.empty()) continue;
        if (t[0] == "case") current = t[1];
        cases[current].push_back(t);
    }
    return cases;
}

float hex_float(const std::string& s) { return std::strtof(s.c_str(), nullptr); }

// The tokens after the line's key (and its layer number, when `with_layer`).
const tokens* find_line(const std::vector<tokens>& lines, const std::string& key, int layer = -1) {
    for (const auto& t : lines)
        if (t[0] == key && (layer < 0 || (t.size() > 1 && std::stoi(t[1]) == layer))) return &t;
    return nullptr;
}

std::vector<long long> ints(const tokens& t, std::size_t from) {
    std::vector<long long> v;
    for (std::size_t i = from; i < t.size(); ++i) v.push_back(std::stoll(t[i]));
    return v;
}

template <class Net>
Net float_network(const std::vector<tokens>& lines) {
    std::array<float, Net::parameter_count> flat{};
    std::size_t n = 0;
    for (int k = 1; k <= static_cast<int>(Net::depth); ++k) {
        for (const char* key : {"weights", "bias"})
            if (const tokens* t = find_line(lines, key, k))
                for (std::size_t i = 2; i < t->size(); ++i) {
                    REQUIRE(n < flat.size());
                    flat[n++] = hex_float((*t)[i]);
                }
    }
    REQUIRE(n == flat.size());
    return ctmlp::from_parameters<Net>(flat);
}

template <class Net>
std::vector<typename Net::input_array> samples(const std::vector<tokens>& lines, const std::string& key) {
    std::vector<typename Net::input_array> v;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i][0] == key) {
            const std::size_t count = std::stoul(lines[i][1]);
            for (std::size_t s = 0; s < count; ++s) {
                const tokens& t = lines[i + 1 + s];
                REQUIRE(t.size() == Net::input_size);
                typename Net::input_array x{};
                for (std::size_t j = 0; j < Net::input_size; ++j) x[j] = hex_float(t[j]);
                v.push_back(x);
            }
        }
    return v;
}

template <class A, std::size_t N>
std::vector<long long> as_ints(const A& a) {
    std::vector<long long> v;
    for (std::size_t i = 0; i < N; ++i) v.push_back(static_cast<long long>(a[i]));
    return v;
}

template <class Net, class Scales>
void check_case(const std::string& name) {
    static const auto model = read_cases("int8_model.txt");
    static const auto expected = read_cases("int8_expected.txt");
    REQUIRE(model.count(name) == 1);
    REQUIRE(expected.count(name) == 1);
    const auto& m = model.at(name);
    const auto& e = expected.at(name);
    // The fixture describes the same network type.
    REQUIRE(find_line(m, "case")->at(2) ==
            (std::is_same_v<Scales, ctmlp::int8::per_layer> ? "per_layer" : "per_channel"));
    REQUIRE(std::stoul(find_line(m, "input")->at(1)) == Net::input_size);

    const Net net = float_network<Net>(m);
    const auto calibration = samples<Net>(m, "calibration");
    const auto q = ctmlp::int8::quantize<Scales>(net, std::span<const typename Net::input_array>(calibration));
    REQUIRE(q.succeeded());
    const auto& qn = q.net;

    const tokens& in_q = *find_line(e, "input_quantization");
    CHECK(std::bit_cast<std::uint32_t>(qn.input_scale()) == std::bit_cast<std::uint32_t>(hex_float(in_q[1])));
    CHECK(qn.input_zero_point() == std::stoi(in_q[2]));
    const tokens& out_q = *find_line(e, "output_quantization");
    CHECK(std::bit_cast<std::uint32_t>(qn.output_scale()) == std::bit_cast<std::uint32_t>(hex_float(out_q[1])));
    CHECK(qn.output_zero_point() == std::stoi(out_q[2]));

    ctmlp::for_each_layer(net, [&](auto index, const auto&) {
        constexpr std::size_t k = decltype(index)::value;
        const int ki = static_cast<int>(k);
        using P = std::remove_cvref_t<decltype(qn.template layer<k>())>;
        const auto& l = qn.template layer<k>();
        INFO("case " << name << ", layer " << k);
        const tokens& head = *find_line(e, "layer", ki);
        CHECK(l.input_zero_point == std::stoi(head[2]));
        CHECK(l.output_zero_point == std::stoi(head[3]));
        CHECK(l.clamp_min == std::stoi(head[4]));
        CHECK(l.clamp_max == std::stoi(head[5]));
        CHECK(as_ints<decltype(l.weights), P::inputs * P::outputs>(l.weights) == ints(*find_line(e, "weights", ki), 2));
        if constexpr (P::has_bias)
            CHECK(as_ints<decltype(l.bias), P::outputs>(l.bias) == ints(*find_line(e, "bias", ki), 2));
        else
            CHECK(ints(*find_line(e, "bias", ki), 2).empty());
        CHECK(as_ints<decltype(l.multiplier), P::channels>(l.multiplier) == ints(*find_line(e, "multiplier", ki), 2));
        CHECK(as_ints<decltype(l.shift), P::channels>(l.shift) == ints(*find_line(e, "shift", ki), 2));
        if constexpr (P::has_negative_multiplier) {
            REQUIRE(find_line(e, "negative_multiplier", ki) != nullptr);
            CHECK(as_ints<decltype(l.negative_multiplier), P::channels>(l.negative_multiplier) ==
                  ints(*find_line(e, "negative_multiplier", ki), 2));
            CHECK(as_ints<decltype(l.negative_shift), P::channels>(l.negative_shift) ==
                  ints(*find_line(e, "negative_shift", ki), 2));
        } else {
            CHECK(find_line(e, "negative_multiplier", ki) == nullptr);
        }
        if constexpr (P::has_lut)
            CHECK(as_ints<decltype(l.lut), 256>(l.lut) == ints(*find_line(e, "lut", ki), 2));
        else
            CHECK(ints(*find_line(e, "lut", ki), 2).empty());
    });

    const auto tests = samples<Net>(m, "tests");
    std::size_t compared = 0;
    for (const auto& t : e) {
        if (t[0] != "test") continue;
        const std::size_t s = std::stoul(t[1]);
        REQUIRE(s < tests.size());
        std::vector<long long> want_in, want_out;
        bool after = false;
        for (std::size_t i = 2; i < t.size(); ++i) {
            if (t[i] == "->")
                after = true;
            else
                (after ? want_out : want_in).push_back(std::stoll(t[i]));
        }
        const auto xq = qn.quantize_input(tests[s]);
        INFO("case " << name << ", test input " << s);
        CHECK(as_ints<decltype(xq), Net::input_size>(xq) == want_in);
        const auto y = qn.predict(xq);
        CHECK(as_ints<decltype(y), Net::output_size>(y) == want_out);
        ++compared;
    }
    CHECK(compared == tests.size());
    CHECK(compared >= 40);
}

}  // namespace

TEST_CASE("int8: quantisation and outputs equal the Python reference bit for bit", "[int8]") {
    using namespace ctmlp;
    check_case<network<float, input<6>, dense<8, relu>, dense<5, identity>, dense<4, ctmlp::tanh>>, int8::per_channel>(
        "relu_identity_tanh");
    check_case<network<float, input<6>, dense<7, relu>, dense<3, sigmoid>>, int8::per_layer>("relu_sigmoid_per_layer");
    check_case<network<float, input<6>, dense<8, relu, no_bias>, dense<4, softmax>>, int8::per_channel>(
        "nobias_softmax");
    check_case<network<float, input<3>, dense<4, sigmoid>>, int8::per_channel>("sigmoid_only");
    check_case<network<float, input<5>, dense<7, leaky_relu<1, 10>>, dense<6, leaky_relu<1, 100>>, dense<3, identity>>,
               int8::per_channel>("leaky_relu");
}
