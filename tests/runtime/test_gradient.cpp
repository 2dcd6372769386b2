// Backward pass vs central finite differences, in double, for every activation x loss on several
// shapes, with and without bias: relative error <= 1e-6 for every parameter.
#include <ctmlp/ctmlp.hpp>

#include <cmath>
#include <string>

#include "catch.hpp"

namespace {

// Calls f(value_ref, gradient_ref) for every parameter of `net` and the same one of `grad`.
template <class Net, class F>
void for_each_parameter(Net& net, Net& grad, F&& f) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            auto& p = net.template layer<K + 1>();
            auto& g = grad.template layer<K + 1>();
            for (std::size_t n = 0; n < p.weights.size(); ++n) f(p.weights[n], g.weights[n]);
            if constexpr (Net::template parameters_of<K + 1>::has_bias)
                for (std::size_t n = 0; n < p.bias.size(); ++n) f(p.bias[n], g.bias[n]);
        }(), ...);
    }(std::make_index_sequence<Net::depth>{});
}

template <class Net, std::size_t N, class L>
double total_loss(const Net& net, const std::array<typename Net::input_array, N>& xs,
                  const std::array<typename Net::output_array, N>& ys, L) {
    double sum = 0.0;
    for (std::size_t s = 0; s < N; ++s) sum += L::value(net.predict(xs[s]), ys[s]);
    return sum;
}

struct check_result {
    double worst_relative = 0.0;
    std::size_t parameters = 0;
    std::size_t nonzero = 0;
    std::size_t skipped = 0;  // parameters whose finite difference straddles a ReLU kink
};

// The analytic gradient of Σ_s loss(net(x_s), y_s) against central differences with step h.
template <class Net, class L>
check_result gradient_check(std::uint64_t seed, L loss, bool targets_in_unit_interval) {
    constexpr std::size_t samples = 3;
    ctmlp::splitmix64 gen{seed};
    // Weights leaning positive keep most ReLU units alive, so the gradients compared are not zeros.
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-0.6, 1.0});
    std::array<typename Net::input_array, samples> xs{};
    std::array<typename Net::output_array, samples> ys{};
    for (auto& x : xs)
        for (auto& v : x) v = -1.0 + 2.0 * gen.random_sample();
    for (auto& y : ys)
        for (auto& v : y) v = targets_in_unit_interval ? 0.1 + 0.8 * gen.random_sample() : -1.0 + 2.0 * gen.random_sample();

    Net grad{};
    ctmlp::workspace<Net> ws{};
    for (std::size_t s = 0; s < samples; ++s) {
        ctmlp::forward(net, ws, xs[s]);
        ctmlp::backward(net, ws, ys[s], loss);
        ctmlp::accumulate_gradient(grad, ws);
    }

    check_result r{};
    Net probe = net;
    // Five-point central difference, error O(h⁴): at h = 1e-3 truncation (~1e-12) and rounding
    // (~1e-13) both stay far below the 1e-6 tolerance. A ReLU kink inside the stencil makes the difference
    // quotient meaningless: such a parameter is recognised by the h and h/2 estimates disagreeing,
    // and skipped (counted; the caller requires such cases to be rare).
    auto numeric_at = [&](double& p, double h) {
        const double keep = p;
        auto at = [&](double v) {
            p = v;
            return total_loss(probe, xs, ys, loss);
        };
        const double d = (-at(keep + 2 * h) + 8 * at(keep + h) - 8 * at(keep - h) + at(keep - 2 * h)) / (12 * h);
        p = keep;
        return d;
    };
    for_each_parameter(probe, grad, [&](double& p, double& g) {
        const double numeric = numeric_at(p, 1e-3);
        const double finer = numeric_at(p, 5e-4);
        const double scale = std::max(std::abs(numeric), std::abs(g));
        ++r.parameters;
        if (std::abs(numeric - finer) > 1e-8 * std::max(scale, 1e-3)) {
            ++r.skipped;
            return;
        }
        // Relative error; gradients below 1e-6 are compared absolutely (to 1e-12), since the
        // rounding of the loss differences alone is ~1e-13.
        const double err = std::abs(numeric - g) / std::max(scale, 1e-6);
        r.worst_relative = std::max(r.worst_relative, err);
        r.nonzero += g != 0.0;
    });
    return r;
}

