// expect: ctmlp::max_output_error\(reference, quantized, inputs\): the networks must have the same input and output sizes
// The worst-case output error of a network against one with another number of outputs.
#include <ctmlp/quantize.hpp>

using f_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;
using q_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

constexpr f_net reference{};
constexpr q_net quantized{};
constexpr std::array<f_net::input_array, 1> inputs{{{0.0f, 1.0f}}};
static_assert(ctmlp::max_output_error(reference, quantized, inputs) <= 0.01);

int main() {}
