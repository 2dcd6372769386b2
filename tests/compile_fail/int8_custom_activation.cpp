// expect: a layer's activation has no int8 form; supported: ctmlp::identity, relu, leaky_relu<>, sigmoid, tanh
// A user activation (any function of one float) has no int8 form in ctmlp.
#include <ctmlp/int8.hpp>
struct square {
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x * x;
    }
};
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, square>, ctmlp::dense<1, ctmlp::identity>>;
ctmlp::int8::network<net_t> qnet;
