// Softmax, the fused cross-entropy losses (values from the logits, output delta ŷ − y), the
// Jacobian path, math::log1p, is_finite / is_nan, and the metrics.
#include <ctmlp/ctmlp.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "catch.hpp"

namespace {

// Distance in units in the last place (ulp) of `ref`, for finite values of the same sign.
template <class T>
double ulp_error(T got, long double ref) {
    const T r = static_cast<T>(ref);
    const long double ulp = std::nextafter(std::abs(r), std::numeric_limits<T>::infinity()) - std::abs(r);
    return static_cast<double>(std::abs(static_cast<long double>(got) - ref) / ulp);
}

template <class T>
void check_log1p() {
    double worst_portable = 0.0, worst_dispatch = 0.0;
    std::size_t n = 0;
    // Logarithmically spaced |x| from 1e-30 to 1e6, both signs (x > −1), plus the neighbourhood of −1.
    for (long double e = -30; e <= 6; e += 0.01L) {
        for (int sign : {1, -1}) {
            const T x = static_cast<T>(sign * std::pow(10.0L, e));
            if (!(x > T(-1))) continue;
            const long double ref = std::log1p(static_cast<long double>(x));
            if (ref == 0) continue;
            worst_portable = std::max(worst_portable, ulp_error(ctmlp::math::portable::log1p(x), ref));
            worst_dispatch = std::max(worst_dispatch, ulp_error(ctmlp::math::log1p(x), ref));
            ++n;
        }
    }
    for (T x = T(-0.999999); x < T(-0.5); x = x + T(0.0001)) {
        const long double ref = std::log1p(static_cast<long double>(x));
        worst_portable = std::max(worst_portable, ulp_error(ctmlp::math::portable::log1p(x), ref));
        ++n;
    }
    INFO("n = " << n << ", worst portable " << worst_portable << " ulp, dispatch " << worst_dispatch << " ulp");
    CHECK(n > 7000);
    CHECK(worst_portable <= 2.5);
    CHECK(worst_dispatch <= 2.5);
}

}  // namespace

TEST_CASE("math::log1p: accurate over the whole range, special values", "[losses][math]") {
    check_log1p<float>();
    check_log1p<double>();
    using ctmlp::math::portable::log1p;
    CHECK(log1p(0.0) == 0.0);
    CHECK(log1p(1e-300) == 1e-300);  // tiny: exactly x
    CHECK(log1p(-1.0) == -std::numeric_limits<double>::infinity());
    CHECK(std::isnan(log1p(-1.5)));
    CHECK(std::isnan(log1p(std::numeric_limits<double>::quiet_NaN())));
    CHECK(log1p(std::numeric_limits<double>::infinity()) == std::numeric_limits<double>::infinity());
    // In a constant expression (clang rejects std::log1p there).
    constexpr double c = ctmlp::math::log1p(1e-10);
    STATIC_REQUIRE((c > 0.99999999994e-10 && c < 1e-10));
    CHECK(c == Approx(std::log1p(1e-10)).epsilon(1e-15));
}

TEST_CASE("is_finite / is_nan by the bits: float, double, constexpr", "[losses][scalar]") {
    auto check = [](auto zero) {
        using T = decltype(zero);
        volatile T z = zero;  // produce the special values at run time
        const T nan = z / z, inf = T(1) / z, big = std::numeric_limits<T>::max();
        CHECK_FALSE(ctmlp::is_finite(nan));
        CHECK_FALSE(ctmlp::is_finite(inf));
        CHECK_FALSE(ctmlp::is_finite(-inf));
        CHECK(ctmlp::is_finite(big));
        CHECK(ctmlp::is_finite(-big));
        CHECK(ctmlp::is_finite(std::numeric_limits<T>::denorm_min()));
        CHECK(ctmlp::is_finite(-z));
        CHECK(ctmlp::is_nan(nan));
        CHECK(ctmlp::is_nan(-nan));
        CHECK_FALSE(ctmlp::is_nan(inf));
        CHECK_FALSE(ctmlp::is_nan(big));
        CHECK_FALSE(ctmlp::is_nan(z));
    };
    check(0.0f);
    check(0.0);
    STATIC_REQUIRE((!ctmlp::is_finite(std::numeric_limits<float>::infinity())));
    STATIC_REQUIRE((!ctmlp::is_finite(std::numeric_limits<double>::quiet_NaN())));
    STATIC_REQUIRE((ctmlp::is_nan(std::numeric_limits<double>::quiet_NaN())));
    STATIC_REQUIRE((!ctmlp::is_nan(std::numeric_limits<float>::infinity())));
    STATIC_REQUIRE((ctmlp::is_finite(1.5f) && !ctmlp::is_nan(1.5)));
    // A type that is not floating point has no NaN.
    STATIC_REQUIRE((ctmlp::is_finite(ctmlp::q7_8(3.0)) && !ctmlp::is_nan(ctmlp::q7_8(3.0))));
}

