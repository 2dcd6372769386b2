// Copyright ctmlp contributors.
// Distributed under the Boost Software License, Version 1.0
// (see LICENSE or https://www.boost.org/LICENSE_1_0.txt).
//
// Tests for ctmlp/host/svg.hpp: well-formed output (checked by a small XML checker below),
// non-finite data skipped, text escaped, locale-independent numbers, file output. No main here;
// no exception-based assertions, so this also builds with -fno-exceptions -fno-rtti.
#include <ctmlp/host/svg.hpp>

#include "catch.hpp"  // Catch2 v2 <catch2/catch.hpp> (or v3)

#include <clocale>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace svg = ctmlp::host::svg;

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// A small XML well-formedness checker (enough for the subset of XML the writer emits).
// ---------------------------------------------------------------------------------------------

struct xml_report {
    bool ok = false;
    std::string error;
    std::string root;            // name of the root element
    std::string root_xmlns;      // value of its xmlns attribute
    std::size_t elements = 0;    // number of elements
    std::vector<std::string> texts;  // raw (still escaped) character data of elements
    std::vector<std::string> names;  // element names in document order
};

bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Checks that every '&' in s starts a predefined or numeric entity and that s has no '<'.
bool valid_char_data(std::string_view s, bool in_attribute, char quote) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<') return false;
        if (in_attribute && c == quote) return false;
        if (static_cast<unsigned char>(c) < 0x20U && !is_space(c)) return false;
        if (c != '&') continue;
        const std::size_t semi = s.find(';', i);
        if (semi == std::string_view::npos) return false;
        const std::string_view ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp" || ent == "lt" || ent == "gt" || ent == "quot" || ent == "apos") {
        } else if (ent.size() >= 2 && ent[0] == '#') {
            const bool hex = ent[1] == 'x';
            const std::size_t start = hex ? 2 : 1;
            if (start >= ent.size()) return false;
            for (std::size_t k = start; k < ent.size(); ++k) {
                const char d = ent[k];
                const bool digit = d >= '0' && d <= '9';
                const bool hexd = (d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F');
                if (!digit && !(hex && hexd)) return false;
            }
        } else {
            return false;
        }
        i = semi;
    }
    return true;
}

// A number as SVG 1.1 accepts it: [-]digits[.digits][e[-]digits].
bool is_number(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        std::size_t ed = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++ed;
        if (ed == 0) return false;
    }
    return i == s.size();
}

// Splits on spaces, commas and (for path data) command letters; every token must be a number.
bool is_number_list(std::string_view s, bool path) {
    std::string tok;
    auto flush = [&]() {
        const bool good = tok.empty() || is_number(tok);
        tok.clear();
        return good;
    };
    for (const char c : s) {
        if (c == ' ' || c == ',' || (path && (c == 'M' || c == 'L' || c == 'Z'))) {
            if (!flush()) return false;
        } else {
            tok += c;
        }
    }
    return flush();
}

bool numeric_attribute(std::string_view name) {
    static const char* const names[] = {"x",  "y",  "x1", "y1", "x2",      "y2",           "cx",     "cy",
                                        "r",  "width", "height", "stroke-width", "font-size", "offset", "dy"};
    for (const char* n : names)
        if (name == n) return true;
    return false;
}

