// expect: predict_batch: the input and output arrays hold different numbers of samples
#include <ctmlp/network.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>>;
constexpr net_t net{};
std::array<net_t::input_array, 8> inputs{};
std::array<net_t::output_array, 4> outputs{};
auto n = net.predict_batch(inputs, outputs);
