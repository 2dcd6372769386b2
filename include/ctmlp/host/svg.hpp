// ctmlp/host/svg.hpp - self-contained SVG 1.1 charts for teaching backpropagation (host only).
//
// Plain data in, text out: this header depends only on the C++ standard library and on
// no other ctmlp header. Every number is formatted by hand from integers (no locale, no
// printf), all text is XML-escaped, and non-finite data points are skipped.
//
// Distributed under the Boost Software License, Version 1.0.
#ifndef CTMLP_HOST_SVG_HPP
#define CTMLP_HOST_SVG_HPP

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// Self-contained SVG 1.1 chart writers (line chart, heat map, small multiples, trajectory).
namespace ctmlp::host::svg {

/// One (x, y) data point.
struct point {
    double x = 0.0;  ///< Horizontal data coordinate.
    double y = 0.0;  ///< Vertical data coordinate.
};

/// A named sequence of points drawn as one line of a line_chart.
struct series {
    std::string name;           ///< Legend entry (escaped on output).
    std::vector<point> points;  ///< Data in drawing order; non-finite points break the line.
    std::string color;          ///< Optional CSS colour such as "#d55e00"; empty picks from the palette.
};

/// A point with a class (target) and an optional text label, for heat maps and scatter panels.
struct labelled_point {
    double x = 0.0;     ///< Horizontal data coordinate.
    double y = 0.0;     ///< Vertical data coordinate.
    int cls = 0;        ///< Class / target; selects marker shape and colour.
    std::string label;  ///< Text drawn next to the marker (may be empty).
};

/// One snapshot of labelled points (e.g. hidden activations at one epoch).
struct frame {
    std::string title;                   ///< Panel title, e.g. "epoch 100".
    std::vector<labelled_point> points;  ///< Points; index i is the same sample in every frame.
};

/// Options of line_chart.
struct line_chart_options {
    std::string title;             ///< Chart title.
    std::string x_label = "x";     ///< Horizontal axis title.
    std::string y_label = "y";     ///< Vertical axis title.
    bool log_y = false;            ///< Logarithmic y axis (points with y <= 0 are skipped).
    int width = 760;               ///< Document width in pixels.
    int height = 440;              ///< Document height in pixels.
    bool legend = true;            ///< Draw a legend to the right of the plot.
    std::optional<double> x_min;   ///< Fixed lower x limit (default: from data).
    std::optional<double> x_max;   ///< Fixed upper x limit (default: from data).
    std::optional<double> y_min;   ///< Fixed lower y limit (default: from data).
    std::optional<double> y_max;   ///< Fixed upper y limit (default: from data).
};

/// Options of heat_map.
struct heat_map_options {
    std::string title;                   ///< Chart title.
    std::string x_label = "x1";          ///< Horizontal axis title.
    std::string y_label = "x2";          ///< Vertical axis title.
    std::string value_label = "output";  ///< Colour-bar title.
    double x_min = -0.5;                 ///< Left edge of the sampled rectangle.
    double x_max = 1.5;                  ///< Right edge of the sampled rectangle.
    double y_min = -0.5;                 ///< Bottom edge of the sampled rectangle.
    double y_max = 1.5;                  ///< Top edge of the sampled rectangle.
    int resolution = 64;                 ///< Cells per side (clamped to [2, 400]).
    double v_min = 0.0;                  ///< Value mapped to the low end of the palette.
    double v_max = 1.0;                  ///< Value mapped to the high end of the palette.
    bool contour = true;                 ///< Draw the contour_level iso-line (marching squares).
    double contour_level = 0.5;          ///< Iso-value of the emphasised contour.
    int plot_size = 400;                 ///< Side of the square plot area in pixels.
};

/// Options of small_multiples.
struct small_multiples_options {
    std::string title;                     ///< Figure title.
    std::string x_label = "h1";            ///< Shared horizontal axis title.
    std::string y_label = "h2";            ///< Shared vertical axis title.
    std::vector<std::string> class_names;  ///< Legend names per class (default "class k").
    int columns = 0;                       ///< Panels per row; 0 chooses min(frames, 4).
    int panel_size = 170;                  ///< Side of each square panel in pixels.
    bool show_labels = true;               ///< Draw point labels next to markers.
    std::optional<double> x_min;           ///< Fixed lower x limit (default: from all frames).
    std::optional<double> x_max;           ///< Fixed upper x limit (default: from all frames).
    std::optional<double> y_min;           ///< Fixed lower y limit (default: from all frames).
    std::optional<double> y_max;           ///< Fixed upper y limit (default: from all frames).
};

/// Options of trajectory.
struct trajectory_options {
    std::string title;                     ///< Chart title.
    std::string x_label = "h1";            ///< Horizontal axis title.
    std::string y_label = "h2";            ///< Vertical axis title.
    std::vector<std::string> class_names;  ///< Legend names per class (default "class k").
    int plot_size = 440;                   ///< Side of the square plot area in pixels.
    bool show_labels = true;               ///< Label each path's end marker.
    std::optional<double> x_min;           ///< Fixed lower x limit (default: from all frames).
    std::optional<double> x_max;           ///< Fixed upper x limit (default: from all frames).
    std::optional<double> y_min;           ///< Fixed lower y limit (default: from all frames).
    std::optional<double> y_max;           ///< Fixed upper y limit (default: from all frames).
};

namespace detail {

inline constexpr const char* font_family = "DejaVu Sans, Helvetica, Arial, sans-serif";
inline constexpr const char* axis_colour = "#333";
inline constexpr const char* grid_colour = "#e3e3e3";

/// Okabe-Ito colour-blind safe categorical palette (yellow moved to the end).
inline const char* category_colour(int k) {
    static constexpr const char* pal[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                          "#e69f00", "#56b4e9", "#000000", "#999999"};
    constexpr int n = static_cast<int>(sizeof(pal) / sizeof(pal[0]));
    return pal[((k % n) + n) % n];
}

inline void append_int(std::string& out, long long v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, r.ptr);
}

inline void append_sci(std::string& out, double v, int decimals);

/// Fixed-point formatting without locale: `decimals` digits, optionally trailing zeros trimmed.
inline void append_fixed(std::string& out, double v, int decimals, bool trim) {
    if (!std::isfinite(v)) v = 0.0;
    const double a = std::fabs(v);
    if (a >= 1e15) {
        append_sci(out, v, 3);
        return;
    }
    decimals = std::clamp(decimals, 0, 9);
    long long p = 1;
    for (int i = 0; i < decimals; ++i) p *= 10;
    while (decimals > 0 && a * static_cast<double>(p) >= 9e18) {
        --decimals;
        p /= 10;
    }
    const long long scaled = std::llround(a * static_cast<double>(p));
    if (v < 0.0 && scaled != 0) out += '-';
    append_int(out, scaled / p);
    if (decimals > 0) {
        long long frac = scaled % p;
        char digits[16];
        for (int i = decimals - 1; i >= 0; --i) {
            digits[i] = static_cast<char>('0' + static_cast<int>(frac % 10));
            frac /= 10;
        }
        int n = decimals;
        if (trim)
            while (n > 0 && digits[n - 1] == '0') --n;
        if (n > 0) {
            out += '.';
            out.append(digits, static_cast<std::size_t>(n));
        }
    }
}

/// Scientific formatting such as "2.5e-7" without locale.
inline void append_sci(std::string& out, double v, int decimals) {
    if (!std::isfinite(v) || v == 0.0) {
        out += '0';
        return;
    }
    int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
    double m = v / std::pow(10.0, e);
    const double scale = std::pow(10.0, decimals);
    if (std::fabs(std::round(m * scale) / scale) >= 10.0) {
        m /= 10.0;
        ++e;
    }
    append_fixed(out, m, decimals, true);
    out += 'e';
    append_int(out, e);
}

/// Pixel coordinate: at most two decimals, trailing zeros removed.
inline std::string num(double v) {
    std::string s;
    append_fixed(s, v, 2, true);
    return s;
}

/// Number of UTF-8 code points (rough text-width estimate).
inline std::size_t glyphs(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
    return n;
}

/// Approximate rendered width of `s` in pixels at font size `size`.
inline double text_width(std::string_view s, double size) {
    return 0.6 * size * static_cast<double>(glyphs(s));
}

inline bool finite(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

/// A "nice" tick step (1, 2 or 5 times a power of ten) close to `raw`.
inline double nice_step(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
    const double e = std::floor(std::log10(raw));
    const double base = std::pow(10.0, e);
    const double f = raw / base;
    const double nf = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    return nf * base;
}

/// Tick positions covering [lo, hi] with about `target` intervals.
inline std::vector<double> linear_ticks(double lo, double hi, int target, double& step) {
    std::vector<double> t;
    step = nice_step((hi - lo) / static_cast<double>(std::max(1, target)));
    const double first = std::ceil(lo / step - 1e-9);
    for (int i = 0; i < 1000; ++i) {
        double v = (first + static_cast<double>(i)) * step;
        if (v > hi + step * 1e-9) break;
        if (std::fabs(v) < step * 1e-9) v = 0.0;
        t.push_back(v);
    }
    return t;
}

/// Tick label for value `v` on a linear axis with tick spacing `step`.
inline std::string linear_label(double v, double step, double magnitude) {
    std::string s;
    if (magnitude >= 1e6 || step < 1e-4) {
        append_sci(s, v, 2);
        return s;
    }
    const int k = static_cast<int>(std::floor(std::log10(step) + 1e-9));
    append_fixed(s, v, std::max(0, -k), false);
    return s;
}

/// XML-escape `s` into `out`; control characters other than tab/newline become spaces.
inline void append_escaped(std::string& out, std::string_view s) {
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20U && c != '\t' && c != '\n' && c != '\r')
                    out += ' ';
                else
                    out += c;
        }
    }
}

