// expect: activation A of layer K .*has no code in ctmlp's binary format
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>
struct swish_like {  // a user activation: fine for predict(), but the file format has no code for it
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x;
    }
};
using net_t = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, swish_like>>;
auto f(const net_t& net) { return ctmlp::save(net); }
