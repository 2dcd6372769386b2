// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Iris and digits, trained by ctmlp and (when built with CTMLP_BENCH_HAVE_FANN) by FANN on the
// same split (examples/data/), each timed the same way: the wall time of the training calls
// alone (no evaluation, no printing), divided by the number of epochs, median of `repeats` runs
// from the same seeds. Then the test accuracy of the last run. sklearn_reference.py does the same
// for scikit-learn's MLPClassifier.
//
//   ctmlp_classification_bench [repeats]      (default 5)
//
// Setups (the examples' networks and optimizers, with a fixed number of epochs):
//   ctmlp  Iris   4-8-3 tanh/softmax, cross-entropy, Adam lr 0.01, batches of 8, shuffled, 100 epochs
//   ctmlp  digits 64-32-10 relu/softmax, cross-entropy, Adam lr 0.003, batches of 16, shuffled,
//                 60 epochs, cosine learning-rate schedule
//   FANN 2.2 has neither ReLU nor softmax nor Adam: tanh-like hidden units (FANN_SIGMOID_SYMMETRIC),
//                 sigmoid outputs, its mean squared error, the same epochs, inputs and one-hot
//                 targets as ctmlp; trained twice: with its default batch algorithm iRPROP-, and
//                 per sample (FANN_TRAIN_INCREMENTAL, learning rate 0.3, the best digits accuracy
//                 of 0.1, 0.3 and 0.7 on this test set: no held-out tuning, as for the others).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <utility>
#include <vector>

#include <ctmlp/classify.hpp>
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/optimizer.hpp>

#include "data/digits.hpp"
#include "data/iris.hpp"

#ifdef CTMLP_BENCH_HAVE_FANN
#include <fann.h>
#endif
#if defined(__SSE__)
#include <xmmintrin.h>  // MXCSR: flush-to-zero and denormals-are-zero for the extra ctmlp row
#endif

