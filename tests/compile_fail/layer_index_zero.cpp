// expect: ctmlp::network::layer<K>\(\): K counts dense layers from 1 to depth
// layer<0>() on a mutable network: layer 0 is the input, which has no parameters.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main() {
    net n{};
    n.layer<0>().weights[0] = 1.0f;
    return 0;
}
