// expect: non_finite_update_in_epoch_number|training_failed\(4, 0, 2\)
// static_assert(ctmlp::trained_ok(r)) on a run whose update would overflow: the compiler names the
// status and the epoch (GCC: the array name and 1-based epoch as its index; clang: the call
// training_failed(status, epoch, sample) with its values).
#include <ctmlp/ctmlp.hpp>
using line_net = ctmlp::network<float, ctmlp::input<1>, ctmlp::dense<1, ctmlp::identity>>;
constexpr auto result = [] {
    const std::array<line_net::input_array, 3> x{{{1.0f}, {2.0f}, {1e15f}}};
    const std::array<line_net::output_array, 3> y{{{0.5f}, {1.0f}, {0.0f}}};
    line_net net{};
    net.layer<1>().weights = {0.5f};
    return ctmlp::train(net, x, y, ctmlp::sgd{.learning_rate = 1e10, .epochs = 1}, ctmlp::half_squared_error{});
}();
static_assert(ctmlp::trained_ok(result));
