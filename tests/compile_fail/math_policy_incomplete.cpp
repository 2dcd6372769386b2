// expect: constraints not satisfied|MathPolicy|not satisfied
// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// A math policy must provide exp, tanh, log, log1p (float and double) and its spelling.
#include <ctmlp/ctmlp.hpp>

struct only_exp {
    static constexpr const char* spelling = "my::";
    template <class T>
    static constexpr T exp(T x) noexcept {
        return x;
    }
};

int main() { return static_cast<int>(ctmlp::basic_sigmoid<only_exp>::apply(0.0f)); }
