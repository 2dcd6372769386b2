// expect: the buffer must have exactly ctmlp::serialized_size<Net> bytes
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, ctmlp::sigmoid>>;
void f(const net_t& net) {
    std::array<std::byte, 16> buffer{};
    ctmlp::save(net, buffer);
}