template <class Hidden, class Out, class L>
void check_all_shapes(const std::string& name, L loss, bool unit_targets) {
    using ctmlp::dense;
    using ctmlp::input;
    using ctmlp::no_bias;
    using net_241 = ctmlp::network<double, input<2>, dense<4, Hidden>, dense<1, Out>>;
    using net_241_nb = ctmlp::network<double, input<2>, dense<4, Hidden, no_bias>, dense<1, Out, no_bias>>;
    using net_3542 = ctmlp::network<double, input<3>, dense<5, Hidden>, dense<4, Hidden>, dense<2, Out>>;
    using net_3542_mixed = ctmlp::network<double, input<3>, dense<5, Hidden>, dense<4, Hidden, no_bias>, dense<2, Out>>;
    std::size_t compared = 0, nonzero = 0, skipped = 0;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        INFO(name << " seed " << seed);
        const auto a = gradient_check<net_241>(seed, loss, unit_targets);
        CHECK(a.worst_relative <= 1e-6);
        const auto b = gradient_check<net_241_nb>(seed, loss, unit_targets);
        CHECK(b.worst_relative <= 1e-6);
        const auto c = gradient_check<net_3542>(seed, loss, unit_targets);
        CHECK(c.worst_relative <= 1e-6);
        const auto d = gradient_check<net_3542_mixed>(seed, loss, unit_targets);
        CHECK(d.worst_relative <= 1e-6);
        CHECK(a.parameters == 17);
        CHECK(b.parameters == 12);
        CHECK(c.parameters == 15 + 5 + 20 + 4 + 8 + 2);
        CHECK(d.parameters == 15 + 5 + 20 + 8 + 2);
        for (const auto& r : {a, b, c, d}) {
            compared += r.parameters;
            nonzero += r.nonzero;
            skipped += r.skipped;
        }
    }
    INFO(name << ": " << compared << " parameters, " << nonzero << " non-zero gradients, " << skipped << " at a kink");
    CHECK(nonzero * 2 > compared);   // the check compared real gradients, not zeros behind dead units
    CHECK(skipped * 20 <= compared);  // kinks inside the stencil are rare
}

template <class Hidden>
void check_hidden(const std::string& hidden) {
    check_all_shapes<Hidden, ctmlp::identity>(hidden + "/identity half_squared_error", ctmlp::half_squared_error{}, false);
    check_all_shapes<Hidden, ctmlp::identity>(hidden + "/identity squared_error", ctmlp::squared_error{}, false);
    check_all_shapes<Hidden, ctmlp::identity>(hidden + "/identity mean_squared_error", ctmlp::mean_squared_error{}, false);
    check_all_shapes<Hidden, ctmlp::sigmoid>(hidden + "/sigmoid half_squared_error", ctmlp::half_squared_error{}, true);
    check_all_shapes<Hidden, ctmlp::sigmoid>(hidden + "/sigmoid mean_squared_error", ctmlp::mean_squared_error{}, true);
    check_all_shapes<Hidden, ctmlp::sigmoid>(hidden + "/sigmoid binary_cross_entropy", ctmlp::binary_cross_entropy{}, true);
    check_all_shapes<Hidden, ctmlp::tanh>(hidden + "/tanh squared_error", ctmlp::squared_error{}, false);
    check_all_shapes<Hidden, ctmlp::relu>(hidden + "/relu half_squared_error", ctmlp::half_squared_error{}, false);
    check_all_shapes<Hidden, ctmlp::leaky_relu<>>(hidden + "/leaky_relu mean_squared_error", ctmlp::mean_squared_error{}, false);
}

}  // namespace

TEST_CASE("gradients match finite differences: identity hidden", "[gradient]") { check_hidden<ctmlp::identity>("identity"); }
TEST_CASE("gradients match finite differences: relu hidden", "[gradient]") { check_hidden<ctmlp::relu>("relu"); }
TEST_CASE("gradients match finite differences: leaky_relu hidden", "[gradient]") { check_hidden<ctmlp::leaky_relu<1, 10>>("leaky_relu"); }
TEST_CASE("gradients match finite differences: sigmoid hidden", "[gradient]") { check_hidden<ctmlp::sigmoid>("sigmoid"); }
TEST_CASE("gradients match finite differences: tanh hidden", "[gradient]") { check_hidden<ctmlp::tanh>("tanh"); }

TEST_CASE("the gradient check detects a wrong derivative", "[gradient]") {
    // An activation whose derivative is off by 10%: the same check must fail.
    struct bad_tanh {
        static double apply(double x) { return std::tanh(x); }
        static double derivative_from_output(double y) { return 1.1 * (1.0 - y * y); }
    };
    using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, bad_tanh>, ctmlp::dense<1, ctmlp::identity>>;
    const auto r = gradient_check<net_t>(1, ctmlp::half_squared_error{}, false);
    CHECK(r.worst_relative > 0.05);
}

TEST_CASE("every loss's gradient is the derivative of its own value", "[gradient][loss]") {
    const std::array<double, 3> yhat{0.3, 0.8, 0.55};
    const std::array<double, 3> y{0.0, 1.0, 0.25};
    auto check = [&](auto loss) {
        using L = decltype(loss);
        std::array<double, 3> g{};
        L::gradient(yhat, y, g);
        for (std::size_t o = 0; o < 3; ++o) {
            auto up = yhat, down = yhat;
            up[o] += 1e-6;
            down[o] -= 1e-6;
            const double numeric = (L::value(up, y) - L::value(down, y)) / 2e-6;
            CHECK(std::abs(numeric - g[o]) <= 1e-6 * std::max(1.0, std::abs(g[o])));
        }
    };
    check(ctmlp::half_squared_error{});
    check(ctmlp::squared_error{});
    check(ctmlp::mean_squared_error{});
    check(ctmlp::binary_cross_entropy{});
    CHECK(ctmlp::half_squared_error::value(yhat, y) * 2 == ctmlp::squared_error::value(yhat, y));
    CHECK(ctmlp::mean_squared_error::value(yhat, y) == Approx(ctmlp::squared_error::value(yhat, y) / 3));
}
