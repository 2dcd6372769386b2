// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_INT8_HPP
#define CTMLP_INT8_HPP

#include <array>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <ctmlp/activation.hpp>
#include <ctmlp/detail/config.hpp>
#include <ctmlp/math.hpp>
#include <ctmlp/network.hpp>

/// int8 networks in the microcontroller convention of TensorFlow Lite Micro and CMSIS-NN.
///
/// WHAT IS STORED. A float network `Net` is quantised into `int8::network<Net>`:
///   * weights int8, symmetric (zero point 0) in [-127, 127], with a scale per output unit
///     (`per_channel`, the default) or one per layer (`per_layer`): s_w = max|w| / 127. A unit
///     whose weights are all zero gets s_w = 1 (any scale represents zeros; 1 avoids a 0 scale).
///   * activations int8 with a scale and a zero point: x ≈ s·(q − zp). The range [lo, hi] of each
///     activation is measured by running the float network over a calibration set; it always
///     contains 0 (so that 0.0, relu's floor, has an exact int8 code: the zero point), and
///     s = (hi − lo)/255, zp = −128 + round(−lo/s). A range narrower than 255 times the smallest
///     normal number of Net's scalar (nothing seen but zeros) gets s = 1, zp = −128.
///   * biases int32 at the scale s_in·s_w: b_q = round(b / (s_in·s_w)), so they add straight into
///     the accumulator.
///   * one requantisation multiplier M = s_in·s_w / s_out per unit (per layer for `per_layer`),
///     stored as an int32 mantissa q in [2^30, 2^31) and a shift: M = q·2^(shift−31).
///
/// WHAT predict() COMPUTES, integers only (int8, int32, one int64 product per unit; on a
/// Cortex-M0 that product and shift call the integer helpers __aeabi_lmul/__aeabi_lasr/llsl):
///     acc = b_q[o] + Σ_i (x_q[i] − zp_in)·w_q[o][i]                    (int32, never overflows)
///     y   = clamp(zp_out + round(acc·M), clamp_min, 127)
///   round(acc·M) is computed exactly as (int64(acc)·q + 2^(n−1)) >> n with n = 31 − shift: ONE
///   rounding, half-way cases upwards (−2.5 → −2). This is TFLite's `TFLITE_SINGLE_ROUNDING`
///   requantisation and CMSIS-NN's `CMSIS_NN_USE_SINGLE_ROUNDING` one; TFLite's default
///   (SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT) rounds twice and can differ by
///   one in the last bit on half-way cases. One rounding is exactly the nearest integer to the
///   rational acc·q/2^n, which is what tests/runtime/test_int8.cpp checks.
///   Why |acc| fits int32: |x_q − zp_in| ≤ 255 and |w_q| ≤ 127, so Σ ≤ In·32,385; `network`
///   refuses (static_assert) layers of more than 66,311 inputs, and quantize() refuses a bias
///   whose b_q does not fit in the rest (status bias_out_of_range).
///
/// ACTIVATIONS.
///   * identity: clamp [-128, 127]; relu: the same requantisation, with the clamp's lower end
///     raised to max(zp_out, −128), the int8 code of 0.0 (the ReLU folded into the clamp, as
///     TFLite fuses it). Both are exact: they add no error beyond requantisation.
///   * sigmoid, tanh: the accumulator is requantised to the pre-activation's own calibrated
///     scale, then a 256-entry int8 table built at quantisation time maps it: lut[q + 128] =
///     round(f(s_z·(q − zp_z)) / s_y) + zp_y, with TFLite's fixed output conventions: sigmoid
///     s_y = 1/256, zp_y = −128; tanh s_y = 1/128, zp_y = 0. Each entry is within 0.5 ulp (of s_y)
///     of f at its own input, except at the top, where sigmoid's 1.0 and tanh's 1.0 are not
///     representable and saturate to 127 (1 ulp); measured in tests/runtime/test_int8.cpp. The
///     table is computed with ctmlp's own exp/tanh (math::portable), so quantisation gives the
///     same bits at compile time and at run time.
///   MEASURED (tests/int8/error_figures.cpp, the test int8.error_figures; 16-8 layers, 20 random
///   networks, 1,000 fresh inputs each), int8 vs float in ulp of the output scale, mean / max:
///   identity 0.30 / 1.41; relu 0.20 / 2.53; leaky_relu 0.33 / 2.63; sigmoid 0.48 / 7.25; tanh
///   0.67 / 4.50 (the larger maxima come from pre-activations beyond their calibrated range,
///   which the requantisation clamps); tables at most 0.500 ulp away from f at their inputs.
///   * softmax (output layer only): predict() returns the int8 LOGITS (the pre-activations,
///     requantised to their calibrated range). Softmax is monotonic, so their argmax is the class
///     a device needs; dequantize_output() gives float logits.
///   * leaky_relu<Num, Den>: as identity for a non-negative accumulator; a negative one is
///     requantised with a second multiplier M·slope (TFLite's int8 LEAKY_RELU also keeps two),
///     so z < 0 costs no extra rounding. The output range is calibrated from slope·z_min.
///   * user activations: a static_assert names the supported set.
///
/// CALIBRATION runs the float network in its own scalar type, in the order of
/// ctmlp::network::propagate; sigmoid/tanh with ctmlp's own exp/tanh. In constant evaluation an
/// activation that overflows the scalar stops the compiler inside calibrate() (GCC rejects the
/// overflowing operation; clang accepts ±∞, reported as a status, but rejects a NaN such as
/// ∞ − ∞) instead of returning a status; at run time it is always the status
/// non_finite_calibration. Calibration may be split: calibrate(net, part, so_far).
///
/// QUANTISATION is constexpr and never fails silently: a non-finite weight or bias, an empty
/// calibration set, a non-finite calibration input or activation, a bias or multiplier out of
/// range is a `quantize_status` with the layer and index; in a static_assert,
/// `quantized_ok(result)` turns it into a compile error that names them. All arithmetic of
/// quantisation is in double; none of it is reachable from predict(), so an image that only calls
/// predict() on a network quantised at compile time has no floating point at all (no soft-float
/// routine on a Cortex-M0). quantize_input()/dequantize_output() are float conveniences for the
/// host and FPU targets.
namespace ctmlp::int8 {

/// Weight-scale granularity: one scale (and one multiplier/shift) per output unit (default).
struct per_channel {
    template <std::size_t Out>
    static constexpr std::size_t channels = Out;
};
/// Weight-scale granularity: one scale (and one multiplier/shift) per layer; less to store, a
/// little more error for units whose weights are much smaller than the layer's largest.
struct per_layer {
    template <std::size_t Out>
    static constexpr std::size_t channels = 1;
};

/// Why quantisation failed (`ok`: it did not). `layer` and `index` of the result say where.
enum class quantize_status : std::uint8_t {
    ok = 0,
    empty_calibration,        ///< the calibration set has no sample
    non_finite_weight,        ///< layer K (1-based), index i·Out + o (ctmlp's [in][out] order)
    non_finite_bias,          ///< layer K, index = unit o
    non_finite_calibration,   ///< layer 0: an input value; layer K: layer K's float pre-activation; index = sample
    bias_out_of_range,        ///< layer K, index = unit o: b/(s_in·s_w) does not fit the accumulator's headroom
    multiplier_out_of_range,  ///< layer K, index = unit (0 for per_layer): s_in·s_w/s_out ≥ 2^30
};

/// A requantisation multiplier M = multiplier·2^(shift − 31), multiplier in [2^30, 2^31) (or 0).
struct quantized_multiplier {
    std::int32_t multiplier = 0;
    std::int32_t shift = 0;
    bool ok = true;  ///< false when M is negative, not finite, or ≥ 2^30
};

/// Decomposes m ≥ 0 into an int32 mantissa and a shift by reading the bits of the double (no
/// std::frexp, which is not constexpr): m = (2^52 + f)·2^(e − 1075), so the mantissa rounded to 31
/// bits is round((2^52 + f) / 2^22) and shift = e − 1022. As TFLite's QuantizeMultiplier: a
/// mantissa that rounds up to 2^31 becomes 2^30 with shift + 1; m < 2^−32 (shift < −31) becomes 0,
/// which is exact, not a loss: |acc·m| < 2^31·2^−32 = 1/2 rounds to 0 for every int32 acc.
/// Unlike TFLite, m ≥ 2^30 is refused (ok = false) rather than saturated.
[[nodiscard]] constexpr quantized_multiplier quantize_multiplier(double m) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(m);
    const auto exponent = static_cast<std::int32_t>((bits >> 52) & 0x7ffu);
    const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
    if (bits == 0) return {0, 0, true};                                // +0
    if ((bits >> 63) != 0 || exponent == 0x7ff) return {0, 0, false};  // negative, -0 included; inf, NaN
    if (exponent == 0) return {0, 0, true};                            // subnormal: far below 2^−32
    std::int32_t shift = exponent - 1022;
    std::uint64_t q = (((std::uint64_t{1} << 52) | fraction) + (std::uint64_t{1} << 21)) >> 22;
    if (q == (std::uint64_t{1} << 31)) {
        q >>= 1;
        ++shift;
    }
    if (shift < -31) return {0, 0, true};
    if (shift > 30) return {0, 0, false};
    return {static_cast<std::int32_t>(q), shift, true};
}

