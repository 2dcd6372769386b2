// expect: the input array's size differs from the network's input<N>
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
float f(const net_t& net) {
    const std::array<float, 3> x{1.f, 2.f, 3.f};
    return net.predict(x)[0];
}
