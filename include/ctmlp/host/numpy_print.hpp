// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_HOST_NUMPY_PRINT_HPP
#define CTMLP_HOST_NUMPY_PRINT_HPP

// Host only: formats numbers and arrays the way NumPy and Python print them, so that a ctmlp
// program's output can be read side by side with a notebook's.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace ctmlp::host {

/// Python's `str(x)` / `repr(x)` of a float: the shortest decimal that reads back as the same
/// double, fixed notation for 1e-4 <= |x| < 1e16 (with ".0" when integral), else scientific
/// (`1e-05`, `1.5e+16`).
inline std::string python_repr(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
    char buf[64];
    const double ax = std::fabs(x);
    if (x == 0.0 || (ax >= 1e-4 && ax < 1e16)) {
        auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
        std::string s(buf, r.ptr);
        if (s.find('.') == std::string::npos) s += ".0";
        return s;
    }
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    return std::string(buf, r.ptr);  // to_chars writes at least two exponent digits, like Python
}

namespace detail {
// One element in NumPy's default `floatmode='maxprec'`, precision 8: at most 8 fraction digits,
// trailing zeros dropped ("0.", "1.5", "0.40768703").
inline std::string numpy_element(double x) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 8);
    std::string s(buf, r.ptr);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (s == "-0.") s = "0.";  // NumPy prints -0. for negative zero; relu here yields +0
    return s;
}
}  // namespace detail

/// A 2-D array of doubles as NumPy prints it with default options (precision 8, 'maxprec'):
/// fraction digits padded with spaces to the longest in the array, integer parts right-aligned.
inline std::string numpy_format(std::span<const double> values, std::size_t rows, std::size_t cols) {
    std::vector<std::string> cells;
    std::size_t int_w = 0, frac_w = 0;
    for (double v : values) {
        cells.push_back(detail::numpy_element(v));
        const auto dot = cells.back().find('.');
        int_w = std::max(int_w, dot);
        frac_w = std::max(frac_w, cells.back().size() - dot - 1);
    }
    std::string out = "[";
    for (std::size_t r = 0; r < rows; ++r) {
        if (r) out += "\n ";
        out += "[";
        for (std::size_t c = 0; c < cols; ++c) {
            const std::string& s = cells[r * cols + c];
            const auto dot = s.find('.');
            if (c) out += " ";
            out += std::string(int_w - dot, ' ') + s + std::string(frac_w - (s.size() - dot - 1), ' ');
        }
        out += "]";
    }
    return out + "]";
}

/// A 2-D array of integers as NumPy prints it (`[[0 1]]`).
inline std::string numpy_format_int(std::span<const long long> values, std::size_t rows, std::size_t cols) {
    std::size_t w = 0;
    for (long long v : values) w = std::max(w, std::to_string(v).size());
    std::string out = "[";
    for (std::size_t r = 0; r < rows; ++r) {
        if (r) out += "\n ";
        out += "[";
        for (std::size_t c = 0; c < cols; ++c) {
            const std::string s = std::to_string(values[r * cols + c]);
            if (c) out += " ";
            out += std::string(w - s.size(), ' ') + s;
        }
        out += "]";
    }
    return out + "]";
}

/// A row vector (1 × N) of any scalar convertible to double, NumPy style: `[[a b c]]`.
template <class S, std::size_t N>
std::string numpy_row(const std::array<S, N>& a) {
    std::array<double, N> d{};
    for (std::size_t i = 0; i < N; ++i) d[i] = static_cast<double>(a[i]);
    return numpy_format(d, 1, N);
}

}  // namespace ctmlp::host

#endif
