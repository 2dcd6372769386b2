// ctmlp::fixed: models ctmlp::Scalar, saturates, rounds, converts without floating point at run
// time, and a float network trained by the compiler quantises into Q7.8 / Q15.16 with a bounded
// worst-case output error over the XOR training set. Compiling is passing.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/fixed_point.hpp>

#include "firmware/models.hpp"

namespace {

using ctmlp::q15_16;
using ctmlp::q7_8;

static_assert(ctmlp::Scalar<q7_8> && ctmlp::Scalar<q15_16> && ctmlp::Scalar<ctmlp::fixed<3, 4>>);
static_assert(sizeof(q7_8) == 2 && sizeof(q15_16) == 4 && sizeof(ctmlp::fixed<3, 4>) == 1);
static_assert(std::is_trivially_copyable_v<q7_8> && std::is_trivially_copyable_v<q15_16>);

// Conversion from double: round to nearest, ties away from zero, saturate, NaN -> 0.
static_assert(q7_8(1.0).raw == 256 && q7_8(-1.0).raw == -256 && q7_8(0.5).raw == 128);
static_assert(q7_8(1.0 / 512).raw == 1 && q7_8(-1.0 / 512).raw == -1);  // ties away from zero
static_assert(q7_8(0.9 / 512).raw == 0 && q7_8(1.1 / 512).raw == 1);
static_assert(q7_8(1000.0) == q7_8::max() && q7_8(-1000.0) == q7_8::lowest());
static_assert(q7_8(__builtin_inf()) == q7_8::max() && q7_8(-__builtin_inf()) == q7_8::lowest());
static_assert(q7_8(__builtin_nan("")).raw == 0);
static_assert(q7_8(1e-300).raw == 0 && q15_16(3.25).raw == 3 * 65536 + 16384);
static_assert(q7_8::max().to_double() == 128.0 - 1.0 / 256 && q7_8::lowest().to_double() == -128.0);

// Saturating arithmetic.
static_assert(q7_8(100.0) + q7_8(100.0) == q7_8::max());
static_assert(q7_8(-100.0) - q7_8(100.0) == q7_8::lowest());
static_assert(-q7_8::lowest() == q7_8::max());
static_assert(q7_8(20.0) * q7_8(20.0) == q7_8::max() && q7_8(-20.0) * q7_8(20.0) == q7_8::lowest());
static_assert(q7_8(1.5) * q7_8(-2.0) == q7_8(-3.0) && q7_8(0.5) * q7_8(0.5) == q7_8(0.25));
static_assert(q7_8(3.0) / q7_8(2.0) == q7_8(1.5) && q7_8(1.0) / q7_8(0.0) == q7_8::max() &&
              q7_8(-1.0) / q7_8(0.0) == q7_8::lowest() && q7_8(0.0) / q7_8(0.0) == q7_8(0.0));
static_assert(q15_16(1000.0) * q15_16(1000.0) == q15_16::max());
static_assert(q7_8(1.0) < q7_8(2.0) && q7_8(-1.0) < q7_8(0.0) && q7_8(0.25) >= q7_8(0.25));

// The activations through the customization point, on a few points.
static_assert(ctmlp::sigmoid::apply(q7_8(0.0)) == q7_8(0.5) && ctmlp::tanh::apply(q7_8(0.0)) == q7_8(0.0));
static_assert(ctmlp::sigmoid::apply(q7_8(100.0)) == q7_8(1.0) && ctmlp::sigmoid::apply(q7_8(-100.0)) == q7_8(0.0));
static_assert(ctmlp::tanh::apply(q15_16(-100.0)) == -ctmlp::tanh::apply(q15_16(100.0)));
constexpr double abs_diff(double a, double b) { return a > b ? a - b : b - a; }
static_assert(abs_diff(ctmlp::sigmoid::apply(q15_16(1.3)).to_double(),
                       1.0 / (1.0 + ctmlp::math::portable::exp(-q15_16(1.3).to_double()))) <=
              ctmlp::max_sigmoid_error<q15_16>);
static_assert(abs_diff(ctmlp::tanh::apply(q7_8(0.7)).to_double(), ctmlp::math::portable::tanh(q7_8(0.7).to_double())) <=
              ctmlp::max_tanh_error<q7_8>);
// float and double keep the library's exact path.
static_assert(ctmlp::sigmoid::apply(0.0f) == 0.5f && ctmlp::tanh::apply(0.5) == ctmlp::math::portable::tanh(0.5));

// Quantising the compile-time-trained XOR network (the firmware's) into fixed point.
namespace m = ctmlp_fw::models;
template <class Q>
using fixed_xor = ctmlp::network<Q, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

template <class Q>
constexpr double worst_xor_error() {
    constexpr auto net = ctmlp::quantize<fixed_xor<Q>>(m::xor_trained);
    double worst = 0.0;
    for (std::size_t s = 0; s < 4; ++s) {
        const typename fixed_xor<Q>::input_array x{Q(static_cast<double>(m::xor_x[s][0])),
                                                   Q(static_cast<double>(m::xor_x[s][1]))};
        const double d = abs_diff(net.predict(x)[0].to_double(), static_cast<double>(m::xor_expected[s]));
        worst = d > worst ? d : worst;
    }
    return worst;
}
// Measured: Q7.8 0.0043, Q15.16 0.00075.
static_assert(worst_xor_error<q7_8>() <= 0.01, "Q7.8 XOR output error above 0.01");
static_assert(worst_xor_error<q15_16>() <= 0.002, "Q15.16 XOR output error above 0.002");

// quantize keeps every parameter within half a resolution step.
constexpr auto q_net = ctmlp::quantize<fixed_xor<q15_16>>(m::xor_trained);
static_assert(abs_diff(q_net.layer<1>().weights[3].to_double(),
                       static_cast<double>(m::xor_trained.layer<1>().weights[3])) <= 0.5 / 65536);

}  // namespace