/// A mapping from data values to pixels along one axis.
struct axis {
    double lo = 0.0;     ///< Data value (log10 of it for log axes) at p0.
    double hi = 1.0;     ///< Data value (log10 of it for log axes) at p1.
    double p0 = 0.0;     ///< Pixel position of lo.
    double p1 = 1.0;     ///< Pixel position of hi.
    bool log = false;    ///< Logarithmic axis.

    double operator()(double v) const {
        const double u = log ? std::log10(v) : v;
        return p0 + (u - lo) / (hi - lo) * (p1 - p0);
    }
};

/// Expand a degenerate or empty [lo, hi] into a usable interval.
inline void fix_range(double& lo, double& hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
        lo = 0.0;
        hi = 1.0;
    } else if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(lo))) {
        const double pad = lo == 0.0 ? 0.5 : 0.1 * std::fabs(lo);
        lo -= pad;
        hi += pad;
    }
}

/// Incremental SVG document builder.
class doc {
public:
    doc(double w, double h, std::string_view title) {
        s_.reserve(1 << 16);
        s_ += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
        s_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(w) +
              "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + ' ' + num(h) +
              "\" font-family=\"" + font_family + "\" font-size=\"12\">\n";
        if (!title.empty()) {
            s_ += "<title>";
            append_escaped(s_, title);
            s_ += "</title>\n";
        }
        s_ += "<rect x=\"0\" y=\"0\" width=\"" + num(w) + "\" height=\"" + num(h) +
              "\" fill=\"#ffffff\"/>\n";
        if (!title.empty()) text(w / 2.0, 26.0, title, "middle", 16.0, "font-weight=\"bold\"");
    }

    /// Raw markup (caller guarantees well-formedness).
    doc& raw(std::string_view m) {
        s_ += m;
        return *this;
    }

    /// A text element; `extra` is raw attribute markup.
    void text(double x, double y, std::string_view t, std::string_view anchor, double size,
              std::string_view extra = {}) {
        s_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + '"';
        if (anchor != "start") {
            s_ += " text-anchor=\"";
            s_ += anchor;
            s_ += '"';
        }
        if (size != 12.0) s_ += " font-size=\"" + num(size) + '"';
        if (!extra.empty()) {
            s_ += ' ';
            s_ += extra;
        }
        s_ += '>';
        append_escaped(s_, t);
        s_ += "</text>\n";
    }

    /// Text with a white halo (drawn twice) so that it stays readable over coloured cells.
    void halo_text(double x, double y, std::string_view t, std::string_view anchor, double size) {
        text(x, y, t, anchor, size,
             "fill=\"#ffffff\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" opacity=\"0.85\"");
        text(x, y, t, anchor, size, "fill=\"#111111\"");
    }

    void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
              std::string_view extra = {}) {
        s_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
              num(y2) + "\" stroke=\"";
        s_ += stroke;
        s_ += "\" stroke-width=\"" + num(width) + '"';
        if (!extra.empty()) {
            s_ += ' ';
            s_ += extra;
        }
        s_ += "/>\n";
    }

    void rect(double x, double y, double w, double h, std::string_view fill, std::string_view extra = {}) {
        s_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" +
              num(h) + "\" fill=\"";
        s_ += fill;
        s_ += '"';
        if (!extra.empty()) {
            s_ += ' ';
            s_ += extra;
        }
        s_ += "/>\n";
    }

    /// Marker of shape `cls % 4` (circle, square, triangle, diamond) centred at (x, y).
    void marker(int cls, double x, double y, double r, std::string_view fill, std::string_view stroke,
                double sw) {
        const int shape = ((cls % 4) + 4) % 4;
        std::string style = "\" fill=\"" + std::string(fill) + "\" stroke=\"" + std::string(stroke) +
                            "\" stroke-width=\"" + num(sw) + "\" stroke-linejoin=\"round\"/>\n";
        if (shape == 0) {
            s_ += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + style;
        } else if (shape == 1) {
            const double a = r * 0.89;
            s_ += "<rect x=\"" + num(x - a) + "\" y=\"" + num(y - a) + "\" width=\"" + num(2 * a) +
                  "\" height=\"" + num(2 * a) + style;
        } else if (shape == 2) {
            const double a = r * 1.2;
            s_ += "<polygon points=\"" + num(x) + ',' + num(y - a) + ' ' + num(x + a * 0.866) + ',' +
                  num(y + a * 0.5) + ' ' + num(x - a * 0.866) + ',' + num(y + a * 0.5) + style;
        } else {
            const double a = r * 1.25;
            s_ += "<polygon points=\"" + num(x) + ',' + num(y - a) + ' ' + num(x + a) + ',' + num(y) +
                  ' ' + num(x) + ',' + num(y + a) + ' ' + num(x - a) + ',' + num(y) + style;
        }
    }

    std::string finish() {
        s_ += "</svg>\n";
        return std::move(s_);
    }

