// The fast math policy (ctmlp::math::fast, ctmlp::fast::sigmoid / tanh / softmax) in constant
// evaluation: accuracy against the library's own (portable) algorithms, about 1 ulp from the true
// values, over a ladder of arguments; special values, symmetry, and a network of fast activations
// trained inside the compiler. Compiling this file is passing (also with half the constexpr budgets).
// tests/runtime/test_math_fast.cpp checks that run time gives the same bits.
#include <ctmlp/ctmlp.hpp>

#include <bit>
#include <cstdint>
#include <limits>

namespace fast_math_test {

namespace fm = ctmlp::math::fast;
namespace pm = ctmlp::math::portable;

// Distance in units in the last place between two finite floats (or doubles) of the same sign.
template <class T>
constexpr std::uint64_t ulp_distance(T a, T b) {
    using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
    const U x = std::bit_cast<U>(a), y = std::bit_cast<U>(b);
    return x > y ? x - y : y - x;
}

// The largest distance between fast and portable (about 1 ulp from the true value) over a geometric
// ladder of |x| from 2^-24 to the top of the range, both signs.
enum class fn { exp, tanh, sigmoid };
template <fn F, class T>
constexpr std::uint64_t worst_against_portable(T top) {
    std::uint64_t worst = 0;
    for (T m = T(0x1p-24); m < top; m = m * T(1.0625)) {
        for (const T x : {m, -m}) {
            T a{}, b{};
            if constexpr (F == fn::exp) {
                a = fm::exp(x);
                b = pm::exp(x);
                if (b < std::numeric_limits<T>::min()) continue;  // subnormal: counted in steps below
            } else if constexpr (F == fn::tanh) {
                a = fm::tanh(x);
                b = pm::tanh(x);
            } else {
                a = ctmlp::fast::sigmoid::apply(x);
                b = ctmlp::portable::sigmoid::apply(x);
                if (b < std::numeric_limits<T>::min()) continue;
            }
            const std::uint64_t d = ulp_distance(a, b);
            worst = d > worst ? d : worst;
        }
    }
    return worst;
}

// fast and portable are both within about 1 ulp (exp) and 3 ulp (tanh, sigmoid): a few ulp apart.
static_assert(worst_against_portable<fn::exp, float>(88.0f) <= 2);
static_assert(worst_against_portable<fn::tanh, float>(12.0f) <= 4);
static_assert(worst_against_portable<fn::sigmoid, float>(88.0f) <= 4);
static_assert(worst_against_portable<fn::exp, double>(705.0) <= 2);
static_assert(worst_against_portable<fn::tanh, double>(25.0) <= 4);
static_assert(worst_against_portable<fn::sigmoid, double>(705.0) <= 4);

// Exact and special values, as at run time.
constexpr float inf = std::numeric_limits<float>::infinity();
static_assert(fm::exp(0.0f) == 1.0f && fm::exp(-0.0f) == 1.0f && fm::exp(0.0) == 1.0);
static_assert(fm::exp(inf) == inf && fm::exp(-inf) == 0.0f && fm::exp(100.0f) == inf);
static_assert(fm::exp(1000.0) == std::numeric_limits<double>::infinity() && fm::exp(-1000.0) == 0.0);
static_assert(fm::exp(0x1.62e42ep+6f) < inf);  // the largest float argument whose exp is finite
static_assert(fm::exp(-103.9f) == std::numeric_limits<float>::denorm_min() && fm::exp(-104.0f) == 0.0f);
static_assert(ulp_distance(fm::exp(1.0f), 0x1.5bf0a8p+1f) <= 1);  // e
static_assert(ulp_distance(fm::exp(1.0), 0x1.5bf0a8b145769p+1) <= 1);
static_assert(fm::tanh(1e-20f) == 1e-20f && fm::tanh(-1e-20f) == -1e-20f && fm::tanh(1e-300) == 1e-300);
static_assert(std::bit_cast<std::uint32_t>(fm::tanh(-0.0f)) == 0x80000000u);
static_assert(fm::tanh(inf) == 1.0f && fm::tanh(-inf) == -1.0f && fm::tanh(-50.0) == -1.0);
static_assert(fm::tanh(-0.75f) == -fm::tanh(0.75f) && fm::tanh(-3.0) == -fm::tanh(3.0));
static_assert(ctmlp::fast::sigmoid::apply(0.0f) == 0.5f && ctmlp::fast::sigmoid::apply(-inf) == 0.0f &&
              ctmlp::fast::sigmoid::apply(inf) == 1.0f);
#if !defined(__clang__)
// NaN stays NaN (Clang 14's constant evaluator rejects any arithmetic on a NaN, see math.hpp).
static_assert(ctmlp::is_nan(fm::exp(std::numeric_limits<float>::quiet_NaN())));
static_assert(ctmlp::is_nan(fm::tanh(std::numeric_limits<double>::quiet_NaN())));
#endif

// The policy is complete and spelled as its namespace.
static_assert(ctmlp::MathPolicy<ctmlp::math_policy::fast>);
static_assert(std::string_view(ctmlp::math_policy::fast::spelling) == "ctmlp::fast::");

// A network of fast activations trains inside the compiler: XOR as in xor_training.cpp (2-4-1,
// tanh/sigmoid, lr 1, seed 4, 80 epochs), to a margin of 0.1.
using xor_net =
    ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::fast::tanh>, ctmlp::dense<1, ctmlp::fast::sigmoid>>;
constexpr std::array<xor_net::input_array, 4> xor_x{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
constexpr std::array<xor_net::output_array, 4> xor_y{{{0}, {1}, {1}, {0}}};
constexpr xor_net trained_xor() {
    ctmlp::splitmix64 gen{4};
    auto net = ctmlp::initialized<xor_net>(gen, ctmlp::init::uniform{-1.0, 1.0});
    const auto r =
        ctmlp::train(net, xor_x, xor_y, ctmlp::sgd{.learning_rate = 1.0, .epochs = 80}, ctmlp::half_squared_error{});
    return r ? net : xor_net{};
}
constexpr xor_net xor_trained = trained_xor();
static_assert(xor_trained.predict({0.0f, 0.0f})[0] < 0.4f && xor_trained.predict({0.0f, 1.0f})[0] > 0.6f &&
              xor_trained.predict({1.0f, 0.0f})[0] > 0.6f && xor_trained.predict({1.0f, 1.0f})[0] < 0.4f);

}  // namespace fast_math_test