TEST_CASE("softmax: a distribution, stable for logits of ±1000, NaN propagates", "[losses][softmax]") {
    using net_t = ctmlp::network<double, ctmlp::input<1>, ctmlp::dense<4, ctmlp::softmax>>;
    net_t net{};
    auto with_logits = [&](std::array<double, 4> z) {
        net.layer<1>().weights = {0, 0, 0, 0};
        net.layer<1>().bias = z;
        return net.predict({1.0});
    };
    // Against a long-double reference with the largest logit subtracted.
    for (double scale : {0.01, 1.0, 10.0, 100.0, 1000.0}) {
        const std::array<double, 4> z{0.3 * scale, -1.0 * scale, 0.25 * scale, 0.9 * scale};
        const auto p = with_logits(z);
        long double sum = 0;
        for (double v : z) sum += std::exp(static_cast<long double>(v) - 0.9L * scale);
        double total = 0.0;
        for (std::size_t o = 0; o < 4; ++o) {
            INFO("scale " << scale << " unit " << o);
            const long double ref = std::exp(static_cast<long double>(z[o]) - 0.9L * scale) / sum;
            CHECK(std::isfinite(p[o]));
            CHECK(std::abs(static_cast<long double>(p[o]) - ref) <= 4e-16L * ref + 1e-300L);
            total += p[o];
        }
        CHECK(total == Approx(1.0).epsilon(1e-15));
    }
    const auto extreme = with_logits({1000.0, -1000.0, 999.0, -1000.0});
    CHECK(extreme[1] == 0.0);
    CHECK(extreme[3] == 0.0);
    CHECK(extreme[0] == Approx(1.0 / (1.0 + std::exp(-1.0))).epsilon(1e-15));
    CHECK(extreme[2] == Approx(std::exp(-1.0) / (1.0 + std::exp(-1.0))).epsilon(1e-15));
    const auto exact = with_logits({-1000.0, 1000.0, -1000.0, -1000.0});
    CHECK(exact == std::array<double, 4>{0.0, 1.0, 0.0, 0.0});
    // A NaN logit anywhere makes every output NaN, so that training reports it.
    for (std::size_t bad = 0; bad < 4; ++bad) {
        std::array<double, 4> z{1.0, 2.0, 3.0, 4.0};
        z[bad] = std::numeric_limits<double>::quiet_NaN();
        for (double v : with_logits(z)) CHECK(std::isnan(v));
    }
    // Float, at ±1000: finite and exact.
    using float_net = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<2, ctmlp::softmax>>;
    float_net f{};
    f.layer<1>().bias = {1000.0f, -1000.0f};
    CHECK(f.predict({0.0f}) == std::array<float, 2>{1.0f, 0.0f});
}

TEST_CASE("softmax in a constant expression equals run time (double, within 1 ulp)", "[losses][softmax]") {
    using net_t =
        ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
    constexpr auto make = [] {
        ctmlp::splitmix64 gen{7};
        return ctmlp::initialized<net_t>(gen, ctmlp::init::uniform{-2.0, 2.0});
    };
    constexpr net_t net = make();
    constexpr auto ct = net.predict({0.5, -0.25});
    STATIC_REQUIRE((ct[0] + ct[1] + ct[2] > 0.999999999 && ct[0] + ct[1] + ct[2] < 1.000000001));
    volatile double a = 0.5, b = -0.25;
    const auto rt = net.predict({a, b});
    for (std::size_t o = 0; o < 3; ++o) CHECK(rt[o] == Approx(ct[o]).epsilon(4e-16));
}

