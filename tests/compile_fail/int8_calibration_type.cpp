// expect: ctmlp::int8::quantize\(net, calibration\): the calibration set must be a std::array
// Calibration samples of the wrong size (3 values for a 2-input network).
#include <ctmlp/int8.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::identity>>;
constexpr net_t net{};
constexpr std::array<std::array<float, 3>, 2> calibration{};
auto q = ctmlp::int8::quantize(net, calibration);
