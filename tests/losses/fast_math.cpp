// Built with -ffast-math (tests/losses.cmake). The compiler may then assume that no value is NaN
// or infinite and fold arithmetic tests such as `(x - x) == (x - x)` or `x == x` to true;
// ctmlp::is_finite / is_nan read the bits instead, so a NaN produced at run time is still seen;
// training on data that contains a NaN does not report success, and a loss that overflows to ∞
// during training stops it with train_status::non_finite_loss.
// A plain program (exit status 0 = pass; tests/fast_math_check.hpp).
#include <ctmlp/ctmlp.hpp>

#include "fast_math_check.hpp"

namespace {

using fast_math_check::expect;

template <class T>
void check_special_values() {
    const T nan = fast_math_check::nan<T>();
    const T inf = fast_math_check::infinity<T>();
    volatile T one = T(1);  // the compiler cannot know it
    const T finite = one + one;
    expect(!ctmlp::is_finite(nan), "is_finite(NaN) is false");
    expect(!ctmlp::is_finite(inf), "is_finite(+inf) is false");
    expect(!ctmlp::is_finite(-inf), "is_finite(-inf) is false");
    expect(ctmlp::is_finite(finite), "is_finite(2) is true");
    expect(ctmlp::is_nan(nan), "is_nan(NaN) is true");
    expect(!ctmlp::is_nan(inf), "is_nan(inf) is false");
    expect(!ctmlp::is_nan(finite), "is_nan(2) is false");
}

// Data containing a NaN: training must not report success, and must not change the network.
template <class Net, class L>
void check_nan_data(L loss, const char* what) {
    const typename Net::scalar nan = fast_math_check::nan<typename Net::scalar>();
    std::array<typename Net::input_array, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
    std::array<typename Net::output_array, 4> ys{};
    for (std::size_t s = 0; s < 4; ++s) ys[s][s % Net::output_size] = 1;
    xs[2][1] = nan;
    ctmlp::splitmix64 gen{1};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-1.0, 1.0});
    const Net before = net;
    const auto r = ctmlp::train(
        net, xs, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 3, .updates = ctmlp::update::batch_sum}, loss);
    expect(r.status != ctmlp::train_status::ok, what);
    expect(r.failed_sample == 2, "the NaN is reported at sample 2");
    expect(net == before, "the batch with the NaN changed nothing");
}

// Finite data and parameters whose product overflows to ∞ during training: the loss is not
// finite, and training says so (train_status::non_finite_loss).
template <class Net, class L>
void check_overflow(L loss, const char* what) {
    using S = typename Net::scalar;
    volatile S big(1e30f);
    std::array<typename Net::input_array, 2> xs{};
    std::array<typename Net::output_array, 2> ys{};
    for (auto& v : xs[1]) v = big;
    for (std::size_t s = 0; s < 2; ++s) ys[s][0] = 1;
    Net net{};
    net.template layer<1>().weights.fill(S(1e30f));
    const Net before = net;
    const auto r = ctmlp::train(
        net, xs, ys, ctmlp::sgd{.learning_rate = 0.1, .epochs = 3, .updates = ctmlp::update::batch_sum}, loss);
    expect(r.status == ctmlp::train_status::non_finite_loss, what);
    expect(r.failed_epoch == 0 && r.failed_sample == 1, "the overflow is reported at epoch 0, sample 1");
    expect(net == before, "the batch with the overflow changed nothing");
}

}  // namespace

int main() {
    check_special_values<float>();
    check_special_values<double>();
    using sig_net =
        ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
    using soft_net =
        ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<2, ctmlp::softmax>>;
    check_nan_data<sig_net>(ctmlp::half_squared_error{}, "a NaN input stops training (sigmoid, half_squared_error)");
    check_nan_data<sig_net>(ctmlp::binary_cross_entropy{},
                            "a NaN input stops training (sigmoid, binary_cross_entropy)");
    check_nan_data<soft_net>(ctmlp::categorical_cross_entropy{},
                             "a NaN input stops training (softmax, categorical_cross_entropy)");
    using linear = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>>;
    // (Not softmax: with -ffast-math the compiler may compute ∞ − ∞ as 0, so what an infinite
    // logit becomes is up to the compiler. clang 14 makes it a finite distribution.)
    check_overflow<linear>(ctmlp::half_squared_error{},
                           "an infinite output stops training (identity, half_squared_error)");
    return fast_math_check::report("is_finite and training under -ffast-math");
}