TEST_CASE("binary_cross_entropy from the logit: float sigmoid at logit 20 with a correct target (regression)",
          "[losses][bce]") {
    // A float sigmoid rounds to exactly 1.0f from a logit of about 17 on. Computed from ŷ the loss
    // was 0 · log 0 = NaN and the gradient 0/0, and training stopped with non_finite_loss on a
    // correct prediction.
    using net_t = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, ctmlp::sigmoid>>;
    net_t net{};
    net.layer<1>().weights = {20.0f};
    ctmlp::workspace<net_t> ws{};
    const auto& yhat = ctmlp::forward(net, ws, {1.0f});
    REQUIRE(yhat[0] == 1.0f);  // the situation of the bug
    CHECK(ws.logits()[0] == 20.0f);
    const float loss = ctmlp::loss_value(ctmlp::binary_cross_entropy{}, ws, {1.0f});
    CHECK(std::isfinite(loss));
    CHECK(loss == Approx(std::log1p(std::exp(-20.0))).epsilon(1e-6));  // 2.06e-9
    CHECK(loss > 2.0e-9f);
    ctmlp::backward(net, ws, {1.0f}, ctmlp::binary_cross_entropy{});
    CHECK(std::isfinite(ws.delta<1>()[0]));
    CHECK(ws.delta<1>()[0] == 0.0f);  // ŷ − y with ŷ = 1.0f
    // The plain value on the probability is finite too (0 · log 0 is taken as 0).
    CHECK(ctmlp::binary_cross_entropy::value(yhat, {1.0f}) == 0.0f);

    // Training on that sample runs every epoch.
    const std::array<net_t::input_array, 2> xs{{{1.0f}, {-1.0f}}};
    const std::array<net_t::output_array, 2> ys{{{1.0f}, {0.0f}}};
    auto trained = net;
    const auto r =
        ctmlp::train(trained, xs, ys, ctmlp::sgd{.learning_rate = 0.5, .epochs = 5}, ctmlp::binary_cross_entropy{});
    CHECK(r.status == ctmlp::train_status::ok);
    CHECK(r.epochs_completed == 5);
    CHECK(std::isfinite(r.loss));

    // A confidently wrong prediction: the exact loss, finite.
    ctmlp::forward(net, ws, {1.0f});
    CHECK(ctmlp::loss_value(ctmlp::binary_cross_entropy{}, ws, {0.0f}) == Approx(20.0f + std::log1p(std::exp(-20.0f))));
    net.layer<1>().weights = {1000.0f};
    ctmlp::forward(net, ws, {1.0f});
    CHECK(ctmlp::loss_value(ctmlp::binary_cross_entropy{}, ws, {0.0f}) == 1000.0f);
    CHECK(ctmlp::loss_value(ctmlp::binary_cross_entropy{}, ws, {1.0f}) == 0.0f);
    ctmlp::forward(net, ws, {-1.0f});
    CHECK(ctmlp::loss_value(ctmlp::binary_cross_entropy{}, ws, {1.0f}) == 1000.0f);
    ctmlp::backward(net, ws, {1.0f}, ctmlp::binary_cross_entropy{});
    CHECK(ws.delta<1>()[0] == -1.0f);
}

TEST_CASE("binary_cross_entropy from the logits against a long-double reference, soft targets", "[losses][bce]") {
    std::array<double, 3> z{}, y{0.0, 1.0, 0.3};
    for (double logit : {-800.0, -40.0, -17.0, -3.0, -1e-3, 0.0, 2e-9, 0.5, 17.0, 36.0, 700.0}) {
        z = {logit, -logit, 0.5 * logit};
        long double ref = 0;
        for (std::size_t o = 0; o < 3; ++o) {
            const long double zl = z[o];
            ref += std::max(zl, 0.0L) - zl * y[o] + std::log1p(std::exp(-std::abs(zl)));
        }
        INFO("logit " << logit);
        const double v = ctmlp::binary_cross_entropy::value_from_logits<ctmlp::sigmoid>(z, y);
        CHECK(std::abs(v - ref) <= 4e-16L * std::abs(ref));
    }
}

