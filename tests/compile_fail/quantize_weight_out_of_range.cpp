// expect: value [^ ]*4[^ ]* is outside.*weight_out_of_range_in_layer<2>|quantize_weight_out_of_range\(2, 3\)
// A weight of 200 does not fit Q7.8 ([−128, 128)): ctmlp::quantize at compile time stops with its
// layer (2) and index (3; g++ shows index + 1 as the subscript). It used to become 127.996.
#include <ctmlp/quantize.hpp>

using f_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
using q_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;

constexpr f_net trained = [] {
    f_net net{};
    net.layer<1>().weights[0] = 0.5f;
    net.layer<2>().weights[3] = 200.0f;
    return net;
}();

constexpr q_net fixed_net = ctmlp::quantize<q_net>(trained);

int main() { return fixed_net.predict({ctmlp::q7_8(1.0), ctmlp::q7_8(0.0)})[0].raw; }
