// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// Compile-time benchmark TU (compile_time.sh): declares a 2-4-1 network and trains it on XOR at
// run time. Not part of any target.
#include <ctmlp/ctmlp.hpp>

using xor_net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main() {
    const std::array<xor_net::input_array, 4> x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
    const std::array<xor_net::output_array, 4> y{{{0}, {1}, {1}, {0}}};
    ctmlp::splitmix64 gen{9};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1, 1});
    const auto r =
        ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 200}, ctmlp::half_squared_error{});
    return r && net.predict({1, 0})[0] > 0.5f ? 0 : 1;
}
