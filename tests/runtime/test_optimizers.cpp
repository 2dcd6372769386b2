// Optimizers, schedules and clipping against PyTorch 1.13 float64 trajectories
// (tests/fixtures/make_optimizer_fixture.py -> tests/fixtures/optimizer_reference.txt).
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/optimizer.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "catch.hpp"

namespace {

// The reference network: 3-5-2, tanh hidden, sigmoid output, biases.
using ref_net = ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid>>;

std::vector<double> flatten(const ref_net& net) {
    std::vector<double> out;
    net.for_each_layer([&](const auto& p) {
        out.insert(out.end(), p.weights.begin(), p.weights.end());
        out.insert(out.end(), p.bias.begin(), p.bias.end());
    });
    return out;
}

struct fixture {
    std::vector<ref_net::input_array> xs;
    std::vector<ref_net::output_array> ys;
    ref_net initial{};
    std::map<std::string, std::vector<std::vector<double>>> runs;
};

std::vector<double> numbers(const char* text) {
    std::vector<double> v;
    char* end = nullptr;
    for (double x = std::strtod(text, &end); end != text; x = std::strtod(text, &end)) {
        v.push_back(x);
        text = end;
    }
    return v;
}

fixture load_fixture() {
    fixture fx;
    std::FILE* f = std::fopen(CTMLP_FIXTURE_DIR "/optimizer_reference.txt", "r");
    REQUIRE(f != nullptr);
    char line[8192];
    std::string run;
    while (std::fgets(line, sizeof line, f) != nullptr) {
        if (std::strncmp(line, "x ", 2) == 0) {
            const auto v = numbers(line + 2);
            REQUIRE(v.size() == 3);
            fx.xs.push_back({v[0], v[1], v[2]});
        } else if (std::strncmp(line, "y ", 2) == 0) {
            const auto v = numbers(line + 2);
            REQUIRE(v.size() == 2);
            fx.ys.push_back({v[0], v[1]});
        } else if (std::strncmp(line, "initial ", 8) == 0) {
            const auto v = numbers(line + 8);
            REQUIRE(v.size() == ref_net::parameter_count);
            std::size_t n = 0;
            fx.initial.for_each_layer([&](auto& p) {
                for (auto& w : p.weights) w = v[n++];
                for (auto& b : p.bias) b = v[n++];
            });
        } else if (std::strncmp(line, "run ", 4) == 0) {
            char name[64] = {};
            REQUIRE(std::sscanf(line + 4, "%63s", name) == 1);
            run = name;
        } else if (std::strncmp(line, "step ", 5) == 0) {
            auto v = numbers(line + 5);
            REQUIRE(v.size() == ref_net::parameter_count + 1);
            v.erase(v.begin());
            fx.runs[run].push_back(v);
        }
    }
    std::fclose(f);
    REQUIRE(fx.xs.size() == 6);
    REQUIRE(fx.runs.size() == 14);
    return fx;
}

// The steps of one run, by hand: forward/backward/accumulate over the batch, average, clip, step.
// (test_train_loop.cpp runs the same configurations through ctmlp::train.)
template <class Opt>
std::vector<std::vector<double>> by_hand(const fixture& fx, const Opt& opt, const ctmlp::optim::lr_schedule& schedule,
                                         double clip, std::size_t batch, std::size_t steps) {
    ref_net net = fx.initial;
    ref_net grad{};
    ctmlp::workspace<ref_net> ws{};
    typename Opt::template state<ref_net> state{};
    std::vector<std::vector<double>> out;
    std::size_t start = 0;
    const std::size_t n = fx.xs.size();
    for (std::size_t step = 0; step < steps; ++step) {
        const std::size_t end = std::min(start + batch, n);
        ctmlp::detail::zero(grad);
        for (std::size_t s = start; s < end; ++s) {
            ctmlp::forward(net, ws, fx.xs[s]);
            ctmlp::backward(net, ws, fx.ys[s], ctmlp::mean_squared_error{});
            ctmlp::accumulate_gradient(grad, ws);
        }
        const double count = static_cast<double>(end - start);
        double divisor = count;
        if (Opt::stateful || clip > 0) {
            ctmlp::detail::for_each_block(grad, [&](auto& g) {
                for (auto& x : g) x = x / count;
            });
            divisor = 1.0;
            if (clip > 0) ctmlp::optim::clip_grad_norm(grad, clip);
        }
        // one step per epoch when the batch is the whole set: the schedule advances per step
        REQUIRE(opt.step(net, grad, state, schedule.at(opt.learning_rate, step), divisor));
        start = end < n ? end : 0;
        out.push_back(flatten(net));
    }
    return out;
}

void compare(const std::vector<std::vector<double>>& got, const std::vector<std::vector<double>>& want) {
    REQUIRE(got.size() == want.size());
    double worst = 0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        REQUIRE(got[k].size() == want[k].size());
        for (std::size_t i = 0; i < got[k].size(); ++i) {
            const double err = std::abs(got[k][i] - want[k][i]) / std::max(std::abs(want[k][i]), 1e-3);
            worst = std::max(worst, err);
        }
    }
    INFO("worst relative error " << worst);
    CHECK(worst <= 1e-13);
}

}  // namespace