private:
    std::string s_;
};

/// Horizontal tick marks, grid lines and labels along the bottom of a plot area.
inline void x_ticks(doc& d, const axis& ax, double y_top, double y_bottom, int target, bool grid,
                    double font = 11.0) {
    double step = 1.0;
    const auto ticks = linear_ticks(std::min(ax.lo, ax.hi), std::max(ax.lo, ax.hi), target, step);
    const double mag = std::max(std::fabs(ax.lo), std::fabs(ax.hi));
    for (const double v : ticks) {
        const double px = ax(v);
        if (grid) d.line(px, y_top, px, y_bottom, grid_colour, 1.0);
        d.line(px, y_bottom, px, y_bottom + 5.0, axis_colour, 1.0);
        d.text(px, y_bottom + 7.0 + font, linear_label(v, step, mag), "middle", font);
    }
}

/// Vertical tick marks, grid lines and labels along the left of a plot area (linear axes).
inline void y_ticks(doc& d, const axis& ax, double x_left, double x_right, int target, bool grid,
                    double font = 11.0) {
    double step = 1.0;
    const auto ticks = linear_ticks(std::min(ax.lo, ax.hi), std::max(ax.lo, ax.hi), target, step);
    const double mag = std::max(std::fabs(ax.lo), std::fabs(ax.hi));
    for (const double v : ticks) {
        const double py = ax(v);
        if (grid) d.line(x_left, py, x_right, py, grid_colour, 1.0);
        d.line(x_left - 5.0, py, x_left, py, axis_colour, 1.0);
        d.text(x_left - 8.0, py + font * 0.35, linear_label(v, step, mag), "end", font);
    }
}

/// Widest linear tick label of an axis, in pixels.
inline double y_label_width(double lo, double hi, int target, double font) {
    double step = 1.0;
    const auto ticks = linear_ticks(lo, hi, target, step);
    const double mag = std::max(std::fabs(lo), std::fabs(hi));
    double w = 0.0;
    for (const double v : ticks) w = std::max(w, text_width(linear_label(v, step, mag), font));
    return w;
}

/// Sorted distinct classes appearing in `frames`.
inline std::vector<int> classes_of(const std::vector<frame>& frames) {
    std::vector<int> c;
    for (const auto& f : frames)
        for (const auto& p : f.points)
            if (std::find(c.begin(), c.end(), p.cls) == c.end()) c.push_back(p.cls);
    std::sort(c.begin(), c.end());
    return c;
}

inline std::string class_name(const std::vector<std::string>& names, int cls) {
    if (cls >= 0 && static_cast<std::size_t>(cls) < names.size()) return names[static_cast<std::size_t>(cls)];
    std::string s = "class ";
    append_int(s, cls);
    return s;
}

/// Shared limits over all finite points of all frames, padded by 8%.
inline void frame_limits(const std::vector<frame>& frames, const std::optional<double>& xmin,
                         const std::optional<double>& xmax, const std::optional<double>& ymin,
                         const std::optional<double>& ymax, double& x0, double& x1, double& y0,
                         double& y1) {
    double ax = HUGE_VAL, bx = -HUGE_VAL, ay = HUGE_VAL, by = -HUGE_VAL;
    for (const auto& f : frames)
        for (const auto& p : f.points)
            if (finite(p.x, p.y)) {
                ax = std::min(ax, p.x);
                bx = std::max(bx, p.x);
                ay = std::min(ay, p.y);
                by = std::max(by, p.y);
            }
    if (!(ax <= bx)) {
        ax = 0.0;
        bx = 1.0;
        ay = 0.0;
        by = 1.0;
    }
    fix_range(ax, bx);
    fix_range(ay, by);
    const double px = 0.08 * (bx - ax), py = 0.08 * (by - ay);
    x0 = xmin.value_or(ax - px);
    x1 = xmax.value_or(bx + px);
    y0 = ymin.value_or(ay - py);
    y1 = ymax.value_or(by + py);
    fix_range(x0, x1);
    fix_range(y0, y1);
}

/// Legend row of class markers centred at (cx, y); returns nothing, purely decorative.
inline void class_legend(doc& d, const std::vector<int>& classes, const std::vector<std::string>& names,
                         double cx, double y, std::string_view extra_start_label = {},
                         std::string_view extra_end_label = {}) {
    struct item {
        int kind;  // 0 class, 1 start, 2 end
        int cls;
        std::string text;
    };
    std::vector<item> items;
    for (const int c : classes) items.push_back({0, c, class_name(names, c)});
    if (!extra_start_label.empty()) items.push_back({1, 0, std::string(extra_start_label)});
    if (!extra_end_label.empty()) items.push_back({2, 0, std::string(extra_end_label)});
    double total = 0.0;
    for (const auto& it : items) total += 18.0 + text_width(it.text, 12.0) + 18.0;
    total -= 18.0;
    double x = cx - total / 2.0;
    for (const auto& it : items) {
        if (it.kind == 0) {
            d.marker(it.cls, x + 6.0, y - 4.0, 5.0, category_colour(it.cls), "#222222", 1.0);
        } else if (it.kind == 1) {
            d.raw("<circle cx=\"" + num(x + 6.0) + "\" cy=\"" + num(y - 4.0) +
                  "\" r=\"3.5\" fill=\"#ffffff\" stroke=\"#555555\" stroke-width=\"1.5\"/>\n");
        } else {
            d.raw("<circle cx=\"" + num(x + 6.0) + "\" cy=\"" + num(y - 4.0) +
                  "\" r=\"5\" fill=\"#555555\" stroke=\"#222222\" stroke-width=\"1\"/>\n");
        }
        d.text(x + 16.0, y, it.text, "start", 12.0);
        x += 18.0 + text_width(it.text, 12.0) + 18.0;
    }
}

