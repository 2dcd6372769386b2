// expect: categorical_cross_entropy a last layer dense<N, ctmlp::softmax>
#include <ctmlp/ctmlp.hpp>
// Sigmoid outputs are not a distribution over classes: categorical cross-entropy needs softmax.
using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::sigmoid>>;
void f(const net_t& net, ctmlp::workspace<net_t>& ws) {
    ctmlp::forward(net, ws, {1.0, 0.0});
    ctmlp::backward(net, ws, {1.0, 0.0, 0.0}, ctmlp::categorical_cross_entropy{});
}
