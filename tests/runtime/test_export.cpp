// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// ctmlp::host export (include/ctmlp/host/export.hpp): the committed generated headers of
// examples/deploy (and the edge-value ones in tests/deploy) compile and hold the original networks
// bit for bit; every hexadecimal literal the writer produces reads back as the same bits
// (strtof/strtod, and glibc's "%a" spells it the same);
// NaN/Inf and bad options are refused without writing; and the test vectors of xor_expected.hpp /
// wide_expected.hpp -- the bits the firmware must reproduce -- are this host's outputs (the
// exported networks use ctmlp::portable:: activations, so run time computes the same bits).
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <ctmlp/host/export.hpp>

#include "../deploy/edge_double_model.hpp"
#include "../deploy/edge_model.hpp"
#include "catch.hpp"
#include "deploy/models.hpp"
#include "deploy/wide_model.hpp"
#include "deploy/xor_model.hpp"
#include "deploy/wide_expected.hpp"
#include "deploy/xor_expected.hpp"

namespace {

namespace host = ctmlp::host;
namespace d = ctmlp_deploy;

template <class S>
auto bits(S x) {
    if constexpr (sizeof(S) == 4)
        return std::bit_cast<std::uint32_t>(x);
    else
        return std::bit_cast<std::uint64_t>(x);
}

// Parameters compared as bit patterns: -0 differs from 0, and NaN would differ from itself.
template <class A, class B>
void require_same_parameters(const A& a, const B& b) {
    STATIC_REQUIRE(std::is_same_v<A, B>);
    const auto pa = ctmlp::to_parameters(a);
    const auto pb = ctmlp::to_parameters(b);
    for (std::size_t n = 0; n < pa.size(); ++n) {
        INFO("parameter " << n);
        REQUIRE(bits(pa[n]) == bits(pb[n]));
    }
}

template <class Net, std::size_t N>
void require_same_outputs(const Net& a, const Net& b, const std::array<typename Net::input_array, N>& xs) {
    for (std::size_t s = 0; s < N; ++s) {
        const auto ya = a.predict(xs[s]);
        const auto yb = b.predict(xs[s]);
        for (std::size_t o = 0; o < ya.size(); ++o) {
            INFO("sample " << s << " output " << o);
            REQUIRE(bits(ya[o]) == bits(yb[o]));
        }
    }
}

// The literals between the `{` that follows `std::array<...>` and the closing `});`, read back
// with strtof/strtod (the "C" locale: these tests never call setlocale).
template <class S>
std::vector<S> parse_literals(const std::string& text) {
    std::vector<S> out;
    const auto begin = text.find(">{\n");
    const auto end = text.find("});");
    if (begin == std::string::npos || end == std::string::npos) return out;
    const std::string body = text.substr(begin + 3, end - begin - 3);
    const char* p = body.c_str();
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == ',') ++p;
        if (*p == '\0') break;
        char* next = nullptr;
        if constexpr (std::is_same_v<S, float>)
            out.push_back(std::strtof(p, &next));
        else
            out.push_back(std::strtod(p, &next));
        if (next == p) break;
        p = next;
        if constexpr (std::is_same_v<S, float>) {
            if (*p != 'f') return {};  // every float literal has its suffix
            ++p;
        }
    }
    return out;
}

// A deterministic stream of bit patterns (splitmix64).
struct bit_source {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    }
};

template <class S>
void check_literal_round_trip(S x) {
    const std::string lit = host::hex_literal(x);
    INFO("literal " << lit);
    REQUIRE(!lit.empty());
    char* end = nullptr;
    if constexpr (std::is_same_v<S, float>) {
        REQUIRE(lit.back() == 'f');
        const float back = std::strtof(lit.c_str(), &end);
        REQUIRE(*end == 'f');
        REQUIRE(bits(back) == bits(x));
    } else {
        const double back = std::strtod(lit.c_str(), &end);
        REQUIRE(*end == '\0');
        REQUIRE(bits(back) == bits(x));
    }
    // glibc's "%a" of the value as a double is the same text (without the suffix).
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", static_cast<double>(x));
    REQUIRE(lit.substr(0, lit.size() - (std::is_same_v<S, float> ? 1 : 0)) == buf);
}

}  // namespace

TEST_CASE("export: the committed XOR header holds the original network bit for bit", "[export]") {
    STATIC_REQUIRE(std::is_same_v<xor_model::network_type, d::xor_net>);
    require_same_parameters(xor_model::network, d::xor_trained);
    require_same_outputs(xor_model::network, d::xor_trained, d::xor_x);
    // The header's network is usable in constant expressions (it lives in .rodata).
    STATIC_REQUIRE(xor_model::network.predict({0, 1})[0] > 0.6f);
}

