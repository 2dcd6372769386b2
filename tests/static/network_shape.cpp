// The network type's compile-time vocabulary: sizes, parameter counts, layout, literal-ness,
// and what is (not) a valid network, checked as concepts where a requires-clause can see it.
#include <ctmlp/ctmlp.hpp>

#include <type_traits>

namespace network_shape_test {

using net_241 = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;
static_assert(net_241::input_size == 2 && net_241::output_size == 1 && net_241::depth == 2);
static_assert(net_241::sizes == std::array<std::size_t, 3>{2, 4, 1});
static_assert(net_241::parameter_count == 2 * 4 + 4 + 4 * 1 + 1);
static_assert(std::is_trivially_copyable_v<net_241>);  // weights can be memcpy'd to and from flash
static_assert(std::is_standard_layout_v<net_241::parameters_of<1>>);
static_assert(sizeof(net_241) == net_241::parameter_count * sizeof(float));  // no padding, no hidden state
static_assert(std::is_same_v<net_241::activation_of<1>, ctmlp::relu>);

// no_bias stores nothing.
using no_bias_net = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu, ctmlp::no_bias>,
                                   ctmlp::dense<1, ctmlp::identity, ctmlp::no_bias>>;
static_assert(no_bias_net::parameter_count == 12);
static_assert(sizeof(no_bias_net) == 12 * sizeof(double));

// Deeper and wider.
using net_3542 = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>,
                                ctmlp::dense<4, ctmlp::leaky_relu<>>, ctmlp::dense<2, ctmlp::sigmoid>>;
static_assert(net_3542::parameter_count == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2);
static_assert(net_3542::max_width == 5);

// Weight layout is input-major, as the notebook's (inputs, outputs) matrices.
constexpr auto layout_probe = [] {
    net_241 n{};
    n.layer<1>().weight(1, 3) = 7.0f;
    return n.layer<1>().weights[1 * 4 + 3];
}();
static_assert(layout_probe == 7.0f);

// predict is usable in constant expressions, and a hand computation agrees with it.
constexpr auto hand_net = [] {
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>> n{};
    n.layer<1>().weights = {2.0, 3.0};
    n.layer<1>().bias = {0.5};
    return n;
}();
static_assert(hand_net.predict({1.0, 10.0})[0] == 1.0 * 2.0 + 10.0 * 3.0 + 0.5);

// Activations and their derivatives from the output.
static_assert(ctmlp::relu::apply(-2.0) == 0.0 && ctmlp::relu::apply(3.0) == 3.0);
static_assert(ctmlp::relu::derivative_from_output(0.0) == 0.0 && ctmlp::relu::derivative_from_output(1.5) == 1.0);
static_assert(ctmlp::leaky_relu<1, 10>::apply(-2.0) == -0.2);
static_assert(ctmlp::sigmoid::apply(0.0) == 0.5 && ctmlp::sigmoid::derivative_from_output(0.5) == 0.25);
static_assert(ctmlp::tanh::apply(0.0) == 0.0 && ctmlp::tanh::derivative_from_output(0.0) == 1.0);

// The scalar concept: float and double model it; what a network cannot compute with does not.
static_assert(ctmlp::Scalar<float> && ctmlp::Scalar<double>);
static_assert(!ctmlp::Scalar<int*> && !ctmlp::Scalar<void*>);
struct no_division {
    double v;
    constexpr explicit no_division(double x) : v(x) {}
    no_division() = default;
    friend constexpr no_division operator+(no_division a, no_division b) { return no_division(a.v + b.v); }
    friend constexpr no_division operator-(no_division a, no_division b) { return no_division(a.v - b.v); }
    friend constexpr no_division operator*(no_division a, no_division b) { return no_division(a.v * b.v); }
    friend constexpr no_division operator-(no_division a) { return no_division(-a.v); }
    friend constexpr auto operator<=>(no_division, no_division) = default;
};
static_assert(!ctmlp::Scalar<no_division>);

// Trainable or not: an activation without a derivative can be used for inference only.
struct step {
    template <class S>
    static constexpr S apply(S x) {
        return x > S(0) ? S(1) : S(0);
    }
};
static_assert(ctmlp::Activation<step, float> && !ctmlp::TrainableActivation<step, float>);
static_assert(!ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, step>>::trainable);
static_assert(net_241::trainable);
constexpr auto step_net_output = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, step>>{}.predict({1.f, 1.f});
static_assert(step_net_output[0] == 0.0f);

// Concepts see what a requires-clause says.
static_assert(ctmlp::Network<net_241> && !ctmlp::Network<int>);
static_assert(ctmlp::Loss<ctmlp::half_squared_error, double, 3>);
static_assert(ctmlp::UniformSource<ctmlp::splitmix64> && ctmlp::UniformSource<ctmlp::mt19937>);

}  // namespace network_shape_test

// Memory, in bytes, as compile-time constants.
namespace network_shape_test {
using mem = ctmlp::memory<net_241>;
static_assert(mem::parameters == 17 * sizeof(float));
static_assert(mem::workspace == (2 + 4 + 1 + 4 + 1) * sizeof(float));  // outputs a0..a2, deltas δ1..δ2
static_assert(mem::inference_scratch == 2 * 4 * sizeof(float));
static_assert(mem::training_per_sample == mem::parameters + mem::workspace);
static_assert(mem::training_full_batch == 2 * mem::parameters + mem::workspace);
}  // namespace network_shape_test
