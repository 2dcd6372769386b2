// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// What the classification examples (iris.cpp, digits.cpp) do alike around their training recipe:
// the train/validation/test parts built from a generated data header, the per-epoch progress line
// and loss-curve CSV, and the report after training. The recipe itself (network, initialisation,
// optimizer, fit_options) stays in each example.
#ifndef CTMLP_EXAMPLES_CLASSIFICATION_COMMON_HPP
#define CTMLP_EXAMPLES_CLASSIFICATION_COMMON_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>

#include <unistd.h>  // isatty: one updating progress line on a terminal, plain lines otherwise

#include <ctmlp/classify.hpp>
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/optimizer.hpp>

namespace classification {

/// One part of a data set (train, validation or test), ready for the network `Net`.
template <class Net>
struct part {
    std::vector<typename Net::input_array> x;   // the inputs, scaled by the example
    std::vector<typename Net::output_array> y;  // one-hot targets, what training follows
    std::vector<std::uint8_t> label;            // class indices, what accuracy compares with
};

/// The samples `indices` of a data header: `input(n)` gives sample n's network input (the
/// example's scaling), `labels[n]` its class.
template <class Net, std::size_t N, class Labels, class Input>
part<Net> make_part(const std::array<std::uint16_t, N>& indices, const Labels& labels, Input input) {
    part<Net> p;
    p.x.reserve(N);
    p.y.reserve(N);
    p.label.reserve(N);
    for (const std::size_t n : indices) {
        typename Net::output_array y{};
        y[labels[n]] = 1.0f;
        p.x.push_back(input(n));
        p.y.push_back(y);
        p.label.push_back(labels[n]);
    }
    return p;
}

/// Opens the loss-curve CSV at `path` and writes its header row; on failure says so on stderr
/// (prefixed with `program`) and returns nullptr.
inline std::FILE* open_curve(const char* program, const char* path) {
    std::FILE* csv = std::fopen(path, "w");
    if (csv == nullptr) {
        std::fprintf(stderr, "%s: cannot write %s\n", program, path);
        return nullptr;
    }
    std::fprintf(csv, "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_accuracy\n");
    return csv;
}

/// Training observer: prints each epoch (on one updating line on a terminal) and writes one CSV
/// row per epoch, with the test part's accuracy (reported only, never used by training).
template <class Net>
struct progress {
    const part<Net>& test;
    std::FILE* csv;
    bool tty = isatty(fileno(stdout)) != 0;

    void on_epoch(const ctmlp::epoch_event<Net>& e) const {
        const double test_accuracy = ctmlp::accuracy::of(e.net, std::span{test.x}, std::span{test.label});
        std::fprintf(csv, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g\n", e.epoch + 1, static_cast<double>(e.loss),
                     static_cast<double>(e.metric), static_cast<double>(e.validation_loss),
                     static_cast<double>(e.validation_metric), test_accuracy);
        std::printf("%sepoch %3zu  train loss %.4f  train accuracy %5.1f%%  validation accuracy %5.1f%%%s",
                    tty ? "\r" : "", e.epoch + 1, static_cast<double>(e.loss), 100.0 * static_cast<double>(e.metric),
                    100.0 * static_cast<double>(e.validation_metric), tty ? "" : "\n");
        std::fflush(stdout);
    }
};

/// Ends the progress output and reports how training ended; false when it failed.
template <class Result>
bool report_training(const Result& result) {
    std::printf("\n");
    if (!result) {
        std::printf("training failed in epoch %zu at sample %zu\n", result.failed_epoch + 1, result.failed_sample);
        return false;
    }
    // With early stopping the network holds the best epoch's weights; otherwise the last epoch's.
    const std::size_t final_epoch =
        result.status == ctmlp::train_status::early_stopped ? result.best_epoch + 1 : result.epochs_completed;
    std::printf("epochs run: %zu; the network holds the weights of epoch %zu\n", result.epochs_completed, final_epoch);
    return true;
}

/// Prints the test part's accuracy and returns its confusion matrix (m(true, predicted)) for the
/// example to print with its class names.
template <class Net>
auto test_confusion(const Net& net, const part<Net>& test) {
    const auto m = ctmlp::confusion(net, std::span{test.x}, std::span{test.label});
    std::printf("test accuracy: %.1f%% (%zu of %zu)\n", 100.0 * m.accuracy(), m.correct(), m.total());
    return m;
}

}  // namespace classification

#endif  // CTMLP_EXAMPLES_CLASSIFICATION_COMMON_HPP
