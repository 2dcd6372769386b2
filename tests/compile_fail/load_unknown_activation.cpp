// expect: activation A of layer K .*has no code in ctmlp's binary format
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>
struct swish_like {
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x;
    }
};
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<1, swish_like>>;
bool f(net_t& net, std::span<const std::byte> bytes) { return ctmlp::load(net, bytes).ok(); }
