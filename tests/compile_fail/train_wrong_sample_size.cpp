// expect: ctmlp::train: the data must be std::array<Net::input_array, N> inputs
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(net_t& net) {
    const std::array<std::array<double, 3>, 4> x{};  // three inputs per sample, the network takes two
    const std::array<std::array<double, 1>, 4> y{};
    ctmlp::train(net, x, y, ctmlp::sgd{}, ctmlp::half_squared_error{});
}
