// A user's file with globals named like the variables inside ctmlp's fixed-point and quantisation
// templates (x, as in the README's example, k, t, value, ...). g++ -Wshadow reports a parameter
// or lambda variable of a class template's member that shadows a global at instantiation, so the
// headers' names used to warn here (fixed_point.hpp's constructor parameter `x` and the sigmoid
// table's `t`, `k`, `x`). The static tests build with -Wshadow -Werror: compiling is passing.
#include <ctmlp/quantize.hpp>

// Short names and common words a user's file may well use at namespace scope, among them every name
// the headers used to have in such places (x, k, t, value, target, source, bad, not_finite).
inline constexpr double x = 0.5, y = 0.25, z = 0.75, k = 1.0, t = 2.0, w = 3.0, b = 4.0, a = 6.0, n = 7.0, o = 8.0,
                        i = 9.0, p = 10.0, r = 11.0, s = 12.0, v = 13.0, c = 14.0, d = 15.0, f = 16.0, value = 17.0,
                        input = 18.0, output = 19.0, weight = 20.0, weights = 21.0, bias = 22.0, sum = 23.0, acc = 24.0,
                        product = 25.0, result = 26.0, layer = 28.0, status = 29.0, from = 30.0, to = 31.0, in = 32.0,
                        out = 33.0, sample = 34.0, error = 35.0, target = 36.0, source = 37.0, bad = 38.0,
                        not_finite = 39.0, lo = 40.0, hi = 41.0, data = 42.0, scale = 43.0, limit = 44.0;

namespace {
template <class Q>
using net = ctmlp::network<Q, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;

template <class Q>
constexpr bool use_everything(double bound) {
    const net<double> reference = [] {
        net<double> m{};
        double q = 0.75;
        m.for_each_layer([&](auto& l) {
            for (auto& e : l.weights) e = (q = -q * 0.875);
            for (auto& e : l.bias) e = (q = q * 0.5);
        });
        return m;
    }();
    const auto checked = ctmlp::quantize_checked<net<Q>>(reference);
    const auto direct = ctmlp::quantize<net<Q>>(reference);
    const std::array<net<double>::input_array, 2> inputs{{{x, y}, {-x, z}}};
    const double e = ctmlp::max_output_error(reference, direct, inputs);
    const auto out1 = direct.predict({Q(x), Q(y)});
    return checked.ok() && checked.network == direct && e < bound && Q::representable(z) && out1[0] >= Q(0.0) &&
           ctmlp::tanh::apply(Q(w)) > Q(0.5) && ctmlp::sigmoid::apply(Q(-b)) < Q(0.5);
}
static_assert(use_everything<ctmlp::q7_8>(0.01));
static_assert(use_everything<ctmlp::q15_16>(0.002));
static_assert(use_everything<ctmlp::fixed<3, 4>>(0.2));
static_assert(use_everything<ctmlp::fixed<7, 2>>(0.6));
}  // namespace
