// One training entry point for benchmarks/observer/observer_cost.sh, compiled once per variant:
//   CTMLP_OBSERVER=0  no observer argument (ctmlp::no_observer, the default)
//   CTMLP_OBSERVER=1  an observer whose on_sample/on_epoch are empty
//   CTMLP_OBSERVER=2  an observer that records each epoch's loss (what using one costs)
// The script also compiles variant 0 against a copy of train.hpp with the observer calls deleted
// ("before": no observer facility at all). Both update modes are instantiated (per-sample and
// full batch), as the learning options are a run-time argument.
#include <ctmlp/ctmlp.hpp>

using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

namespace {
constexpr std::array<net_t::input_array, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<net_t::output_array, 4> ys{{{0}, {1}, {1}, {0}}};

struct empty_hooks {
    void on_sample(const ctmlp::sample_event<net_t>&) {}
    void on_epoch(const ctmlp::epoch_event<net_t>&) {}
};
}  // namespace

extern "C" float epoch_losses[64];
float epoch_losses[64];

namespace {
struct recorder {
    void on_epoch(const ctmlp::epoch_event<net_t>& e) { epoch_losses[e.epoch & 63] = e.loss; }
};
}  // namespace

extern "C" int bench_train(net_t& net, const ctmlp::sgd& opt) {
    const ctmlp::metric report{ctmlp::squared_error{}, ctmlp::reduction::mean};
#if CTMLP_OBSERVER == 0
    return ctmlp::train(net, xs, ys, opt, ctmlp::half_squared_error{}, report) ? 0 : 1;
#elif CTMLP_OBSERVER == 1
    return ctmlp::train(net, xs, ys, opt, ctmlp::half_squared_error{}, report, empty_hooks{}) ? 0 : 1;
#else
    return ctmlp::train(net, xs, ys, opt, ctmlp::half_squared_error{}, report, recorder{}) ? 0 : 1;
#endif
}