xml_report check_xml(std::string_view doc) {
    xml_report rep;
    std::vector<std::string> stack;
    std::size_t i = 0;
    bool root_closed = false;
    auto fail = [&](const std::string& why) {
        rep.ok = false;
        rep.error = why + " at offset " + std::to_string(i);
        return rep;
    };
    // Optional XML declaration.
    if (doc.substr(0, 5) == "<?xml") {
        const std::size_t e = doc.find("?>");
        if (e == std::string_view::npos) return fail("unterminated XML declaration");
        i = e + 2;
    }
    std::string text;
    while (i < doc.size()) {
        const char c = doc[i];
        if (c != '<') {
            const std::size_t next = doc.find('<', i);
            const std::string_view chunk = doc.substr(i, next == std::string_view::npos ? doc.size() - i : next - i);
            if (stack.empty()) {
                for (const char ch : chunk)
                    if (!is_space(ch)) return fail("text outside the root element");
            } else if (!valid_char_data(chunk, false, 0)) {
                return fail("invalid character data");
            } else {
                text += chunk;
            }
            i += chunk.size();
            continue;
        }
        if (doc.substr(i, 4) == "<!--") {
            const std::size_t e = doc.find("-->", i + 4);
            if (e == std::string_view::npos) return fail("unterminated comment");
            i = e + 3;
            continue;
        }
        if (doc.substr(i, 2) == "</") {
            i += 2;
            const std::size_t s0 = i;
            while (i < doc.size() && is_name_char(doc[i])) ++i;
            const std::string name(doc.substr(s0, i - s0));
            while (i < doc.size() && is_space(doc[i])) ++i;
            if (i >= doc.size() || doc[i] != '>') return fail("malformed end tag");
            ++i;
            if (stack.empty() || stack.back() != name) return fail("mismatched end tag </" + name + ">");
            stack.pop_back();
            if (!text.empty()) rep.texts.push_back(text);
            text.clear();
            if (stack.empty()) root_closed = true;
            continue;
        }
        // Start tag.
        ++i;
        if (i >= doc.size() || !is_name_start(doc[i])) return fail("bad element name");
        const std::size_t s0 = i;
        while (i < doc.size() && is_name_char(doc[i])) ++i;
        const std::string name(doc.substr(s0, i - s0));
        if (stack.empty() && root_closed) return fail("second root element");
        const bool is_root = stack.empty();
        if (is_root) rep.root = name;
        ++rep.elements;
        rep.names.push_back(name);
        std::vector<std::string> attrs;
        bool self_closing = false;
        for (;;) {
            const std::size_t before = i;
            while (i < doc.size() && is_space(doc[i])) ++i;
            if (i >= doc.size()) return fail("unterminated start tag");
            if (doc[i] == '>') {
                ++i;
                break;
            }
            if (doc.substr(i, 2) == "/>") {
                i += 2;
                self_closing = true;
                break;
            }
            if (i == before) return fail("missing space before attribute");
            if (!is_name_start(doc[i])) return fail("bad attribute name");
            const std::size_t a0 = i;
            while (i < doc.size() && is_name_char(doc[i])) ++i;
            const std::string aname(doc.substr(a0, i - a0));
            for (const auto& a : attrs)
                if (a == aname) return fail("duplicate attribute " + aname);
            attrs.push_back(aname);
            while (i < doc.size() && is_space(doc[i])) ++i;
            if (i >= doc.size() || doc[i] != '=') return fail("attribute without value");
            ++i;
            while (i < doc.size() && is_space(doc[i])) ++i;
            if (i >= doc.size() || (doc[i] != '"' && doc[i] != '\'')) return fail("unquoted attribute " + aname);
            const char q = doc[i++];
            const std::size_t v0 = i;
            const std::size_t v1 = doc.find(q, i);
            if (v1 == std::string_view::npos) return fail("unterminated attribute value");
            const std::string_view value = doc.substr(v0, v1 - v0);
            if (!valid_char_data(value, true, q)) return fail("invalid attribute value of " + aname);
            if (numeric_attribute(aname) && !is_number(value))
                return fail("non-numeric " + aname + "=\"" + std::string(value) + "\"");
            if (aname == "points" && !is_number_list(value, false)) return fail("bad points list");
            if (aname == "d" && !is_number_list(value, true)) return fail("bad path data");
            if (is_root && aname == "xmlns") rep.root_xmlns = std::string(value);
            i = v1 + 1;
        }
        if (!self_closing) {
            if (!text.empty()) rep.texts.push_back(text);
            text.clear();
            stack.push_back(name);
        } else if (is_root) {
            root_closed = true;
        }
    }
    if (!stack.empty()) return fail("unclosed element <" + stack.back() + ">");
    if (!root_closed) return fail("no root element");
    rep.ok = true;
    return rep;
}

