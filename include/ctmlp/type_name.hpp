// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_TYPE_NAME_HPP
#define CTMLP_TYPE_NAME_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <ctmlp/activation.hpp>
#include <ctmlp/layer.hpp>
#include <ctmlp/network.hpp>

/// The C++ spelling of a network type, built by the compiler:
///   ctmlp::type_name<ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>>>()
///     == "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>>"
/// It is what a generated header (ctmlp::host::write_header, tools/ctmlp_format.py) writes, so a
/// firmware can `static_assert` that a header holds the type it expects, or print it. No heap: the
/// result is a fixed-capacity character array sized in constant evaluation.
namespace ctmlp {

/// At most N characters and a terminating NUL, built in constant evaluation.
template <std::size_t N>
struct fixed_string {
    std::array<char, N + 1> chars{};
    std::size_t length = 0;

    constexpr std::string_view view() const noexcept { return {chars.data(), length}; }
    constexpr const char* c_str() const noexcept { return chars.data(); }
    constexpr std::size_t size() const noexcept { return length; }
    friend constexpr bool operator==(const fixed_string& a, std::string_view b) noexcept { return a.view() == b; }
};

namespace detail {

template <class T>
inline constexpr bool no_spelling = false;

// Two passes over the same spelling code: one counts the characters, one writes them.
struct spelling_counter {
    std::size_t n = 0;
    constexpr void put(std::string_view s) noexcept { n += s.size(); }
};
template <std::size_t N>
struct spelling_writer {
    fixed_string<N>& out;
    constexpr void put(std::string_view s) noexcept {
        for (const char c : s) out.chars[out.length++] = c;
    }
};

template <class W>
constexpr void put_decimal(W& w, std::uintmax_t v) noexcept {
    char digits[24]{};
    std::size_t n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    char in_order[24]{};
    for (std::size_t i = 0; i < n; ++i) in_order[i] = digits[n - 1 - i];
    w.put(std::string_view(in_order, n));
}

/// The spelling of an activation. A type without one (a user-defined activation) stops here;
/// the compiler names it in the instantiation notes.
template <class A>
struct activation_spelling {
    static_assert(no_spelling<A>,
                  "ctmlp::type_name / ctmlp::host export: this activation has no spelling (see the type in "
                  "activation_spelling<...>); only ctmlp::identity, relu, leaky_relu<Num, Den>, sigmoid, tanh and "
                  "softmax can be exported. Export a network that uses those, or write its header by hand.");
    template <class W>
    static constexpr void write(W&) noexcept {}
};
template <>
struct activation_spelling<ctmlp::identity> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put("ctmlp::identity");
    }
};
template <>
struct activation_spelling<ctmlp::relu> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put("ctmlp::relu");
    }
};
template <std::intmax_t Num, std::intmax_t Den>
struct activation_spelling<ctmlp::leaky_relu<Num, Den>> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put("ctmlp::leaky_relu<");
        put_decimal(w, static_cast<std::uintmax_t>(Num));  // 0 < Num < Den (leaky_relu checks)
        w.put(", ");
        put_decimal(w, static_cast<std::uintmax_t>(Den));
        w.put(">");
    }
};
template <class Math>
struct activation_spelling<ctmlp::basic_sigmoid<Math>> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put(Math::spelling);  // "ctmlp::", "ctmlp::portable::" or "ctmlp::fast::": the alias of that policy
        w.put("sigmoid");
    }
};
template <class Math>
struct activation_spelling<ctmlp::basic_tanh<Math>> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put(Math::spelling);  // "ctmlp::", "ctmlp::portable::" or "ctmlp::fast::": the alias of that policy
        w.put("tanh");
    }
};
template <class Math>
struct activation_spelling<ctmlp::basic_softmax<Math>> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put(Math::spelling);  // "ctmlp::", "ctmlp::portable::" or "ctmlp::fast::": the alias of that policy
        w.put("softmax");
    }
};

template <class S>
struct scalar_name {
    static_assert(no_spelling<S>,
                  "ctmlp::type_name / ctmlp::host export: only float and double networks have a spelling (a "
                  "fixed-point network: export the float one and ctmlp::quantize it where it is used)");
    static constexpr std::string_view name{};
};
template <>
struct scalar_name<float> {
    static constexpr std::string_view name = "float";
};
template <>
struct scalar_name<double> {
    static constexpr std::string_view name = "double";
};

template <class T>
struct type_spelling {
    static_assert(no_spelling<T>, "ctmlp::type_name<T>: T must be a ctmlp::network<...>");
    template <class W>
    static constexpr void write(W&) noexcept {}
};
template <class S, class I, class... L>
struct type_spelling<ctmlp::network<S, I, L...>> {
    template <class W>
    static constexpr void write(W& w) noexcept {
        w.put("ctmlp::network<");
        w.put(scalar_name<S>::name);
        w.put(", ctmlp::input<");
        put_decimal(w, I::size);
        w.put(">");
        (write_dense<L>(w), ...);
        w.put(">");
    }
    template <class D, class W>
    static constexpr void write_dense(W& w) noexcept {
        w.put(", ctmlp::dense<");
        put_decimal(w, D::size);
        w.put(", ");
        activation_spelling<typename D::activation>::write(w);
        if (!D::has_bias) w.put(", ctmlp::no_bias");
        w.put(">");
    }
};

}  // namespace detail

/// The C++ spelling of a network type (see the top of this header), as a `fixed_string`.
/// A user-defined activation or a scalar other than float/double is a compile error.
template <class Net>
constexpr auto type_name() noexcept {
    constexpr std::size_t n = [] {
        detail::spelling_counter length_counter;
        detail::type_spelling<Net>::write(length_counter);
        return length_counter.n;
    }();
    fixed_string<n> s;
    detail::spelling_writer<n> w{s};
    detail::type_spelling<Net>::write(w);
    return s;
}

}  // namespace ctmlp

#endif
