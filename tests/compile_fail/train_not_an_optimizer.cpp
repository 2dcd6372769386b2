// expect: the optimizer must be ctmlp::sgd\{\.\.\.\} or one of ctmlp::optim::sgd, momentum, adam, adamw
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
struct rmsprop {  // not an optimizer ctmlp knows: no state<Net>, check<S>() or step(...)
    double learning_rate = 0.01;
};
void f(net_t& net) {
    const std::array<net_t::input_array, 1> x{};
    const std::array<net_t::output_array, 1> y{};
    ctmlp::train(net, x, y, rmsprop{}, ctmlp::half_squared_error{});
}