TEST_CASE("categorical_cross_entropy from the logits: exact at ±1000, distributions, delta ŷ·Σy − y", "[losses][ce]") {
    using cce = ctmlp::categorical_cross_entropy;
    // In long double: Σ_o y_o (m − z_o + log1p(Σ_{j≠top} e^{z_j − m})).
    auto reference = [](const std::array<double, 3>& z, const std::array<double, 3>& y) {
        const auto top = static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin());
        const long double m = z[top];
        long double rest = 0, v = 0;
        for (std::size_t o = 0; o < 3; ++o)
            if (o != top) rest += std::exp(static_cast<long double>(z[o]) - m);
        for (std::size_t o = 0; o < 3; ++o) v += y[o] * ((m - z[o]) + std::log1p(rest));
        return v;
    };
    const std::array<std::array<double, 3>, 4> targets{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.2, 0.5, 0.3}}};
    for (double scale : {0.001, 1.0, 30.0, 100.0, 1000.0}) {
        const std::array<double, 3> z{1.0 * scale, -1.0 * scale, 0.25 * scale};
        for (const auto& y : targets) {
            const double v = cce::value_from_logits<ctmlp::softmax>(z, y);
            const long double ref = reference(z, y);
            INFO("scale " << scale << " target " << y[0] << " " << y[1] << " " << y[2]);
            CHECK(std::isfinite(v));
            CHECK(std::abs(v - ref) <= 1e-15L * std::abs(ref) + 1e-300L);
        }
    }
    // The correct class far ahead: a tiny loss, kept to full precision (1 + e^-30 would lose it).
    const std::array<double, 3> confident{30.0, 0.0, 0.0};
    CHECK(cce::value_from_logits<ctmlp::softmax>(confident, {1, 0, 0}) ==
          Approx(std::log1p(2 * std::exp(-30.0))).epsilon(1e-15));
    // ±1000: exactly 0 for the right class, exactly 2000 for a wrong one.
    const std::array<double, 3> extreme{1000.0, -1000.0, -1000.0};
    CHECK(cce::value_from_logits<ctmlp::softmax>(extreme, {1, 0, 0}) == 0.0);
    CHECK(cce::value_from_logits<ctmlp::softmax>(extreme, {0, 1, 0}) == 2000.0);
    const std::array<float, 3> extreme_f{1000.0f, -1000.0f, -1000.0f};
    CHECK(cce::value_from_logits<ctmlp::softmax>(extreme_f, {0.0f, 0.0f, 1.0f}) == 2000.0f);
    // A logit of −∞ on a class whose target is 0 contributes nothing (not 0 · ∞ = NaN), as in value().
    const float inf = std::numeric_limits<float>::infinity();
    CHECK(cce::value_from_logits<ctmlp::softmax>(std::array<float, 3>{-inf, 0.0f, 0.0f}, {0.0f, 1.0f, 0.0f}) ==
          Approx(std::log(2.0f)));
    CHECK(cce::value_from_logits<ctmlp::softmax>(std::array<float, 3>{-inf, 0.0f, 0.0f}, {0.0f, 0.5f, 0.5f}) ==
          Approx(std::log(2.0f)));
    static_assert(cce::value_from_logits<ctmlp::softmax>(std::array<double, 2>{-1.0, 1.0}, {0.0, 1.0}) > 0.0);

    // Through a network: loss_value uses the logits, backward the fused delta.
    using net_t = ctmlp::network<double, ctmlp::input<1>, ctmlp::dense<3, ctmlp::softmax>>;
    net_t net{};
    net.layer<1>().bias = {2.0, -1.0, 0.5};
    ctmlp::workspace<net_t> ws{};
    const auto yhat = ctmlp::forward(net, ws, {0.0});
    const std::array<double, 3> y{0.1, 0.3, 0.4};  // sums to 0.8: the delta is ŷ·0.8 − y
    CHECK(ctmlp::loss_value(cce{}, ws, y) ==
          Approx(static_cast<double>(reference({2.0, -1.0, 0.5}, y))).epsilon(1e-15));
    ctmlp::backward(net, ws, y, cce{});
    for (std::size_t o = 0; o < 3; ++o) CHECK(ws.delta<1>()[o] == Approx(yhat[o] * 0.8 - y[o]).epsilon(1e-15));
}