/// round(acc · multiplier · 2^(shift − 31)), half-way cases upwards, exactly: one int64 product
/// and an arithmetic shift (C++20 defines >> of a negative value as floor division). Needs
/// shift in [−31, 30], as quantize_multiplier() gives.
[[nodiscard]] constexpr std::int64_t multiply_by_quantized_multiplier(std::int32_t acc, std::int32_t multiplier,
                                                                      std::int32_t shift) noexcept {
    const std::int32_t n = 31 - shift;  // 1 .. 62
    const std::int64_t product = static_cast<std::int64_t>(acc) * static_cast<std::int64_t>(multiplier);
    return (product + (std::int64_t{1} << (n - 1))) >> n;
}

/// Scale and zero point of an int8 quantity: real ≈ scale · (q − zero_point).
template <class S>
struct quantization_parameters {
    S scale{1};
    std::int32_t zero_point = 0;
    friend constexpr bool operator==(const quantization_parameters&, const quantization_parameters&) = default;
};

namespace detail {

// Scoped enumerators shadow nothing; g++ -Wshadow takes them for shadows of the aliases
// ctmlp::sigmoid, tanh and softmax (as in signature.hpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
enum class activation_kind : std::uint8_t { identity, relu, leaky_relu, sigmoid, tanh, softmax, unsupported };
#pragma GCC diagnostic pop

template <class A>
inline constexpr bool is_leaky_relu = false;
template <std::intmax_t Num, std::intmax_t Den>
inline constexpr bool is_leaky_relu<ctmlp::leaky_relu<Num, Den>> = true;

template <class A>
constexpr activation_kind kind_of() noexcept {
    if constexpr (std::is_same_v<A, ctmlp::identity>)
        return activation_kind::identity;
    else if constexpr (std::is_same_v<A, ctmlp::relu>)
        return activation_kind::relu;
    else if constexpr (is_leaky_relu<A>)
        return activation_kind::leaky_relu;
    else if constexpr (is_sigmoid_v<A>)
        return activation_kind::sigmoid;
    else if constexpr (is_tanh_v<A>)
        return activation_kind::tanh;
    else if constexpr (is_softmax_v<A>)
        return activation_kind::softmax;
    else
        return activation_kind::unsupported;
}

template <class A>
inline constexpr bool uses_lut = kind_of<A>() == activation_kind::sigmoid || kind_of<A>() == activation_kind::tanh;

// Largest number of inputs whose worst-case sum In·255·127 fits in int32.
inline constexpr std::size_t max_inputs = 2147483647u / (255u * 127u);  // 66,311

// An empty member for the parts a layer does not have (no bias, no table).
struct nothing {
    friend constexpr bool operator==(nothing, nothing) noexcept { return true; }
};

// round(x) with half-way cases away from zero, for finite |x| < 2^62 (TFLite rounds its
// parameters with std::round, the same rule). x − trunc(x) is exact in binary floating point.
template <class T>
constexpr std::int64_t round_half_away(T x) noexcept {
    const auto t = static_cast<std::int64_t>(x);
    const T frac = x - static_cast<T>(t);
    if (frac >= T(0.5)) return t + 1;
    if (frac <= T(-0.5)) return t - 1;
    return t;
}

template <class T>
constexpr std::int64_t clamp64(std::int64_t v, T lo, T hi) noexcept {
    return v < static_cast<std::int64_t>(lo)   ? static_cast<std::int64_t>(lo)
           : v > static_cast<std::int64_t>(hi) ? static_cast<std::int64_t>(hi)
                                               : v;
}

// Activation quantisation from a range [lo, hi] that contains 0 (see the top of the file).
template <class S>
constexpr quantization_parameters<double> from_range(double lo, double hi) noexcept {
    const double scale = (hi - lo) / 255.0;
    if (!(scale >= static_cast<double>(std::numeric_limits<S>::min()))) return {1.0, -128};
    const std::int64_t zp = -128 + round_half_away(-lo / scale);
    return {scale, static_cast<std::int32_t>(clamp64(zp, -128, 127))};
}

// The float activation used for calibration: ctmlp's own algorithms (math::portable), so that
// quantisation gives the same result in constant evaluation and at run time.
template <class A, class S>
constexpr S calibration_activation(S z) noexcept {
    constexpr activation_kind k = kind_of<A>();
    if constexpr (k == activation_kind::relu || k == activation_kind::leaky_relu)
        return A::apply(z);  // the float network's own: x < 0 ? 0 (or S(slope)·x) : x
    else if constexpr (k == activation_kind::sigmoid)
        return S(1) / (S(1) + math::portable::exp(-z));
    else if constexpr (k == activation_kind::tanh)
        return math::portable::tanh(z);
    else
        return z;  // identity; softmax's output is never needed (its logits are calibrated)
}

}  // namespace detail

