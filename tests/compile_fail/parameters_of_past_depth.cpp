// expect: ctmlp::network::parameters_of<K>: K counts the dense layers from 1 to Net::depth
// parameters_of<depth + 1>: one past the output layer.
#include <ctmlp/network.hpp>

using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

int main() { return static_cast<int>(net::parameters_of<net::depth + 1>::parameter_count); }