TEST_CASE("SGD, momentum, Nesterov and dampening follow torch.optim.SGD", "[optimizer][torch]") {
    const fixture fx = load_fixture();
    namespace o = ctmlp::optim;
    const o::lr_schedule none{};
    compare(by_hand(fx, o::sgd{.learning_rate = 0.5}, none, 0, 6, 5), fx.runs.at("sgd"));
    compare(by_hand(fx, o::sgd{.learning_rate = 0.3, .weight_decay = 0.1}, none, 0, 6, 5),
            fx.runs.at("sgd_weight_decay"));
    compare(by_hand(fx, o::momentum{.learning_rate = 0.2, .momentum = 0.9}, none, 0, 6, 6), fx.runs.at("momentum"));
    compare(by_hand(fx, o::momentum{.learning_rate = 0.2, .momentum = 0.8, .dampening = 0.3, .weight_decay = 0.05},
                    none, 0, 6, 6),
            fx.runs.at("momentum_dampening"));
    compare(by_hand(fx, o::momentum{.learning_rate = 0.2, .momentum = 0.9, .nesterov = true}, none, 0, 6, 6),
            fx.runs.at("nesterov"));
}

TEST_CASE("Adam (bias correction, L2) and AdamW follow torch.optim", "[optimizer][torch]") {
    const fixture fx = load_fixture();
    namespace o = ctmlp::optim;
    const o::lr_schedule none{};
    compare(by_hand(fx, o::adam{.learning_rate = 0.05}, none, 0, 6, 8), fx.runs.at("adam"));
    compare(by_hand(fx, o::adam{.learning_rate = 0.05, .beta1 = 0.8, .beta2 = 0.99, .eps = 1e-6, .weight_decay = 0.1},
                    none, 0, 6, 8),
            fx.runs.at("adam_l2"));
    compare(by_hand(fx, o::adamw{.learning_rate = 0.05, .weight_decay = 0.2}, none, 0, 6, 8), fx.runs.at("adamw"));
    compare(by_hand(fx, o::adam{.learning_rate = 0.05}, none, 0, 4, 6), fx.runs.at("adam_minibatch"));
}

TEST_CASE("schedules and clipping follow torch's StepLR, ExponentialLR, CosineAnnealingLR, clip_grad_norm_",
          "[optimizer][schedule][torch]") {
    const fixture fx = load_fixture();
    namespace o = ctmlp::optim;
    compare(by_hand(fx, o::momentum{.learning_rate = 0.4, .momentum = 0.5}, o::step_lr{.step_size = 2, .gamma = 0.5}, 0,
                    6, 7),
            fx.runs.at("step_lr"));
    compare(by_hand(fx, o::adam{.learning_rate = 0.05}, o::exponential_lr{.gamma = 0.8}, 0, 6, 7),
            fx.runs.at("exponential_lr"));
    compare(by_hand(fx, o::sgd{.learning_rate = 0.6}, o::cosine_lr{.t_max = 4, .eta_min = 0.05}, 0, 6, 7),
            fx.runs.at("cosine_lr"));
    compare(by_hand(fx, o::sgd{.learning_rate = 0.5}, o::lr_schedule{}, 0.02, 6, 5), fx.runs.at("clip_sgd"));
    compare(by_hand(fx, o::adam{.learning_rate = 0.05}, o::lr_schedule{}, 0.02, 6, 6), fx.runs.at("clip_adam"));
}

