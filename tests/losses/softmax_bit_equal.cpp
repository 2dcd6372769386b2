// Built with -ffp-contract=off (tests/losses.cmake). Networks of ctmlp::portable:: activations run
// the library's exp at run time, and the fused cross-entropies take their log1p / exp from the
// output activation's math policy, so a softmax + categorical cross-entropy network (and a sigmoid + binary
// cross-entropy one) trained at run time equals the one trained at compile time bit for bit,
// losses included. Exit status 0 = pass.
#include <ctmlp/ctmlp.hpp>

#include <cstdio>
#include <cstring>

namespace {

template <class S>
using softmax_net = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<5, ctmlp::portable::tanh>,
                                   ctmlp::dense<3, ctmlp::portable::softmax>>;
template <class S>
using sigmoid_net =
    ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<4, ctmlp::relu>, ctmlp::dense<2, ctmlp::portable::sigmoid>>;

template <class Net, class L>
struct run {
    Net net;
    typename Net::scalar loss;  // the mean loss from the logits after training
};

template <class Net, class L>
constexpr run<Net, L> train_some(std::uint64_t seed, std::size_t epochs) {
    using S = typename Net::scalar;
    constexpr std::array<typename Net::input_array, 6> xs{
        {{-1.0, -1.0}, {-0.75, -1.25}, {1.0, -1.0}, {1.25, -0.75}, {0.0, 1.0}, {0.25, 1.125}}};
    std::array<typename Net::output_array, 6> ys{};
    for (std::size_t s = 0; s < 6; ++s) ys[s][(s / 2) % Net::output_size] = S(1.0);
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::xavier_normal{});
    ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 0.3, .epochs = epochs}, L{});
    ctmlp::workspace<Net> ws{};
    S sum(0.0);
    for (std::size_t s = 0; s < 6; ++s) {
        ctmlp::forward(net, ws, xs[s]);
        sum = sum + ctmlp::loss_value(L{}, ws, ys[s]);
    }
    return {net, sum};
}

int failures = 0;

template <class Net, class L>
void compare(const run<Net, L>& compile_time, std::uint64_t seed, std::size_t epochs, const char* what) {
    volatile std::uint64_t s = seed;  // keep the run-time training at run time
    const auto rt = train_some<Net, L>(s, epochs);
    const bool same_net = std::memcmp(&rt.net, &compile_time.net, sizeof(Net)) == 0;
    const bool same_loss = std::memcmp(&rt.loss, &compile_time.loss, sizeof(rt.loss)) == 0;
    std::printf("%-40s network %s, loss %s (%.17g)\n", what, same_net ? "equal" : "DIFFERENT",
                same_loss ? "equal" : "DIFFERENT", static_cast<double>(rt.loss));
    if (!same_net || !same_loss) ++failures;
}

constexpr auto ct_softmax_double = train_some<softmax_net<double>, ctmlp::categorical_cross_entropy>(3, 12);
constexpr auto ct_softmax_float = train_some<softmax_net<float>, ctmlp::categorical_cross_entropy>(4, 12);
constexpr auto ct_sigmoid_float = train_some<sigmoid_net<float>, ctmlp::binary_cross_entropy>(5, 12);

}  // namespace

int main() {
    compare(ct_softmax_double, 3, 12, "softmax + categorical_cross_entropy, double");
    compare(ct_softmax_float, 4, 12, "softmax + categorical_cross_entropy, float");
    compare(ct_sigmoid_float, 5, 12, "sigmoid + binary_cross_entropy, float");
    return failures == 0 ? 0 : 1;
}
