// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_CLASSIFY_HPP
#define CTMLP_CLASSIFY_HPP

#include <array>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <type_traits>

#include <ctmlp/network.hpp>
#include <ctmlp/scalar.hpp>

/// Classification helpers: which class an output stands for, the `accuracy` and `error_rate`
/// metrics, and confusion matrices over a data set. No heap; everything is constexpr.
///
/// An output of N ≥ 2 units (softmax, or one score per class) stands for the class of its largest
/// unit. A single output (a sigmoid) stands for class 1 when ŷ > 0.5, else class 0: two classes.
/// Targets are either of the network's output type (one-hot rows, or 0/1 for a single output) or
/// class indices (any integer type).
namespace ctmlp {

/// What `predicted_class` returns for an output that contains a NaN: no class.
inline constexpr std::size_t no_class = static_cast<std::size_t>(-1);

/// The index of the first largest element. A NaN compares as larger than everything, so the
/// first NaN wins (numpy.argmax's rule: a broken output does not pass for a confident one).
template <class S, std::size_t N>
constexpr std::size_t argmax(const std::array<S, N>& v) noexcept {
    static_assert(N > 0, "ctmlp::argmax: the array is empty");
    std::size_t best = 0;
    if (is_nan(v[0])) return 0;
    for (std::size_t i = 1; i < N; ++i) {
        if (is_nan(v[i])) return i;
        if (v[best] < v[i]) best = i;
    }
    return best;
}

/// The number of classes an output of N units distinguishes: N, or 2 for a single output.
template <std::size_t N>
inline constexpr std::size_t class_count = N == 1 ? 2 : N;

/// The class an output stands for: argmax for N ≥ 2, ŷ > 0.5 for one output; `no_class` when the
/// output contains a NaN (so that a broken network is never counted as right).
template <class S, std::size_t N>
constexpr std::size_t predicted_class(const std::array<S, N>& yhat) noexcept {
    for (std::size_t o = 0; o < N; ++o)
        if (is_nan(yhat[o])) return no_class;
    if constexpr (N == 1)
        return yhat[0] > S(0.5) ? std::size_t{1} : std::size_t{0};
    else
        return argmax(yhat);
}

/// The class a target stands for: a class index as it is (a negative one becomes `no_class`), a
/// one-hot row its argmax, a single 0/1 target y > 0.5.
template <class T>
constexpr std::size_t target_class(const T& y) noexcept {
    if constexpr (std::is_integral_v<T>) {
        if constexpr (std::is_signed_v<T>)
            if (y < T(0)) return no_class;
        return static_cast<std::size_t>(y);
    } else {
        return predicted_class(y);
    }
}

/// Counts of (true class, predicted class) pairs over a data set; `counts[truth][predicted]`.
template <std::size_t Classes>
struct confusion_matrix {
    static_assert(Classes >= 2, "ctmlp::confusion_matrix<Classes>: a classifier has at least two classes");
    static constexpr std::size_t classes = Classes;

    std::array<std::array<std::size_t, Classes>, Classes> counts{};
    /// Samples whose true or predicted class was not a class (a NaN output, a label ≥ Classes):
    /// they count in total() and as errors, in no cell.
    std::size_t rejected = 0;

    /// Counts one sample; false (and counted in `rejected`) when either index is not a class.
    constexpr bool add(std::size_t truth, std::size_t predicted) noexcept {
        if (truth >= Classes || predicted >= Classes) {
            ++rejected;
            return false;
        }
        ++counts[truth][predicted];
        return true;
    }
    /// The count of samples of class `truth` predicted as `predicted`; 0 for a class ≥ Classes.
    constexpr std::size_t operator()(std::size_t truth, std::size_t predicted) const noexcept {
        if (truth >= Classes || predicted >= Classes) return 0;  // add() rejects such pairs
        return counts[truth][predicted];
    }
    /// Every sample added, rejected ones included.
    constexpr std::size_t total() const noexcept {
        std::size_t n = rejected;
        for (const auto& row : counts)
            for (std::size_t c : row) n += c;
        return n;
    }
    /// The samples on the diagonal.
    constexpr std::size_t correct() const noexcept {
        std::size_t n = 0;
        for (std::size_t c = 0; c < Classes; ++c) n += counts[c][c];
        return n;
    }
    /// correct() / total(); 0 for an empty matrix.
    constexpr double accuracy() const noexcept { return ratio(correct(), total()); }
    /// Of the samples of class c, the fraction predicted as c; 0 when there are none (or c ≥ Classes).
    constexpr double recall(std::size_t c) const noexcept {
        if (c >= Classes) return 0.0;
        std::size_t row = 0;
        for (std::size_t p = 0; p < Classes; ++p) row += counts[c][p];
        return ratio(counts[c][c], row);
    }
    /// Of the samples predicted as class c, the fraction that are c; 0 when there are none (or c ≥ Classes).
    constexpr double precision(std::size_t c) const noexcept {
        if (c >= Classes) return 0.0;
        std::size_t column = 0;
        for (std::size_t t = 0; t < Classes; ++t) column += counts[t][c];
        return ratio(counts[c][c], column);
    }

