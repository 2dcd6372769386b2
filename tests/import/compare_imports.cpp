// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// End-to-end check of the PyTorch and ONNX importers: every case of tests/import/make_cases.py,
// converted by tools/torch_to_ctmlp.py (from the module and from the state_dict) and by
// tools/onnx_to_ctmlp.py (from torch.onnx.export), must compute in ctmlp what it computed in torch,
// on random inputs (and two ONNX graphs built by hand, Keras- and sklearn-onnx-style, what their
// own numbers give in float64):
//     |ctmlp - torch| <= tol * max(|torch|, 1),   tol = 1e-6 (float), 1e-12 (double)
// (relative for outputs above 1, absolute below: an output near 0 is the difference of terms of
// size ~1, so its error is not relative to itself). The .ctmlp files written by the converters are
// loaded with ctmlp::load and must equal the header's network exactly and compute the same.
//
//     compare_imports <case directory>                        all cases; exit status 1 on any failure
//     compare_imports <case directory> --forgotten-transpose  only the model imported without the
//                                                             transposition: must report differences
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>
#include <type_traits>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>

#include "cases.hpp"

namespace {

/// Compares net's outputs with torch's; prints one line; returns the number of outputs off.
template <class Net, class In, class Out>
int compare(const char* name, const char* route, const Net& net, const In& inputs, const Out& expected) {
    using S = typename Net::scalar;
    constexpr double tol = std::is_same_v<S, float> ? 1e-6 : 1e-12;
    int bad = 0;
    int outputs = 0;
    double worst = 0;
    for (std::size_t s = 0; s < inputs.size(); ++s) {
        const auto y = net.predict(inputs[s]);
        for (std::size_t o = 0; o < y.size(); ++o) {
            const double want = static_cast<double>(expected[s][o]);
            const double diff = std::fabs(static_cast<double>(y[o]) - want) / std::max(std::fabs(want), 1.0);
            worst = std::max(worst, diff);
            ++outputs;
            if (!(diff <= tol)) {  // NaN counts as a failure
                if (bad < 3)
                    std::printf("  %s %s: sample %zu output %zu: ctmlp %.9g, reference %.9g\n", name, route, s, o,
                                static_cast<double>(y[o]), want);
                ++bad;
            }
        }
    }
    if (bad == 0)
        std::printf("%s %s: %d outputs agree with the reference, largest difference %.3g (tolerance %.0e)\n", name,
                    route, outputs, worst, tol);
    else
        std::printf("%s %s: %d of %d outputs differ from the reference, largest difference %.3g (tolerance %.0e)\n",
                    name, route, bad, outputs, worst, tol);
    return bad;
}

/// Loads <dir>/case_<name>_<route>.ctmlp with ctmlp::load; it must equal `from_header`.
template <class Net, class In, class Out>
int compare_binary(const std::string& dir, const char* name, const char* route, const Net& from_header,
                   const In& inputs, const Out& expected) {
    const std::string path = dir + "/case_" + name + "_" + route + ".ctmlp";
    std::ifstream file(path, std::ios::binary);
    const std::vector<char> chars{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (!file.good() && !file.eof()) {
        std::printf("%s %s.ctmlp: load failed: cannot read %s\n", name, route, path.c_str());
        return 1;
    }
    std::vector<std::byte> bytes(chars.size());
    std::transform(chars.begin(), chars.end(), bytes.begin(), [](char c) { return static_cast<std::byte>(c); });
    Net loaded{};
    const ctmlp::load_result r = ctmlp::load(loaded, std::span<const std::byte>(bytes));
    if (!r) {
        std::printf("%s %s.ctmlp: load failed: %s\n", name, route, r.describe().c_str());
        return 1;
    }
    int failures = 0;
    if (!(loaded == from_header)) {
        std::printf("%s %s.ctmlp: the loaded parameters differ from the header's\n", name, route);
        ++failures;
    }
    const std::string label = std::string(route) + ".ctmlp";
    return failures + compare(name, label.c_str(), loaded, inputs, expected);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: compare_imports <case directory> [--forgotten-transpose]\n");
        return 2;
    }
    const std::string dir = argv[1];
    int failures = 0;
    if (argc > 2 && std::strcmp(argv[2], "--forgotten-transpose") == 0) {
        failures += compare("square_forgotten", "torch", import_cases::square_forgotten_torch::network,
                            import_data::square_forgotten::inputs, import_data::square_forgotten::expected);
        return failures == 0 ? 0 : 1;  // a count of 256 would read as success in an 8-bit status
    }

#define CTMLP_IMPORT_CHECK(name)                                                                                    \
    failures += compare(#name, "torch", import_cases::name##_torch::network, import_data::name::inputs,             \
                        import_data::name::expected);                                                               \
    failures += compare(#name, "state_dict", import_cases::name##_sd::network, import_data::name::inputs,           \
                        import_data::name::expected);                                                               \
    failures += compare(#name, "onnx", import_cases::name##_onnx::network, import_data::name::inputs,               \
                        import_data::name::expected);                                                               \
    failures += compare_binary(dir, #name, "torch", import_cases::name##_torch::network, import_data::name::inputs, \
                               import_data::name::expected);                                                        \
    failures += compare_binary(dir, #name, "onnx", import_cases::name##_onnx::network, import_data::name::inputs,   \
                               import_data::name::expected);

    CTMLP_IMPORT_CASES(CTMLP_IMPORT_CHECK)
#undef CTMLP_IMPORT_CHECK

    // Graphs built by hand as Keras converters and sklearn-onnx write them: the ONNX route only.
#define CTMLP_IMPORT_CHECK_ONNX(name)                                                                             \
    failures += compare(#name, "onnx", import_cases::name##_onnx::network, import_data::name::inputs,             \
                        import_data::name::expected);                                                             \
    failures += compare_binary(dir, #name, "onnx", import_cases::name##_onnx::network, import_data::name::inputs, \
                               import_data::name::expected);

    CTMLP_IMPORT_ONNX_CASES(CTMLP_IMPORT_CHECK_ONNX)
#undef CTMLP_IMPORT_CHECK_ONNX

    std::printf(failures == 0 ? "import: PASS\n" : "import: FAIL\n");
    return failures == 0 ? 0 : 1;
}
