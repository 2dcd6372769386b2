// expect: ctmlp::int8::network::predict takes int8 inputs: convert a float input with quantize_input
#include <ctmlp/int8.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>>;
ctmlp::int8::network<net_t> qnet{};
auto y = qnet.predict(net_t::input_array{0.5f, 1.0f});
