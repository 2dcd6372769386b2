// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Iris for training inside the compiler: the network, the data as constexpr arrays, one training
// stage and the test accuracy. Shared by iris_constexpr.cpp (every stage a constexpr variable,
// checked by static_assert) and iris_runtime.cpp (the same stages at run time, printed).
#ifndef CTMLP_TESTS_CONSTEXPR_IRIS_PROBLEM_HPP
#define CTMLP_TESTS_CONSTEXPR_IRIS_PROBLEM_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctmlp/classify.hpp>
#include <ctmlp/ctmlp.hpp>

#include "data/iris.hpp"

namespace iris_problem {

namespace data = ctmlp_data::iris;

/// 4 standardised measurements, 8 tanh units, a softmax over the 3 classes.
using net_type = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<8, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
/// What training follows (fused with the softmax: the output delta is ŷ − y).
using loss_type = ctmlp::categorical_cross_entropy;

inline constexpr std::uint64_t seed = 1;
inline constexpr double learning_rate = 0.05;
/// Epochs per constexpr variable. An epoch of these 90 samples costs about 218,000 of clang 14's
/// steps (default limit 1,048,576: 4 epochs fit) and 2.35 million of GCC 12's operations (limit
/// 33,554,432: 14 fit); one per stage leaves more than 4x headroom for other compiler versions
/// and for a costlier training loop.
inline constexpr std::size_t epochs_per_stage = 1;
/// Stages: 12 x 1 = 12 epochs (per-sample SGD reaches 45/45 test samples after 10).
inline constexpr std::size_t stages = 12;
/// The bar: 93% of the 45 test samples is 42 (41.85 rounded up).
inline constexpr std::size_t required_percent = 93;

/// Samples `indices` of the data set, each feature standardised with the train part's mean and
/// standard deviation.
template <std::size_t N>
constexpr std::array<net_type::input_array, N> inputs(const std::array<std::uint16_t, N>& indices) noexcept {
    std::array<net_type::input_array, N> x{};
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t f = 0; f < data::feature_count; ++f)
            x[n][f] = (data::features[indices[n]][f] - data::train_mean[f]) / data::train_std[f];
    return x;
}

/// One-hot targets of samples `indices`.
template <std::size_t N>
constexpr std::array<net_type::output_array, N> targets(const std::array<std::uint16_t, N>& indices) noexcept {
    std::array<net_type::output_array, N> y{};
    for (std::size_t n = 0; n < N; ++n) y[n][data::labels[indices[n]]] = 1.0f;
    return y;
}

inline constexpr auto train_x = inputs(data::train_indices);
inline constexpr auto train_y = targets(data::train_indices);
inline constexpr auto test_x = inputs(data::test_indices);
/// The test part's class indices.
inline constexpr auto test_labels = [] {
    std::array<std::uint8_t, data::test_indices.size()> y{};
    for (std::size_t n = 0; n < y.size(); ++n) y[n] = data::labels[data::test_indices[n]];
    return y;
}();

/// The untrained network: Xavier-uniform weights from splitmix64(seed), zero biases.
constexpr net_type initial() noexcept {
    ctmlp::splitmix64 gen{seed};
    return ctmlp::initialized<net_type>(gen, ctmlp::init::xavier_uniform{});
}

/// `net` after `epochs_per_stage` more epochs of per-sample SGD over the train part. A run that
/// meets a non-finite loss returns a zero network, which then fails the accuracy check.
constexpr net_type train_stage(net_type net) noexcept {
    const auto result = ctmlp::train(
        net, train_x, train_y, ctmlp::sgd{.learning_rate = learning_rate, .epochs = epochs_per_stage}, loss_type{});
    return result ? net : net_type{};
}

/// How many of the test part's samples `net` classifies correctly (arg-max of the softmax).
constexpr std::size_t test_correct(const net_type& net) noexcept {
    return ctmlp::confusion(net, test_x, test_labels).correct();
}

/// True when `correct` test samples reach `required_percent`.
constexpr bool meets_bar(std::size_t correct) noexcept { return correct * 100 >= required_percent * test_x.size(); }

}  // namespace iris_problem

#endif
