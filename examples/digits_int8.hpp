// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The int8 digits network shared by the host example examples/digits_int8.cpp and the firmware
// examples/firmware/digits_int8.cpp (docs/firmware.md, "int8 networks"): the PyTorch-trained
// 64-32-10 relu/identity network of examples/import/digits_torch_model.hpp, quantised by
// ctmlp::int8::quantize in the TensorFlow Lite Micro / CMSIS-NN convention with a calibration set
// taken from the images torch trained on, never from the 540 test images it is scored on.
#ifndef CTMLP_EXAMPLES_DIGITS_INT8_HPP
#define CTMLP_EXAMPLES_DIGITS_INT8_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <ctmlp/ctmlp.hpp>
#include <ctmlp/detail/crc32.hpp>

#include "data/digits.hpp"
#include "digits_torch_model.hpp"
#include "digits_torch_test.hpp"

/// How many of torch's 1,257 training images calibrate the activation ranges (the first ones, in
/// the data set's order): 128, TensorFlow Lite's "a hundred or a few". Every image costs one float
/// inference inside the compiler (in chunks, see `ranges`). Measured int8 test accuracy (start-up
/// quantisation): 527/540 with 16, 47 to 256 and all 1,257 images; 526/540 with 32.
#ifndef CTMLP_DIGITS_INT8_CALIBRATION
#define CTMLP_DIGITS_INT8_CALIBRATION 128
#endif

namespace digits_int8 {

namespace all = ctmlp_data::digits;
namespace test = digits_torch_test;
using float_network = digits_torch::network_type;
using int8_network = ctmlp::int8::network<float_network>;

/// The size of torch's training split: every image of the data set that is not a test image.
inline constexpr std::size_t train_count = all::sample_count - test::count;

/// Indices into ctmlp_data::digits of torch's training split, and whether they were found.
struct torch_split {
    std::array<std::uint16_t, train_count> train{};
    bool ok = false;
};

namespace detail {
constexpr bool same_image(const std::array<std::uint8_t, 64>& a, const std::array<std::uint8_t, 64>& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}
}  // namespace detail

/// Torch's training split, recovered from the two committed headers: examples/import/
/// train_digits.py splits scikit-learn's digits with its own seed (train_test_split, 1,257 train /
/// 540 test), which is NOT the split of examples/data/digits.hpp (313 of that file's training
/// images are torch test images). The test header lists the test images in the data set's order,
/// so one walk through the 1,797 images marks each next test image and keeps the rest. `ok` only
/// if all 540 test images were met in order and 1,257 remain; a training image identical to a
/// test image would be dropped, which keeps the calibration set disjoint from the test set either
/// way (there is none in this data).
inline constexpr torch_split split = [] {
    torch_split s{};
    std::size_t t = 0;
    std::size_t k = 0;
    for (std::size_t n = 0; n < all::sample_count; ++n) {
        if (t < test::count && detail::same_image(all::pixels[n], test::pixels[t]))
            ++t;
        else if (k < train_count)
            s.train[k++] = static_cast<std::uint16_t>(n);
        else
            return s;
    }
    s.ok = t == test::count && k == train_count;
    return s;
}();
static_assert(split.ok, "examples/data/digits.hpp and examples/import/digits_torch_test.hpp disagree");

/// The float input of an image: pixel counts 0..16 scaled by 1/16 (exact), as in training.
constexpr float_network::input_array float_input(const std::array<std::uint8_t, 64>& pixels) {
    float_network::input_array x{};
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(pixels[i]) * 0.0625f;
    return x;
}

inline constexpr std::size_t calibration_size = CTMLP_DIGITS_INT8_CALIBRATION;
static_assert(calibration_size >= 1 && calibration_size <= train_count,
              "CTMLP_DIGITS_INT8_CALIBRATION must be 1..1257 (torch's training images)");

/// Calibration images `first`, ..., `first + N - 1` (counted in torch's training split) as float inputs.
template <std::size_t First, std::size_t N>
constexpr std::array<float_network::input_array, N> calibration_images() {
    std::array<float_network::input_array, N> c{};
    for (std::size_t k = 0; k < N; ++k) c[k] = float_input(all::pixels[split.train[First + k]]);
    return c;
}

/// Images per constant evaluation: each constexpr variable has its own budget, and clang 14's
/// default (-fconstexpr-steps=1048576) holds about 100 images of this network, GCC 12's about 200.
inline constexpr std::size_t calibration_chunk = 64;
inline constexpr std::size_t calibration_chunks = (calibration_size + calibration_chunk - 1) / calibration_chunk;

/// The activation ranges over the first K chunks of the calibration set, measured by the compiler,
/// one chunk per constexpr variable (ctmlp::int8::calibrate continues from the previous chunk's).
template <std::size_t K>
inline constexpr ctmlp::int8::activation_ranges<float_network> ranges = [] {
    constexpr std::size_t first = (K - 1) * calibration_chunk;
    constexpr std::size_t n =
        calibration_size - first < calibration_chunk ? calibration_size - first : calibration_chunk;
    const auto images = calibration_images<first, n>();
    const std::span<const float_network::input_array> part(images);
    if constexpr (K == 1)
        return ctmlp::int8::calibrate(digits_torch::network, part);
    else
        return ctmlp::int8::calibrate(digits_torch::network, part, ranges<K - 1>);
}();

/// The int8 network quantised by the compiler: nothing of the float network or of the calibration
/// images reaches a program that uses only `.net`.
inline constexpr ctmlp::int8::quantization<int8_network> compile_time_quantization =
    ctmlp::int8::quantize(digits_torch::network, ranges<calibration_chunks>);
static_assert(ctmlp::int8::quantized_ok(compile_time_quantization));

/// The same quantisation at run time, all calibration images in one call (the host example
/// checks that it equals the compiler's).
inline ctmlp::int8::quantization<int8_network> run_time_quantization() {
    const auto images = calibration_images<0, calibration_size>();
    return ctmlp::int8::quantize(digits_torch::network, std::span<const float_network::input_array>(images));
}

/// The int8 input for each pixel count 0..16: on the device an image is quantised by table lookup,
/// with no float (the M0 has no FPU), and the table holds exactly what quantize_input gives.
constexpr std::array<std::int8_t, 17> pixel_table(const int8_network& net) {
    std::array<std::int8_t, 17> t{};
    for (std::size_t p = 0; p < t.size(); ++p) {
        float_network::input_array x{};
        x[0] = static_cast<float>(p) * 0.0625f;
        t[p] = net.quantize_input(x)[0];
    }
    return t;
}

/// Test image s as the int8 network's input, through `table` (pixel_table of the network).
inline int8_network::input_array int8_input(const std::array<std::int8_t, 17>& table,
                                            const volatile std::uint8_t* pixels) {
    int8_network::input_array x;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = table[pixels[i]];
    return x;
}

/// The index of the first largest output (torch.argmax's rule).
template <class T, std::size_t N>
constexpr std::size_t argmax(const std::array<T, N>& y) {
    std::size_t best = 0;
    for (std::size_t o = 1; o < N; ++o)
        if (y[best] < y[o]) best = o;
    return best;
}

/// Continues a CRC-32 (zlib's) over one int8 output, its bytes in order.
inline std::uint32_t crc_update(std::uint32_t crc, const int8_network::output_array& y) {
    std::array<std::byte, int8_network::output_size> bytes;
    for (std::size_t o = 0; o < y.size(); ++o) bytes[o] = static_cast<std::byte>(y[o]);
    return ctmlp::detail::crc32_update(crc, bytes);
}

}  // namespace digits_int8

#endif
