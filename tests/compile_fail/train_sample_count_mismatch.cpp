// expect: same N, each sample of the network's input/output size
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(net_t& net) {
    const std::array<net_t::input_array, 4> x{};
    const std::array<net_t::output_array, 3> y{};  // one target short
    ctmlp::train(net, x, y, ctmlp::sgd{}, ctmlp::half_squared_error{});
}
