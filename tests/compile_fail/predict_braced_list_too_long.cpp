// expect: ctmlp::network::predict: the braced list .*has a different number of values than the network's input<N>
// predict({1, 2, 3}) on a 2-input network: a braced list with one value too many. Before the
// guard: a page of std::array aggregate-initialisation errors without a ctmlp message.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main() {
    constexpr net n{};
    return n.predict({1.0f, 2.0f, 3.0f})[0] > 0.5f;
}
