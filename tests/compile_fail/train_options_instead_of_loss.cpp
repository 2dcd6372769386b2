// expect: the fifth argument is not a loss .* the loss comes right after the optimizer
#include <ctmlp/ctmlp.hpp>
// The loss forgotten before the fit_options: before the guard, 7 errors on clang (115 lines).
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(net_t& net) {
    const std::array<net_t::input_array, 2> x{{{0, 1}, {1, 0}}};
    const std::array<net_t::output_array, 2> y{{{1}, {0}}};
    ctmlp::train(net, x, y, ctmlp::optim::adam{}, ctmlp::fit_options{.epochs = 10});
}
