// Backward pass vs central finite differences, in double, for every activation x loss on several
// shapes, with and without bias: relative error <= 1e-6 for every parameter. Includes the fused
// output deltas (softmax + categorical cross-entropy, sigmoid + binary cross-entropy), softmax's
// Jacobian path (softmax with a squared error), and logits driven to ±1000.
#include <ctmlp/ctmlp.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "catch.hpp"

namespace {

// Calls f(value_ref, gradient_ref) for every parameter of `net` and the same one of `grad`.
template <class Net, class F>
void for_each_parameter(Net& net, Net& grad, F&& f) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                auto& p = net.template layer<K + 1>();
                auto& g = grad.template layer<K + 1>();
                for (std::size_t n = 0; n < p.weights.size(); ++n) f(p.weights[n], g.weights[n]);
                if constexpr (Net::template parameters_of<K + 1>::has_bias)
                    for (std::size_t n = 0; n < p.bias.size(); ++n) f(p.bias[n], g.bias[n]);
            }(),
            ...);
    }
    (std::make_index_sequence<Net::depth>{});
}

// Σ_s loss(net(x_s), y_s), each computed as training does (ctmlp::loss_value: from the logits for
// a fused loss, else value(ŷ, y)).
template <class Net, std::size_t N, class L>
double total_loss(const Net& net, const std::array<typename Net::input_array, N>& xs,
                  const std::array<typename Net::output_array, N>& ys, L loss) {
    ctmlp::workspace<Net> ws{};
    double sum = 0.0;
    for (std::size_t s = 0; s < N; ++s) {
        ctmlp::forward(net, ws, xs[s]);
        sum += ctmlp::loss_value(loss, ws, ys[s]);
    }
    return sum;
}

// Targets: anywhere in [−1, 1], inside (0, 1) (for sigmoid outputs), or a probability
// distribution over the outputs (for softmax; one-hot every third sample).
enum class targets { any, unit, distribution };

struct check_result {
    double worst_relative = 0.0;
    std::size_t parameters = 0;
    std::size_t nonzero = 0;
    std::size_t skipped = 0;  // parameters whose finite difference straddles a ReLU kink
};

// The analytic gradient of Σ_s loss(net(x_s), y_s) against central differences with step h.
template <class Net, class L>
check_result gradient_check(std::uint64_t seed, L loss, targets kind, double last_layer_scale = 1.0) {
    constexpr std::size_t samples = 3;
    ctmlp::splitmix64 gen{seed};
    // Weights leaning positive keep most ReLU units alive, so the gradients compared are not zeros.
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-0.6, 1.0});
    // Scaling the last layer scales the logits.
    for (auto& w : net.template layer<Net::depth>().weights) w *= last_layer_scale;
    for (auto& b : net.template layer<Net::depth>().bias) b *= last_layer_scale;
    std::array<typename Net::input_array, samples> xs{};
    std::array<typename Net::output_array, samples> ys{};
    for (auto& x : xs)
        for (auto& v : x) v = -1.0 + 2.0 * gen.random_sample();
    for (std::size_t s = 0; s < samples; ++s) {
        auto& y = ys[s];
        for (auto& v : y)
            v = kind == targets::unit  ? 0.1 + 0.8 * gen.random_sample()
                : kind == targets::any ? -1.0 + 2.0 * gen.random_sample()
                                       : gen.random_sample();
        if (kind == targets::distribution) {
            double total = 0.0;
            for (double v : y) total += v;
            for (auto& v : y) v /= total;
            if (s % 3 == 0) {
                y = {};
                y[s % y.size()] = 1.0;
            }
        }
    }

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
void check_all_shapes(const std::string& name, L loss, targets unit_targets) {
    using ctmlp::dense;
    using ctmlp::input;
    using ctmlp::no_bias;
    // One output, or three for softmax (over one unit it is the constant 1).
    constexpr std::size_t n1 = std::is_same_v<Out, ctmlp::softmax> ? 3 : 1;
    using net_241 = ctmlp::network<double, input<2>, dense<4, Hidden>, dense<n1, Out>>;
    using net_241_nb = ctmlp::network<double, input<2>, dense<4, Hidden, no_bias>, dense<n1, Out, no_bias>>;
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
        CHECK(a.parameters == 12 + 5 * n1);
        CHECK(b.parameters == 8 + 4 * n1);
        CHECK(c.parameters == 15 + 5 + 20 + 4 + 8 + 2);
        CHECK(d.parameters == 15 + 5 + 20 + 8 + 2);
        for (const auto& r : {a, b, c, d}) {
            compared += r.parameters;
            nonzero += r.nonzero;
            skipped += r.skipped;
        }
    }
    INFO(name << ": " << compared << " parameters, " << nonzero << " non-zero gradients, " << skipped << " at a kink");
    CHECK(nonzero * 2 > compared);    // the check compared real gradients, not zeros behind dead units
    CHECK(skipped * 20 <= compared);  // kinks inside the stencil are rare
}

