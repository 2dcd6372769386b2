// expect: another number of inputs than the network's layer K \(is the matrix transposed
#include <ctmlp/ctmlp.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>>;
// A torch-style [out][in] matrix declared as [in][out].
constexpr net_t net = ctmlp::from_layers<net_t>(ctmlp::layer_in_out{
    std::array<std::array<float, 2>, 3>{{{1.f, 2.f}, {3.f, 4.f}, {5.f, 6.f}}}, std::array<float, 2>{0.f, 0.f}});