TEST_CASE("schedules in closed form", "[optimizer][schedule]") {
    namespace o = ctmlp::optim;
    const o::lr_schedule step = o::step_lr{.step_size = 3, .gamma = 0.5};
    CHECK(step.at(0.8, 0) == 0.8);
    CHECK(step.at(0.8, 2) == 0.8);
    CHECK(step.at(0.8, 3) == 0.4);
    CHECK(step.at(0.8, 7) == 0.2);
    const o::lr_schedule cosine = o::cosine_lr{.t_max = 10, .eta_min = 0.1};
    CHECK(cosine.at(1.0, 0) == 1.0);
    CHECK(cosine.at(1.0, 5) == Approx(0.55).epsilon(1e-15));
    CHECK(cosine.at(1.0, 10) == Approx(0.1).epsilon(1e-15));
    const o::lr_schedule expo = o::exponential_lr{.gamma = 0.5};
    CHECK(expo.at(1.0, 3) == 0.125);
    CHECK(o::lr_schedule{}.at(0.3, 100) == 0.3);
}

TEST_CASE("clip_grad_norm scales only when the norm exceeds the bound", "[optimizer][clip]") {
    using net_t = ctmlp::network<double, ctmlp::input<1>, ctmlp::dense<2, ctmlp::identity>>;
    net_t g{};
    g.layer<1>().weights = {3.0, 0.0};
    g.layer<1>().bias = {4.0, 0.0};
    net_t same = g;
    CHECK(ctmlp::optim::clip_grad_norm(same, 10.0) == 5.0);
    CHECK(same == g);
    CHECK(ctmlp::optim::clip_grad_norm(g, 1.0) == 5.0);
    CHECK(g.layer<1>().weights[0] == Approx(3.0 / (5.0 + 1e-6)).epsilon(1e-15));
    CHECK(g.layer<1>().bias[0] == Approx(4.0 / (5.0 + 1e-6)).epsilon(1e-15));
}

TEST_CASE("an optimizer step that would make a parameter or its state non-finite changes nothing", "[optimizer][nan]") {
    using net_t = ctmlp::network<double, ctmlp::input<1>, ctmlp::dense<2, ctmlp::identity>>;
    net_t net{};
    net.layer<1>().weights = {1.0, 2.0};
    net_t grad{};
    grad.layer<1>().weights = {1e300, 1.0};
    grad.layer<1>().bias = {0.5, std::numeric_limits<double>::quiet_NaN()};
    const net_t before = net;
    ctmlp::optim::sgd::state<net_t> none{};
    CHECK(!ctmlp::optim::sgd{.learning_rate = 1e10}.step(net, grad, none, 1e10, 1.0));
    CHECK(std::memcmp(&net, &before, sizeof net) == 0);
    ctmlp::optim::momentum::state<net_t> mom{};
    CHECK(!ctmlp::optim::momentum{}.step(net, grad, mom, 0.1, 1.0));
    CHECK(std::memcmp(&net, &before, sizeof net) == 0);
    CHECK(!mom.started);
    ctmlp::optim::adam::state<net_t> ad{};
    grad.layer<1>().bias[1] = 0.0;
    grad.layer<1>().weights[0] = 1e200;  // g² overflows in the second moment
    CHECK(!ctmlp::optim::adam{}.step(net, grad, ad, 0.1, 1.0));
    CHECK(std::memcmp(&net, &before, sizeof net) == 0);
    CHECK(ad.step == 0);
    grad.layer<1>().weights[0] = 1.0;
    CHECK(ctmlp::optim::adam{}.step(net, grad, ad, 0.1, 1.0));
    CHECK(ad.step == 1);
}