/// The int8 parameters of one dense layer with In inputs, Out units and C = Out (per_channel) or
/// 1 (per_layer) multipliers. `weights` are [out][in] (row o = the weights into unit o, contiguous
/// for the dot product: CMSIS-NN's order; the float network stores [in][out]).
template <std::size_t In, std::size_t Out, std::size_t C, bool HasBias, bool HasLut, bool HasNegative = false>
struct layer_parameters {
    static constexpr std::size_t inputs = In;
    static constexpr std::size_t outputs = Out;
    static constexpr std::size_t channels = C;
    static constexpr bool has_bias = HasBias;
    static constexpr bool has_lut = HasLut;
    /// True for leaky_relu layers: a second multiplier for negative accumulators.
    static constexpr bool has_negative_multiplier = HasNegative;
    /// Bytes that predict() reads: everything above, without padding.
    static constexpr std::size_t parameter_bytes =
        In * Out + (HasBias ? 4 * Out : 0) + 5 * C * (HasNegative ? 2 : 1) + 4 + (HasLut ? 256 : 0);

    /// Bias at scale s_in·s_w (int32); an empty member for a `no_bias` layer.
    [[no_unique_address]] std::conditional_t<HasBias, std::array<std::int32_t, Out>, detail::nothing> bias{};
    /// Requantisation mantissas, in [2^30, 2^31) or 0.
    std::array<std::int32_t, C> multiplier{};
    /// Weights [out][in], symmetric int8 in [-127, 127].
    std::array<std::int8_t, In * Out> weights{};
    /// Requantisation shifts, in [-31, 30]: M = multiplier·2^(shift − 31).
    std::array<std::int8_t, C> shift{};
    /// Zero point of this layer's int8 input.
    std::int8_t input_zero_point = 0;
    /// Zero point of the requantised accumulator: the output's for identity/relu, the
    /// pre-activation's (the table's index) for sigmoid/tanh, the logits' for softmax.
    std::int8_t output_zero_point = 0;
    /// Clamp of the requantised value: [-128, 127], or [max(zp, −128), 127] for relu.
    std::int8_t clamp_min = -128;
    std::int8_t clamp_max = 127;
    /// sigmoid/tanh: lut[q + 128] is the int8 output for the int8 pre-activation q.
    [[no_unique_address]] std::conditional_t<HasLut, std::array<std::int8_t, 256>, detail::nothing> lut{};
    /// leaky_relu: the multiplier and shift used when the accumulator is negative (M·slope).
    [[no_unique_address]] std::conditional_t<HasNegative, std::array<std::int32_t, C>, detail::nothing>
        negative_multiplier{};
    [[no_unique_address]] std::conditional_t<HasNegative, std::array<std::int8_t, C>, detail::nothing> negative_shift{};

    /// Weight from input `i` to unit `o`.
    constexpr std::int8_t weight(std::size_t i, std::size_t o) const noexcept { return weights[o * In + i]; }

    friend constexpr bool operator==(const layer_parameters&, const layer_parameters&) = default;
};

