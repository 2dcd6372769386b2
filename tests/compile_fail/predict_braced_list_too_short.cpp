// expect: ctmlp::network::predict: the braced list .*has a different number of values than the network's input<N>
// predict({x0}) on a 2-input network: before the guard this compiled, the missing input taken as 0.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main(int argc, char**) {
    constexpr net n{};
    const float x0 = static_cast<float>(argc);
    return n.predict({x0})[0] > 0.5f;
}
