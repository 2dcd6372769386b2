// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
// The error of ctmlp's exp, tanh and sigmoid over EVERY float (all 2^32 bit patterns), for the
// fast policy (ctmlp::math::fast, ctmlp::fast::sigmoid) and, for comparison, the portable one
// (ctmlp::math::portable) and <cmath> (std::exp / std::tanh in float), against a reference in
// double (std::exp, std::tanh of the double argument: far more accurate than a float ulp), plus
// random samples of double against a long-double reference. docs/math.md has the results.
//
//   c++ -std=c++20 -O2 -ffp-contract=off -Iinclude benchmarks/fast_math_error.cpp -o fast_math_error
//   ./fast_math_error            (all floats: a few minutes; `./fast_math_error 64` every 64th)
//
// The error is |result - reference| in ulp of the reference rounded to float. Where the true
// result is subnormal (exp below ln(FLT_MIN) = -87.34, sigmoid below -87.34) the ulp is the
// subnormal step 2^-149, reported apart ("subnormal results").
#include <ctmlp/activation.hpp>
#include <ctmlp/math.hpp>
#include <ctmlp/random.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

double float_ulp(double ref) {
    const float r = static_cast<float>(ref);
    if (std::fabs(r) < std::numeric_limits<float>::min()) return 0x1p-149;
    if (std::isinf(r)) return 0x1p104;
    return std::ldexp(1.0, std::ilogb(r) - 23);
}

// Largest error of one function over a set of inputs, split into normal and subnormal results.
struct tally {
    const char* name;
    double worst = 0, worst_sub = 0;
    float worst_at = 0, worst_sub_at = 0;
    float lowest = std::numeric_limits<float>::infinity(), highest = -std::numeric_limits<float>::infinity();
    std::uint64_t count = 0, exact = 0, special_wrong = 0;
    float special_wrong_at = 0;

    void add(float x, float got, double ref) {
        if (std::isnan(ref) || std::isinf(static_cast<float>(ref)) || std::isinf(got) || std::isnan(got)) {
            // NaN must give NaN, an infinite (rounded) reference the same infinity.
            const bool ok = std::isnan(ref) ? std::isnan(got) : got == static_cast<float>(ref);
            if (!ok && special_wrong++ == 0) special_wrong_at = x;
            return;
        }
        ++count;
        const double e = std::fabs(static_cast<double>(got) - ref) / float_ulp(ref);
        exact += got == static_cast<float>(ref);
        if (std::fabs(ref) < static_cast<double>(std::numeric_limits<float>::min())) {
            if (e > worst_sub) worst_sub = e, worst_sub_at = x;
        } else {
            if (e > worst) worst = e, worst_at = x;
            if (x < lowest) lowest = x;
            if (x > highest) highest = x;
        }
    }
    void print() const {
        std::printf("%-22s max %6.3f ulp at x = %-16a (%.9g)", name, worst, static_cast<double>(worst_at),
                    static_cast<double>(worst_at));
        std::printf("  subnormal results: max %.3f steps of 2^-149", worst_sub);
        std::printf("  correctly rounded: %.2f%%", 100.0 * static_cast<double>(exact) / static_cast<double>(count));
        if (special_wrong != 0)
            std::printf("  WRONG special values: %llu (first at %a)", static_cast<unsigned long long>(special_wrong),
                        static_cast<double>(special_wrong_at));
        std::printf("\n");
    }
};

