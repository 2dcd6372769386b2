// expect: non_finite_calibration_input_at_sample_number|quantization_failed\(4, 0, 2\)
// A calibration input that is infinite: the compiler names the (GCC: 1-based) sample.
#include <ctmlp/int8.hpp>
#include <limits>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr net_t net{};
constexpr std::array<net_t::input_array, 3> calibration{{{0, 0}, {1, 1}, {std::numeric_limits<float>::infinity(), 0}}};
constexpr auto q = ctmlp::int8::quantize(net, calibration);
static_assert(ctmlp::int8::quantized_ok(q));
