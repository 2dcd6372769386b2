// Built with CTMLP_PORTABLE_MATH=1 and -ffp-contract=off (its own executable: the switch must be
// the same in every translation unit). Then run time uses the library's exp/tanh, and a network
// trained at run time equals the one trained at compile time bit for bit, float and double.
#include <ctmlp/ctmlp.hpp>

#include <cstring>

#include "catch.hpp"

static_assert(CTMLP_PORTABLE_MATH == 1, "this test is built with -DCTMLP_PORTABLE_MATH=1");

namespace {

template <class S, std::size_t H>
using xor_net = ctmlp::network<S, ctmlp::input<2>, ctmlp::dense<H, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

template <class Net>
constexpr Net train_xor(std::uint64_t seed, double rate, std::size_t epochs, ctmlp::update mode) {
    constexpr std::array<typename Net::input_array, 4> x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
    constexpr std::array<typename Net::output_array, 4> y{{{0}, {1}, {1}, {0}}};
    ctmlp::splitmix64 gen{seed};
    auto net = ctmlp::initialized<Net>(gen, ctmlp::init::xavier_normal{});
    ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = rate, .epochs = epochs, .updates = mode},
                 ctmlp::mean_squared_error{});
    return net;
}

constexpr auto ct_double = train_xor<xor_net<double, 4>>(4, 1.0, 60, ctmlp::update::per_sample);
constexpr auto ct_float = train_xor<xor_net<float, 4>>(4, 1.0, 60, ctmlp::update::per_sample);
constexpr auto ct_float_batch = train_xor<xor_net<float, 3>>(5, 2.0, 80, ctmlp::update::batch_mean);

template <class Net>
bool same_bits(const Net& a, const Net& b) {
    return std::memcmp(&a, &b, sizeof(Net)) == 0;
}

}  // namespace

TEST_CASE("with CTMLP_PORTABLE_MATH=1, run-time training equals compile-time training bit for bit", "[portable]") {
    volatile std::uint64_t seed4 = 4, seed5 = 5;  // keep the run-time trainings at run time
    CHECK(same_bits(train_xor<xor_net<double, 4>>(seed4, 1.0, 60, ctmlp::update::per_sample), ct_double));
    CHECK(same_bits(train_xor<xor_net<float, 4>>(seed4, 1.0, 60, ctmlp::update::per_sample), ct_float));
    CHECK(same_bits(train_xor<xor_net<float, 3>>(seed5, 2.0, 80, ctmlp::update::batch_mean), ct_float_batch));
    // and the trainings did something
    CHECK(!same_bits(train_xor<xor_net<double, 4>>(seed4, 1.0, 0, ctmlp::update::per_sample), ct_double));
}