double ref_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t stride = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1;
    if (stride == 0) return 2;
    namespace fm = ctmlp::math::fast;
    namespace pm = ctmlp::math::portable;
    tally fast_exp{"fast::exp"}, fast_tanh{"fast::tanh"}, fast_sigmoid{"fast::sigmoid"};
    tally port_exp{"portable::exp"}, port_tanh{"portable::tanh"}, port_sigmoid{"portable::sigmoid"};
    tally libm_exp{"std::exp (float)"}, libm_tanh{"std::tanh (float)"}, libm_sigmoid{"sigmoid (std::exp)"};
    std::uint64_t tanh_steps_back = 0;
    float tanh_step_back_max_x = 0, previous_tanh = -1.0f;
    // Walks the floats in increasing order of value (negative bit patterns downwards from -inf,
    // then positive ones upwards), so that monotonicity can be checked too (only when stride = 1).
    const auto visit = [&](std::uint32_t bits) {
        const float x = std::bit_cast<float>(bits);
        const double xd = x;
        const double e = std::exp(xd), t = std::tanh(xd), s = ref_sigmoid(xd);
        fast_exp.add(x, fm::exp(x), e);
        const float ft = fm::tanh(x);
        fast_tanh.add(x, ft, t);
        if (!std::isnan(x)) {
            if (ft < previous_tanh) {
                ++tanh_steps_back;
                if (std::fabs(x) > tanh_step_back_max_x) tanh_step_back_max_x = std::fabs(x);
            }
            previous_tanh = ft;
        }
        fast_sigmoid.add(x, ctmlp::fast::sigmoid::apply(x), s);
        port_exp.add(x, pm::exp(x), e);
        port_tanh.add(x, pm::tanh(x), t);
        port_sigmoid.add(x, ctmlp::portable::sigmoid::apply(x), s);
        libm_exp.add(x, std::exp(x), e);
        libm_tanh.add(x, std::tanh(x), t);
        libm_sigmoid.add(x, 1.0f / (1.0f + std::exp(-x)), s);
    };
    for (std::uint64_t m = 0xffffffffu;; m -= stride) {  // negative: -NaN ... -inf ... -0
        visit(static_cast<std::uint32_t>(m));
        if (m < 0x80000000u + stride) break;
    }
    for (std::uint64_t m = 0; m <= 0xffffffffu / 2; m += stride) visit(static_cast<std::uint32_t>(m));
    std::printf("float: every %llu-th bit pattern, reference in double\n", static_cast<unsigned long long>(stride));
    for (const tally* t : {&fast_exp, &fast_tanh, &fast_sigmoid, &port_exp, &port_tanh, &port_sigmoid, &libm_exp,
                           &libm_tanh, &libm_sigmoid})
        t->print();
    std::printf("fast::exp normal results for x in [%a, %a] = [%.7g, %.7g]\n", static_cast<double>(fast_exp.lowest),
                static_cast<double>(fast_exp.highest), static_cast<double>(fast_exp.lowest),
                static_cast<double>(fast_exp.highest));
    std::printf("fast::tanh steps back (tanh(next float) < tanh(x)): %llu, all at |x| <= %g\n",
                static_cast<unsigned long long>(tanh_steps_back), static_cast<double>(tanh_step_back_max_x));

    // double: random samples, reference in long double.
    ctmlp::splitmix64 gen{1};
    double d_exp = 0, d_tanh = 0, d_sigmoid = 0;
    double d_exp_at = 0, d_tanh_at = 0, d_sigmoid_at = 0;
    const auto ulp_d = [](double got, long double ref) {
        const double r = static_cast<double>(ref);
        const double ulp =
            std::fabs(r) < std::numeric_limits<double>::min() ? 0x1p-1074 : std::ldexp(1.0, std::ilogb(r) - 52);
        return static_cast<double>(std::fabs(static_cast<long double>(got) - ref)) / ulp;
    };
    constexpr int samples = 4'000'000;
    for (int i = 0; i < samples; ++i) {
        const double u = gen.random_sample();
        // Uniform over [-745, 710], or log-uniform magnitudes 2^-60 ... 2^6 (either sign).
        const double x = i % 2 == 0 ? -708.0 + 1417.0 * u
                                    : (i % 4 == 1 ? 1.0 : -1.0) * std::exp2(-60.0 + 66.0 * gen.random_sample());
        const long double xl = x;
        const long double e = std::exp(xl), s = 1.0L / (1.0L + std::exp(-xl));
        if (const double err = ulp_d(fm::exp(x), e); err > d_exp) d_exp = err, d_exp_at = x;
        if (const double err = ulp_d(fm::tanh(x), std::tanh(xl)); err > d_tanh) d_tanh = err, d_tanh_at = x;
        if (s >= std::numeric_limits<double>::min())
            if (const double err = ulp_d(ctmlp::fast::sigmoid::apply(x), s); err > d_sigmoid)
                d_sigmoid = err, d_sigmoid_at = x;
    }
    std::printf(
        "double: %d random samples (x uniform in [-708, 709] or log-uniform 2^-60 ... 2^6), reference in "
        "long double\n",
        samples);
    std::printf(
        "fast::exp     max %.3f ulp at %a\nfast::tanh    max %.3f ulp at %a\nfast::sigmoid max %.3f ulp at %a\n", d_exp,
        d_exp_at, d_tanh, d_tanh_at, d_sigmoid, d_sigmoid_at);
    return 0;
}
