// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// Writes the fuzzer's seed corpus (committed in tests/fuzz/corpus/):
//     cmake --build <build> --target ctmlp_fuzz_make_corpus && <build>/tests/ctmlp_fuzz_make_corpus tests/fuzz/corpus
// Valid files for each network type of load_fuzzer.cpp (deterministic parameters), and a few
// broken ones that stop at different checks. Small on purpose: libFuzzer finds the rest.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace {

using float_net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                 ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
using double_net =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::softmax>>;
using q78_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

std::string directory;

void write(const char* name, const std::vector<std::byte>& bytes) {
    const std::string path = directory + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::exit(1);
    }
    std::printf("%s: %zu bytes\n", name, bytes.size());
}

template <class Net>
std::vector<std::byte> file_of(std::uint64_t seed) {
    ctmlp::splitmix64 gen(seed);
    std::array<typename Net::scalar, Net::parameter_count> flat{};
    for (auto& x : flat) x = typename Net::scalar(4.0 * gen.random_sample() - 2.0);
    const auto a = ctmlp::save(ctmlp::from_parameters<Net>(flat));
    return {a.begin(), a.end()};
}

void fix_crc(std::vector<std::byte>& b) {
    const std::uint32_t crc = ctmlp::detail::crc32(std::span<const std::byte>(b.data(), b.size() - 4));
    for (std::size_t k = 0; k < 4; ++k) b[b.size() - 4 + k] = static_cast<std::byte>((crc >> (8 * k)) & 0xFFu);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
        return 2;
    }
    directory = argv[1];
    const auto f = file_of<float_net>(1);
    const auto d = file_of<double_net>(2);
    const auto q = file_of<q78_net>(3);
    write("valid_float", f);
    write("valid_double", d);
    write("valid_q7_8", q);

    // A Q7.8 file whose values are all within fixed<5, 8>'s range, and one with a value outside it.
    {
        std::array<ctmlp::q7_8, q78_net::parameter_count> flat{};
        for (std::size_t n = 0; n < flat.size(); ++n)
            flat[n] = ctmlp::q7_8::from_raw(static_cast<int>(n) * 1000 - 4000);
        auto a = ctmlp::save(ctmlp::from_parameters<q78_net>(flat));
        write("valid_q5_8_range", {a.begin(), a.end()});
        flat[3] = ctmlp::q7_8::from_raw(20000);
        a = ctmlp::save(ctmlp::from_parameters<q78_net>(flat));
        write("q7_8_outside_q5_8", {a.begin(), a.end()});
    }
    // Broken in different places.
    write("empty", {});
    write("truncated_header", {f.begin(), f.begin() + 12});
    write("truncated_parameters", {f.begin(), f.end() - 9});
    {
        auto b = f;
        b.push_back(std::byte{0});
        write("trailing_byte", b);
    }
    {
        auto b = f;
        b[70] ^= std::byte{0x20};
        write("bad_crc", b);
    }
    {
        auto b = d;
        b[4] = std::byte{2};
        fix_crc(b);
        write("version_2", b);
    }
    {
        auto b = d;
        std::swap(b[6], b[7]);
        fix_crc(b);
        write("byte_order_swapped", b);
    }
    {
        auto b = f;
        const std::size_t first = 20 + 16 * float_net::depth + 4;
        const auto nan = std::numeric_limits<float>::quiet_NaN();
        const auto bits = std::bit_cast<std::uint32_t>(nan);
        for (std::size_t k = 0; k < 4; ++k) b[first + 4 * 5 + k] = static_cast<std::byte>((bits >> (8 * k)) & 0xFFu);
        fix_crc(b);
        write("nan_parameter", b);
    }
    {
        auto b = f;
        b[20 + 16 + 4] = std::byte{1};  // layer 2: relu instead of sigmoid
        fix_crc(b);
        write("other_activation", b);
    }
    return 0;
}