    friend constexpr bool operator==(const confusion_matrix&, const confusion_matrix&) = default;

private:
    static constexpr double ratio(std::size_t a, std::size_t b) noexcept {
        return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
    }
};

namespace detail {
template <class R>
using sample_type = std::remove_cvref_t<decltype(*std::data(std::declval<const R&>()))>;

template <class R>
concept contiguous_samples = requires(const R& r) {
    std::data(r);
    std::size(r);
};

// The compile-time length of a std::array or C array, 0 for anything else (a span, a vector).
template <class R>
constexpr std::size_t static_length() {
    if constexpr (std::is_array_v<R>)
        return std::extent_v<R>;
    else if constexpr (requires { std::tuple_size<R>::value; })
        return std::tuple_size<R>::value;
    else
        return 0;
}

template <class Net, class T>
inline constexpr bool is_target_type = std::is_same_v<T, typename Net::output_array> || std::is_integral_v<T>;
}  // namespace detail

/// The confusion matrix of `net` over a data set: `inputs` holds `Net::input_array` samples,
/// `targets` either `Net::output_array` rows (one-hot, or 0/1 for one output) or class indices,
/// each in a contiguous container (std::array, C array, std::span, std::vector, ...). Lengths
/// known at compile time must agree; otherwise only the common prefix is counted.
template <Network Net, detail::contiguous_samples Inputs, detail::contiguous_samples Targets>
constexpr confusion_matrix<class_count<Net::output_size>> confusion(const Net& net, const Inputs& inputs,
                                                                    const Targets& targets) noexcept {
    using x_type = detail::sample_type<Inputs>;
    using y_type = detail::sample_type<Targets>;
    static_assert(std::is_same_v<x_type, typename Net::input_array>,
                  "ctmlp::confusion: the inputs must be the network's input_array samples");
    static_assert(detail::is_target_type<Net, y_type>,
                  "ctmlp::confusion: the targets must be the network's output_array rows or integer class indices");
    constexpr std::size_t nx = detail::static_length<Inputs>();
    constexpr std::size_t ny = detail::static_length<Targets>();
    static_assert(nx == 0 || ny == 0 || nx == ny, "ctmlp::confusion: as many targets as inputs are needed");
    const std::size_t n = std::size(inputs) < std::size(targets) ? std::size(inputs) : std::size(targets);
    const x_type* xs = std::data(inputs);
    const y_type* ys = std::data(targets);
    confusion_matrix<class_count<Net::output_size>> m{};
    for (std::size_t s = 0; s < n; ++s) m.add(target_class(ys[s]), predicted_class(net.predict(xs[s])));
    return m;
}

/// Metric: 1 when the output's class (arg-max, or ŷ > 0.5 for one output) is the target's, else 0;
/// its mean over samples is the accuracy. `accuracy::of(net, inputs, targets)` is that mean over a
/// data set (confusion(...).accuracy()).
struct accuracy {
    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        const std::size_t c = predicted_class(yhat);
        return c != no_class && c == predicted_class(y) ? S(1.0) : S(0.0);
    }
    template <Network Net, class Inputs, class Targets>
    static constexpr double of(const Net& net, const Inputs& inputs, const Targets& targets) noexcept {
        return confusion(net, inputs, targets).accuracy();
    }
};

/// Metric: 1 − accuracy (1 for a wrong or NaN output). `error_rate::of(net, inputs, targets)` over a
/// data set.
struct error_rate {
    template <class S, std::size_t N>
    static constexpr S value(const std::array<S, N>& yhat, const std::array<S, N>& y) noexcept {
        return S(1.0) - accuracy::value(yhat, y);
    }
    template <Network Net, class Inputs, class Targets>
    static constexpr double of(const Net& net, const Inputs& inputs, const Targets& targets) noexcept {
        const auto m = confusion(net, inputs, targets);
        return m.total() == 0 ? 0.0 : 1.0 - m.accuracy();
    }
};

}  // namespace ctmlp

#endif
