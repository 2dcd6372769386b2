// expect: ctmlp::quantize<To>\(from\): the networks must have the same layer sizes
// Quantising into a network of other layer sizes (4 hidden units into 3).
#include <ctmlp/quantize.hpp>

using f_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
using q_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr f_net trained{};
constexpr q_net fixed_net = ctmlp::quantize<q_net>(trained);

int main() { return fixed_net.predict({ctmlp::q7_8(1.0), ctmlp::q7_8(0.0)})[0].raw; }