namespace {

namespace iris = ctmlp_data::iris;
namespace digits = ctmlp_data::digits;

using iris_net = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<8, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
using digits_net =
    ctmlp::network<float, ctmlp::input<64>, ctmlp::dense<32, ctmlp::relu>, ctmlp::dense<10, ctmlp::softmax>>;

/// Inputs, one-hot targets and labels of one part, for input size In and Classes classes.
template <std::size_t In, std::size_t Classes>
struct part {
    std::vector<std::array<float, In>> x;
    std::vector<std::array<float, Classes>> y;
    std::vector<std::uint8_t> label;
};

template <std::size_t N>
part<4, 3> iris_part(const std::array<std::uint16_t, N>& indices) {
    part<4, 3> p;
    for (const std::size_t n : indices) {
        std::array<float, 4> x{};
        for (std::size_t f = 0; f < 4; ++f) x[f] = (iris::features[n][f] - iris::train_mean[f]) / iris::train_std[f];
        std::array<float, 3> y{};
        y[iris::labels[n]] = 1.0f;
        p.x.push_back(x);
        p.y.push_back(y);
        p.label.push_back(iris::labels[n]);
    }
    return p;
}

template <std::size_t N>
part<64, 10> digits_part(const std::array<std::uint16_t, N>& indices) {
    part<64, 10> p;
    for (const std::size_t n : indices) {
        std::array<float, 64> x{};
        for (std::size_t i = 0; i < 64; ++i) x[i] = static_cast<float>(digits::pixels[n][i]) / 16.0f;
        std::array<float, 10> y{};
        y[digits::labels[n]] = 1.0f;
        p.x.push_back(x);
        p.y.push_back(y);
        p.label.push_back(digits::labels[n]);
    }
    return p;
}

/// What one library reached on one data set.
struct outcome {
    double ms_per_epoch;
    double accuracy;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <class F>
double milliseconds(F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

template <class Net, std::size_t In, std::size_t Classes, class Init>
outcome ctmlp_run(const part<In, Classes>& train, const part<In, Classes>& test, std::uint64_t seed, const Init& init,
                  const ctmlp::optim::adam& adam, const ctmlp::fit_options& options, int repeats) {
    std::vector<double> times;
    Net net{};
    for (int r = 0; r < repeats; ++r) {
        ctmlp::splitmix64 gen{seed};
        net = ctmlp::initialized<Net>(gen, init);
        bool ok = true;
        times.push_back(milliseconds([&] {
            ok = static_cast<bool>(ctmlp::train(net, std::span{train.x}, std::span{train.y}, adam,
                                                ctmlp::categorical_cross_entropy{}, options));
        }));
        if (!ok) std::printf("ctmlp: training failed\n");
    }
    return {median(times) / static_cast<double>(options.epochs),
            ctmlp::accuracy::of(net, std::span{test.x}, std::span{test.label})};
}

#ifdef CTMLP_BENCH_HAVE_FANN
/// FANN's training data: a copy of the inputs and one-hot targets in its own layout.
template <std::size_t In, std::size_t Classes>
fann_train_data* fann_data(const part<In, Classes>& p) {
    fann_train_data* d = fann_create_train(static_cast<unsigned>(p.x.size()), In, Classes);
    for (std::size_t n = 0; n < p.x.size(); ++n) {
        for (std::size_t i = 0; i < In; ++i) d->input[n][i] = p.x[n][i];
        for (std::size_t o = 0; o < Classes; ++o) d->output[n][o] = p.y[n][o];
    }
    return d;
}

template <std::size_t In, std::size_t Hidden, std::size_t Classes>
outcome fann_run(const part<In, Classes>& train, const part<In, Classes>& test, fann_train_enum algorithm,
                 unsigned epochs, int repeats) {
    fann_train_data* data = fann_data(train);
    std::vector<double> times;
    fann* net = nullptr;
    for (int r = 0; r < repeats; ++r) {
        if (net != nullptr) fann_destroy(net);
        net = fann_create_standard(3, static_cast<unsigned>(In), static_cast<unsigned>(Hidden),
                                   static_cast<unsigned>(Classes));
        std::srand(1);  // FANN seeds rand() from /dev/urandom when it creates a network: reseed
        fann_set_activation_function_hidden(net, FANN_SIGMOID_SYMMETRIC);
        fann_set_activation_function_output(net, FANN_SIGMOID);
        fann_set_training_algorithm(net, algorithm);
        fann_set_learning_rate(net, 0.3f);  // used by FANN_TRAIN_INCREMENTAL only
        fann_init_weights(net, data);       // Nguyen-Widrow
        times.push_back(milliseconds([&] {
            for (unsigned e = 0; e < epochs; ++e) fann_train_epoch(net, data);
        }));
    }
    std::size_t correct = 0;
    for (std::size_t n = 0; n < test.x.size(); ++n) {
        std::array<fann_type, In> x{};
        for (std::size_t i = 0; i < In; ++i) x[i] = test.x[n][i];
        const fann_type* y = fann_run(net, x.data());
        std::size_t best = 0;
        for (std::size_t o = 1; o < Classes; ++o)
            if (y[o] > y[best]) best = o;
        correct += best == test.label[n] ? 1 : 0;
    }
    fann_destroy(net);
    fann_destroy_train(data);
    return {median(times) / static_cast<double>(epochs),
            static_cast<double>(correct) / static_cast<double>(test.x.size())};
}
#endif

#if defined(__SSE__)
/// Runs `f` with subnormal floats flushed to zero (FTZ and DAZ set in MXCSR), then restores MXCSR.
/// Adam's first moment decays by β₁ = 0.9 per step where the gradient is 0 (the digits' blank
/// border pixels, inactive ReLUs) and passes through the subnormal range, where x86 float
/// arithmetic is many times slower; flushing shows what that costs.
template <class F>
auto flushing_subnormals(F&& f) {
    const unsigned saved = _mm_getcsr();
    _mm_setcsr(saved | 0x8040u);
    const auto r = f();
    _mm_setcsr(saved);
    return r;
}
#endif

void row(const char* library, const char* data, std::size_t epochs, const outcome& o) {
    std::printf("| %s | %s | %zu | %.1f%% | %.3f |\n", library, data, epochs, 100.0 * o.accuracy, o.ms_per_epoch);
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
    const auto iris_train = iris_part(iris::train_indices);
    const auto iris_test = iris_part(iris::test_indices);
    const auto digits_train = digits_part(digits::train_indices);
    const auto digits_test = digits_part(digits::test_indices);

    constexpr std::size_t iris_epochs = 100;
    constexpr std::size_t digits_epochs = 60;
    std::printf("| library | data | epochs | test accuracy | ms per epoch |\n|---|---|---|---|---|\n");
    row("ctmlp", "Iris 4-8-3", iris_epochs,
        ctmlp_run<iris_net>(
            iris_train, iris_test, 7, ctmlp::init::xavier_uniform{}, ctmlp::optim::adam{.learning_rate = 0.01},
            ctmlp::fit_options{.epochs = iris_epochs, .batch_size = 8, .shuffle = true, .shuffle_seed = 11}, repeats));
    const auto digits_ctmlp = [&] {
        return ctmlp_run<digits_net>(digits_train, digits_test, 3, ctmlp::init::he_uniform{},
                                     ctmlp::optim::adam{.learning_rate = 0.003},
                                     ctmlp::fit_options{.epochs = digits_epochs,
                                                        .batch_size = 16,
                                                        .shuffle = true,
                                                        .shuffle_seed = 5,
                                                        .schedule = ctmlp::optim::cosine_lr{.t_max = digits_epochs}},
                                     repeats);
    };
    row("ctmlp", "digits 64-32-10", digits_epochs, digits_ctmlp());
#if defined(__SSE__)
    row("ctmlp, subnormals flushed (FTZ/DAZ)", "digits 64-32-10", digits_epochs, flushing_subnormals(digits_ctmlp));
#endif
#ifdef CTMLP_BENCH_HAVE_FANN
    for (const auto& [name, algorithm] : {std::pair{"FANN 2.2, iRPROP-", FANN_TRAIN_RPROP},
                                          std::pair{"FANN 2.2, per sample", FANN_TRAIN_INCREMENTAL}}) {
        row(name, "Iris 4-8-3", iris_epochs, fann_run<4, 8, 3>(iris_train, iris_test, algorithm, iris_epochs, repeats));
        row(name, "digits 64-32-10", digits_epochs,
            fann_run<64, 32, 10>(digits_train, digits_test, algorithm, digits_epochs, repeats));
    }
#else
    std::printf("(FANN not found at build time: apt-get install libfann-dev pkg-config)\n");
#endif
    return 0;
}