TEST_CASE("export: the committed 16-32-16-8 header (leaky_relu, no_bias) holds the original network", "[export]") {
    STATIC_REQUIRE(std::is_same_v<wide_model::network_type, d::wide_net>);
    STATIC_REQUIRE(wide_model::network_type::parameter_count == 1192);
    require_same_parameters(wide_model::network, d::wide_weights);
    require_same_outputs(wide_model::network, d::wide_weights, d::wide_inputs);
}

TEST_CASE("export: edge values (0, -0, subnormals, min, max) survive the header, float and double", "[export]") {
    require_same_parameters(deploy_test::edge_model::network, d::edge_weights);
    require_same_parameters(deploy_test::edge_double_model::network, d::edge_double_weights);
    // The signs of the zeros are kept (== could not tell).
    const auto p = ctmlp::to_parameters(deploy_test::edge_model::network);
    CHECK(!std::signbit(p[0]));
    CHECK(std::signbit(p[1]));
}

TEST_CASE("export: hex_literal spells values in the canonical form", "[export]") {
    CHECK(host::hex_literal(1.5f) == "0x1.8p+0f");
    CHECK(host::hex_literal(-0.1f) == "-0x1.99999ap-4f");
    CHECK(host::hex_literal(0.0f) == "0x0p+0f");
    CHECK(host::hex_literal(-0.0f) == "-0x0p+0f");
    CHECK(host::hex_literal(std::numeric_limits<float>::denorm_min()) == "0x1p-149f");
    CHECK(host::hex_literal(std::numeric_limits<float>::max()) == "0x1.fffffep+127f");
    CHECK(host::hex_literal(1.0) == "0x1p+0");
    CHECK(host::hex_literal(0.0) == "0x0p+0");
    CHECK(host::hex_literal(-0.0) == "-0x0p+0");
    CHECK(host::hex_literal(std::numeric_limits<double>::denorm_min()) == "0x0.0000000000001p-1022");
    CHECK(host::hex_literal(std::numeric_limits<double>::min()) == "0x1p-1022");
    CHECK(host::hex_literal(std::numeric_limits<float>::quiet_NaN()).empty());
    CHECK(host::hex_literal(-std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("export: every literal reads back as the same bits (edge values and 100,000 random patterns)", "[export]") {
    for (const float x : d::edge_values) check_literal_round_trip(x);
    for (const double x : d::edge_double_values) check_literal_round_trip(x);
    bit_source gen{12345};
    for (int n = 0; n < 50000; ++n) {
        const auto f = std::bit_cast<float>(static_cast<std::uint32_t>(gen.next()));
        if (ctmlp::is_finite(f)) check_literal_round_trip(f);
        const auto g = std::bit_cast<double>(gen.next());
        if (ctmlp::is_finite(g)) check_literal_round_trip(g);
    }
    // All float subnormals' exponents and a run of double subnormals.
    for (int k = 0; k < 23; ++k) check_literal_round_trip(std::bit_cast<float>(std::uint32_t{1} << k | 1u));
    for (int k = 0; k < 52; ++k) check_literal_round_trip(std::bit_cast<double>(std::uint64_t{1} << k | 1u));
}

TEST_CASE("export: write_header's text reads back as the network (random bit patterns, edge values)", "[export]") {
    using net = ctmlp::network<float, ctmlp::input<5>, ctmlp::dense<7, ctmlp::relu>,
                               ctmlp::dense<3, ctmlp::identity, ctmlp::no_bias>>;
    std::array<float, net::parameter_count> flat{};
    bit_source gen{7};
    for (std::size_t n = 0; n < flat.size(); ++n) {
        float f;
        do f = std::bit_cast<float>(static_cast<std::uint32_t>(gen.next()));
        while (!ctmlp::is_finite(f));
        flat[n] = n < d::edge_values.size() ? d::edge_values[n] : f;
    }
    const net original = ctmlp::from_parameters<net>(flat);
    std::string text;
    REQUIRE(host::write_header(text, original, {.name_space = "t"}));
    const auto back = parse_literals<float>(text);
    REQUIRE(back.size() == net::parameter_count);
    for (std::size_t n = 0; n < back.size(); ++n) {
        INFO("parameter " << n);
        REQUIRE(bits(back[n]) == bits(flat[n]));
    }
    // The layout: 8 literals a line, each line ending in ','.
    STATIC_REQUIRE(net::parameter_count == 5 * 7 + 7 + 7 * 3);
    CHECK(text.find("std::array<float, 63>{\n") != std::string::npos);
    std::size_t lines = 0;
    for (std::size_t p = text.find(">{\n"); (p = text.find(",\n", p + 1)) != std::string::npos;) ++lines;
    CHECK(lines == 8);  // 7 lines of 8, one of 7

    using dnet = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::sigmoid>>;
    std::array<double, dnet::parameter_count> dflat{};
    for (auto& v : dflat) {
        do v = std::bit_cast<double>(gen.next());
        while (!ctmlp::is_finite(v));
    }
    std::string dtext;
    REQUIRE(host::write_header(dtext, ctmlp::from_parameters<dnet>(dflat), {.name_space = "t"}));
    const auto dback = parse_literals<double>(dtext);
    REQUIRE(dback.size() == dflat.size());
    for (std::size_t n = 0; n < dback.size(); ++n) REQUIRE(bits(dback[n]) == bits(dflat[n]));
    CHECK(dtext.find("std::array<double, 9>{\n") != std::string::npos);
}

TEST_CASE("export: the header layout (first line, guard, namespace, description)", "[export]") {
    std::string text;
    REQUIRE(host::write_header(text, d::xor_trained,
                               {.name_space = "acme::models", .tool = "tool", .source = "src", .description = "D"}));
    const std::string expected_head =
        "// Generated by tool: src. Do not edit.\n"
        "#ifndef CTMLP_GENERATED_ACME_MODELS_HPP\n#define CTMLP_GENERATED_ACME_MODELS_HPP\n\n"
        "#include <array>\n\n#include <ctmlp/ctmlp.hpp>\n\nnamespace acme::models {\n\n/// D\n"
        "using network_type = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::portable::tanh>, "
        "ctmlp::dense<1, ctmlp::portable::sigmoid>>;\n\n"
        "/// The trained parameters in ctmlp's flat order (include/ctmlp/parameters.hpp).\n"
        "inline constexpr network_type network = ctmlp::from_parameters<network_type>(std::array<float, 17>{\n";
    CHECK(text.substr(0, expected_head.size()) == expected_head);
    const std::string expected_tail = "});\n\n}  // namespace acme::models\n\n#endif\n";
    REQUIRE(text.size() > expected_tail.size());
    CHECK(text.substr(text.size() - expected_tail.size()) == expected_tail);
    // No description: no `///` line before the type.
    REQUIRE(host::write_header(text, d::xor_trained, {.name_space = "m", .guard = "MY_GUARD"}));
    CHECK(text.find("namespace m {\n\nusing network_type") != std::string::npos);
    CHECK(text.find("#ifndef MY_GUARD\n#define MY_GUARD\n") != std::string::npos);
}

TEST_CASE("export: type_spelling spells every layer kind", "[export]") {
    using a = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<5, ctmlp::leaky_relu<>>,
                             ctmlp::dense<4, ctmlp::relu, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
    CHECK(host::type_spelling<a>() ==
          "ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<5, ctmlp::leaky_relu<1, 100>>, "
          "ctmlp::dense<4, ctmlp::relu, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>");
    CHECK(host::type_spelling<d::wide_net>() ==
          "ctmlp::network<float, ctmlp::input<16>, ctmlp::dense<32, ctmlp::leaky_relu<1, 16>>, "
          "ctmlp::dense<16, ctmlp::portable::tanh, ctmlp::no_bias>, ctmlp::dense<8, ctmlp::portable::sigmoid>>");
    // The default math policy's activations keep their short names.
    CHECK(
        host::type_spelling<
            ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::softmax>>>() ==
        "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::softmax>>");
    // The same spelling in constant evaluation (include/ctmlp/type_name.hpp).
    STATIC_REQUIRE(ctmlp::type_name<d::xor_net>() ==
                   "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::portable::tanh>, "
                   "ctmlp::dense<1, ctmlp::portable::sigmoid>>");
    CHECK(ctmlp::type_name<xor_model::network_type>().view() == host::type_spelling<d::xor_net>());
    using big_slope =
        ctmlp::network<float, ctmlp::input<65536>, ctmlp::dense<1, ctmlp::leaky_relu<123456789, 1000000000>>>;
    STATIC_REQUIRE(
        ctmlp::type_name<big_slope>() ==
        "ctmlp::network<float, ctmlp::input<65536>, ctmlp::dense<1, ctmlp::leaky_relu<123456789, 1000000000>>>");
    STATIC_REQUIRE(ctmlp::type_name<a>().view().size() == 163);
    STATIC_REQUIRE(ctmlp::type_name<a>().c_str()[163] == '\0');
    using c = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<8, ctmlp::relu>, ctmlp::dense<3, ctmlp::softmax>>;
    CHECK(host::type_spelling<c>() ==
          "ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<8, ctmlp::relu>, ctmlp::dense<3, ctmlp::softmax>>");
    std::string text;
    REQUIRE(host::write_header(text, c{}, {.name_space = "classifier"}));
    CHECK(text.find("using network_type = " + host::type_spelling<c>() + ";") != std::string::npos);
    CHECK(text.find("std::array<float, 67>{\n    0x0p+0f, 0x0p+0f,") != std::string::npos);
}

TEST_CASE("export: NaN and infinite parameters are refused and nothing is written", "[export]") {
    auto net = d::xor_trained;
    net.layer<2>().bias[0] = std::numeric_limits<float>::quiet_NaN();  // flat index 16
    std::string text = "untouched";
    auto r = host::write_header(text, net, {});
    CHECK(r.status == host::export_status::non_finite_parameter);
    CHECK(r.index == 16);
    CHECK(text == "untouched");

    net = d::xor_trained;
    net.layer<1>().weights[3] = -std::numeric_limits<float>::infinity();  // flat index 3
    std::FILE* f = std::tmpfile();
    REQUIRE(f != nullptr);
    r = host::write_header(f, net, {});
    CHECK(r.status == host::export_status::non_finite_parameter);
    CHECK(r.index == 3);
    CHECK(std::ftell(f) == 0);
    // The same file takes the good network.
    CHECK(host::write_header(f, d::xor_trained, {}));
    CHECK(std::ftell(f) > 0);
    std::fclose(f);

    // Test vectors: non-finite parameters, inputs.
    CHECK(host::write_test_vectors(text, net, std::span{d::xor_x}).status == host::export_status::non_finite_parameter);
    auto xs = d::xor_x;
    xs[2][1] = std::numeric_limits<float>::infinity();
    r = host::write_test_vectors(text, d::xor_trained, std::span{xs});
    CHECK(r.status == host::export_status::non_finite_value);
    CHECK(r.index == 5);
    CHECK(text == "untouched");
}

TEST_CASE("export: invalid options are refused", "[export]") {
    std::string text = "untouched";
    const auto status = [&](const host::header_options& o) {
        return host::write_header(text, d::xor_trained, o).status;
    };
    CHECK(status({.name_space = "9lives"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "a::"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "a b"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "m", .guard = "NOT A GUARD"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "m", .tool = "two\nlines"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "m", .source = ""}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "m", .description = "a\rb"}) == host::export_status::invalid_option);
    // Names that would make the header fail to compile: keywords (alternative tokens included),
    // reserved identifiers, and the library's or the standard library's namespace.
    for (const char* ns :
         {"class", "int", "and", "xor_eq", "co_await", "char8_t", "a::int", "a::namespace::b", "_M", "a::_Upper",
          "a__b", "__a", "_lower", "ctmlp", "ctmlp::model", "std", "std::x", "a::ctmlp", "a::std::b"}) {
        INFO("namespace " << ns);
        CHECK(status({.name_space = ns}) == host::export_status::invalid_option);
    }
    CHECK(status({.name_space = "m", .guard = "_GUARD_H"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "m", .guard = "A__H"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "m", .guard = "int"}) == host::export_status::invalid_option);
    CHECK(status({.name_space = "__m"}) == host::export_status::invalid_option);  // default guard ..._M_HPP
    CHECK(text == "untouched");
    CHECK(status({.name_space = "a::b_2::C"}) == host::export_status::ok);
    CHECK(status({.name_space = "x::lower::Int::classy"}) == host::export_status::ok);

    std::string h = "h", cpp = "c";
    CHECK(host::write_c_interface<d::xor_net>(h, cpp, {.name = "my-model"}).status ==
          host::export_status::invalid_option);
    CHECK(host::write_c_interface<d::xor_net>(h, cpp, {.network_header = "a\"b.hpp"}).status ==
          host::export_status::invalid_option);
    CHECK(host::write_c_interface<d::xor_net>(h, cpp, {.network = "x::"}).status ==
          host::export_status::invalid_option);
    for (const char* name : {"_Model", "a__b", "model_"}) {
        INFO("C name prefix " << name);
        CHECK(host::write_c_interface<d::xor_net>(h, cpp, {.name = name}).status ==
              host::export_status::invalid_option);
    }
    CHECK(h == "h");
    CHECK(cpp == "c");
    CHECK(host::write_test_vectors(text, d::xor_trained, std::span{d::xor_x}, {.prefix = "9x"}).status ==
          host::export_status::invalid_option);
    // Training vectors need one target per input.
    CHECK(host::write_test_vectors(text, d::xor_trained, std::span{d::xor_x}, {},
                                   {.targets = std::span{d::xor_y}.first(3), .learning_rate = 0.5f, .epochs = 1})
              .status == host::export_status::invalid_option);
}

TEST_CASE("export: the C interface declares what the network needs", "[export]") {
    std::string h, cpp;
    REQUIRE(host::write_c_interface<d::wide_net>(
        h, cpp, {.name = "wide", .network_header = "wide_model.hpp", .network = "wide_model::network"}));
    CHECK(h.find("#define WIDE_INPUT_SIZE 16\n") != std::string::npos);
    CHECK(h.find("#define WIDE_OUTPUT_SIZE 8\n") != std::string::npos);
    CHECK(h.find("#define WIDE_PARAMETER_COUNT 1192\n") != std::string::npos);
    CHECK(h.find("void wide_predict(const float* input, float* output);") != std::string::npos);
    CHECK(h.find("train_step") == std::string::npos);  // training not asked for
    CHECK(cpp.find("#include \"wide.h\"") != std::string::npos);
    CHECK(cpp.find("#include \"wide_model.hpp\"") != std::string::npos);

    REQUIRE(host::write_c_interface<d::xor_net>(h, cpp, {.name = "x", .training = true}));
    struct state_impl {
        d::xor_net net;
        ctmlp::workspace<d::xor_net> ws;
    };
    CHECK(h.find("#define X_STATE_SIZE " + std::to_string(sizeof(state_impl)) + "\n") != std::string::npos);
    CHECK(sizeof(state_impl) == ctmlp::memory<d::xor_net>::training_per_sample);
    CHECK(h.find("int x_train_step(x_state* state, const float* x, const float* y, float rate);") != std::string::npos);
}

TEST_CASE("export: write_test_vectors trains like ctmlp::train", "[export]") {
    // The training vectors come from forward/backward/sgd_step; ctmlp::train (run_sgd) must agree.
    std::string text;
    REQUIRE(host::write_test_vectors(text, d::xor_trained, std::span{d::xor_x}, {.prefix = "v"},
                                     {.targets = d::xor_y, .learning_rate = 0.5f, .epochs = 2}));
    auto net = d::xor_trained;
    ctmlp::train(net, d::xor_x, d::xor_y, ctmlp::sgd{.learning_rate = 0.5, .epochs = 2}, ctmlp::half_squared_error{});
    const auto flat = ctmlp::to_parameters(net);
    for (std::size_t n = 0; n < flat.size(); ++n) {
        INFO("parameter " << n);
        CHECK(text.find(host::detail::bits_literal(flat[n])) != std::string::npos);
    }
}

TEST_CASE("export: the committed test vectors are this host's outputs (portable math policy)", "[export]") {
    for (std::size_t s = 0; s < XOR_EXPECTED_SAMPLES; ++s) {
        const d::xor_net::input_array x{xor_expected_inputs[s][0], xor_expected_inputs[s][1]};
        REQUIRE(bits(x[0]) == bits(d::xor_x[s][0]));
        REQUIRE(bits(x[1]) == bits(d::xor_x[s][1]));
        CHECK(bits(xor_model::network.predict(x)[0]) == xor_expected_output_bits[s][0]);
    }
    auto trained = xor_model::network;
    ctmlp::train(trained, d::xor_x, d::xor_y,
                 ctmlp::sgd{.learning_rate = static_cast<double>(xor_expected_learning_rate),
                            .epochs = XOR_EXPECTED_TRAIN_EPOCHS},
                 ctmlp::half_squared_error{});
    const auto flat = ctmlp::to_parameters(trained);
    for (std::size_t n = 0; n < flat.size(); ++n) CHECK(bits(flat[n]) == xor_expected_trained_parameter_bits[n]);
    for (std::size_t s = 0; s < XOR_EXPECTED_SAMPLES; ++s)
        CHECK(bits(trained.predict(d::xor_x[s])[0]) == xor_expected_trained_output_bits[s][0]);

    for (std::size_t s = 0; s < WIDE_EXPECTED_SAMPLES; ++s) {
        wide_model::network_type::input_array x{};
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = wide_expected_inputs[s][i];
        const auto y = wide_model::network.predict(x);
        for (std::size_t o = 0; o < y.size(); ++o) {
            INFO("sample " << s << " output " << o);
            CHECK(bits(y[o]) == wide_expected_output_bits[s][o]);
        }
    }
}
