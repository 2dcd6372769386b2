// expect: ctmlp::int8: a layer has more than 66,311 inputs
// 70,000 inputs: 70,000 * 255 * 127 > 2^31 - 1, the int32 accumulator could overflow.
#include <ctmlp/int8.hpp>
using wide_net = ctmlp::network<float, ctmlp::input<70000>, ctmlp::dense<1, ctmlp::identity>>;
constexpr std::size_t bytes = ctmlp::int8::network<wide_net>::parameter_bytes;