/// Label offset for point index i: alternating quadrants so coincident points stay readable.
inline void label_offset(std::size_t i, double r, double& dx, double& dy, const char*& anchor) {
    switch (i % 4) {
        case 0: dx = r + 3.0; dy = -r - 1.0; anchor = "start"; break;
        case 1: dx = -r - 3.0; dy = -r - 1.0; anchor = "end"; break;
        case 2: dx = r + 3.0; dy = r + 9.0; anchor = "start"; break;
        default: dx = -r - 3.0; dy = r + 9.0; anchor = "end"; break;
    }
}

/// Diverging palette (ColorBrewer RdBu, darkest ends trimmed): 0 -> blue, 0.5 -> white, 1 -> red.
inline void diverging(double t, int& r, int& g, int& b) {
    static constexpr unsigned char c[9][3] = {{33, 102, 172},  {67, 147, 195},  {146, 197, 222},
                                              {209, 229, 240}, {247, 247, 247}, {253, 219, 199},
                                              {244, 165, 130}, {214, 96, 77},   {178, 24, 43}};
    if (!std::isfinite(t)) t = 0.5;
    t = std::clamp(t, 0.0, 1.0) * 8.0;
    const int i = std::min(7, static_cast<int>(t));
    const double f = t - static_cast<double>(i);
    auto mix = [&](int k) {
        return static_cast<int>(std::lround(static_cast<double>(c[i][k]) * (1.0 - f) +
                                            static_cast<double>(c[i + 1][k]) * f));
    };
    r = mix(0);
    g = mix(1);
    b = mix(2);
}

inline std::string hex_colour(int r, int g, int b) {
    static constexpr char hx[] = "0123456789abcdef";
    std::string s = "#";
    for (const int v : {r, g, b}) {
        const int c = std::clamp(v, 0, 255);
        s += hx[c / 16];
        s += hx[c % 16];
    }
    return s;
}

inline std::string diverging_hex(double t) {
    int r = 0, g = 0, b = 0;
    diverging(t, r, g, b);
    return hex_colour(r, g, b);
}

}  // namespace detail

/// XML-escape text for use in SVG element content or attribute values.
inline std::string escape(std::string_view text) {
    std::string s;
    s.reserve(text.size());
    detail::append_escaped(s, text);
    return s;
}

/// Locale-independent decimal formatting of `v` with `decimals` digits ("0" for non-finite input).
inline std::string format_number(double v, int decimals = 3) {
    if (!std::isfinite(v)) return "0";
    std::string s;
    detail::append_fixed(s, v, decimals, false);
    return s;
}