namespace detail {
template <class Net, class Scales, std::size_t K>
struct int8_layer {
    using params = typename Net::template parameters_of<K>;
    using act = typename Net::template activation_of<K>;
    using type = layer_parameters<params::inputs, params::outputs, Scales::template channels<params::outputs>,
                                  params::has_bias, uses_lut<act>, kind_of<act>() == activation_kind::leaky_relu>;
};
template <class Net, class Scales, class Seq>
struct int8_layer_tuple;
template <class Net, class Scales, std::size_t... K>
struct int8_layer_tuple<Net, Scales, std::index_sequence<K...>> {
    using type = boost::hana::tuple<typename int8_layer<Net, Scales, K + 1>::type...>;
};

template <class T>
inline constexpr bool is_float_network = false;
template <class Net>
    requires Network<Net>
inline constexpr bool is_float_network<Net> = std::floating_point<typename Net::scalar>;

// Both checks pass for a type that is not a float network, which has its own message.
template <class Net>
constexpr bool activations_supported() {
    if constexpr (!is_float_network<Net>)
        return true;
    else
        return []<std::size_t... K>(std::index_sequence<K...>) {
            return ((kind_of<typename Net::template activation_of<K + 1>>() != activation_kind::unsupported) && ...);
        }
    (std::make_index_sequence<Net::depth>{});
}
template <class Net>
constexpr bool inputs_fit_int32() {
    if constexpr (!is_float_network<Net>)
        return true;
    else
        return []<std::size_t... K>(std::index_sequence<K...>) { return ((Net::sizes[K] <= max_inputs) && ...); }
    (std::make_index_sequence<Net::depth>{});
}
}  // namespace detail

/// The int8 network of the float network `Net` (see the top of this file for the arithmetic).
/// Make one with `quantize(float_net, calibration)`. A literal, trivially copyable type: a
/// `constexpr` one lives in flash.
template <class Net, class Scales = per_channel>
class network {
    static_assert(detail::is_float_network<Net>,
                  "ctmlp::int8::network<Net>: Net must be a ctmlp::network<float or double, ...> (the float "
                  "network to quantise)");
    static_assert(
        std::is_same_v<Scales, per_channel> || std::is_same_v<Scales, per_layer>,
        "ctmlp::int8::network<Net, Scales>: Scales must be ctmlp::int8::per_channel or ctmlp::int8::per_layer");
    static_assert(detail::activations_supported<Net>(),
                  "ctmlp::int8: a layer's activation has no int8 form; supported: ctmlp::identity, relu, "
                  "leaky_relu<>, sigmoid, tanh, and softmax on the output layer (custom activations are not)");
    static_assert(detail::inputs_fit_int32<Net>(),
                  "ctmlp::int8: a layer has more than 66,311 inputs, so In*255*127 could overflow the int32 "
                  "accumulator; split the layer");

public:
    using float_network = Net;
    using scales = Scales;
    using scalar = typename Net::scalar;
    static constexpr std::size_t depth = Net::depth;
    static constexpr std::array<std::size_t, depth + 1> sizes = Net::sizes;
    static constexpr std::size_t input_size = Net::input_size;
    static constexpr std::size_t output_size = Net::output_size;
    static constexpr std::size_t max_width = Net::max_width;

    using input_array = std::array<std::int8_t, input_size>;
    using output_array = std::array<std::int8_t, output_size>;
    using float_input_array = typename Net::input_array;
    using float_output_array = typename Net::output_array;

    using layer_tuple = typename detail::int8_layer_tuple<Net, Scales, std::make_index_sequence<depth>>::type;
    /// The parameter block type of layer K (1-based).
    template <std::size_t K>
        requires(K >= 1 && K <= depth)
    using parameters_of = typename detail::int8_layer<Net, Scales, K>::type;

    /// Bytes of everything predict() reads (weights, biases, multipliers, shifts, zero points,
    /// clamps, tables), without padding; the float input/output scales are not counted.
    static constexpr std::size_t parameter_bytes = []<std::size_t... K>(std::index_sequence<K...>) {
        return (parameters_of<K + 1>::parameter_bytes + ...);
    }
    (std::make_index_sequence<depth>{});

    /// The layers' int8 parameters.
    layer_tuple layers{};
    /// Quantisation of the network's input (the first layer's input zero point is its zero point).
    quantization_parameters<scalar> input_quantization{};
    /// Quantisation of predict()'s output: the last layer's output (its logits for softmax).
    quantization_parameters<scalar> output_quantization{};

    /// Layer K's int8 parameters (1-based).
    template <std::size_t K>
    constexpr const auto& layer() const noexcept {
        static_assert(K >= 1 && K <= depth, "ctmlp::int8::network::layer<K>(): K counts dense layers from 1 to depth");
        return boost::hana::at_c<K - 1>(layers);
    }
    /// Layer K's int8 parameters (1-based).
    template <std::size_t K>
    constexpr auto& layer() noexcept {
        static_assert(K >= 1 && K <= depth, "ctmlp::int8::network::layer<K>(): K counts dense layers from 1 to depth");
        return boost::hana::at_c<K - 1>(layers);
    }

    constexpr scalar input_scale() const noexcept { return input_quantization.scale; }
    constexpr std::int32_t input_zero_point() const noexcept { return input_quantization.zero_point; }
    constexpr scalar output_scale() const noexcept { return output_quantization.scale; }
    constexpr std::int32_t output_zero_point() const noexcept { return output_quantization.zero_point; }

    /// The int8 output for one int8 input: integers only, no heap, two scratch rows on the stack.
    constexpr output_array predict(const input_array& x) const noexcept { return run(x.data()); }
    /// The int8 output for one int8 input given as a span (e.g. into a sensor buffer).
    constexpr output_array predict(std::span<const std::int8_t, input_size> x) const noexcept { return run(x.data()); }

    /// Misuse guard: a float input, or an input of the wrong length.
    template <class T, std::size_t M>
        requires(!std::is_same_v<std::array<T, M>, input_array>)
    constexpr output_array predict(const std::array<T, M>&) const noexcept {
        static_assert(!std::floating_point<T>,
                      "ctmlp::int8::network::predict takes int8 inputs: convert a float input with "
                      "quantize_input(x) first");
        static_assert(std::floating_point<T> || M == input_size,
                      "ctmlp::int8::network::predict: the input array's size differs from the network's input<N>");
        static_assert(std::floating_point<T> || std::is_same_v<T, std::int8_t>,
                      "ctmlp::int8::network::predict: the input must be std::int8_t");
        return {};
    }

