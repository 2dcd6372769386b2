// expect: binary_cross_entropy needs a last layer dense<N, ctmlp::sigmoid>
#include <ctmlp/ctmlp.hpp>
// A linear output trained with binary cross-entropy: log of a negative "probability".
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<1, ctmlp::identity>>;
void f(const net_t& net, ctmlp::workspace<net_t>& ws) {
    ctmlp::forward(net, ws, {1.f, 0.f});
    ctmlp::backward(net, ws, {1.f}, ctmlp::binary_cross_entropy{});
}