/// Line chart of one or more series (min/max decimated to one column per pixel), optional log y.
inline std::string line_chart(const std::vector<series>& data, const line_chart_options& opt = {}) {
    using namespace detail;
    const double W = std::max(200, opt.width), H = std::max(150, opt.height);

    // Data range over usable points.
    auto usable = [&](const point& p) { return finite(p.x, p.y) && (!opt.log_y || p.y > 0.0); };
    double xa = HUGE_VAL, xb = -HUGE_VAL, ya = HUGE_VAL, yb = -HUGE_VAL;
    for (const auto& s : data)
        for (const auto& p : s.points)
            if (usable(p)) {
                xa = std::min(xa, p.x);
                xb = std::max(xb, p.x);
                ya = std::min(ya, p.y);
                yb = std::max(yb, p.y);
            }
    if (!(xa <= xb)) {
        xa = 0.0;
        xb = 1.0;
        ya = opt.log_y ? 0.1 : 0.0;
        yb = 1.0;
    }
    fix_range(xa, xb);
    {
        double step = nice_step((xb - xa) / 8.0);
        if (!opt.x_min) xa = std::floor(xa / step + 1e-9) * step;
        if (!opt.x_max) xb = std::ceil(xb / step - 1e-9) * step;
    }
    xa = opt.x_min.value_or(xa);
    xb = opt.x_max.value_or(xb);
    fix_range(xa, xb);

    double ly0 = 0.0, ly1 = 1.0;  // log10 limits
    if (opt.log_y) {
        double lo = opt.y_min.value_or(ya), hi = opt.y_max.value_or(yb);
        if (!(lo > 0.0) || !std::isfinite(lo)) lo = ya;
        if (!(hi > 0.0) || !std::isfinite(hi)) hi = yb;
        // Automatic limits snap outwards to m * 10^k (m = 1..10) rather than whole decades.
        if (!opt.y_min) {
            const double k = std::floor(std::log10(lo) + 1e-9), b = std::pow(10.0, k);
            lo = std::max(1.0, std::floor(lo / b + 1e-9)) * b;
        }
        if (!opt.y_max) {
            const double k = std::floor(std::log10(hi) + 1e-9), b = std::pow(10.0, k);
            hi = std::ceil(hi / b - 1e-9) * b;
        }
        ly0 = std::log10(lo);
        ly1 = std::log10(hi);
        if (!(ly1 > ly0)) ly1 = ly0 + 1.0;
    } else {
        fix_range(ya, yb);
        const double step = nice_step((yb - ya) / 6.0);
        if (!opt.y_min) ya = std::floor(ya / step + 1e-9) * step;
        if (!opt.y_max) yb = std::ceil(yb / step - 1e-9) * step;
        ya = opt.y_min.value_or(ya);
        yb = opt.y_max.value_or(yb);
        fix_range(ya, yb);
    }

    // Y tick labels (needed for the left margin).
    struct ylabel {
        double v;  // data value (log10 for log axis)
        std::string text;
        std::string exp;  // superscript exponent for "10^k" labels
    };
    std::vector<ylabel> ylabels;
    std::vector<double> yminor;
    const double font = 11.0;
    if (opt.log_y) {
        const int k0 = static_cast<int>(std::ceil(ly0 - 1e-9)), k1 = static_cast<int>(std::floor(ly1 + 1e-9));
        const int decades = std::max(1, k1 - k0);
        const int every = decades <= 8 ? 1 : (decades + 7) / 8;
        const bool powers = std::max(std::abs(k0), std::abs(k1)) > 3;
        for (int k = k0; k <= k1; ++k) {
            if ((k - k0) % every != 0) continue;
            ylabel l{static_cast<double>(k), {}, {}};
            if (powers) {
                l.text = "10";
                append_int(l.exp, k);
            } else {
                append_fixed(l.text, std::pow(10.0, k), std::max(0, -k), false);
            }
            ylabels.push_back(std::move(l));
        }
        if (ly1 - ly0 <= 6.0) {
            for (int k = static_cast<int>(std::floor(ly0)) - 1; k <= static_cast<int>(std::ceil(ly1)); ++k)
                for (int m = 2; m <= 9; ++m) {
                    const double u = static_cast<double>(k) + std::log10(static_cast<double>(m));
                    if (u > ly0 + 1e-9 && u < ly1 - 1e-9) yminor.push_back(u);
                }
            // Too few labelled decades: also label 2x and 5x.
            if (ylabels.size() < 3) {
                for (int k = static_cast<int>(std::floor(ly0)); k <= static_cast<int>(std::ceil(ly1)); ++k)
                    for (const int m : {2, 5}) {
                        const double u = static_cast<double>(k) + std::log10(static_cast<double>(m));
                        if (u < ly0 - 1e-9 || u > ly1 + 1e-9) continue;
                        ylabel l{u, {}, {}};
                        append_fixed(l.text, static_cast<double>(m) * std::pow(10.0, k), std::max(0, -k), false);
                        if (powers) {
                            l.text = {};
                            append_int(l.text, m);
                            l.text += "\xC3\x97" "10";  // U+00D7 multiplication sign
                            append_int(l.exp, k);
                        }
                        ylabels.push_back(std::move(l));
                    }
            }
            // Still too few (less than a decade shown): label every m * 10^k.
            if (ylabels.size() < 3) {
                ylabels.clear();
                yminor.clear();
                for (int k = static_cast<int>(std::floor(ly0)); k <= static_cast<int>(std::ceil(ly1)); ++k)
                    for (int m = 1; m <= 9; ++m) {
                        const double u = static_cast<double>(k) + std::log10(static_cast<double>(m));
                        if (u < ly0 - 1e-9 || u > ly1 + 1e-9) continue;
                        ylabel l{u, {}, {}};
                        append_fixed(l.text, static_cast<double>(m) * std::pow(10.0, k), std::max(0, -k), false);
                        ylabels.push_back(std::move(l));
                    }
            }
        }
    } else {
        double step = 1.0;
        const auto t = linear_ticks(ya, yb, 6, step);
        const double mag = std::max(std::fabs(ya), std::fabs(yb));
        for (const double v : t) ylabels.push_back({v, linear_label(v, step, mag), {}});
    }
    double ylw = 0.0;
    for (const auto& l : ylabels)
        ylw = std::max(ylw, text_width(l.text, font) + text_width(l.exp, font * 0.75));

    // Layout.
    double legend_w = 0.0;
    if (opt.legend && !data.empty()) {
        for (const auto& s : data) legend_w = std::max(legend_w, text_width(s.name, 12.0));
        legend_w = std::min(legend_w, W * 0.35) + 46.0;
    }
    const double left = 22.0 + ylw + 14.0;
    const double right = W - 20.0 - legend_w;
    const double top = opt.title.empty() ? 20.0 : 46.0;
    const double bottom = H - 50.0;

    axis ax{xa, xb, left, right, false};
    axis ay{opt.log_y ? ly0 : ya, opt.log_y ? ly1 : yb, bottom, top, false};
    auto ypix = [&](double v) { return ay(opt.log_y ? std::log10(v) : v); };

    doc d(W, H, opt.title);
    // Grid, ticks, labels.
    for (const double u : yminor) d.line(left, ay(u), right, ay(u), "#f0f0f0", 1.0);
    for (const auto& l : ylabels) {
        const double py = ay(l.v);
        d.line(left, py, right, py, grid_colour, 1.0);
        d.line(left - 5.0, py, left, py, axis_colour, 1.0);
        if (l.exp.empty()) {
            d.text(left - 8.0, py + font * 0.35, l.text, "end", font);
        } else {
            std::string m = "<text x=\"" + num(left - 8.0) + "\" y=\"" + num(py + font * 0.35) +
                            "\" text-anchor=\"end\" font-size=\"" + num(font) + "\">";
            append_escaped(m, l.text);
            m += "<tspan dy=\"-5\" font-size=\"" + num(font * 0.75) + "\">";
            append_escaped(m, l.exp);
            m += "</tspan></text>\n";
            d.raw(m);
        }
    }
    x_ticks(d, ax, top, bottom, 8, true, font);
    d.rect(left, top, right - left, bottom - top, "none", "stroke=\"#333\" stroke-width=\"1\"");
    d.text((left + right) / 2.0, H - 12.0, opt.x_label, "middle", 13.0);
    d.text(16.0, (top + bottom) / 2.0, opt.y_label, "middle", 13.0,
           "transform=\"rotate(-90 16 " + num((top + bottom) / 2.0) + ")\"");

    // Series.
    d.raw("<defs><clipPath id=\"plot-area\"><rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" +
          num(right - left) + "\" height=\"" + num(bottom - top) + "\"/></clipPath></defs>\n");
    d.raw("<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\" "
          "stroke-linecap=\"round\">\n");
    for (std::size_t si = 0; si < data.size(); ++si) {
        const auto& s = data[si];
        const std::string colour = s.color.empty() ? std::string(category_colour(static_cast<int>(si)))
                                                   : escape(s.color);
        std::vector<point> seg;  // pixel points of the current unbroken segment
        auto flush = [&]() {
            if (seg.size() == 1) {
                d.raw("<circle cx=\"" + num(seg[0].x) + "\" cy=\"" + num(seg[0].y) + "\" r=\"2\" fill=\"" +
                      colour + "\" stroke=\"none\"/>\n");
            } else if (seg.size() > 1) {
                std::string m = "<polyline stroke=\"" + colour + "\" points=\"";
                for (std::size_t i = 0; i < seg.size(); ++i) {
                    if (i) m += ' ';
                    m += num(seg[i].x);
                    m += ',';
                    m += num(seg[i].y);
                }
                m += "\"/>\n";
                d.raw(m);
            }
            seg.clear();
        };
        // Min/max decimation: per pixel column keep first, lowest, highest and last point in order.
        bool have = false;
        long long col = 0;
        std::size_t idx[4] = {0, 0, 0, 0};  // first, min-y, max-y, last (indices into px)
        std::vector<point> px;
        auto flush_col = [&]() {
            if (!have) return;
            std::size_t order[4] = {idx[0], idx[1], idx[2], idx[3]};
            std::sort(order, order + 4);
            for (std::size_t k = 0; k < 4; ++k)
                if (k == 0 || order[k] != order[k - 1]) seg.push_back(px[order[k]]);
            have = false;
            px.clear();
        };
        for (const auto& p : s.points) {
            if (!usable(p)) {
                flush_col();
                flush();
                continue;
            }
            const point q{ax(p.x), ypix(p.y)};
            const long long c = static_cast<long long>(std::floor(std::clamp(q.x, -1e9, 1e9)));
            if (have && c != col) flush_col();
            if (!have) {
                have = true;
                col = c;
                px.push_back(q);
                idx[0] = idx[1] = idx[2] = idx[3] = 0;
                continue;
            }
            px.push_back(q);
            const std::size_t i = px.size() - 1;
            if (q.y < px[idx[1]].y) idx[1] = i;
            if (q.y > px[idx[2]].y) idx[2] = i;
            idx[3] = i;
        }
        flush_col();
        flush();
    }
    d.raw("</g>\n");

    // Legend.
    if (opt.legend && !data.empty()) {
        const double lx = right + 16.0;
        double ly = top + 8.0;
        d.rect(lx - 6.0, top, legend_w - 4.0, 12.0 + 20.0 * static_cast<double>(data.size()), "#ffffff",
               "stroke=\"#cccccc\" stroke-width=\"1\"");
        for (std::size_t si = 0; si < data.size(); ++si) {
            const auto& s = data[si];
            const std::string colour = s.color.empty() ? std::string(category_colour(static_cast<int>(si)))
                                                       : escape(s.color);
            d.line(lx, ly + 8.0, lx + 22.0, ly + 8.0, colour, 2.5);
            std::string name = s.name;
            const std::size_t maxg = static_cast<std::size_t>((legend_w - 46.0) / 7.2);
            if (glyphs(name) > maxg + 1 && maxg > 3) {
                std::size_t cut = 0, g = 0;
                while (cut < name.size() && g < maxg - 1) {
                    ++cut;
                    while (cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0U) == 0x80U) ++cut;
                    ++g;
                }
                name = name.substr(0, cut) + "\xE2\x80\xA6";  // ellipsis
            }
            d.text(lx + 28.0, ly + 12.0, name, "start", 12.0);
            ly += 20.0;
        }
    }
    return d.finish();
}