    /// q = clamp(round(x / s_in) + zp_in, −128, 127), rounding half away from zero, in the float
    /// network's scalar (a float convenience: not for an FPU-less target). NaN maps to zp_in.
    /// Under -ffast-math (-freciprocal-math) x / s may become x · (1/s) and a code may differ by
    /// one from a build without it; predict() itself is integer arithmetic and never differs.
    constexpr input_array quantize_input(const float_input_array& x) const noexcept {
        input_array q{};
        for (std::size_t i = 0; i < input_size; ++i) {
            const scalar v = x[i] / input_quantization.scale;
            std::int64_t r;
            if (math::isnan(v))
                r = 0;
            else if (v > scalar(512))
                r = 512;
            else if (v < scalar(-512))
                r = -512;
            else
                r = detail::round_half_away(v);
            q[i] = static_cast<std::int8_t>(detail::clamp64(r + input_quantization.zero_point, -128, 127));
        }
        return q;
    }
    /// s_out · (q − zp_out) per element; for a softmax output layer, the float LOGITS.
    constexpr float_output_array dequantize_output(const output_array& y) const noexcept {
        float_output_array r{};
        for (std::size_t o = 0; o < output_size; ++o)
            r[o] = output_quantization.scale *
                   static_cast<scalar>(static_cast<std::int32_t>(y[o]) - output_quantization.zero_point);
        return r;
    }

    /// Layer K's int8 forward step: `in` of size sizes[K-1], `out` of sizes[K] (see the top of the
    /// file). The loops have compile-time bounds; the one int64 product per unit is the exact
    /// rounding of acc·M.
    template <std::size_t K>
    constexpr void propagate(const std::int8_t* CTMLP_RESTRICT in, std::int8_t* CTMLP_RESTRICT out) const noexcept {
        using params = parameters_of<K>;
        constexpr std::size_t n_in = params::inputs;
        constexpr std::size_t n_out = params::outputs;
        const auto& p = layer<K>();
        const std::int32_t zp_in = p.input_zero_point;
        const std::int8_t* w = p.weights.data();
        for (std::size_t o = 0; o < n_out; ++o) {
            std::int32_t acc = 0;
            if constexpr (params::has_bias) acc = p.bias[o];
            const std::int8_t* row = w + o * n_in;
            for (std::size_t i = 0; i < n_in; ++i)
                acc += (static_cast<std::int32_t>(in[i]) - zp_in) * static_cast<std::int32_t>(row[i]);
            const std::size_t c = params::channels == 1 ? 0 : o;
            std::int64_t scaled;
            if constexpr (params::has_negative_multiplier)  // leaky_relu: acc < 0 exactly when z < 0
                scaled = acc < 0 ? multiply_by_quantized_multiplier(acc, p.negative_multiplier[c], p.negative_shift[c])
                                 : multiply_by_quantized_multiplier(acc, p.multiplier[c], p.shift[c]);
            else
                scaled = multiply_by_quantized_multiplier(acc, p.multiplier[c], p.shift[c]);
            const std::int64_t v = detail::clamp64(scaled + p.output_zero_point, p.clamp_min, p.clamp_max);
            if constexpr (params::has_lut)
                out[o] = p.lut[static_cast<std::size_t>(v + 128)];
            else
                out[o] = static_cast<std::int8_t>(v);
        }
    }

    friend constexpr bool operator==(const network& a, const network& b) noexcept {
        bool same = a.input_quantization == b.input_quantization && a.output_quantization == b.output_quantization;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((same = same && a.template layer<K + 1>() == b.template layer<K + 1>()), ...);
        }
        (std::make_index_sequence<depth>{});
        return same;
    }

private:
    constexpr output_array run(const std::int8_t* x) const noexcept {
        // Left uninitialised on purpose, as in ctmlp::network::predict: every element read was
        // written by the previous layer.
        std::array<std::array<std::int8_t, max_width>, 2> scratch;
        output_array y;
        const std::int8_t* in = x;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((propagate<K + 1>(in, K + 1 == depth ? y.data() : scratch[K % 2].data()), in = scratch[K % 2].data()),
             ...);
        }
        (std::make_index_sequence<depth>{});
        return y;
    }
};

/// What quantize() returns: the int8 network and whether (and where) quantisation failed. On a
/// failure `net` is a value-initialised network (all zeros), never a half-quantised one.
template <class QNet>
struct quantization {
    QNet net{};
    quantize_status status = quantize_status::ok;
    std::size_t layer = 0;  ///< where it failed (see quantize_status)
    std::size_t index = 0;
    /// True when quantisation succeeded.
    constexpr bool succeeded() const noexcept { return status == quantize_status::ok; }
    constexpr explicit operator bool() const noexcept { return succeeded(); }
};

/// The activation ranges that calibrate() measured: of the network's inputs and of every layer's
/// pre-activations z = in·W + b, each widened to contain 0; or where a non-finite value was met.
/// Calibration can be split over several constant evaluations (each `constexpr` variable has its
/// own constexpr budget): `constexpr auto r2 = calibrate(net, part_2, r1);`.
template <class Net>
struct activation_ranges {
    using scalar = typename Net::scalar;
    /// [min, max] of every input value seen (and 0).
    std::array<scalar, 2> input{scalar(0), scalar(0)};
    /// [min, max] of layer K's pre-activations, at [K − 1] (and 0).
    std::array<std::array<scalar, 2>, Net::depth> pre_activation{};
    /// How many samples went in.
    std::size_t samples = 0;
    /// ok; non_finite_weight/non_finite_bias (layer, index as in quantize_status); or
    /// non_finite_calibration with `layer` (0: an input value) and `index` (the sample).
    quantize_status status = quantize_status::ok;
    std::size_t layer = 0;
    std::size_t index = 0;
    /// True when no non-finite value was met.
    constexpr bool succeeded() const noexcept { return status == quantize_status::ok; }
};

