// A user's program: XOR, trained by the compiler (checked by static_assert) and trained again at
// run time from the same start. With ctmlp::portable:: activations (ctmlp's own exp/tanh at run
// time) and linked with ctmlp::bit_exact (-ffp-contract=off), both must agree bit for bit, and
// inference at run time must give the compiler's outputs. Exit status: 0 pass, 1 run-time
// network wrong on XOR, 2 its parameters differ from the compiler's, 3 inference differs.
#include <ctmlp/ctmlp.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::portable::tanh>,
                               ctmlp::dense<1, ctmlp::portable::sigmoid>>;

constexpr std::array<xor_net::input_array, 4> xs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<xor_net::output_array, 4> ys{{{0}, {1}, {1}, {0}}};

constexpr xor_net train_xor(std::uint64_t seed) {
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1, 1});
    ctmlp::train(net, xs, ys, ctmlp::sgd{.learning_rate = 1.0, .epochs = 100}, ctmlp::half_squared_error{});
    return net;
}

constexpr xor_net trained = train_xor(9);
static_assert(trained.predict({0, 0})[0] < 0.4f && trained.predict({1, 1})[0] < 0.4f);
static_assert(trained.predict({0, 1})[0] > 0.6f && trained.predict({1, 0})[0] > 0.6f);

constexpr std::array<float, 4> compiled_outputs = [] {
    std::array<float, 4> out{};
    for (std::size_t s = 0; s < 4; ++s) out[s] = trained.predict(xs[s])[0];
    return out;
}();

// Read at run time, so that neither training nor inference can be folded by the optimiser.
volatile std::uint64_t seed = 9;
volatile float input_scale = 1.0f;

int main() {
    const xor_net net = train_xor(seed);
    for (std::size_t s = 0; s < 4; ++s) {
        if ((net.predict(xs[s])[0] > 0.5f) != (ys[s][0] > 0.5f)) return 1;
    }
    const auto at_run_time = ctmlp::to_parameters(net);
    const auto by_compiler = ctmlp::to_parameters(trained);
    for (std::size_t i = 0; i < at_run_time.size(); ++i) {
        if (std::bit_cast<std::uint32_t>(at_run_time[i]) != std::bit_cast<std::uint32_t>(by_compiler[i])) return 2;
    }
    for (std::size_t s = 0; s < 4; ++s) {
        const float scale = input_scale;
        const float y = trained.predict({xs[s][0] * scale, xs[s][1] * scale})[0];
        if (std::bit_cast<std::uint32_t>(y) != std::bit_cast<std::uint32_t>(compiled_outputs[s])) return 3;
    }
    return 0;
}
