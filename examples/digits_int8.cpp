// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The PyTorch-trained digits classifier (64-32-10, relu/identity; examples/import/) quantised to
// int8 in the TensorFlow Lite Micro / CMSIS-NN convention by ctmlp::int8 (docs/firmware.md,
// "int8 networks"), on the host. It classifies the 540 test images with the float network and with
// the int8 one and prints
//   - the test accuracy of both and the points lost (target: at most 1),
//   - the flash the parameters take, float vs int8 (target: at most 0.3x),
//   - the CRC-32 of all 5,400 int8 outputs (540 images x 10 logits, in order),
// and checks both targets: "digits_int8: PASS" / "FAIL" (exit status 1). The outputs themselves
// are checked against tests/fixtures/digits_int8_outputs.txt, which tests/fixtures/
// digits_int8_make.py computes without C++ (tests/int8/reference.py, scikit-learn's split, zlib).
//
//   digits_int8                      the report and the two targets
//   digits_int8 --outputs            every int8 output, in the format of tests/fixtures/digits_int8_outputs.txt
//   digits_int8 --check FILE         compares the outputs with FILE line by line, '#' lines skipped (PASS/FAIL)
//   --limits POINTS RATIO            other targets (to see the check fail)
//   --break-weight                   negates one int8 weight of the hidden layer before classifying
//   --perturb-fixture                with --check: adds 1 to the first expected output read
//
// Quantisation: by the compiler (the constexpr network the firmware examples/firmware/digits_int8.cpp
// runs; calibrated in chunks of 64 images, one constexpr variable each, within the default
// constexpr budgets of GCC and clang) AND at start-up, and the two must be equal.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "digits_int8.hpp"

namespace {

using namespace digits_int8;

/// The flash bytes of the int8 parameters, part by part (from the layer types).
struct int8_bytes {
    std::size_t weights = 0, biases = 0, multipliers = 0, shifts = 0, zero_points_and_clamps = 0, tables = 0;
    constexpr std::size_t total() const {
        return weights + biases + multipliers + shifts + zero_points_and_clamps + tables;
    }
};
constexpr int8_bytes count_int8_bytes() {
    int8_bytes b;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                using p = int8_network::parameters_of<K + 1>;
                b.weights += p::inputs * p::outputs;
                b.biases += p::has_bias ? sizeof(std::int32_t) * p::outputs : 0;
                b.multipliers += sizeof(std::int32_t) * p::channels;
                b.shifts += sizeof(std::int8_t) * p::channels;
                b.zero_points_and_clamps += 4;
                b.tables += p::has_lut ? 256 : 0;
            }(),
            ...);
    }
    (std::make_index_sequence<int8_network::depth>{});
    return b;
}
inline constexpr int8_bytes int8_flash = count_int8_bytes();
// The library's own count of what predict() reads must be the same bytes.
static_assert(int8_flash.total() == int8_network::parameter_bytes);
inline constexpr std::size_t float_flash = sizeof(float_network);
static_assert(float_flash == float_network::parameter_count * sizeof(float));

struct results {
    std::string outputs;  // the fixture's text
    unsigned float_correct = 0;
    unsigned int8_correct = 0;
    unsigned agree = 0;  // images where int8 and float predict the same class
    std::uint32_t crc = 0;
};

results classify(const int8_network& net) {
    results r;
    const auto table = pixel_table(net);
    std::uint32_t crc = ctmlp::detail::crc32_init;
    char line[128];
    for (std::size_t s = 0; s < test::count; ++s) {
        const auto y = net.predict(int8_input(table, test::pixels[s].data()));
        crc = crc_update(crc, y);
        const std::size_t c = argmax(y);
        const std::size_t cf = argmax(digits_torch::network.predict(float_input(test::pixels[s])));
        r.int8_correct += c == test::labels[s] ? 1u : 0u;
        r.float_correct += cf == test::labels[s] ? 1u : 0u;
        r.agree += c == cf ? 1u : 0u;
        int n = std::snprintf(line, sizeof line, "%zu:", s);
        for (const std::int8_t v : y) n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " %d", v);
        std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " -> %zu\n", c);
        r.outputs += line;
    }
    r.crc = ctmlp::detail::crc32_final(crc);
    std::snprintf(line, sizeof line, "int8 correct: %u/%zu\ncrc32: 0x%08x\n", r.int8_correct, test::count,
                  static_cast<unsigned>(r.crc));
    r.outputs += line;
    return r;
}

/// The lines of `text` that are not comments.
std::string without_comments(const std::string& text) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') out += line + "\n";
    return out;
}

/// Compares the outputs with the fixture; prints the first difference.
bool matches_fixture(const std::string& actual, const char* path, bool perturb) {
    std::ifstream f(path);
    if (!f) {
        std::printf("digits_int8: cannot read %s\n", path);
        return false;
    }
    std::stringstream buffer;
    buffer << f.rdbuf();
    std::string expected = without_comments(buffer.str());
    if (perturb) {  // the first output of sample 0, plus one
        const std::size_t colon = expected.find(':');
        const std::size_t end = expected.find(' ', colon + 2);
        const long v = std::strtol(expected.c_str() + colon + 2, nullptr, 10);
        expected.replace(colon + 2, end - colon - 2, std::to_string(v + 1));
    }
    std::istringstream a(actual), e(expected);
    std::string la, le;
    for (std::size_t n = 1;; ++n) {
        const bool more_a = static_cast<bool>(std::getline(a, la));
        const bool more_e = static_cast<bool>(std::getline(e, le));
        if (!more_a && !more_e) return true;
        if (!more_a || !more_e || la != le) {
            std::printf("digits_int8: output line %zu differs from %s:\n  computed: %s\n  expected: %s\n", n, path,
                        more_a ? la.c_str() : "(end)", more_e ? le.c_str() : "(end)");
            return false;
        }
    }
}

