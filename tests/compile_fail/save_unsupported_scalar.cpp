// expect: the network's scalar type S .*has no code in ctmlp's binary format
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>
using net_t = ctmlp::network<long double, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
constexpr auto sig = ctmlp::signature_of<net_t>;
