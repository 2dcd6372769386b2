// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// ctmlp/random.hpp — constexpr pseudo-random generators for weight
// initialisation. Freestanding-friendly: no heap, no exceptions, no <random>.
//
//  * ctmlp::mt19937    — bit-exact with std::mt19937 and with NumPy's legacy
//                        global generator (np.random.seed / np.random.random),
//                        so NumPy-trained reference networks can be
//                        reproduced number for number.
//  * ctmlp::splitmix64 — 8-byte state, cheap enough for constant evaluation
//                        and tiny targets; the default choice when NumPy
//                        compatibility is not needed.

#ifndef CTMLP_RANDOM_HPP
#define CTMLP_RANDOM_HPP

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace ctmlp {

namespace detail {
// `v` as a `T`, with a static_cast only where the types differ: std::size_t is std::uint64_t on
// 64-bit hosts and narrower on 32-bit targets, and a cast to the same type is -Wuseless-cast.
template <class T, class U>
constexpr T narrow(U v) noexcept {
    if constexpr (std::is_same_v<T, U>)
        return v;
    else
        return static_cast<T>(v);
}
}  // namespace detail

/// A generator that yields uniform doubles in [0, 1) via random_sample().
template <class G>
concept UniformSource = requires(G& g) {
    { g.random_sample() } -> std::same_as<double>;
};

/// 32-bit Mersenne Twister (MT19937), identical to std::mt19937 and NumPy's legacy RandomState.
///
/// Cost note: the state is 624 32-bit words (~2.5 KiB). Seeding touches all
/// 624 words and the first draw (and every 624th after it) regenerates the
/// whole block, so in constant evaluation a single draw costs thousands of
/// evaluation steps and the object is heavy for an MCU stack. Prefer
/// ctmlp::splitmix64 unless you need to match NumPy or std::mt19937.
class mt19937 {
public:
    /// Type of the raw 32-bit output.
    using result_type = std::uint32_t;

    /// Number of words in the state (the "N" of MT19937).
    static constexpr std::size_t state_size = 624;

    /// Seed used by a default-constructed std::mt19937.
    static constexpr result_type default_seed = 5489U;

    /// Seed like std::mt19937(seed) / np.random.seed(seed) (init_genrand).
    constexpr explicit mt19937(std::uint32_t seed_value) noexcept { seed(seed_value); }

    /// Re-seed with init_genrand, as the constructor does.
    constexpr void seed(std::uint32_t value) noexcept {
        state_[0] = value;
        // A 32-bit index and unsigned arithmetic: the sum wraps modulo 2^32 as init_genrand's does,
        // with no cast (a cast to std::uint32_t is -Wuseless-cast wherever the operands already are).
        for (std::uint32_t i = 1; i < state_size; ++i) {
            const std::uint32_t prev = state_[i - 1];
            state_[i] = 1812433253U * (prev ^ (prev >> 30)) + i;
        }
        index_ = state_size;
    }

    /// Smallest raw output.
    [[nodiscard]] static constexpr result_type min() noexcept { return 0U; }

    /// Largest raw output.
    [[nodiscard]] static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    /// Next tempered 32-bit output (same sequence as std::mt19937::operator()).
    constexpr result_type operator()() noexcept {
        if (index_ >= state_size) {
            twist();
        }
        std::uint32_t y = state_[index_++];
        y ^= (y >> 11);
        y ^= (y << 7) & 0x9D2C5680U;
        y ^= (y << 15) & 0xEFC60000U;
        y ^= (y >> 18);
        return y;
    }

    /// Advance by n raw outputs.
    constexpr void discard(unsigned long long n) noexcept {
        for (; n != 0; --n) {
            (void)(*this)();
        }
    }

    /// Uniform double in [0, 1) with 53 random bits, bit-exact with NumPy's legacy random_sample.
    ///
    /// Consumes two raw outputs a (first) then b:
    /// ((a >> 5) * 2^26 + (b >> 6)) / 2^53.
    constexpr double random_sample() noexcept {
        const std::uint32_t a = (*this)() >> 5;  // 27 bits
        const std::uint32_t b = (*this)() >> 6;  // 26 bits
        return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) / 9007199254740992.0;
    }

private:
    static constexpr std::size_t shift_size = 397;  // M
    static constexpr std::uint32_t matrix_a = 0x9908B0DFU;
    static constexpr std::uint32_t upper_mask = 0x80000000U;
    static constexpr std::uint32_t lower_mask = 0x7FFFFFFFU;

    // Regenerate all 624 words (the "twist"); done lazily on the next draw.
    constexpr void twist() noexcept {
        for (std::size_t i = 0; i < state_size; ++i) {
            const std::uint32_t y = (state_[i] & upper_mask) | (state_[(i + 1) % state_size] & lower_mask);
            const std::uint32_t mag = (y & 1U) != 0U ? matrix_a : 0U;
            state_[i] = state_[(i + shift_size) % state_size] ^ (y >> 1) ^ mag;
        }
        index_ = 0;
    }

    std::array<std::uint32_t, state_size> state_{};
    std::size_t index_ = state_size;
};

/// SplitMix64 (Steele, Lea & Flood; Vigna's splitmix64.c): 64-bit state, cheap in constant evaluation.
class splitmix64 {
public:
    /// Type of the raw 64-bit output.
    using result_type = std::uint64_t;

    /// Start the sequence from the given 64-bit state.
    constexpr explicit splitmix64(std::uint64_t initial_state) noexcept : state_(initial_state) {}

    /// Smallest raw output.
    [[nodiscard]] static constexpr result_type min() noexcept { return 0U; }

    /// Largest raw output.
    [[nodiscard]] static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

    /// Next 64-bit output of the reference splitmix64.c next().
    constexpr result_type operator()() noexcept {
        state_ += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    /// Advance by n raw outputs.
    constexpr void discard(unsigned long long n) noexcept {
        state_ += n * 0x9E3779B97F4A7C15ULL;  // unsigned long long: 64 bits or more, wraps like the state
    }

    /// Uniform double in [0, 1) from the top 53 bits of one raw output: (x >> 11) * 2^-53.
    constexpr double random_sample() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

}  // namespace ctmlp

#endif  // CTMLP_RANDOM_HPP
