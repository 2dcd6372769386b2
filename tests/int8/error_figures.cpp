// The int8 error figures quoted in include/ctmlp/int8.hpp, and a check of them (a plain program:
// exit status 0 = pass). For each activation: 20 random 16-8 float layers (weights N(0, 0.4²)),
// calibrated on 400 inputs uniform in [−1, 1]^16, then 1,000 fresh inputs from the same
// distribution; the int8 output (dequantised) against the float layer computed in double, in
// units of the int8 output scale (ulp). Outputs whose float value lies outside the int8 range
// (fresh inputs can exceed the calibrated range) saturate; they are counted apart. The sigmoid and
// tanh tables are compared entry by entry with f at each entry's input.
#include <ctmlp/int8.hpp>
#include <ctmlp/parameters.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

int failures = 0;

struct figures {
    double worst_inside = 0;  // ulp, outputs within the int8 range
    double mean = 0;          // ulp, all outputs
    std::size_t outside = 0, count = 0;
    double worst_table = 0;  // ulp, table entries not at saturation
};

template <class A>
figures measure() {
    using Net = ctmlp::network<float, ctmlp::input<16>, ctmlp::dense<8, A>>;
    constexpr bool table = std::is_same_v<A, ctmlp::sigmoid> || std::is_same_v<A, ctmlp::tanh>;
    figures r;
    double sum = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 gen(seed);
        std::normal_distribution<double> normal(0.0, 0.4);
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        std::array<float, Net::parameter_count> flat{};
        for (auto& v : flat) v = static_cast<float>(normal(gen));
        const Net net = ctmlp::from_parameters<Net>(flat);
        std::vector<typename Net::input_array> calibration(400), inputs(1000);
        for (auto& x : calibration)
            for (auto& v : x) v = static_cast<float>(uniform(gen));
        for (auto& x : inputs)
            for (auto& v : x) v = static_cast<float>(uniform(gen));
        const auto q = ctmlp::int8::quantize(net, std::span<const typename Net::input_array>(calibration));
        if (!q) {
            ++failures;
            std::printf("FAILED: quantisation of seed %llu\n", static_cast<unsigned long long>(seed));
            continue;
        }
        const double s_out = static_cast<double>(q.net.output_scale());
        const double zp_out = q.net.output_zero_point();
        const auto& p = net.template layer<1>();
        auto f = [](double z) {
            if constexpr (std::is_same_v<A, ctmlp::relu>)
                return z < 0 ? 0.0 : z;
            else if constexpr (std::is_same_v<A, ctmlp::leaky_relu<>>)
                return z < 0 ? static_cast<double>(static_cast<float>(A::slope)) * z : z;
            else if constexpr (std::is_same_v<A, ctmlp::sigmoid>)
                return 1.0 / (1.0 + std::exp(-z));
            else if constexpr (std::is_same_v<A, ctmlp::tanh>)
                return std::tanh(z);
            else
                return z;  // identity, and softmax's logits
        };
        for (const auto& x : inputs) {
            const auto y = q.net.dequantize_output(q.net.predict(q.net.quantize_input(x)));
            for (std::size_t o = 0; o < 8; ++o) {
                double z = static_cast<double>(p.bias[o]);
                for (std::size_t i = 0; i < 16; ++i)
                    z += static_cast<double>(x[i]) * static_cast<double>(p.weight(i, o));
                const double want = f(z);
                const double err = std::abs(static_cast<double>(y[o]) - want) / s_out;
                sum += err;
                ++r.count;
                const bool inside = want >= s_out * (-128 - zp_out) && want <= s_out * (127 - zp_out);
                if (inside || table)
                    r.worst_inside = std::max(r.worst_inside, err);
                else
                    ++r.outside;
            }
        }
        if constexpr (table) {
            const auto& l = q.net.template layer<1>();
            for (std::size_t c = 0; c < 8; ++c) {
                double s_w = 0;
                for (std::size_t i = 0; i < 16; ++i) s_w = std::max(s_w, std::abs(static_cast<double>(p.weight(i, c))));
                s_w /= 127.0;
                // the table's input scale, from the multiplier M = s_in·s_w / s_z (relative error < 2^-30)
                const double s_z = static_cast<double>(q.net.input_scale()) * s_w /
                                   std::ldexp(static_cast<double>(l.multiplier[c]), l.shift[c] - 31);
                if (c > 0) break;  // one table per layer; channel 0 gives its input scale
                for (int code = -128; code <= 127; ++code) {
                    const double exact = f(s_z * (code - l.output_zero_point)) / s_out + zp_out;
                    if (exact > 127.0) continue;  // 1.0 is code 128: saturates to 127 (1 ulp)
                    r.worst_table =
                        std::max(r.worst_table, std::abs(l.lut[static_cast<std::size_t>(code + 128)] - exact));
                }
            }
        }
    }
    r.mean = sum / static_cast<double>(r.count);
    return r;
}

template <class A>
void report(const char* name, double inside_limit) {
    const figures r = measure<A>();
    std::printf("%-16s int8 vs float: mean %.2f ulp, max %.2f ulp within the int8 range (%zu of %zu saturated)", name,
                r.mean, r.worst_inside, r.outside, r.count);
    if (std::is_same_v<A, ctmlp::sigmoid> || std::is_same_v<A, ctmlp::tanh>)
        std::printf("; table max %.3f ulp", r.worst_table);
    std::printf("\n");
    if (r.mean > 1.0 || r.worst_inside > inside_limit || r.worst_table > 0.5 + 1e-6) {
        ++failures;
        std::printf("FAILED: %s exceeds its limits (mean 1 ulp, max %.1f ulp, table 0.5 ulp)\n", name, inside_limit);
    }
}

}  // namespace

int main() {
    // Limits: a few ulp of the output scale. Identity/relu: the sum of 16 products of quantised
    // inputs and weights; sigmoid/tanh: the pre-activation's own quantisation and its clamp at the
    // calibrated range, then the table.
    report<ctmlp::identity>("identity", 4.0);
    report<ctmlp::relu>("relu", 4.0);
    report<ctmlp::leaky_relu<>>("leaky_relu", 4.0);
    report<ctmlp::sigmoid>("sigmoid", 10.0);
    report<ctmlp::tanh>("tanh", 10.0);
    report<ctmlp::softmax>("softmax (logits)", 4.0);
    return failures == 0 ? 0 : 1;
}