/// Heat map of f(x, y) on a grid with a diverging palette, contour_level iso-line, labelled points
/// (marker shape and fill by target) and a colour bar.
inline std::string heat_map(const std::function<double(double, double)>& f,
                            const std::vector<labelled_point>& points, const heat_map_options& opt = {}) {
    using namespace detail;
    const int n = std::clamp(opt.resolution, 2, 400);
    const double S = std::clamp(static_cast<double>(opt.plot_size), 120.0, 2000.0);
    double x0 = opt.x_min, x1 = opt.x_max, y0 = opt.y_min, y1 = opt.y_max;
    fix_range(x0, x1);
    fix_range(y0, y1);
    double v0 = opt.v_min, v1 = opt.v_max;
    fix_range(v0, v1);

    const double left = 66.0, top = opt.title.empty() ? 24.0 : 50.0;
    const double right = left + S, bottom = top + S;
    const double bar_x = right + 28.0, bar_w = 16.0;
    const double bar_top = top + 20.0, bar_bottom = top + S * 0.62;
    const double W = bar_x + 128.0, H = bottom + 52.0;
    axis ax{x0, x1, left, right, false};
    axis ay{y0, y1, bottom, top, false};

    // Sample cell centres.
    const auto un = static_cast<std::size_t>(n);
    std::vector<double> g(un * un, 0.0);
    const double cw = (x1 - x0) / n, ch = (y1 - y0) / n;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const double v = f ? f(x0 + (i + 0.5) * cw, y0 + (j + 0.5) * ch)
                               : std::numeric_limits<double>::quiet_NaN();
            g[static_cast<std::size_t>(j) * un + static_cast<std::size_t>(i)] = v;
        }
    auto at = [&](int i, int j) { return g[static_cast<std::size_t>(j) * un + static_cast<std::size_t>(i)]; };

    doc d(W, H, opt.title);
    // Cells (slightly overlapping to avoid anti-aliasing seams); horizontal runs of one colour merged.
    const double pw = S / n;
    d.raw("<g stroke=\"none\">\n");
    for (int j = 0; j < n; ++j) {
        const double py = bottom - (j + 1) * pw;
        int i = 0;
        while (i < n) {
            const double v = at(i, j);
            const std::string c = std::isfinite(v) ? diverging_hex((v - v0) / (v1 - v0)) : std::string("#bdbdbd");
            int k = i + 1;
            while (k < n) {
                const double w = at(k, j);
                const std::string c2 = std::isfinite(w) ? diverging_hex((w - v0) / (v1 - v0)) : std::string("#bdbdbd");
                if (c2 != c) break;
                ++k;
            }
            const double ext_x = k < n ? 0.4 : 0.0, ext_y = j + 1 < n ? 0.4 : 0.0;
            d.rect(left + i * pw, py - ext_y, (k - i) * pw + ext_x, pw + ext_y, c);
            i = k;
        }
    }
    d.raw("</g>\n");

    // Contour by marching squares on the grid of cell centres.
    if (opt.contour && std::isfinite(opt.contour_level)) {
        const double L = opt.contour_level;
        std::string path;
        auto cx = [&](double i) { return left + (i + 0.5) * pw; };
        auto cy = [&](double j) { return bottom - (j + 0.5) * pw; };
        auto seg = [&](double ax_, double ay_, double bx_, double by_) {
            path += 'M';
            path += num(cx(ax_));
            path += ' ';
            path += num(cy(ay_));
            path += 'L';
            path += num(cx(bx_));
            path += ' ';
            path += num(cy(by_));
        };
        auto frac = [&](double a, double b) {
            const double t = (L - a) / (b - a);
            return std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.5;
        };
        for (int j = 0; j + 1 < n; ++j)
            for (int i = 0; i + 1 < n; ++i) {
                const double a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), e = at(i, j + 1);
                if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c) || !std::isfinite(e)) continue;
                const int code = (a > L ? 1 : 0) | (b > L ? 2 : 0) | (c > L ? 4 : 0) | (e > L ? 8 : 0);
                if (code == 0 || code == 15) continue;
                const double fi = i, fj = j;
                // Edge points: bottom (a-b), right (b-c), top (e-c), left (a-e).
                const double bxp = fi + frac(a, b), rxp = fj + frac(b, c);
                const double txp = fi + frac(e, c), lyp = fj + frac(a, e);
                auto B = [&] { return std::pair<double, double>{bxp, fj}; };
                auto R = [&] { return std::pair<double, double>{fi + 1.0, rxp}; };
                auto T = [&] { return std::pair<double, double>{txp, fj + 1.0}; };
                auto Lf = [&] { return std::pair<double, double>{fi, lyp}; };
                auto S2 = [&](std::pair<double, double> p, std::pair<double, double> q) {
                    seg(p.first, p.second, q.first, q.second);
                };
                const bool centre_high = (a + b + c + e) / 4.0 > L;
                switch (code) {
                    case 1: case 14: S2(Lf(), B()); break;
                    case 2: case 13: S2(B(), R()); break;
                    case 3: case 12: S2(Lf(), R()); break;
                    case 4: case 11: S2(R(), T()); break;
                    case 6: case 9: S2(B(), T()); break;
                    case 7: case 8: S2(Lf(), T()); break;
                    case 5:
                        if (centre_high) { S2(Lf(), T()); S2(B(), R()); }
                        else { S2(Lf(), B()); S2(R(), T()); }
                        break;
                    case 10:
                        if (centre_high) { S2(Lf(), B()); S2(R(), T()); }
                        else { S2(Lf(), T()); S2(B(), R()); }
                        break;
                    default: break;
                }
            }
        if (!path.empty())
            d.raw("<path d=\"" + path +
                  "\" fill=\"none\" stroke=\"#111111\" stroke-width=\"2\" stroke-linecap=\"round\"/>\n");
    }

    // Frame, ticks, axis titles.
    d.rect(left, top, S, S, "none", "stroke=\"#333\" stroke-width=\"1\"");
    x_ticks(d, ax, top, bottom, 4, false);
    y_ticks(d, ay, left, right, 4, false);
    d.text((left + right) / 2.0, H - 12.0, opt.x_label, "middle", 13.0);
    d.text(16.0, (top + bottom) / 2.0, opt.y_label, "middle", 13.0,
           "transform=\"rotate(-90 16 " + num((top + bottom) / 2.0) + ")\"");

    // Points.
    for (std::size_t k = 0; k < points.size(); ++k) {
        const auto& p = points[k];
        if (!finite(p.x, p.y)) continue;
        const double px = ax(p.x), py = ay(p.y);
        if (px < left - 1.0 || px > right + 1.0 || py < top - 1.0 || py > bottom + 1.0) continue;
        const std::string fill = diverging_hex((static_cast<double>(p.cls) - v0) / (v1 - v0));
        d.marker(p.cls, px, py, 7.0, "none", "#ffffff", 4.5);
        d.marker(p.cls, px, py, 7.0, fill, "#111111", 1.6);
        if (!p.label.empty()) {
            // Labels go towards the centre of the plot so they are never clipped.
            const bool to_left = px > (left + right) / 2.0;
            const bool below = py < (top + bottom) / 2.0;
            d.halo_text(px + (to_left ? -11.0 : 11.0), py + (below ? 20.0 : -12.0), p.label,
                        to_left ? "end" : "start", 12.0);
        }
    }

    // Colour bar.
    d.raw("<defs><linearGradient id=\"colour-bar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n");
    for (int s = 0; s <= 16; ++s) {
        const double t = s / 16.0;
        d.raw("<stop offset=\"" + num(t) + "\" stop-color=\"" + diverging_hex(t) + "\"/>\n");
    }
    d.raw("</linearGradient></defs>\n");
    d.text(bar_x - 2.0, bar_top - 8.0, opt.value_label, "start", 12.0);
    d.rect(bar_x, bar_top, bar_w, bar_bottom - bar_top, "url(#colour-bar)",
           "stroke=\"#333\" stroke-width=\"1\"");
    {
        axis av{v0, v1, bar_bottom, bar_top, false};
        double step = 1.0;
        const auto t = linear_ticks(v0, v1, 4, step);
        const double mag = std::max(std::fabs(v0), std::fabs(v1));
        for (const double v : t) {
            const double py = av(v);
            d.line(bar_x + bar_w, py, bar_x + bar_w + 4.0, py, axis_colour, 1.0);
            d.text(bar_x + bar_w + 7.0, py + 4.0, linear_label(v, step, mag), "start", 11.0);
        }
        if (opt.contour && opt.contour_level >= v0 && opt.contour_level <= v1) {
            const double py = av(opt.contour_level);
            d.line(bar_x - 3.0, py, bar_x + bar_w + 3.0, py, "#111111", 2.0);
        }
    }

    // Legend: markers and contour.
    {
        double ly = bar_bottom + 30.0;
        std::vector<int> cls;
        for (const auto& p : points)
            if (std::find(cls.begin(), cls.end(), p.cls) == cls.end()) cls.push_back(p.cls);
        std::sort(cls.begin(), cls.end());
        for (const int c : cls) {
            const std::string fill = diverging_hex((static_cast<double>(c) - v0) / (v1 - v0));
            d.marker(c, bar_x + 6.0, ly - 4.0, 6.0, fill, "#111111", 1.4);
            std::string t = "target ";
            append_int(t, c);
            d.text(bar_x + 18.0, ly, t, "start", 12.0);
            ly += 22.0;
        }
        if (opt.contour && std::isfinite(opt.contour_level)) {
            d.line(bar_x - 2.0, ly - 4.0, bar_x + 14.0, ly - 4.0, "#111111", 2.0);
            std::string t = "f = ";
            std::string lv;
            append_fixed(lv, opt.contour_level, 3, true);
            d.text(bar_x + 18.0, ly, t + lv, "start", 12.0);
        }
    }
    return d.finish();
}

