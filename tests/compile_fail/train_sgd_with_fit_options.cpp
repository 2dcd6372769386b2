// expect: carries its own epochs and update mode; with fit_options use ctmlp::optim::sgd
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(net_t& net) {
    const std::array<net_t::input_array, 1> x{};
    const std::array<net_t::output_array, 1> y{};
    // the short form already says how many epochs: fit_options would contradict it
    ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 0.1}, ctmlp::half_squared_error{},
                 ctmlp::fit_options{.epochs = 3});
}