namespace detail {

// Layer K's float forward step for calibration; widens `range` by the pre-activations.
template <class Net, std::size_t K>
constexpr void calibration_step(const Net& net, const typename Net::scalar* in, typename Net::scalar* out,
                                std::array<typename Net::scalar, 2>& range) noexcept {
    using S = typename Net::scalar;
    using params = typename Net::template parameters_of<K>;
    using act = typename Net::template activation_of<K>;
    constexpr std::size_t n_in = params::inputs;
    constexpr std::size_t n_out = params::outputs;
    const auto& p = net.template layer<K>();
    // The same operations in the same order as ctmlp::network::propagate (sum over inputs from
    // the first product, then the bias), so that the ranges are those of the network's own
    // forward pass for identity/relu; tests/int8/reference.py repeats them in float32. Pointers,
    // not std::array::operator[]: each call counts against clang's constexpr step budget.
    const S* w = p.weights.data();
    const S x0 = in[0];
    for (std::size_t o = 0; o < n_out; ++o) out[o] = x0 * w[o];
    for (std::size_t i = 1; i < n_in; ++i) {
        const S xi = in[i];
        const S* row = w + i * n_out;
        for (std::size_t o = 0; o < n_out; ++o) out[o] = out[o] + xi * row[o];
    }
    S lo = range[0], hi = range[1];
    for (std::size_t o = 0; o < n_out; ++o) {
        if constexpr (params::has_bias) out[o] = out[o] + p.bias.data()[o];
        if (out[o] < lo) lo = out[o];
        if (out[o] > hi) hi = out[o];
    }
    range[0] = lo;
    range[1] = hi;
    for (std::size_t o = 0; o < n_out; ++o) out[o] = calibration_activation<act>(out[o]);
}

}  // namespace detail

namespace detail {
// True when every weight and bias is finite; otherwise where the first one is not. Tested by bits
// (math::isfinite), so that -ffast-math cannot remove the check, and before any arithmetic: a NaN
// produced in constant evaluation is a hard error in clang, not a status.
template <class Net>
constexpr bool parameters_finite(const Net& net, quantize_status& status, std::size_t& layer,
                                 std::size_t& index) noexcept {
    bool ok = true;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (([&] {
             const auto& layer_parameters = net.template layer<K + 1>();
             for (std::size_t j = 0; j < layer_parameters.weights.size() && ok; ++j)
                 if (!math::isfinite(layer_parameters.weights.data()[j])) {
                     ok = false;
                     status = quantize_status::non_finite_weight;
                     layer = K + 1;
                     index = j;
                 }
             if constexpr (std::remove_cvref_t<decltype(layer_parameters)>::has_bias)
                 for (std::size_t bias_index = 0; bias_index < layer_parameters.bias.size() && ok; ++bias_index)
                     if (!math::isfinite(layer_parameters.bias.data()[bias_index])) {
                         ok = false;
                         status = quantize_status::non_finite_bias;
                         layer = K + 1;
                         index = bias_index;
                     }
         }()),
         ...);
    }
    (std::make_index_sequence<Net::depth>{});
    return ok;
}
}  // namespace detail

/// Runs the float network over `samples` and returns the activation ranges, widened from
/// `so_far` (default: none seen yet). Stops at a non-finite weight or bias (checked first: status
/// non_finite_weight/bias) or at the first non-finite input or pre-activation (status
/// non_finite_calibration; the index counts samples across the calls). constexpr.
template <Network Net>
constexpr activation_ranges<Net> calibrate(const Net& net, std::span<const typename Net::input_array> samples,
                                           activation_ranges<Net> so_far = {}) noexcept {
    using S = typename Net::scalar;
    static_assert(std::floating_point<S>, "ctmlp::int8::calibrate: the network must have a float or double scalar");
    activation_ranges<Net>& r = so_far;
    if (!r.succeeded()) return r;
    if (!detail::parameters_finite(net, r.status, r.layer, r.index)) return r;
    std::array<std::array<S, Net::max_width>, 2> scratch{};
    for (std::size_t s = 0; s < samples.size(); ++s, ++r.samples) {
        const S* x = samples[s].data();
        for (std::size_t i = 0; i < Net::input_size; ++i) {
            // Tested by bits (math::isfinite), so that -ffast-math cannot remove the check.
            if (!math::isfinite(x[i])) {
                r.status = quantize_status::non_finite_calibration;
                r.layer = 0;
                r.index = r.samples;
                return r;
            }
            if (x[i] < r.input[0]) r.input[0] = x[i];
            if (x[i] > r.input[1]) r.input[1] = x[i];
        }
        const S* in = x;
        bool finite = true;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (([&] {
                 if (!finite) return;
                 S* layer_output = scratch[K % 2].data();
                 detail::calibration_step<Net, K + 1>(net, in, layer_output, r.pre_activation[K]);
                 // A non-finite z shows in the range (±∞) or in the output (NaN passes through
                 // every supported activation).
                 for (std::size_t unit_index = 0; unit_index < Net::sizes[K + 1]; ++unit_index)
                     if (!math::isfinite(layer_output[unit_index])) finite = false;
                 if (!math::isfinite(r.pre_activation[K][0]) || !math::isfinite(r.pre_activation[K][1])) finite = false;
                 if (!finite) {
                     r.status = quantize_status::non_finite_calibration;
                     r.layer = K + 1;
                     r.index = r.samples;
                 }
                 in = layer_output;
             }()),
             ...);
        }
        (std::make_index_sequence<Net::depth>{});
        if (!finite) return r;
    }
    return r;
}

