// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// The functions tests/unroll/check_unrolled.py disassembles: the forward pass (predict) and one
// training step (forward + backward + sgd_step) of the seed notebook's two networks and of the
// benchmarks' 2-4-1 tanh/sigmoid network (default and ctmlp::fast activations), in float and double, each an
// out-of-line extern "C" function so that its code can be found by name. Compiled at -O2 and -O3 by g++ and clang++,
// none of them may contain a loop (a cycle in the control-flow graph). The `_control` ones, a 16-32-8
// network, must keep theirs: that is how the checker shows it can see a loop.
#include <ctmlp/ctmlp.hpp>

namespace {
template <class S>
using cell1 = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu, ctmlp::no_bias>,
                             ctmlp::dense<1, ctmlp::identity, ctmlp::no_bias>>;
template <class S>
using cell2 = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;
template <class S>
using tanh_sigmoid = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
template <class S>
using fast_tanh_sigmoid =
    ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<4, ctmlp::fast::tanh>, ctmlp::dense<1, ctmlp::fast::sigmoid>>;
using control = ctmlp::network<float, ctmlp::input<16>, ctmlp::dense<32, ctmlp::relu>, ctmlp::dense<8, ctmlp::sigmoid>>;

template <class Net>
void step(Net& net, ctmlp::workspace<Net>& ws, const typename Net::input_array& x, const typename Net::output_array& y,
          typename Net::scalar rate) {
    ctmlp::forward(net, ws, x);
    ctmlp::backward(net, ws, y, ctmlp::half_squared_error{});
    ctmlp::sgd_step(net, ws, rate);
}
}  // namespace

#define CTMLP_UNROLL_CASE(name, Net)                                                                              \
    extern "C"                                                                                                    \
        [[gnu::noinline]] void predict_##name(const Net& net, const Net::input_array& x, Net::output_array& y) {  \
        y = net.predict(x);                                                                                       \
    }                                                                                                             \
    extern "C" [[gnu::noinline]] void step_##name(Net& net, ctmlp::workspace<Net>& ws, const Net::input_array& x, \
                                                  const Net::output_array& y, Net::scalar rate) {                 \
        step(net, ws, x, y, rate);                                                                                \
    }

CTMLP_UNROLL_CASE(cell1_float, cell1<float>)
CTMLP_UNROLL_CASE(cell1_double, cell1<double>)
CTMLP_UNROLL_CASE(cell2_float, cell2<float>)
CTMLP_UNROLL_CASE(cell2_double, cell2<double>)
CTMLP_UNROLL_CASE(tanh_sigmoid_float, tanh_sigmoid<float>)
CTMLP_UNROLL_CASE(tanh_sigmoid_double, tanh_sigmoid<double>)
// ctmlp::fast activations are left to the loop vectoriser, not unrolled (network.hpp,
// detail::vectorisable_activation): at -O3 four units are one vector and no loop is left; at -O2
// g++ (double) and clang++ keep a short vector loop, so these cases are checked at -O3 only.
#if CTMLP_UNROLL_FAST_CASES
CTMLP_UNROLL_CASE(fast_tanh_sigmoid_float, fast_tanh_sigmoid<float>)
CTMLP_UNROLL_CASE(fast_tanh_sigmoid_double, fast_tanh_sigmoid<double>)
#endif
CTMLP_UNROLL_CASE(control, control)