// Asserts the document is well-formed SVG and returns the report.
xml_report require_svg(const std::string& doc) {
    const xml_report rep = check_xml(doc);
    INFO(rep.error);
    REQUIRE(rep.ok);
    REQUIRE(rep.root == "svg");
    REQUIRE(rep.root_xmlns == "http://www.w3.org/2000/svg");
    REQUIRE(doc.find("viewBox=\"0 0 ") != std::string::npos);
    return rep;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool has_non_finite_text(const std::string& doc) {
    const std::string l = lower(doc);
    return l.find("nan") != std::string::npos || l.find("inf") != std::string::npos;
}

std::size_t count(const std::string& s, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
    return n;
}

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// A hand-set 2-2-1 network that solves XOR.
double xor_net(double a, double b) {
    const double h1 = sigmoid(6.0 * a + 6.0 * b - 3.0);
    const double h2 = sigmoid(6.0 * a + 6.0 * b - 9.0);
    return sigmoid(8.0 * h1 - 8.0 * h2 - 4.0);
}

std::vector<svg::labelled_point> xor_points() {
    return {{0.0, 0.0, 0, "(0,0) -> 0"}, {0.0, 1.0, 1, "(0,1) -> 1"}, {1.0, 0.0, 1, "(1,0) -> 1"},
            {1.0, 1.0, 0, "(1,1) -> 0"}};
}

std::vector<svg::frame> hidden_frames() {
    std::vector<svg::frame> frames;
    const int epochs[] = {0, 10, 100, 1000, 10000};
    for (int k = 0; k < 5; ++k) {
        const double t = k / 4.0;
        svg::frame f;
        f.title = "epoch " + std::to_string(epochs[k]);
        for (const auto& p : xor_points()) {
            const double h1 = 0.5 + t * (sigmoid(6.0 * p.x + 6.0 * p.y - 3.0) - 0.5) + 0.01 * p.x;
            const double h2 = 0.5 + t * (sigmoid(6.0 * p.x + 6.0 * p.y - 9.0) - 0.5) + 0.01 * p.y;
            f.points.push_back({h1, h2, p.cls, p.label.substr(0, 5)});
        }
        frames.push_back(f);
    }
    return frames;
}

std::vector<svg::series> loss_series(std::size_t n) {
    std::vector<svg::series> s(2);
    s[0].name = "training loss";
    s[1].name = "validation loss";
    for (std::size_t e = 0; e < n; ++e) {
        const double x = static_cast<double>(e);
        const double wiggle = 1.0 + 0.3 * std::sin(x * 0.7);
        s[0].points.push_back({x, 0.7 * std::exp(-x / 1500.0) * wiggle + 1e-4});
        s[1].points.push_back({x, 0.75 * std::exp(-x / 1600.0) + 2e-4});
    }
    return s;
}

}  // namespace

TEST_CASE("svg checker itself rejects malformed documents", "[svg]") {
    CHECK(check_xml("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></g></svg>").ok);
    CHECK(check_xml("<?xml version=\"1.0\"?>\n<svg a='1'><text>a &amp; b &#x41;</text></svg>\n").ok);
    CHECK_FALSE(check_xml("<svg><g></svg>").ok);                 // unbalanced
    CHECK_FALSE(check_xml("<svg><g></h></svg>").ok);             // mismatched
    CHECK_FALSE(check_xml("<svg a=1></svg>").ok);                // unquoted attribute
    CHECK_FALSE(check_xml("<svg a=\"1\"a=\"2\"></svg>").ok);     // missing space
    CHECK_FALSE(check_xml("<svg a=\"1\" a=\"2\"></svg>").ok);    // duplicate attribute
    CHECK_FALSE(check_xml("<svg><text>a & b</text></svg>").ok);  // raw ampersand
    CHECK_FALSE(check_xml("<svg><text>a < b</text></svg>").ok);  // raw less-than
    CHECK_FALSE(check_xml("<svg x=\"nan\"></svg>").ok);          // non-numeric coordinate
    CHECK_FALSE(check_xml("<svg></svg><svg></svg>").ok);         // two roots
    CHECK_FALSE(check_xml("").ok);                               // no root
}