TEST_CASE("the plain cross-entropy values on probabilities stay finite", "[losses]") {
    const std::array<float, 2> certain{1.0f, 0.0f};
    CHECK(ctmlp::categorical_cross_entropy::value(certain, {1.0f, 0.0f}) == 0.0f);
    CHECK(ctmlp::binary_cross_entropy::value(certain, {1.0f, 0.0f}) == 0.0f);
    const float wrong = ctmlp::categorical_cross_entropy::value(certain, {0.0f, 1.0f});
    CHECK(std::isfinite(wrong));
    CHECK(wrong == Approx(-std::log(std::numeric_limits<float>::min())));  // ≈ 87.3
    std::array<float, 2> g{};
    ctmlp::binary_cross_entropy::gradient(certain, {1.0f, 0.0f}, g);
    CHECK(g == std::array<float, 2>{0.0f, 0.0f});
    ctmlp::categorical_cross_entropy::gradient(certain, {0.0f, 1.0f}, g);
    CHECK((std::isfinite(g[0]) && std::isfinite(g[1])));
    // Where nothing is clamped they are the textbook formulas.
    const std::array<double, 2> p{0.25, 0.6}, t{1.0, 0.5};
    CHECK(ctmlp::categorical_cross_entropy::value(p, t) == Approx(-std::log(0.25) - 0.5 * std::log(0.6)));
    CHECK(ctmlp::binary_cross_entropy::value(p, t) ==
          Approx(-std::log(0.25) - 0.5 * std::log(0.6) - 0.5 * std::log(0.4)));
}

TEST_CASE("loss_value without fusion is value(ŷ, y); the softmax Jacobian path", "[losses][softmax]") {
    using net_t = ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::softmax>>;
    ctmlp::splitmix64 gen{3};
    const auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::uniform{-1.0, 1.0});
    ctmlp::workspace<net_t> ws{};
    const std::array<double, 3> y{0.0, 1.0, 0.0};
    const auto yhat = ctmlp::forward(net, ws, {0.3, -0.7});
    CHECK(ctmlp::loss_value(ctmlp::squared_error{}, ws, y) == ctmlp::squared_error::value(yhat, y));
    ctmlp::backward(net, ws, y, ctmlp::squared_error{});
    // δ = Jᵀ g with J_jo = ŷ_j (δ_jo − ŷ_o), written out in full.
    for (std::size_t o = 0; o < 3; ++o) {
        double expected = 0.0;
        for (std::size_t j = 0; j < 3; ++j)
            expected += 2.0 * (yhat[j] - y[j]) * yhat[j] * ((j == o ? 1.0 : 0.0) - yhat[o]);
        CHECK(ws.delta<1>()[o] == Approx(expected).epsilon(1e-14).margin(1e-17));
    }
}

TEST_CASE("which losses are fused with which activation", "[losses]") {
    using bce = ctmlp::binary_cross_entropy;
    using cce = ctmlp::categorical_cross_entropy;
    STATIC_REQUIRE((ctmlp::FusedLoss<bce, ctmlp::sigmoid, float, 1>));
    STATIC_REQUIRE((ctmlp::FusedLoss<cce, ctmlp::softmax, double, 3>));
    STATIC_REQUIRE((!ctmlp::FusedLoss<bce, ctmlp::softmax, float, 3>));
    STATIC_REQUIRE((!ctmlp::FusedLoss<cce, ctmlp::sigmoid, float, 3>));
    STATIC_REQUIRE((!ctmlp::FusedLoss<bce, ctmlp::identity, float, 1>));
    STATIC_REQUIRE(!ctmlp::FusedLoss<bce, ctmlp::sigmoid, ctmlp::q7_8, 1>);  // from the logit needs floating point
    STATIC_REQUIRE((!ctmlp::FusedLoss<ctmlp::half_squared_error, ctmlp::sigmoid, float, 1>));
    STATIC_REQUIRE((ctmlp::Loss<bce, float, 2> && ctmlp::Loss<cce, float, 2>));
    STATIC_REQUIRE((ctmlp::Metric<ctmlp::accuracy, float, 3> && !ctmlp::Loss<ctmlp::accuracy, float, 3>));
    STATIC_REQUIRE((ctmlp::Metric<ctmlp::error_rate, double, 1>));
    STATIC_REQUIRE((ctmlp::LayerActivation<ctmlp::softmax, float> && !ctmlp::Activation<ctmlp::softmax, float>));
    STATIC_REQUIRE((ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>,
                                   ctmlp::dense<3, ctmlp::softmax>>::trainable));
    // The logits share δ_L's storage: the workspace is no larger than outputs + deltas.
    using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<3, ctmlp::softmax>>;
    STATIC_REQUIRE((sizeof(ctmlp::workspace<net_t>) == (2 + 4 + 3 + 4 + 3) * sizeof(float)));
    [[maybe_unused]] constexpr ctmlp::metric<ctmlp::accuracy> report{};
}