template <class Hidden>
void check_hidden(const std::string& hidden) {
    check_all_shapes<Hidden, ctmlp::identity>(hidden + "/identity half_squared_error", ctmlp::half_squared_error{},
                                              targets::any);
    check_all_shapes<Hidden, ctmlp::identity>(hidden + "/identity squared_error", ctmlp::squared_error{}, targets::any);
    check_all_shapes<Hidden, ctmlp::identity>(hidden + "/identity mean_squared_error", ctmlp::mean_squared_error{},
                                              targets::any);
    check_all_shapes<Hidden, ctmlp::sigmoid>(hidden + "/sigmoid half_squared_error", ctmlp::half_squared_error{},
                                             targets::unit);
    check_all_shapes<Hidden, ctmlp::sigmoid>(hidden + "/sigmoid mean_squared_error", ctmlp::mean_squared_error{},
                                             targets::unit);
    check_all_shapes<Hidden, ctmlp::sigmoid>(hidden + "/sigmoid binary_cross_entropy", ctmlp::binary_cross_entropy{},
                                             targets::unit);
    check_all_shapes<Hidden, ctmlp::tanh>(hidden + "/tanh squared_error", ctmlp::squared_error{}, targets::any);
    check_all_shapes<Hidden, ctmlp::relu>(hidden + "/relu half_squared_error", ctmlp::half_squared_error{},
                                          targets::any);
    check_all_shapes<Hidden, ctmlp::leaky_relu<>>(hidden + "/leaky_relu mean_squared_error",
                                                  ctmlp::mean_squared_error{}, targets::any);
    check_all_shapes<Hidden, ctmlp::softmax>(hidden + "/softmax categorical_cross_entropy",
                                             ctmlp::categorical_cross_entropy{}, targets::distribution);
    check_all_shapes<Hidden, ctmlp::softmax>(hidden + "/softmax squared_error (Jacobian)", ctmlp::squared_error{},
                                             targets::distribution);
    check_all_shapes<Hidden, ctmlp::softmax>(hidden + "/softmax mean_squared_error (Jacobian)",
                                             ctmlp::mean_squared_error{}, targets::any);
}

// The fused losses with logits driven to ±1 … ±1000 by scaling the last layer. Up to ±100 the
// gradient is checked against finite differences of the loss from the logits. At every scale the
// loss is compared with a long-double evaluation from the same logits, and the last layer's
// gradient with (ŷ − y)·a_{L−1}ᵀ computed in long double.
template <class Out, class L>
void check_large_logits(const std::string& name, L loss, targets kind) {
    using net_t = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<3, Out>>;
    for (double scale : {1.0, 10.0, 100.0, 1000.0}) {
        INFO(name << " last layer scaled by " << scale);
        if (scale <= 100.0) {
            const auto fd = gradient_check<net_t>(5, loss, kind, scale);
            CHECK(fd.worst_relative <= 1e-6);
            CHECK(fd.nonzero * 2 > fd.parameters);
        }
        ctmlp::splitmix64 gen{9};
        auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::uniform{-1.0, 1.0});
        for (auto& w : net.template layer<2>().weights) w *= scale;
        for (auto& b : net.template layer<2>().bias) b *= scale;
        ctmlp::workspace<net_t> ws{};
        double largest_logit = 0.0;
        for (std::size_t s = 0; s < 6; ++s) {
            const typename net_t::input_array x{-1.0 + 0.4 * static_cast<double>(s), 0.5,
                                                1.0 - 0.3 * static_cast<double>(s)};
            typename net_t::output_array y{};
            y[s % 3] = 1.0;
            if (kind == targets::unit) y = {s % 2 == 0 ? 1.0 : 0.0, 0.25, 1.0};
            ctmlp::forward(net, ws, x);
            const auto a1 = ws.template output<1>();
            // The logits and everything after them in long double.
            std::array<long double, 3> z{}, p{};
            for (std::size_t o = 0; o < 3; ++o) {
                z[o] = net.template layer<2>().bias[o];
                for (std::size_t i = 0; i < 4; ++i)
                    z[o] += static_cast<long double>(a1[i]) * net.template layer<2>().weight(i, o);
                largest_logit = std::max(largest_logit, static_cast<double>(std::abs(z[o])));
            }
            long double ref = 0;
            if constexpr (std::is_same_v<Out, ctmlp::softmax>) {
                const long double m = std::max({z[0], z[1], z[2]});
                long double sum = 0;
                for (auto v : z) sum += std::exp(v - m);
                for (std::size_t o = 0; o < 3; ++o) {
                    p[o] = std::exp(z[o] - m) / sum;
                    ref += y[o] * (m - z[o] + std::log(sum));
                }
            } else {
                for (std::size_t o = 0; o < 3; ++o) {
                    p[o] = 1 / (1 + std::exp(-z[o]));
                    ref += std::max(z[o], 0.0L) - z[o] * y[o] + std::log1p(std::exp(-std::abs(z[o])));
                }
            }
            const double value = ctmlp::loss_value(loss, ws, y);
            CHECK(std::isfinite(value));
            CHECK(std::abs(value - ref) <= 1e-13L * std::max(1.0L, std::abs(ref)));
            ctmlp::backward(net, ws, y, loss);
            for (std::size_t i = 0; i < 4; ++i)
                for (std::size_t o = 0; o < 3; ++o) {
                    const long double expected = (p[o] - y[o]) * a1[i];
                    CHECK(std::isfinite(ws.template weight_gradient<2>(i, o)));
                    CHECK(std::abs(ws.template weight_gradient<2>(i, o) - expected) <= 1e-13L);
                }
            for (std::size_t i = 0; i < 4; ++i) CHECK(std::isfinite(ws.template delta<1>()[i]));
        }
        CHECK(largest_logit >= 0.3 * scale);  // the logits did reach the scale
    }
}

}  // namespace

