// expect: ctmlp::network::predict: the braced list .*has a different number of values than the network's input<N>
// predict({}) on a 2-input network: before the guard it compiled, every input taken as 0.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main() {
    constexpr net n{};
    return n.predict({})[0] > 0.5f;
}
