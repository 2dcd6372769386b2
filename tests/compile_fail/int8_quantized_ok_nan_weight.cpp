// expect: non_finite_weight_in_layer_number|quantization_failed\(2, 2, 1\)
// static_assert(quantized_ok(q)) on a network with a NaN weight: the compiler names what failed
// and where (GCC: the array name with the 1-based layer as its index; clang: the call
// quantization_failed(status, layer, index) with its values).
#include <ctmlp/int8.hpp>
#include <ctmlp/parameters.hpp>
#include <limits>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::identity>>;
constexpr net_t net = ctmlp::from_parameters<net_t>(
    std::array<float, 9>{1, 1, 1, 1, 0, -1, 1, std::numeric_limits<float>::quiet_NaN(), 0});
constexpr std::array<net_t::input_array, 2> calibration{{{0, 0}, {1, 1}}};
constexpr auto q = ctmlp::int8::quantize(net, calibration);
static_assert(ctmlp::int8::quantized_ok(q));
