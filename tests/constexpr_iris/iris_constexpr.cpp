// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Iris trained by the compiler: compiling this file is passing (tests/classification.cmake builds
// it with GCC or clang, whichever the build uses). Training is chained through stages: each
// stage<K> is its own constexpr variable, so each is a separate constant evaluation with a fresh
// budget, and no flag raises a limit. iris_runtime.cpp runs the same stages at run time.
#include "iris_problem.hpp"

namespace {

using iris_problem::net_type;

// stage<0> is the initial network; stage<K> continues stage<K - 1> for epochs_per_stage epochs.
template <std::size_t K>
constexpr net_type stage = iris_problem::train_stage(stage<K - 1>);
template <>
constexpr net_type stage<0> = iris_problem::initial();

constexpr net_type trained = stage<iris_problem::stages>;
constexpr std::size_t correct = iris_problem::test_correct(trained);

static_assert(iris_problem::meets_bar(correct),
              "Iris trained at compile time classifies fewer than 93% of the test samples correctly");
// Training did something: the untrained network is worse.
static_assert(iris_problem::test_correct(stage<0>) < correct);

}  // namespace

/// The accuracy, also as a symbol (the object file is the test; nothing runs it).
extern const std::size_t ctmlp_iris_constexpr_correct = correct;