namespace detail {

template <class QNet>
constexpr quantization<QNet> failure(quantize_status status, std::size_t layer, std::size_t index) noexcept {
    quantization<QNet> r{};
    r.status = status;
    r.layer = layer;
    r.index = index;
    return r;
}

// Quantises layer K given its input's quantisation; returns the quantisation of its output.
template <class Net, class Scales, std::size_t K, class QNet>
constexpr quantization_parameters<double> quantize_layer(const Net& net, const activation_ranges<Net>& ranges,
                                                         quantization_parameters<double> in_q, QNet& q,
                                                         quantize_status& status, std::size_t& where) noexcept {
    using fparams = typename Net::template parameters_of<K>;
    using act = typename Net::template activation_of<K>;
    using qparams = typename QNet::template parameters_of<K>;
    constexpr std::size_t n_in = fparams::inputs;
    constexpr std::size_t n_out = fparams::outputs;
    constexpr std::size_t n_ch = qparams::channels;
    constexpr activation_kind kind = kind_of<act>();
    const auto& p = net.template layer<K>();
    auto& l = q.template layer<K>();

    // Quantisation of the pre-activation (z) and of the output.
    const double z_lo = static_cast<double>(ranges.pre_activation[K - 1][0]);
    const double z_hi = static_cast<double>(ranges.pre_activation[K - 1][1]);
    quantization_parameters<double> z_q = from_range<typename Net::scalar>(z_lo, z_hi);
    quantization_parameters<double> out_q = z_q;
    if constexpr (kind == activation_kind::relu)
        out_q = from_range<typename Net::scalar>(0.0, z_hi);
    else if constexpr (kind == activation_kind::leaky_relu)  // the float output at the lowest z
        out_q =
            from_range<typename Net::scalar>(static_cast<double>(act::apply(ranges.pre_activation[K - 1][0])), z_hi);
    else if constexpr (kind == activation_kind::sigmoid)
        out_q = {1.0 / 256.0, -128};
    else if constexpr (kind == activation_kind::tanh)
        out_q = {1.0 / 128.0, 0};
    // The requantisation target: the output itself, or the table's input.
    const quantization_parameters<double> acc_q = uses_lut<act> ? z_q : out_q;

    // Weight scales: max |w| per unit (per_channel) or per layer, over the weights into it.
    std::array<double, n_ch> w_scale{};
    for (std::size_t c = 0; c < n_ch; ++c) {
        double m = 0.0;
        for (std::size_t i = 0; i < n_in; ++i)
            for (std::size_t o = (n_ch == 1 ? 0 : c); o < (n_ch == 1 ? n_out : c + 1); ++o) {
                const double a = math::abs(static_cast<double>(p.weights[i * n_out + o]));
                if (a > m) m = a;
            }
        const double s = m / 127.0;
        w_scale[c] = s > 0.0 ? s : 1.0;  // all-zero weights (or underflow): any scale, 1 avoids 0
    }

    for (std::size_t o = 0; o < n_out; ++o) {
        const std::size_t c = n_ch == 1 ? 0 : o;
        for (std::size_t i = 0; i < n_in; ++i) {
            const double w = static_cast<double>(p.weights[i * n_out + o]) / w_scale[c];  // |w| ≤ 127
            l.weights[o * n_in + i] = static_cast<std::int8_t>(clamp64(round_half_away(w), -127, 127));
        }
    }
    // The bias headroom: what is left in int32 after the worst-case sum.
    constexpr double bias_limit = 2147483647.0 - static_cast<double>(n_in) * 255.0 * 127.0;
    if constexpr (fparams::has_bias) {
        for (std::size_t o = 0; o < n_out; ++o) {
            const double b = static_cast<double>(p.bias[o]);
            const double bias_scale = in_q.scale * w_scale[n_ch == 1 ? 0 : o];
            std::int64_t bq = 0;
            if (b != 0.0) {
                const double v = b / bias_scale;  // bias_scale may underflow to 0: v is then ±inf
                if (!(math::isfinite(v) && math::abs(v) <= bias_limit)) {
                    status = quantize_status::bias_out_of_range;
                    where = o;
                    return {};
                }
                bq = round_half_away(v);
            }
            l.bias[o] = static_cast<std::int32_t>(bq);
        }
    }
    for (std::size_t c = 0; c < n_ch; ++c) {
        const quantized_multiplier m = quantize_multiplier(in_q.scale * w_scale[c] / acc_q.scale);
        if (!m.ok) {
            status = quantize_status::multiplier_out_of_range;
            where = c;
            return {};
        }
        l.multiplier[c] = m.multiplier;
        l.shift[c] = static_cast<std::int8_t>(m.shift);
        if constexpr (kind == activation_kind::leaky_relu) {
            // M·slope with the slope the float network multiplies by (rounded to its scalar).
            const double slope = static_cast<double>(static_cast<typename Net::scalar>(act::slope));
            const quantized_multiplier n = quantize_multiplier(in_q.scale * w_scale[c] / acc_q.scale * slope);
            if (!n.ok) {
                status = quantize_status::multiplier_out_of_range;
                where = c;
                return {};
            }
            l.negative_multiplier[c] = n.multiplier;
            l.negative_shift[c] = static_cast<std::int8_t>(n.shift);
        }
    }
    l.input_zero_point = static_cast<std::int8_t>(in_q.zero_point);
    l.output_zero_point = static_cast<std::int8_t>(acc_q.zero_point);
    l.clamp_min =
        static_cast<std::int8_t>(kind == activation_kind::relu && acc_q.zero_point > -128 ? acc_q.zero_point : -128);
    l.clamp_max = 127;
    if constexpr (uses_lut<act>) {
        for (std::int32_t qz = -128; qz <= 127; ++qz) {
            const double x = z_q.scale * static_cast<double>(qz - z_q.zero_point);
            double y;
            if constexpr (kind == activation_kind::sigmoid)
                y = 1.0 / (1.0 + math::portable::exp(-x));
            else
                y = math::portable::tanh(x);
            const std::int64_t v = round_half_away(y / out_q.scale) + out_q.zero_point;
            l.lut[static_cast<std::size_t>(qz + 128)] = static_cast<std::int8_t>(clamp64(v, -128, 127));
        }
    }
    return kind == activation_kind::softmax ? z_q : out_q;
}

}  // namespace detail

