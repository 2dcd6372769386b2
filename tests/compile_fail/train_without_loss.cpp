// expect: ctmlp::train\(net, xs, ys, optimizer, loss, \.\.\.\): .*the loss is missing
#include <ctmlp/ctmlp.hpp>
// The loss forgotten: before the guard, "no matching function" and a list of candidates.
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(net_t& net) {
    const std::array<net_t::input_array, 2> x{{{0, 1}, {1, 0}}};
    const std::array<net_t::output_array, 2> y{{{1}, {0}}};
    ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 0.5, .epochs = 10});
}
