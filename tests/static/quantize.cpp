// ctmlp::quantize and the fixed-point network sum in constant evaluation: checked quantisation
// (status, layer, index; never a silent clamp), the worst-case output error of a quantised network
// as a constant, a neuron's sum independent of the order of its terms, and the activations of
// fixed<I, 2> (whose shift by −1 made any constant evaluation of them fail). Compiling is passing.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/quantize.hpp>

#include "firmware/models.hpp"

namespace {

using ctmlp::q15_16;
using ctmlp::q7_8;
using ctmlp::quantize_status;

// fixed::representable: finite and rounding into the range.
static_assert(q7_8::representable(127.99609375) && q7_8::representable(-128.0) && q7_8::representable(0.0));
static_assert(!q7_8::representable(127.998046875) && !q7_8::representable(-128.001953125));
static_assert(!q7_8::representable(__builtin_nan("")) && !q7_8::representable(__builtin_inf()) &&
              !q7_8::representable(-__builtin_inf()) && !q7_8::representable(1e300));
static_assert(q15_16::representable(32767.99) && !q15_16::representable(32768.0));

// quantize_checked names the first parameter that does not fit.
using f_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
using q_net = ctmlp::network<q7_8, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
template <std::size_t Layer, bool Bias>
constexpr f_net with_parameter(std::size_t index, float value) {
    f_net net{};
    for (auto& w : net.layer<1>().weights) w = 0.5f;
    if constexpr (Bias)
        net.layer<Layer>().bias[index] = value;
    else
        net.layer<Layer>().weights[index] = value;
    return net;
}
constexpr auto r_ok = ctmlp::quantize_checked<q_net>(with_parameter<2, false>(5, 127.0f));
static_assert(r_ok.ok() && r_ok.layer == 0 && r_ok.index == 0 && r_ok.network.layer<2>().weights[5] == q7_8(127.0) &&
              r_ok.network.layer<1>().weights[0] == q7_8(0.5));
constexpr auto r_big = ctmlp::quantize_checked<q_net>(with_parameter<2, false>(5, 200.0f));
static_assert(r_big.status == quantize_status::weight_out_of_range && r_big.layer == 2 && r_big.index == 5 &&
              r_big.network == q_net{});
constexpr auto r_nan = ctmlp::quantize_checked<q_net>(with_parameter<1, true>(2, __builtin_nanf("")));
static_assert(r_nan.status == quantize_status::bias_not_finite && r_nan.layer == 1 && r_nan.index == 2);
constexpr auto r_inf = ctmlp::quantize_checked<q_net>(with_parameter<1, false>(4, -__builtin_inff()));
static_assert(r_inf.status == quantize_status::weight_not_finite && r_inf.layer == 1 && r_inf.index == 4);
constexpr auto r_low = ctmlp::quantize_checked<q_net>(with_parameter<2, true>(1, -129.0f));
static_assert(r_low.status == quantize_status::bias_out_of_range && r_low.layer == 2 && r_low.index == 1);

// The compile-time-trained XOR network, quantised, and its worst-case output error over the XOR
// inputs (measured: Q7.8 0.0043, Q15.16 0.00075, as with the former term-by-term sums).
namespace m = ctmlp_fw::models;
template <class Q>
using fixed_xor = ctmlp::network<Q, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr auto xor_q8 = ctmlp::quantize<fixed_xor<q7_8>>(m::xor_trained);
constexpr auto xor_q16 = ctmlp::quantize<fixed_xor<q15_16>>(m::xor_trained);
constexpr double error_q8 = ctmlp::max_output_error(m::xor_trained, xor_q8, m::xor_x);
constexpr double error_q16 = ctmlp::max_output_error(m::xor_trained, xor_q16, m::xor_x);
static_assert(error_q8 > 0.0 && error_q8 <= 0.01, "Q7.8 XOR output error above 0.01");
static_assert(error_q16 > 0.0 && error_q16 <= 0.002, "Q15.16 XOR output error above 0.002");
static_assert(error_q16 < error_q8);
// An error is an error in either direction: against itself it is 0.
static_assert(ctmlp::max_output_error(xor_q8, xor_q8,
                                      std::array<fixed_xor<q7_8>::input_array, 2>{
                                          {{q7_8(0.0), q7_8(1.0)}, {q7_8(1.0), q7_8(1.0)}}}) == 0.0);

// The example through a real layer: term by term in Q7.8, {100, 100, −100, −100}·1 was −72.
using sum4 = ctmlp::network<q7_8, ctmlp::input<4>, ctmlp::dense<1, ctmlp::identity, ctmlp::no_bias>>;
constexpr sum4 ones = [] {
    sum4 n{};
    for (auto& w : n.layer<1>().weights) w = q7_8(1.0);
    return n;
}();
constexpr q7_8 hundred(100.0);
static_assert(ones.predict({hundred, hundred, -hundred, -hundred})[0] == q7_8(0.0));
static_assert(ones.predict({hundred, -hundred, hundred, -hundred})[0] == q7_8(0.0));
static_assert(ones.predict({hundred, hundred, hundred, -hundred})[0] == q7_8::max());
// Rounded once: 4 · (1/512 · 1/2) is 1/256 exactly, where rounding each product (1/1024 → 0 or
// 1/256) could not give it.
constexpr sum4 halves = [] {
    sum4 n{};
    for (auto& w : n.layer<1>().weights) w = q7_8(0.5);
    return n;
}();
constexpr q7_8 ulp = q7_8::epsilon();
static_assert(halves.predict({ulp, ulp, ulp, ulp})[0] == q7_8(2.0 / 256));
static_assert(halves.predict({ulp, ulp, ulp, -ulp})[0] == q7_8(1.0 / 256));

// fixed<I, 2>'s activations in constant evaluation, at every value of the format.
template <class Q>
constexpr bool activations_within_bounds() {
    for (auto r = Q::raw_min; r <= Q::raw_max; ++r) {
        const Q v = Q::from_raw(r);
        const double x = v.to_double();
        const double s = ctmlp::sigmoid::apply(v).to_double() - 1.0 / (1.0 + ctmlp::math::portable::exp(-x));
        const double t = ctmlp::tanh::apply(v).to_double() - ctmlp::math::portable::tanh(x);
        if (s > ctmlp::max_sigmoid_error<Q> || -s > ctmlp::max_sigmoid_error<Q>) return false;
        if (t > ctmlp::max_tanh_error<Q> || -t > ctmlp::max_tanh_error<Q>) return false;
    }
    return true;
}
static_assert(activations_within_bounds<ctmlp::fixed<7, 2>>());
static_assert(activations_within_bounds<ctmlp::fixed<1, 2>>());
static_assert(ctmlp::sigmoid::apply(ctmlp::fixed<7, 2>(0.25)) == ctmlp::fixed<7, 2>(0.5));

}  // namespace