/// Grid of small scatter panels, one per frame, with shared limits and class-coded markers.
inline std::string small_multiples(const std::vector<frame>& frames, const small_multiples_options& opt = {}) {
    using namespace detail;
    const int nf = static_cast<int>(frames.size());
    const int cols = std::max(1, opt.columns > 0 ? opt.columns : std::min(std::max(nf, 1), 4));
    const int rows = std::max(1, (nf + cols - 1) / cols);
    const double P = std::clamp(static_cast<double>(opt.panel_size), 60.0, 1000.0);
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    frame_limits(frames, opt.x_min, opt.x_max, opt.y_min, opt.y_max, x0, x1, y0, y1);

    const double font = 10.0;
    const double yl = y_label_width(y0, y1, 3, font);
    const double pad_l = yl + 14.0, pad_t = 24.0, pad_b = 24.0, pad_r = 14.0;
    const double cell_w = pad_l + P + pad_r, cell_h = pad_t + P + pad_b;
    const double outer_l = 30.0;
    const double head = (opt.title.empty() ? 14.0 : 44.0) + 24.0;  // title + legend row
    const double W = outer_l + cols * cell_w + 10.0;
    const double H = head + rows * cell_h + 30.0;
    const auto classes = classes_of(frames);

    doc d(W, H, opt.title);
    class_legend(d, classes, opt.class_names, W / 2.0, head - 12.0);

    for (int fi = 0; fi < nf; ++fi) {
        const auto& fr = frames[static_cast<std::size_t>(fi)];
        const int r = fi / cols, c = fi % cols;
        const double left = outer_l + c * cell_w + pad_l, top = head + r * cell_h + pad_t;
        const double right = left + P, bottom = top + P;
        axis ax{x0, x1, left, right, false};
        axis ay{y0, y1, bottom, top, false};
        d.rect(left, top, P, P, "#fafafa");
        x_ticks(d, ax, top, bottom, 3, true, font);
        y_ticks(d, ay, left, right, 3, true, font);
        d.rect(left, top, P, P, "none", "stroke=\"#333\" stroke-width=\"1\"");
        d.text((left + right) / 2.0, top - 8.0, fr.title, "middle", 12.0, "font-weight=\"bold\"");
        for (std::size_t k = 0; k < fr.points.size(); ++k) {
            const auto& p = fr.points[k];
            if (!finite(p.x, p.y)) continue;
            const double px = ax(p.x), py = ay(p.y);
            if (px < left - 1.0 || px > right + 1.0 || py < top - 1.0 || py > bottom + 1.0) continue;
            d.marker(p.cls, px, py, 5.0, category_colour(p.cls), "#222222", 1.0);
        }
        if (opt.show_labels)
            for (std::size_t k = 0; k < fr.points.size(); ++k) {
                const auto& p = fr.points[k];
                if (p.label.empty() || !finite(p.x, p.y)) continue;
                const double px = ax(p.x), py = ay(p.y);
                if (px < left - 1.0 || px > right + 1.0 || py < top - 1.0 || py > bottom + 1.0) continue;
                double dx = 0, dy = 0;
                const char* anchor = "start";
                label_offset(k, 5.0, dx, dy, anchor);
                // Keep labels inside the panel.
                const double tw = text_width(p.label, 10.0);
                if (anchor[0] == 's' && px + dx + tw > right + pad_r) {
                    dx = -dx;
                    anchor = "end";
                } else if (anchor[0] == 'e' && px + dx - tw < left - 2.0) {
                    dx = -dx;
                    anchor = "start";
                }
                if (py + dy - 9.0 < top) dy = 5.0 + 9.0;
                if (py + dy > bottom) dy = -5.0 - 1.0;
                d.halo_text(px + dx, py + dy, p.label, anchor, 10.0);
            }
    }
    const double grid_mid_x = outer_l + cols * cell_w / 2.0;
    d.text(grid_mid_x, H - 10.0, opt.x_label, "middle", 13.0);
    const double mid_y = head + rows * cell_h / 2.0;
    d.text(16.0, mid_y, opt.y_label, "middle", 13.0, "transform=\"rotate(-90 16 " + num(mid_y) + ")\"");
    return d.finish();
}

