// expect: give each of fit_options, metric, validation, index buffer and observer at most once
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(net_t& net) {
    const std::array<net_t::input_array, 1> x{};
    const std::array<net_t::output_array, 1> y{};
    ctmlp::train(net, x, y, ctmlp::optim::adam{}, ctmlp::half_squared_error{}, ctmlp::fit_options{.epochs = 3},
                 ctmlp::fit_options{.epochs = 4});
}