TEST_CASE("gradients match finite differences: identity hidden", "[gradient]") {
    check_hidden<ctmlp::identity>("identity");
}
TEST_CASE("gradients match finite differences: relu hidden", "[gradient]") { check_hidden<ctmlp::relu>("relu"); }
TEST_CASE("gradients match finite differences: leaky_relu hidden", "[gradient]") {
    check_hidden<ctmlp::leaky_relu<1, 10>>("leaky_relu");
}
TEST_CASE("gradients match finite differences: sigmoid hidden", "[gradient]") {
    check_hidden<ctmlp::sigmoid>("sigmoid");
}
TEST_CASE("gradients match finite differences: tanh hidden", "[gradient]") { check_hidden<ctmlp::tanh>("tanh"); }

TEST_CASE("the gradient check detects a wrong derivative", "[gradient]") {
    // An activation whose derivative is off by 10%: the same check must fail.
    struct bad_tanh {
        static double apply(double x) { return std::tanh(x); }
        static double derivative_from_output(double y) { return 1.1 * (1.0 - y * y); }
    };
    using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, bad_tanh>, ctmlp::dense<1, ctmlp::identity>>;
    const auto r = gradient_check<net_t>(1, ctmlp::half_squared_error{}, targets::any);
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

TEST_CASE("fused losses with logits of ±1 … ±1000: finite, exact, gradient (ŷ − y)·a", "[gradient][losses]") {
    check_large_logits<ctmlp::softmax>("softmax categorical_cross_entropy", ctmlp::categorical_cross_entropy{},
                                       targets::distribution);
    check_large_logits<ctmlp::sigmoid>("sigmoid binary_cross_entropy", ctmlp::binary_cross_entropy{}, targets::unit);
}

namespace {
// Categorical cross-entropy whose fused delta forgets the Σy factor: right for one-hot targets,
// wrong for targets that do not sum to 1, and the check must see it.
struct sloppy_cce : ctmlp::categorical_cross_entropy {
    template <class A, class S, std::size_t N>
        requires std::same_as<A, ctmlp::softmax>
    static constexpr void output_delta(const std::array<S, N>& yhat, const std::array<S, N>& y, std::array<S, N>& d) {
        for (std::size_t o = 0; o < N; ++o) d[o] = yhat[o] - y[o];
    }
};
}  // namespace

TEST_CASE("the gradient check detects a wrong fused delta", "[gradient][losses]") {
    using net_t =
        ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
    const auto good = gradient_check<net_t>(1, ctmlp::categorical_cross_entropy{}, targets::any);
    CHECK(good.worst_relative <= 1e-6);  // targets in [−1, 1]: Σy ≠ 1
    const auto bad = gradient_check<net_t>(1, sloppy_cce{}, targets::any);
    CHECK(bad.worst_relative > 0.01);
}
