// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Iris for training inside the compiler: the network, the data as constexpr arrays, one training
// stage and the test accuracy. Shared by iris_constexpr.cpp (every stage a constexpr variable,
// checked by static_assert) and iris_runtime.cpp (the same stages at run time, printed).
#ifndef CTMLP_TESTS_CONSTEXPR_IRIS_PROBLEM_HPP
#define CTMLP_TESTS_CONSTEXPR_IRIS_PROBLEM_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctmlp/ctmlp.hpp>

#include "data/iris.hpp"

namespace iris_problem {

namespace data = ctmlp_data::iris;

/// 4 standardised measurements, 8 tanh units, one sigmoid unit per class.
using net_type = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<8, ctmlp::tanh>, ctmlp::dense<3, ctmlp::sigmoid>>;
/// What training follows.
using loss_type = ctmlp::half_squared_error;

inline constexpr std::uint64_t seed = 1;
inline constexpr double learning_rate = 0.5;
/// Epochs per constexpr variable. clang 14's default budget (-fconstexpr-steps=1048576) holds 5
/// epochs of these 90 samples; 2 leave more than 2x headroom for other compiler versions.
inline constexpr std::size_t epochs_per_stage = 2;
/// Stages: 6 x 2 = 12 epochs (at run time 10 epochs reach 44/45 test samples, 12 stay there).
inline constexpr std::size_t stages = 6;
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

/// The untrained network: Xavier-uniform weights from splitmix64(seed), zero biases.
constexpr net_type initial() noexcept {
    ctmlp::splitmix64 gen{seed};
    return ctmlp::initialized<net_type>(gen, ctmlp::init::xavier_uniform{});
}

/// `net` after `epochs_per_stage` more epochs of per-sample SGD over the train part. A run that
/// meets a non-finite loss returns a zero network, which then fails the accuracy check.
constexpr net_type train_stage(net_type net) noexcept {
    const auto result = ctmlp::train(net, train_x, train_y,
                                     ctmlp::sgd{.learning_rate = learning_rate, .epochs = epochs_per_stage},
                                     loss_type{});
    return result ? net : net_type{};
}

/// The predicted class: the index of the largest output (the first one on a tie).
constexpr std::size_t predicted_class(const net_type& net, const net_type::input_array& x) noexcept {
    const auto y = net.predict(x);
    std::size_t best = 0;
    for (std::size_t c = 1; c < y.size(); ++c)
        if (y[c] > y[best]) best = c;
    return best;
}

/// How many of the test part's samples `net` classifies correctly.
constexpr std::size_t test_correct(const net_type& net) noexcept {
    std::size_t correct = 0;
    for (std::size_t n = 0; n < test_x.size(); ++n)
        correct += predicted_class(net, test_x[n]) == data::labels[data::test_indices[n]] ? 1 : 0;
    return correct;
}

/// True when `correct` test samples reach `required_percent`.
constexpr bool meets_bar(std::size_t correct) noexcept {
    return correct * 100 >= required_percent * test_x.size();
}

}  // namespace iris_problem

#endif
