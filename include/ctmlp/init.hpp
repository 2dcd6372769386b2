// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_INIT_HPP
#define CTMLP_INIT_HPP

#include <cstddef>

#include <ctmlp/math.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/random.hpp>
#include <ctmlp/scalar.hpp>

/// Initial weights. An initialiser draws doubles from a `UniformSource` (ctmlp::mt19937 for
/// NumPy's stream, ctmlp::splitmix64 for a cheap one in constant evaluation) and says, per layer
/// (fan_in, fan_out), what a weight and a bias get.
namespace ctmlp::init {

/// U[low, high) for weights and biases alike. The default U[0, 1) is NumPy's
/// `np.random.random` / `np.random.rand`, as in the seed notebook.
struct uniform {
    double low = 0.0;
    double high = 1.0;
    template <UniformSource G>
    constexpr double weight(G& g, std::size_t, std::size_t) const noexcept {
        return low + (high - low) * g.random_sample();
    }
    template <UniformSource G>
    constexpr double bias(G& g, std::size_t fan_in, std::size_t fan_out) const noexcept {
        return weight(g, fan_in, fan_out);
    }
};

namespace detail {
// Standard normal by Box–Muller from two uniforms (one value per call; the second is dropped to
// keep the initialiser stateless). ctmlp's own log and cos (math::portable) whatever the network's
// math policy: run once per parameter, they give the same weights at compile time, at run time and
// on every target (sqrt is correctly rounded either way).
template <UniformSource G>
constexpr double standard_normal(G& g) noexcept {
    const double u1 = 1.0 - g.random_sample();  // (0, 1]: log stays finite
    const double u2 = g.random_sample();
    return math::sqrt(-2.0 * math::portable::log(u1)) * math::portable::cos(6.283185307179586 * u2);
}
}  // namespace detail

/// Glorot & Bengio (2010), uniform: U(−l, l) with l = √(6 / (fan_in + fan_out)); biases 0.
/// Suits tanh and sigmoid layers.
struct xavier_uniform {
    template <UniformSource G>
    constexpr double weight(G& g, std::size_t fan_in, std::size_t fan_out) const noexcept {
        const double l = math::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
        return -l + 2.0 * l * g.random_sample();
    }
    template <UniformSource G>
    constexpr double bias(G&, std::size_t, std::size_t) const noexcept {
        return 0.0;
    }
};

/// Glorot & Bengio (2010), normal: N(0, σ²) with σ = √(2 / (fan_in + fan_out)); biases 0.
struct xavier_normal {
    template <UniformSource G>
    constexpr double weight(G& g, std::size_t fan_in, std::size_t fan_out) const noexcept {
        return math::sqrt(2.0 / static_cast<double>(fan_in + fan_out)) * detail::standard_normal(g);
    }
    template <UniformSource G>
    constexpr double bias(G&, std::size_t, std::size_t) const noexcept {
        return 0.0;
    }
};

/// He et al. (2015), uniform: U(−l, l) with l = √(6 / fan_in); biases 0. Suits ReLU layers.
struct he_uniform {
    template <UniformSource G>
    constexpr double weight(G& g, std::size_t fan_in, std::size_t) const noexcept {
        const double l = math::sqrt(6.0 / static_cast<double>(fan_in));
        return -l + 2.0 * l * g.random_sample();
    }
    template <UniformSource G>
    constexpr double bias(G&, std::size_t, std::size_t) const noexcept {
        return 0.0;
    }
};

/// He et al. (2015), normal: N(0, σ²) with σ = √(2 / fan_in); biases 0.
struct he_normal {
    template <UniformSource G>
    constexpr double weight(G& g, std::size_t fan_in, std::size_t) const noexcept {
        return math::sqrt(2.0 / static_cast<double>(fan_in)) * detail::standard_normal(g);
    }
    template <UniformSource G>
    constexpr double bias(G&, std::size_t, std::size_t) const noexcept {
        return 0.0;
    }
};

}  // namespace ctmlp::init

namespace ctmlp {

/// Fills `net` from `gen` with initialiser `how`, in NumPy's order: first every layer's weights,
/// each matrix row by row in its (inputs, outputs) shape — `np.random.random((inputs, outputs))` —
/// then every layer's bias. This is the order of the seed notebook's cell 2 (both weight matrices,
/// then both biases); cell 1 has no biases.
template <Network Net, UniformSource G, class Init = init::uniform>
constexpr void initialize(Net& net, G& gen, const Init& how = {}) noexcept {
    using S = typename Net::scalar;
    net.for_each_layer([&](auto& param) {
        for (auto& weight_value : param.weights)
            weight_value = from_double<S>(how.weight(gen, param.inputs, param.outputs));
    });
    net.for_each_layer([&](auto& param) {
        for (auto& bias_value : param.bias) bias_value = from_double<S>(how.bias(gen, param.inputs, param.outputs));
    });
}

/// A network of type `Net` initialised from `gen` with `how`; see initialize().
template <Network Net, UniformSource G, class Init = init::uniform>
constexpr Net initialized(G& gen, const Init& how = {}) noexcept {
    Net net{};
    initialize(net, gen, how);
    return net;
}

}  // namespace ctmlp

#endif