/// Quantises `net` (float or double scalar) into an int8 network with activation ranges measured
/// by calibrate() (possibly over several calls). constexpr; never fails silently: a non-finite
/// weight or bias (checked first), failed or empty calibration, a bias or multiplier out of range
/// is a status with the layer and index.
template <class Scales = per_channel, Network Net>
constexpr quantization<network<Net, Scales>> quantize(const Net& net, const activation_ranges<Net>& ranges) noexcept {
    using QNet = network<Net, Scales>;
    using S = typename Net::scalar;

    // Every weight and bias finite, checked by bits before any arithmetic (-ffast-math safe).
    quantize_status status = quantize_status::ok;
    std::size_t failed_layer = 0, where = 0;
    if (!detail::parameters_finite(net, status, failed_layer, where))
        return detail::failure<QNet>(status, failed_layer, where);
    if (!ranges.succeeded()) return detail::failure<QNet>(ranges.status, ranges.layer, ranges.index);
    if (ranges.samples == 0) return detail::failure<QNet>(quantize_status::empty_calibration, 0, 0);

    quantization<QNet> r{};
    const quantization_parameters<double> in_q =
        detail::from_range<S>(static_cast<double>(ranges.input[0]), static_cast<double>(ranges.input[1]));
    r.net.input_quantization = {static_cast<S>(in_q.scale), in_q.zero_point};
    quantization_parameters<double> q = in_q;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (([&] {
             if (status != quantize_status::ok) return;
             q = detail::quantize_layer<Net, Scales, K + 1>(net, ranges, q, r.net, status, where);
             if (status != quantize_status::ok) failed_layer = K + 1;
         }()),
         ...);
    }
    (std::make_index_sequence<Net::depth>{});
    if (status != quantize_status::ok) return detail::failure<QNet>(status, failed_layer, where);
    r.net.output_quantization = {static_cast<S>(q.scale), q.zero_point};
    return r;
}

/// Quantises `net` (float or double scalar) into an int8 network, with the activation ranges
/// measured by running the float network over every `calibration` sample (a std::array or
/// std::vector of Net::input_array converts): `quantize(net, calibrate(net, calibration))`.
/// constexpr; never fails silently: check `succeeded()`, or
/// `static_assert(ctmlp::int8::quantized_ok(q))` at compile time. Use `quantize<per_layer>(...)`
/// for one weight scale per layer.
template <class Scales = per_channel, Network Net>
constexpr quantization<network<Net, Scales>> quantize(const Net& net,
                                                      std::span<const typename Net::input_array> calibration) noexcept {
    return quantize<Scales>(net, calibrate(net, calibration));
}

/// Misuse guard: a calibration set that is not a contiguous range of Net::input_array.
template <class Scales = per_channel, Network Net, class C>
    requires(!std::is_convertible_v<const C&, std::span<const typename Net::input_array>> &&
             !std::is_same_v<C, activation_ranges<Net>>)
constexpr quantization<network<Net, Scales>> quantize(const Net&, const C&) noexcept {
    static_assert(std::is_convertible_v<const C&, std::span<const typename Net::input_array>>,
                  "ctmlp::int8::quantize(net, calibration): the calibration set must be a std::array (or span, "
                  "vector) of Net::input_array: samples of the float network's input size and scalar type");
    return {};
}

namespace detail {
// Read out of bounds on purpose (see quantized_ok): the array's name says what failed, the index
// which layer (1-based) or, for an input value, which sample (1-based); clang's call note shows
// every argument of quantization_failed(status, layer, index).
inline constexpr bool empty_calibration_set[1] = {false};
inline constexpr bool non_finite_weight_in_layer_number[1] = {false};
inline constexpr bool non_finite_bias_in_layer_number[1] = {false};
inline constexpr bool non_finite_calibration_input_at_sample_number[1] = {false};
inline constexpr bool non_finite_activation_in_layer_number[1] = {false};
inline constexpr bool bias_out_of_range_in_layer_number[1] = {false};
inline constexpr bool multiplier_out_of_range_in_layer_number[1] = {false};
constexpr bool quantization_failed(quantize_status status, std::size_t layer, std::size_t index) noexcept {
    switch (status) {
        case quantize_status::empty_calibration:
            return empty_calibration_set[index + 1];
        case quantize_status::non_finite_weight:
            return non_finite_weight_in_layer_number[layer];
        case quantize_status::non_finite_bias:
            return non_finite_bias_in_layer_number[layer];
        case quantize_status::non_finite_calibration:
            return layer == 0 ? non_finite_calibration_input_at_sample_number[index + 1]
                              : non_finite_activation_in_layer_number[layer];
        case quantize_status::bias_out_of_range:
            return bias_out_of_range_in_layer_number[layer];
        case quantize_status::multiplier_out_of_range:
            return multiplier_out_of_range_in_layer_number[layer];
        default:
            return false;
    }
}
}  // namespace detail

/// True when quantisation succeeded. In a `static_assert`, a failure makes the expression
/// non-constant on purpose, and the compiler's note names it: GCC prints "array subscript value
/// 'K' is outside the bounds of array '<what>_in_layer_number'" (K = the 1-based layer; for a
/// non-finite calibration input, '..._at_sample_number' and the 1-based sample), clang prints
/// the call "quantization_failed(status, layer, index)" with its values.
template <class QNet>
constexpr bool quantized_ok(const quantization<QNet>& q) noexcept {
    return q.succeeded() || detail::quantization_failed(q.status, q.layer, q.index);
}

}  // namespace ctmlp::int8

#endif