/// One panel with each point's path across frames (index i in every frame), ending in a class marker.
inline std::string trajectory(const std::vector<frame>& frames, const trajectory_options& opt = {}) {
    using namespace detail;
    const double S = std::clamp(static_cast<double>(opt.plot_size), 100.0, 2000.0);
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    frame_limits(frames, opt.x_min, opt.x_max, opt.y_min, opt.y_max, x0, x1, y0, y1);
    const double font = 11.0;
    const double left = 30.0 + y_label_width(y0, y1, 5, font) + 12.0;
    const double top = (opt.title.empty() ? 16.0 : 46.0) + 26.0;
    const double right = left + S, bottom = top + S;
    const double W = right + 24.0, H = bottom + 52.0;
    axis ax{x0, x1, left, right, false};
    axis ay{y0, y1, bottom, top, false};
    const auto classes = classes_of(frames);

    std::string start_label = "start", end_label = "end";
    if (!frames.empty()) {
        if (!frames.front().title.empty()) start_label += " (" + frames.front().title + ")";
        if (!frames.back().title.empty()) end_label += " (" + frames.back().title + ")";
    }

    doc d(W, H, opt.title);
    class_legend(d, classes, opt.class_names, W / 2.0, top - 14.0, start_label, end_label);
    x_ticks(d, ax, top, bottom, 5, true, font);
    y_ticks(d, ay, left, right, 5, true, font);
    d.rect(left, top, S, S, "none", "stroke=\"#333\" stroke-width=\"1\"");
    d.text((left + right) / 2.0, H - 12.0, opt.x_label, "middle", 13.0);
    d.text(16.0, (top + bottom) / 2.0, opt.y_label, "middle", 13.0,
           "transform=\"rotate(-90 16 " + num((top + bottom) / 2.0) + ")\"");

    std::size_t npts = 0;
    for (const auto& f : frames) npts = std::max(npts, f.points.size());
    d.raw("<defs><clipPath id=\"plot-area\"><rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" +
          num(S) + "\" height=\"" + num(S) + "\"/></clipPath></defs>\n");

    struct end_mark {
        double x, y;
        int cls;
        std::string label;
        std::size_t index;
    };
    std::vector<end_mark> ends;
    d.raw("<g clip-path=\"url(#plot-area)\">\n");
    for (std::size_t i = 0; i < npts; ++i) {
        std::vector<point> seg;
        std::vector<std::vector<point>> segs;
        int cls = 0;
        std::string label;
        bool first_found = false;
        point first{}, last{};
        bool last_found = false;
        for (const auto& f : frames) {
            if (i >= f.points.size()) continue;
            const auto& p = f.points[i];
            cls = p.cls;
            if (!p.label.empty()) label = p.label;
            if (!finite(p.x, p.y)) {
                if (!seg.empty()) segs.push_back(std::move(seg));
                seg.clear();
                continue;
            }
            const point q{ax(p.x), ay(p.y)};
            if (!first_found) {
                first = q;
                first_found = true;
            }
            last = q;
            last_found = true;
            seg.push_back(q);
        }
        if (!seg.empty()) segs.push_back(std::move(seg));
        const std::string colour = category_colour(cls);
        for (const auto& sg : segs) {
            if (sg.size() >= 2) {
                std::string m = "<polyline fill=\"none\" stroke=\"" + colour +
                                "\" stroke-width=\"1.8\" stroke-opacity=\"0.8\" stroke-linejoin=\"round\" points=\"";
                for (std::size_t k = 0; k < sg.size(); ++k) {
                    if (k) m += ' ';
                    m += num(sg[k].x) + ',' + num(sg[k].y);
                }
                m += "\"/>\n";
                d.raw(m);
            }
            std::string dots = "<g fill=\"" + colour + "\" fill-opacity=\"0.7\">";
            for (std::size_t k = 0; k < sg.size(); ++k)
                dots += "<circle cx=\"" + num(sg[k].x) + "\" cy=\"" + num(sg[k].y) + "\" r=\"1.8\"/>";
            dots += "</g>\n";
            d.raw(dots);
        }
        if (first_found)
            d.raw("<circle cx=\"" + num(first.x) + "\" cy=\"" + num(first.y) +
                  "\" r=\"3.5\" fill=\"#ffffff\" stroke=\"" + colour + "\" stroke-width=\"1.5\"/>\n");
        if (last_found) ends.push_back({last.x, last.y, cls, label, i});
    }
    for (const auto& e : ends) d.marker(e.cls, e.x, e.y, 6.0, category_colour(e.cls), "#222222", 1.2);
    d.raw("</g>\n");
    if (opt.show_labels)
        for (const auto& e : ends) {
            if (e.label.empty()) continue;
            double dx = 0, dy = 0;
            const char* anchor = "start";
            label_offset(e.index, 6.0, dx, dy, anchor);
            const double tw = text_width(e.label, 11.0);
            if (anchor[0] == 's' && e.x + dx + tw > right) {
                dx = -dx;
                anchor = "end";
            } else if (anchor[0] == 'e' && e.x + dx - tw < left) {
                dx = -dx;
                anchor = "start";
            }
            if (e.y + dy - 10.0 < top) dy = 6.0 + 10.0;
            if (e.y + dy > bottom) dy = -6.0 - 1.0;
            d.halo_text(e.x + dx, e.y + dy, e.label, anchor, 11.0);
        }
    return d.finish();
}

/// Write `svg` to `path`; returns false if the file cannot be opened or written (never throws).
inline bool write_file(const std::string& path, const std::string& svg) {
    if (path.empty()) return false;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(svg.data(), static_cast<std::streamsize>(svg.size()));
    out.close();
    return !out.fail();
}

}  // namespace ctmlp::host::svg

#endif  // CTMLP_HOST_SVG_HPP
