// expect: this network cannot be trained: an activation lacks derivative_from_output
#include <ctmlp/ctmlp.hpp>
struct step {  // usable for inference, but has no derivative
    template <class S>
    static constexpr S apply(S x) {
        return x > S(0) ? S(1) : S(0);
    }
};
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, step>>;
void f(net_t& net) {
    const std::array<net_t::input_array, 1> x{{{1.f, 0.f}}};
    const std::array<net_t::output_array, 1> y{{{1.f}}};
    ctmlp::train(net, x, y, ctmlp::sgd{}, ctmlp::half_squared_error{});
}
