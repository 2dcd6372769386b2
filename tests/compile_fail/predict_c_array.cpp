// expect: ctmlp::network::predict takes the network's input_array \(std::array<S, N>\), not a C array
// predict on a C array of the right length: before the guard, "no matching function" and the
// candidates' notes, without saying what to pass instead.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main(int argc, char**) {
    constexpr net n{};
    float in[2] = {static_cast<float>(argc), 1.0f};
    return n.predict(in)[0] > 0.5f;
}
