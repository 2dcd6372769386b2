// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The run-time twin of iris_constexpr.cpp: the same stages, run by the program, so that a drop in
// accuracy shows as a failed test with the number printed, not only as a failed build.
// Prints `test accuracy: NN.N% (C/45)`; exit status 0 when it reaches the 93% bar.
#include <cstdio>

#include "iris_problem.hpp"

int main() {
    // Not constexpr on purpose: volatile keeps the compiler from folding the training.
    volatile std::size_t stages = iris_problem::stages;
    auto net = iris_problem::initial();
    const std::size_t before = iris_problem::test_correct(net);
    for (std::size_t k = 0; k < stages; ++k) net = iris_problem::train_stage(net);
    const std::size_t correct = iris_problem::test_correct(net);
    const std::size_t total = iris_problem::test_x.size();
    std::printf("untrained: %zu/%zu\n", before, total);
    std::printf("test accuracy: %.1f%% (%zu/%zu) after %zu epochs\n",
                100.0 * static_cast<double>(correct) / static_cast<double>(total), correct, total,
                static_cast<std::size_t>(stages) * iris_problem::epochs_per_stage);
    return iris_problem::meets_bar(correct) && before < correct ? 0 : 1;
}
