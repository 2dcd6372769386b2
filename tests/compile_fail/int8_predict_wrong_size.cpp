// expect: ctmlp::int8::network::predict: the input array's size differs from the network's input<N>
#include <ctmlp/int8.hpp>
using net_t = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<1, ctmlp::identity>>;
ctmlp::int8::network<net_t> qnet{};
auto y = qnet.predict(std::array<std::int8_t, 2>{1, 2});
