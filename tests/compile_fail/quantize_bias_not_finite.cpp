// expect: value [^ ]*2[^ ]* is outside.*bias_not_finite_in_layer<1>|quantize_bias_not_finite\(1, 1\)
// A NaN bias (layer 1, index 1): ctmlp::quantize at compile time stops and names it. It used to
// become 0.
#include <ctmlp/quantize.hpp>

using f_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
using q_net =
    ctmlp::network<ctmlp::q15_16, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr f_net trained = [] {
    f_net net{};
    net.layer<1>().bias[1] = __builtin_nan("");
    return net;
}();

constexpr q_net fixed_net = ctmlp::quantize<q_net>(trained);

int main() { return fixed_net.predict({ctmlp::q15_16(1.0), ctmlp::q15_16(0.0)})[0].raw; }
