// expect: ctmlp::network::predict: the braced list .*has a different number of values than the network's input<N>
// predict({1, 2.0}) on a 3-input network: a list mixing types deduces no element type; before the
// guard it initialised the input_array, the missing input taken as 0.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main() {
    constexpr net n{};
    return n.predict({1, 2.0})[0] > 0.5f;
}