double percent(unsigned correct) { return 100.0 * correct / static_cast<double>(test::count); }

}  // namespace

int main(int argc, char** argv) {
    bool print_outputs = false, break_weight = false, perturb = false;
    const char* fixture = nullptr;
    double max_points_lost = 1.0, max_ratio = 0.3;
    for (int k = 1; k < argc; ++k) {
        if (!std::strcmp(argv[k], "--outputs"))
            print_outputs = true;
        else if (!std::strcmp(argv[k], "--check") && k + 1 < argc)
            fixture = argv[++k];
        else if (!std::strcmp(argv[k], "--limits") && k + 2 < argc) {
            max_points_lost = std::atof(argv[++k]);
            max_ratio = std::atof(argv[++k]);
        } else if (!std::strcmp(argv[k], "--break-weight"))
            break_weight = true;
        else if (!std::strcmp(argv[k], "--perturb-fixture"))
            perturb = true;
        else {
            std::printf(
                "usage: digits_int8 [--outputs | --check FILE [--perturb-fixture]] [--limits POINTS RATIO] "
                "[--break-weight]\n");
            return 2;
        }
    }

    // Quantisation at start-up, compared with the compiler's.
    const auto q = digits_int8::run_time_quantization();
    if (!q.succeeded()) {
        std::printf("digits_int8: quantisation failed (status %d, layer %zu, index %zu)\nFAIL\n",
                    static_cast<int>(q.status), q.layer, q.index);
        return 1;
    }
    int8_network net = q.net;
    const bool same_as_compiler = compile_time_quantization.net == net;
    if (break_weight) {
        auto& w = net.layer<1>().weights[5 * 64 + 36];  // unit 5, pixel (4, 4): the middle of the image
        w = static_cast<std::int8_t>(w == 0 ? 64 : -w);
    }
    const results r = classify(net);

    if (print_outputs) {
        std::printf(
            "# examples/digits_int8.cpp --outputs (calibration: the first %zu images of torch's training split)\n%s",
            calibration_size, r.outputs.c_str());
        return 0;
    }
    if (fixture) {
        const bool ok = matches_fixture(r.outputs, fixture, perturb);
        std::printf("digits_int8: 5400 int8 outputs, crc32 0x%08x: %s\n", static_cast<unsigned>(r.crc),
                    ok ? "PASS (equal to the fixture)" : "FAIL");
        return ok ? 0 : 1;
    }

    const double lost = percent(r.float_correct) - percent(r.int8_correct);
    const double ratio = static_cast<double>(int8_network::parameter_bytes) / static_cast<double>(float_flash);
    std::printf(
        "digits_int8: the 64-32-10 relu/identity network of examples/import/digits_torch_model.hpp in int8\n"
        "  (ctmlp::int8, per-channel weight scales)\n");
    std::printf("calibration: the first %zu of torch's %zu training images (none of the %zu test images)\n",
                calibration_size, train_count, test::count);
    std::printf("quantised: by the compiler (constexpr, %zu chunks of calibration) and at start-up: %s\n",
                calibration_chunks, same_as_compiler ? "identical" : "DIFFERENT");
    std::printf("input: scale %.9g zero point %d; output logits: scale %.9g zero point %d\n",
                static_cast<double>(net.input_scale()), static_cast<int>(net.input_zero_point()),
                static_cast<double>(net.output_scale()), static_cast<int>(net.output_zero_point()));
    std::printf("test accuracy: float %u/%zu = %.2f%%, int8 %u/%zu = %.2f%%: %.2f points lost (target <= %g)\n",
                r.float_correct, test::count, percent(r.float_correct), r.int8_correct, test::count,
                percent(r.int8_correct), lost, max_points_lost);
    std::printf("int8 and float predict the same class for %u of %zu images\n", r.agree, test::count);
    std::printf("weight flash: float %zu B (%zu floats), int8 %zu B = %.3fx (target <= %g)\n", float_flash,
                float_network::parameter_count, int8_network::parameter_bytes, ratio, max_ratio);
    std::printf(
        "  int8: weights %zu, biases %zu, multipliers %zu, shifts %zu, zero points and clamps %zu, "
        "tables %zu; sizeof(ctmlp::int8::network) %zu B\n",
        int8_flash.weights, int8_flash.biases, int8_flash.multipliers, int8_flash.shifts,
        int8_flash.zero_points_and_clamps, int8_flash.tables, sizeof(int8_network));
    std::printf("crc32 of the 5400 int8 outputs: 0x%08x\n", static_cast<unsigned>(r.crc));
    const bool pass = lost <= max_points_lost && ratio <= max_ratio && same_as_compiler;
    std::printf("digits_int8: %s\n", pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
}