TEST_CASE("hyper-parameters are checked", "[optimizer][hyper]") {
    namespace o = ctmlp::optim;
    using ctmlp::train_status;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(o::sgd{.learning_rate = 0.1}.check<float>() == train_status::ok);
    CHECK(o::sgd{.learning_rate = nan}.check<float>() == train_status::invalid_learning_rate);
    CHECK(o::sgd{.learning_rate = inf}.check<double>() == train_status::invalid_learning_rate);
    CHECK(o::sgd{.learning_rate = 0.0}.check<double>() == train_status::invalid_learning_rate);
    CHECK(o::sgd{.learning_rate = -0.1}.check<double>() == train_status::invalid_learning_rate);
    CHECK(o::sgd{.learning_rate = 1e40}.check<float>() == train_status::invalid_learning_rate);  // overflows float
    CHECK(o::sgd{.learning_rate = 1e40}.check<double>() == train_status::ok);
    CHECK(o::sgd{.learning_rate = 1e-50}.check<float>() == train_status::invalid_learning_rate);  // 0 in float
    CHECK(o::sgd{.learning_rate = 0.1, .weight_decay = -1}.check<double>() == train_status::invalid_weight_decay);
    CHECK(o::momentum{.momentum = 1.0}.check<double>() == train_status::invalid_momentum);
    CHECK(o::momentum{.momentum = nan}.check<double>() == train_status::invalid_momentum);
    CHECK(o::momentum{.momentum = 0.0, .nesterov = true}.check<double>() == train_status::invalid_momentum);
    CHECK(o::momentum{.momentum = 0.9, .dampening = 0.1, .nesterov = true}.check<double>() ==
          train_status::invalid_momentum);
    CHECK(o::momentum{.dampening = 1.5}.check<double>() == train_status::invalid_dampening);
    CHECK(o::adam{.beta1 = 1.0}.check<double>() == train_status::invalid_betas);
    CHECK(o::adam{.beta2 = -0.1}.check<double>() == train_status::invalid_betas);
    CHECK(o::adam{.eps = 0.0}.check<double>() == train_status::invalid_epsilon);
    CHECK(o::adam{.eps = 1e-50}.check<float>() == train_status::invalid_epsilon);
    CHECK(o::adamw{.weight_decay = inf}.check<double>() == train_status::invalid_weight_decay);
    CHECK(o::adamw{}.check<float>() == train_status::ok);
}

TEST_CASE("ctmlp::train with fit_options follows the same torch trajectories", "[optimizer][torch][loop]") {
    const fixture fx = load_fixture();
    namespace o = ctmlp::optim;
    // the final parameters of a run through the loop (run-time data: std::vector)
    auto through_loop = [&](const auto& opt, ctmlp::fit_options options) {
        ref_net net = fx.initial;
        const auto r = ctmlp::train(net, fx.xs, fx.ys, opt, ctmlp::mean_squared_error{}, options);
        REQUIRE(r.status == ctmlp::train_status::ok);
        return std::vector<std::vector<double>>{flatten(net)};
    };
    auto last = [&](const char* name) { return std::vector<std::vector<double>>{fx.runs.at(name).back()}; };
    const auto full = ctmlp::full_batch;
    compare(through_loop(o::sgd{.learning_rate = 0.3, .weight_decay = 0.1}, {.epochs = 5, .batch_size = full}),
            last("sgd_weight_decay"));
    compare(through_loop(o::momentum{.learning_rate = 0.2, .momentum = 0.8, .dampening = 0.3, .weight_decay = 0.05},
                         {.epochs = 6, .batch_size = full}),
            last("momentum_dampening"));
    compare(through_loop(o::adamw{.learning_rate = 0.05, .weight_decay = 0.2}, {.epochs = 8, .batch_size = full}),
            last("adamw"));
    compare(through_loop(o::momentum{.learning_rate = 0.4, .momentum = 0.5},
                         {.epochs = 7, .batch_size = full, .schedule = o::step_lr{.step_size = 2, .gamma = 0.5}}),
            last("step_lr"));
    compare(through_loop(o::sgd{.learning_rate = 0.6},
                         {.epochs = 7, .batch_size = full, .schedule = o::cosine_lr{.t_max = 4, .eta_min = 0.05}}),
            last("cosine_lr"));
    compare(through_loop(o::adam{.learning_rate = 0.05}, {.epochs = 6, .batch_size = full, .clip_norm = 0.02}),
            last("clip_adam"));
    // batches of 4 over 6 samples: the last batch (2 samples) averaged over its size, 2 steps per epoch
    compare(through_loop(o::adam{.learning_rate = 0.05}, {.epochs = 3, .batch_size = 4}), last("adam_minibatch"));
}