TEST_CASE("accuracy and error_rate per sample", "[losses][metric]") {
    using acc = ctmlp::accuracy;
    using err = ctmlp::error_rate;
    const std::array<double, 3> one_hot{0.0, 0.0, 1.0};
    CHECK(acc::value(std::array<double, 3>{0.1, 0.2, 0.7}, one_hot) == 1.0);
    CHECK(acc::value(std::array<double, 3>{0.1, 0.7, 0.2}, one_hot) == 0.0);
    CHECK(acc::value(std::array<double, 3>{0.4, 0.2, 0.4}, one_hot) == 0.0);  // a tie goes to the first
    CHECK(err::value(std::array<double, 3>{0.1, 0.7, 0.2}, one_hot) == 1.0);
    CHECK(err::value(std::array<double, 3>{0.1, 0.2, 0.7}, one_hot) == 0.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(acc::value(std::array<double, 3>{0.1, 0.2, nan}, one_hot) == 0.0);  // a NaN output is never right
    CHECK(acc::value(std::array<double, 3>{nan, nan, nan}, one_hot) == 0.0);
    // One sigmoid output: ŷ > 0.5 against y > 0.5.
    CHECK(acc::value(std::array<float, 1>{0.51f}, {1.0f}) == 1.0f);
    CHECK(acc::value(std::array<float, 1>{0.5f}, {1.0f}) == 0.0f);
    CHECK(acc::value(std::array<float, 1>{0.2f}, {0.0f}) == 1.0f);
    CHECK(acc::value(std::array<float, 1>{0.9f}, {0.0f}) == 0.0f);
    CHECK(acc::value(std::array<float, 1>{std::numeric_limits<float>::quiet_NaN()}, {0.0f}) == 0.0f);
}

TEST_CASE("softmax + categorical_cross_entropy learns three classes with train()", "[losses][softmax]") {
    // Three well separated clusters in 2-D, 30 samples; plain per-sample SGD.
    using net_t =
        ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<8, ctmlp::tanh>, ctmlp::dense<3, ctmlp::softmax>>;
    constexpr std::size_t n = 30;
    std::array<net_t::input_array, n> xs{};
    std::array<net_t::output_array, n> ys{};
    std::array<std::size_t, n> labels{};
    ctmlp::splitmix64 gen{11};
    const std::array<std::array<double, 2>, 3> centres{{{-1.0, -1.0}, {1.0, -1.0}, {0.0, 1.0}}};
    for (std::size_t s = 0; s < n; ++s) {
        labels[s] = s % 3;
        for (std::size_t d = 0; d < 2; ++d) xs[s][d] = centres[labels[s]][d] + 0.6 * (gen.random_sample() - 0.5);
        ys[s][labels[s]] = 1.0;
    }
    auto net = ctmlp::initialized<net_t>(gen, ctmlp::init::xavier_normal{});
    const double before = ctmlp::accuracy::of(net, xs, labels);
    const auto r =
        ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 60}, ctmlp::categorical_cross_entropy{});
    REQUIRE(r.status == ctmlp::train_status::ok);
    CHECK(ctmlp::accuracy::of(net, xs, labels) == 1.0);
    CHECK(ctmlp::accuracy::of(net, xs, ys) == 1.0);
    CHECK(before < 1.0);
    ctmlp::workspace<net_t> ws{};
    double loss = 0.0;
    for (std::size_t s = 0; s < n; ++s) {
        ctmlp::forward(net, ws, xs[s]);
        loss += ctmlp::loss_value(ctmlp::categorical_cross_entropy{}, ws, ys[s]);
    }
    CHECK(loss / n < 0.1);
}
