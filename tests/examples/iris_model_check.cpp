// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The network examples/iris.cpp trained at run time and exported as a header (iris_model.hpp,
// generated in the build tree by `iris <curve.csv> iris_model.hpp`), used as a constant: its test
// accuracy is computed by the compiler and checked by static_assert. Compiling is passing.
#include <array>
#include <cstddef>
#include <cstdint>

#include <ctmlp/classify.hpp>

#include "data/iris.hpp"
#include "iris_model.hpp"

namespace {

namespace iris = ctmlp_data::iris;
using net_type = iris_model::network_type;

// The test part, standardised exactly as iris.cpp does it.
constexpr auto test_x = [] {
    std::array<net_type::input_array, iris::test_indices.size()> x{};
    for (std::size_t n = 0; n < x.size(); ++n)
        for (std::size_t f = 0; f < iris::feature_count; ++f)
            x[n][f] = (iris::features[iris::test_indices[n]][f] - iris::train_mean[f]) / iris::train_std[f];
    return x;
}();
constexpr auto test_labels = [] {
    std::array<std::uint8_t, iris::test_indices.size()> y{};
    for (std::size_t n = 0; n < y.size(); ++n) y[n] = iris::labels[iris::test_indices[n]];
    return y;
}();

constexpr auto matrix = ctmlp::confusion(iris_model::network, test_x, test_labels);
static_assert(matrix.total() == 45);
static_assert(matrix.correct() * 100 >= 96 * matrix.total(),
              "the exported Iris network classifies fewer than 96% of the test flowers correctly");

}  // namespace

/// The count, as a symbol (the object file is the test).
extern const std::size_t ctmlp_iris_model_correct = matrix.correct();
