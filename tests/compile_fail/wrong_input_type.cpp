// expect: the input array's element type differs from the network's scalar type
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
float f(const net_t& net) {
    const std::array<double, 2> x{1.0, 2.0};
    return net.predict(x)[0];
}