TEST_CASE("svg line_chart is well-formed and decimates 10000 points", "[svg]") {
    auto data = loss_series(10000);
    svg::line_chart_options opt;
    opt.title = "XOR loss";
    opt.x_label = "epoch";
    opt.y_label = "mean squared error";
    for (const bool log_y : {false, true}) {
        opt.log_y = log_y;
        const std::string doc = svg::line_chart(data, opt);
        require_svg(doc);
        CHECK(count(doc, "<polyline") == 2);
        // At most four points per pixel column and series (first, min, max, last).
        CHECK(count(doc, ",") <= 2 * 4 * static_cast<std::size_t>(opt.width));
        CHECK(doc.size() < 200000);
        CHECK(doc.find(">training loss</text>") != std::string::npos);
        CHECK(doc.find(">epoch</text>") != std::string::npos);
        CHECK_FALSE(has_non_finite_text(doc));
    }
}

TEST_CASE("svg line_chart skips NaN, infinity and (on log axes) non-positive values", "[svg]") {
    std::vector<svg::series> data(2);
    data[0].name = "with gaps";
    for (int i = 0; i < 50; ++i) data[0].points.push_back({static_cast<double>(i), 1.0 / (1.0 + i)});
    data[0].points[10].y = nan_v;
    data[0].points[20].x = inf_v;
    data[0].points[30].y = -inf_v;
    data[0].points[40].y = 0.0;  // skipped only on the log axis
    data[1].name = "all missing";
    data[1].points = {{nan_v, 1.0}, {1.0, nan_v}, {inf_v, inf_v}};
    for (const bool log_y : {false, true}) {
        svg::line_chart_options opt;
        opt.log_y = log_y;
        opt.title = "gaps";
        const std::string doc = svg::line_chart(data, opt);
        require_svg(doc);
        CHECK_FALSE(has_non_finite_text(doc));
        // The gaps split the first series into separate polylines.
        CHECK(count(doc, "<polyline") == (log_y ? 5u : 4u));
    }
    // No data at all still gives a valid (empty) chart.
    const std::string empty = svg::line_chart({}, {});
    require_svg(empty);
    CHECK_FALSE(has_non_finite_text(empty));
}

TEST_CASE("svg heat_map is well-formed, has a contour and skips non-finite values", "[svg]") {
    svg::heat_map_options opt;
    opt.title = "XOR network output";
    opt.resolution = 40;
    const std::string doc = svg::heat_map(xor_net, xor_points(), opt);
    require_svg(doc);
    CHECK(doc.find("<path d=\"M") != std::string::npos);  // the 0.5 contour
    CHECK(doc.find("linearGradient") != std::string::npos);  // colour bar
    CHECK(doc.find("(0,1) -&gt; 1") != std::string::npos);
    CHECK(doc.find(">target 0</text>") != std::string::npos);
    CHECK(doc.find(">target 1</text>") != std::string::npos);
    CHECK_FALSE(has_non_finite_text(doc));

    // A function that is NaN/inf on part of the domain and points with NaN coordinates.
    auto partial = [](double a, double b) { return a > 1.0 ? nan_v : (b > 1.0 ? inf_v : a * b); };
    auto pts = xor_points();
    pts.push_back({nan_v, 0.5, 1, "bad"});
    const std::string doc2 = svg::heat_map(partial, pts, opt);
    require_svg(doc2);
    CHECK_FALSE(has_non_finite_text(doc2));
    CHECK(doc2.find(">bad</text>") == std::string::npos);

    // An empty std::function is tolerated.
    const std::string doc3 = svg::heat_map(std::function<double(double, double)>{}, {}, {});
    require_svg(doc3);
    CHECK_FALSE(has_non_finite_text(doc3));
}

