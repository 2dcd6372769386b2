// expect: (activation_spelling|no_spelling)<my_activation>.*only ctmlp::identity, relu, leaky_relu<Num, Den>, sigmoid, tanh and softmax can be exported
// Exporting a network with a user-defined activation: the generated header could not name it.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/export.hpp>

struct my_activation {
    template <class S>
    static constexpr S apply(S x) noexcept {
        return x;
    }
};

int main() {
    using net = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<2, my_activation>>;
    return static_cast<int>(ctmlp::host::type_spelling<net>().size());
}