TEST_CASE("svg small_multiples and trajectory are well-formed", "[svg]") {
    auto frames = hidden_frames();
    frames[2].points[1].x = nan_v;
    frames[3].points[2].y = inf_v;

    svg::small_multiples_options sm;
    sm.title = "Hidden layer";
    sm.class_names = {"target 0", "target 1"};
    const std::string doc = svg::small_multiples(frames, sm);
    require_svg(doc);
    for (const auto& f : frames) CHECK(doc.find(">" + f.title + "</text>") != std::string::npos);
    CHECK(doc.find(">target 1</text>") != std::string::npos);
    CHECK_FALSE(has_non_finite_text(doc));

    svg::trajectory_options tr;
    tr.title = "Hidden layer trajectories";
    const std::string doc2 = svg::trajectory(frames, tr);
    require_svg(doc2);
    CHECK(count(doc2, "<polyline") >= 4);
    CHECK(doc2.find(">class 0</text>") != std::string::npos);
    CHECK_FALSE(has_non_finite_text(doc2));

    require_svg(svg::small_multiples({}, {}));
    require_svg(svg::trajectory({}, {}));
}

TEST_CASE("svg escapes markup characters in titles, labels and names", "[svg]") {
    const std::string evil = "a <b> & \"c\" 'd'";
    const std::string escaped = "a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;";
    CHECK(svg::escape(evil) == escaped);
    CHECK(svg::escape("x\x01y") == "x y");

    auto data = loss_series(100);
    data[0].name = evil;
    svg::line_chart_options lo;
    lo.title = evil;
    lo.x_label = "<&>";
    const std::string line = svg::line_chart(data, lo);
    require_svg(line);
    CHECK(line.find("<title>" + escaped + "</title>") != std::string::npos);
    CHECK(line.find("&lt;&amp;&gt;") != std::string::npos);
    CHECK(line.find("<b>") == std::string::npos);

    svg::heat_map_options ho;
    ho.title = "<&>";
    ho.value_label = evil;
    auto pts = xor_points();
    pts[0].label = "<&>";
    const std::string heat = svg::heat_map(xor_net, pts, ho);
    require_svg(heat);
    CHECK(heat.find(">&lt;&amp;&gt;</text>") != std::string::npos);

    auto frames = hidden_frames();
    frames[0].title = "<&>";
    svg::small_multiples_options so;
    so.title = "<&>";
    so.class_names = {evil};
    const std::string sm = svg::small_multiples(frames, so);
    require_svg(sm);
    CHECK(count(sm, "&lt;&amp;&gt;") >= 2);
    svg::trajectory_options to;
    to.title = "<&>";
    require_svg(svg::trajectory(frames, to));
}

TEST_CASE("svg numbers are formatted independently of the C locale", "[svg]") {
    CHECK(svg::format_number(1.5, 3) == "1.500");
    CHECK(svg::format_number(-0.0004, 3) == "0.000");
    CHECK(svg::format_number(-2.25, 1) == "-2.3");  // rounds half away from zero
    CHECK(svg::format_number(nan_v) == "0");
    CHECK(svg::format_number(inf_v) == "0");
    const char* old = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = old ? old : "C";
    // Use a comma-decimal locale when one is installed (not required for the test to pass).
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "C.UTF-8"})
        if (std::setlocale(LC_NUMERIC, name)) break;
    const std::string s = svg::format_number(3.25, 2);
    const std::string doc = svg::line_chart(loss_series(50), {});
    std::setlocale(LC_NUMERIC, saved.c_str());
    CHECK(s == "3.25");
    require_svg(doc);
}

TEST_CASE("svg write_file writes the document and reports failure", "[svg]") {
    const std::string doc = svg::small_multiples(hidden_frames(), {});
    // Distinct names: the normal and the -fno-exceptions runners may run in parallel.
#if defined(__cpp_exceptions)
    const std::string path = "ctmlp_test_svg_output.svg";
#else
    const std::string path = "ctmlp_test_svg_output_noexcept.svg";
#endif
    REQUIRE(svg::write_file(path, doc));
    std::ifstream in(path, std::ios::binary);
    std::stringstream back;
    back << in.rdbuf();
    CHECK(back.str() == doc);
    in.close();
    std::remove(path.c_str());
    CHECK_FALSE(svg::write_file("/nonexistent-directory-ctmlp/x.svg", doc));
    CHECK_FALSE(svg::write_file("", doc));
}
