// The binary format at run time: round trips for every scalar kind and layer option; every
// truncation and every single-bit flip of a saved file is refused and leaves the network as it
// was; each field that can differ from the network is reported with what was expected and found;
// big-endian files; NaN/Inf with a valid CRC; files written by Python's struct + zlib
// (tests/fixtures/make_serialize_fixtures.py) load and are re-saved byte for byte.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/host/file.hpp>
#include <ctmlp/parameters.hpp>
#include <ctmlp/serialize.hpp>
#include <ctmlp/signature.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "catch.hpp"

namespace {

using ctmlp::format_field;
using ctmlp::load_status;

using float_t3 = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
using double_t2 =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<1, ctmlp::relu, ctmlp::no_bias>>;
using q78_t =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>, ctmlp::dense<1, ctmlp::sigmoid>>;
using q1516_t = ctmlp::network<ctmlp::q15_16, ctmlp::input<4>, ctmlp::dense<3, ctmlp::relu>,
                               ctmlp::dense<2, ctmlp::leaky_relu<3, 7>, ctmlp::no_bias>>;
using q34_t = ctmlp::network<ctmlp::fixed<3, 4>, ctmlp::input<1>, ctmlp::dense<3, ctmlp::identity>>;
using softmax_t = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<5, ctmlp::relu>, ctmlp::dense<3, ctmlp::softmax>>;

template <class Net>
Net random_network(std::uint64_t seed) {
    ctmlp::splitmix64 gen(seed);
    if constexpr (std::is_floating_point_v<typename Net::scalar>) {
        return ctmlp::initialized<Net>(gen, ctmlp::init::uniform{-2.0, 2.0});
    } else {
        // Every raw value of the fixed-point type is equally likely, both ends included.
        std::array<typename Net::scalar, Net::parameter_count> flat{};
        for (auto& x : flat) {
            const auto span = static_cast<double>(Net::scalar::raw_max - Net::scalar::raw_min + 1);
            x = Net::scalar::from_raw(Net::scalar::raw_min +
                                      static_cast<typename Net::scalar::wide>(gen.random_sample() * span));
        }
        return ctmlp::from_parameters<Net>(flat);
    }
}

// Byte-identical, the test for "unchanged" (== would call -0 and 0 equal).
template <class Net>
bool same_bytes(const Net& a, const Net& b) {
    return std::memcmp(&a, &b, sizeof(Net)) == 0;
}

template <std::size_t N>
std::vector<std::byte> to_vector(const std::array<std::byte, N>& a) {
    return {a.begin(), a.end()};
}

// Recomputes the trailing CRC-32, so that a deliberately edited file reaches the later checks.
void fix_crc(std::vector<std::byte>& b) {
    const std::uint32_t crc = ctmlp::detail::crc32(std::span<const std::byte>(b.data(), b.size() - 4));
    for (std::size_t k = 0; k < 4; ++k) b[b.size() - 4 + k] = static_cast<std::byte>((crc >> (8 * k)) & 0xFFu);
}
void put_le(std::vector<std::byte>& b, std::size_t at, std::uint64_t v, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) b[at + k] = static_cast<std::byte>((v >> (8 * k)) & 0xFFu);
}

// Loads `bytes` into a copy of `target` and checks that a failure leaves it byte-identical.
template <class Net>
ctmlp::load_result load_into_copy(const Net& target, std::span<const std::byte> bytes, bool& unchanged) {
    Net n = target;
    const auto r = ctmlp::load(n, bytes);
    unchanged = same_bytes(n, target);
    return r;
}

std::vector<std::byte> read_fixture(const char* name) {
    std::vector<std::byte> bytes;
    const auto r = ctmlp::read_file((std::string(CTMLP_FIXTURE_DIR) + "/" + name).c_str(), bytes);
    REQUIRE(r.ok());
    return bytes;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("save -> load gives back the same network, bit for bit", "[serialize]", float_t3, double_t2, q78_t,
                   q1516_t, q34_t, softmax_t) {
    using Net = TestType;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const Net original = random_network<Net>(seed);
        const auto bytes = ctmlp::save(original);
        REQUIRE(bytes.size() == ctmlp::serialized_size<Net>);
        Net loaded = random_network<Net>(seed + 1000);
        const auto r = ctmlp::load(loaded, bytes);
        INFO(r.describe().c_str());
        REQUIRE(r.ok());
        CHECK(same_bytes(loaded, original));
        CHECK(ctmlp::save(loaded) == bytes);
        // The span overload writes the same bytes.
        std::array<std::byte, ctmlp::serialized_size<Net>> buffer{};
        ctmlp::save(original, buffer);
        CHECK(buffer == bytes);
    }
}

TEST_CASE("special floating-point values survive: -0, subnormals, the largest finite", "[serialize]") {
    std::array<float, float_t3::parameter_count> flat{};
    flat[0] = -0.0f;
    flat[1] = std::numeric_limits<float>::denorm_min();
    flat[2] = std::numeric_limits<float>::max();
    flat[3] = -std::numeric_limits<float>::max();
    flat[4] = std::numeric_limits<float>::min();
    const auto net = ctmlp::from_parameters<float_t3>(flat);
    float_t3 back{};
    REQUIRE(ctmlp::load(back, ctmlp::save(net)).ok());
    CHECK(same_bytes(back, net));
    CHECK(std::signbit(back.layer<1>().weights[0]));
}

// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("every truncation of a file is refused and the network stays unchanged", "[serialize]", float_t3,
                   double_t2, q78_t) {
    using Net = TestType;
    const auto bytes = ctmlp::save(random_network<Net>(3));
    const Net target = random_network<Net>(4);
    std::size_t wrong_status = 0, changed = 0;
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        bool unchanged = false;
        const auto r = load_into_copy(target, std::span<const std::byte>(bytes.data(), length), unchanged);
        const auto expected = length < 20 ? load_status::too_short : load_status::truncated;
        if (r.status != expected) {
            ++wrong_status;
            UNSCOPED_INFO("length " << length << ": " << r.describe().c_str());
        }
        if (!unchanged) ++changed;
    }
    CHECK(wrong_status == 0);
    CHECK(changed == 0);
}

TEMPLATE_TEST_CASE("every single-bit flip of a file is refused and the network stays unchanged", "[serialize]",
                   float_t3, double_t2, q78_t, q1516_t, softmax_t) {
    using Net = TestType;
    const auto bytes = ctmlp::save(random_network<Net>(5));
    const Net target = random_network<Net>(6);
    constexpr std::size_t table_end = 20 + 16 * Net::depth;
    std::size_t accepted = 0, changed = 0, wrong_status = 0;
    for (std::size_t at = 0; at < bytes.size(); ++at) {
        for (int bit = 0; bit < 8; ++bit) {
            auto corrupt = to_vector(bytes);
            corrupt[at] ^= static_cast<std::byte>(1u << bit);
            bool unchanged = false;
            const auto r = load_into_copy(target, corrupt, unchanged);
            if (r.ok()) ++accepted;
            if (!unchanged) ++changed;
            // The check that must catch it: the fields that define the length make the length
            // wrong (or, by coincidence, land on another length and fail the CRC); every other
            // byte is caught by its own check or by the CRC.
            bool status_ok;
            if (at < 4)
                status_ok = r.status == load_status::bad_magic;
            else if (at < 6)
                status_ok = r.status == load_status::unsupported_version;
            else if (at < 8)
                status_ok = r.status == load_status::bad_byte_order_mark;
            else if (at == 9 || (at >= 16 && at < 20) || (at >= table_end && at < table_end + 4))
                status_ok = r.status == load_status::truncated || r.status == load_status::trailing_bytes ||
                            r.status == load_status::bad_crc;
            else
                status_ok = r.status == load_status::bad_crc;
            if (!status_ok) {
                ++wrong_status;
                UNSCOPED_INFO("byte " << at << " bit " << bit << ": " << r.describe().c_str());
            }
        }
    }
    CHECK(accepted == 0);
    CHECK(changed == 0);
    CHECK(wrong_status == 0);
}

// ---------------------------------------------------------------------------------------------

TEST_CASE("header failures: magic, version, byte order, length", "[serialize]") {
    const float_t3 target = random_network<float_t3>(7);
    const auto good = to_vector(ctmlp::save(random_network<float_t3>(8)));
    bool unchanged = false;

    SECTION("empty and too short") {
        auto r = load_into_copy(target, std::span<const std::byte>(), unchanged);
        CHECK(r.status == load_status::too_short);
        CHECK(r.expected == 20);
        CHECK(r.found == 0);
        r = load_into_copy(target, std::span<const std::byte>(good.data(), 19), unchanged);
        CHECK(r.status == load_status::too_short);
        CHECK(std::string_view(r.describe().c_str()) ==
              "too short for a ctmlp file: 19 bytes, the fixed header needs 20");
        CHECK(unchanged);
    }
    SECTION("magic") {
        auto b = good;
        b[0] = std::byte{'X'};
        const auto r = load_into_copy(target, b, unchanged);
        CHECK(r.status == load_status::bad_magic);
        CHECK(r.expected == 0x4C4D5443u);
        CHECK(r.found == 0x4C4D5458u);
        CHECK(unchanged);
    }
    SECTION("version 2, with a valid CRC") {
        auto b = good;
        put_le(b, 4, 2, 2);
        fix_crc(b);
        const auto r = load_into_copy(target, b, unchanged);
        CHECK(r.status == load_status::unsupported_version);
        CHECK(r.field == format_field::version);
        CHECK(r.expected == 1);
        CHECK(r.found == 2);
        CHECK(std::string_view(r.describe().c_str()) == "unsupported format version 2 (this reader knows 1)");
        CHECK(unchanged);
    }
    SECTION("trailing bytes") {
        auto b = good;
        b.push_back(std::byte{0});
        const auto r = load_into_copy(target, b, unchanged);
        CHECK(r.status == load_status::trailing_bytes);
        CHECK(r.expected == good.size());
        CHECK(r.found == good.size() + 1);
        CHECK(unchanged);
    }
    SECTION("a byte-order mark that is neither order") {
        auto b = good;
        put_le(b, 6, 0x1234, 2);
        fix_crc(b);
        CHECK(load_into_copy(target, b, unchanged).status == load_status::bad_byte_order_mark);
        CHECK(unchanged);
    }
}

namespace {
// The file a big-endian writer would produce: every multi-byte field byte-swapped, floats included.
template <class Net>
std::vector<std::byte> big_endian_file(const Net& net) {
    auto b = to_vector(ctmlp::save(net));
    const auto swap = [&](std::size_t at, std::size_t n) {
        for (std::size_t k = 0; k < n / 2; ++k) std::swap(b[at + k], b[at + n - 1 - k]);
    };
    swap(4, 2);
    swap(6, 2);
    swap(12, 4);
    swap(16, 4);
    for (std::size_t k = 0; k < Net::depth; ++k) {
        const std::size_t at = 20 + 16 * k;
        swap(at, 4);
        swap(at + 6, 2);
        swap(at + 8, 4);
        swap(at + 12, 4);
    }
    const std::size_t count_at = 20 + 16 * Net::depth;
    swap(count_at, 4);
    constexpr std::size_t size = sizeof(typename Net::scalar);
    for (std::size_t n = 0; n < Net::parameter_count; ++n) swap(count_at + 4 + size * n, size);
    const std::uint32_t crc = ctmlp::detail::crc32(std::span<const std::byte>(b.data(), b.size() - 4));
    for (std::size_t k = 0; k < 4; ++k) b[b.size() - 1 - k] = static_cast<std::byte>((crc >> (8 * k)) & 0xFFu);
    return b;
}
}  // namespace

TEST_CASE("a file written big-endian is reported as such", "[serialize]") {
    const auto net = random_network<double_t2>(9);
    const auto b = big_endian_file(net);
    CHECK(std::to_integer<int>(b[6]) == 0xFE);
    CHECK(std::to_integer<int>(b[7]) == 0xFF);
    bool unchanged = false;
    const auto r = load_into_copy(random_network<double_t2>(10), b, unchanged);
    CHECK(r.status == load_status::wrong_endianness);
    CHECK(r.field == format_field::byte_order_mark);
    CHECK(std::string_view(r.describe().c_str()).find("big-endian") != std::string_view::npos);
    CHECK(unchanged);
    // Swapped back it is the original file again (the construction above is a real byte swap).
    CHECK(big_endian_file(net) == b);
}

// ---------------------------------------------------------------------------------------------

TEST_CASE("a file for another network: each difference is named, with expected and found", "[serialize]") {
    bool unchanged = false;

    SECTION("scalar size: a double file into a float network") {
        using as_float = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>,
                                        ctmlp::dense<1, ctmlp::relu, ctmlp::no_bias>>;
        const auto r =
            load_into_copy(random_network<as_float>(1), ctmlp::save(random_network<double_t2>(1)), unchanged);
        CHECK(r.status == load_status::scalar_mismatch);
        CHECK(r.field == format_field::scalar_size);
        CHECK(r.offset == 9);
        CHECK(r.expected == 4);
        CHECK(r.found == 8);
        CHECK(std::string_view(r.describe().c_str()) ==
              "scalar type differs (scalar size): the network has 4, the file 8, at byte offset 9");
        CHECK(unchanged);
    }
    SECTION("scalar kind: a float file into a fixed-point network of the same size") {
        using as_q = ctmlp::network<ctmlp::q15_16, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                    ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
        const auto r = load_into_copy(random_network<as_q>(1), ctmlp::save(random_network<float_t3>(1)), unchanged);
        CHECK(r.status == load_status::scalar_mismatch);
        CHECK(r.field == format_field::scalar_kind);
        CHECK(r.expected == 2);
        CHECK(r.found == 1);
        CHECK(unchanged);
    }
    SECTION("fraction bits: Q7.8 into Q8.7") {
        using q87 = ctmlp::network<ctmlp::fixed<8, 7>, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>,
                                   ctmlp::dense<1, ctmlp::sigmoid>>;
        const auto r = load_into_copy(random_network<q87>(1), ctmlp::save(random_network<q78_t>(1)), unchanged);
        CHECK(r.status == load_status::scalar_mismatch);
        CHECK(r.field == format_field::fraction_bits);
        CHECK(r.expected == 7);
        CHECK(r.found == 8);
        CHECK(unchanged);
    }
    SECTION("the header's reserved byte") {
        auto b = to_vector(ctmlp::save(random_network<float_t3>(1)));
        b[11] = std::byte{1};
        fix_crc(b);
        const auto r = load_into_copy(random_network<float_t3>(2), b, unchanged);
        CHECK(r.status == load_status::reserved_not_zero);
        CHECK(r.offset == 11);
        CHECK(unchanged);
    }
    SECTION("input size") {
        using in4 = ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                   ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
        const auto r = load_into_copy(random_network<in4>(1), ctmlp::save(random_network<float_t3>(1)), unchanged);
        CHECK(r.status == load_status::input_size_mismatch);
        CHECK(r.expected == 4);
        CHECK(r.found == 3);
        CHECK(unchanged);
    }
    SECTION("layer count") {
        using two = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                   ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>>;
        const auto r = load_into_copy(random_network<two>(1), ctmlp::save(random_network<float_t3>(1)), unchanged);
        CHECK(r.status == load_status::layer_count_mismatch);
        CHECK(r.expected == 2);
        CHECK(r.found == 3);
        CHECK(unchanged);
    }
    SECTION("units of layer 2") {
        using wide = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                    ctmlp::dense<5, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
        const auto r = load_into_copy(random_network<wide>(1), ctmlp::save(random_network<float_t3>(1)), unchanged);
        CHECK(r.status == load_status::layer_mismatch);
        CHECK(r.field == format_field::units);
        CHECK(r.layer == 2);
        CHECK(r.offset == 36);
        CHECK(r.expected == 5);
        CHECK(r.found == 2);
        CHECK(unchanged);
    }
    SECTION("activation of layer 2") {
        using other = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                     ctmlp::dense<2, ctmlp::relu, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
        const auto r = load_into_copy(random_network<other>(1), ctmlp::save(random_network<float_t3>(1)), unchanged);
        CHECK(r.status == load_status::layer_mismatch);
        CHECK(r.field == format_field::activation);
        CHECK(r.layer == 2);
        CHECK(std::string_view(r.describe().c_str()) ==
              "layer 2 differs (activation): the network has 1 (relu), the file 3 (sigmoid), at byte offset 40");
        CHECK(unchanged);
    }
    SECTION("softmax against sigmoid on the output layer") {
        using sig_out =
            ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<5, ctmlp::relu>, ctmlp::dense<3, ctmlp::sigmoid>>;
        const auto r = load_into_copy(random_network<sig_out>(1), ctmlp::save(random_network<softmax_t>(1)), unchanged);
        CHECK(r.status == load_status::layer_mismatch);
        CHECK(r.field == format_field::activation);
        CHECK(r.layer == 2);
        CHECK(r.expected == 3);
        CHECK(r.found == 5);
        CHECK(std::string_view(r.describe().c_str()).find("(softmax)") != std::string_view::npos);
        CHECK(unchanged);
    }
    SECTION("bias of layer 3") {
        using other = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                     ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>,
                                     ctmlp::dense<2, ctmlp::identity, ctmlp::no_bias>>;
        const auto r = load_into_copy(random_network<other>(1), ctmlp::save(random_network<float_t3>(1)), unchanged);
        CHECK(r.status == load_status::layer_mismatch);
        CHECK(r.field == format_field::bias);
        CHECK(r.layer == 3);
        CHECK(r.expected == 0);
        CHECK(r.found == 1);
        CHECK(unchanged);
    }
    SECTION("leaky_relu's slope, numerator and denominator") {
        using den = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 10>>,
                                   ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
        using num = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<2, 20>>,
                                   ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
        const auto file = ctmlp::save(random_network<float_t3>(1));
        auto r = load_into_copy(random_network<den>(1), file, unchanged);
        CHECK(r.status == load_status::layer_mismatch);
        CHECK(r.field == format_field::activation_denominator);
        CHECK(r.layer == 1);
        CHECK(r.expected == 10);
        CHECK(r.found == 20);
        CHECK(unchanged);
        r = load_into_copy(random_network<num>(1), file, unchanged);
        CHECK(r.field == format_field::activation_numerator);
        CHECK(r.expected == 2);
        CHECK(r.found == 1);
        CHECK(unchanged);
    }
    SECTION("a layer's reserved bytes") {
        auto b = to_vector(ctmlp::save(random_network<float_t3>(1)));
        b[20 + 16 + 7] = std::byte{0x80};
        fix_crc(b);
        const auto r = load_into_copy(random_network<float_t3>(2), b, unchanged);
        CHECK(r.status == load_status::reserved_not_zero);
        CHECK(r.layer == 2);
        CHECK(r.offset == 42);
        CHECK(std::string_view(r.describe().c_str()) ==
              "reserved bytes must be 0, found 32768 at byte offset 42 (layer 2)");
        CHECK(unchanged);
    }
    SECTION("a parameter count that disagrees with the layers (consistent length, valid CRC)") {
        auto b = to_vector(ctmlp::save(random_network<float_t3>(1)));
        const std::size_t count_at = 20 + 16 * 3;
        put_le(b, count_at, float_t3::parameter_count + 1, 4);
        b.insert(b.end() - 4, {std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}});
        fix_crc(b);
        const auto info = ctmlp::read_signature(b);
        CHECK(info.result.status == load_status::parameter_count_mismatch);
        const auto r = load_into_copy(random_network<float_t3>(2), b, unchanged);
        CHECK(r.status == load_status::parameter_count_mismatch);
        CHECK(r.offset == count_at);
        CHECK(r.expected == float_t3::parameter_count);
        CHECK(r.found == float_t3::parameter_count + 1);
        CHECK(unchanged);
    }
    SECTION("layers that imply more parameters than any file can declare") {
        auto b = to_vector(ctmlp::save(random_network<float_t3>(1)));
        put_le(b, 20, 0xFFFFFFFFu, 4);  // layer 1: 2^32 - 1 units of 3 inputs each
        fix_crc(b);
        const auto info = ctmlp::read_signature(b);
        CHECK(info.result.status == load_status::parameter_count_mismatch);
        const std::string expected_text =
            "parameter count differs: the layers imply more than 4294967295, the file says " +
            std::to_string(float_t3::parameter_count) + ", at byte offset 68";
        CHECK(std::string_view(info.result.describe().c_str()) == expected_text);
    }
}

// ---------------------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("a NaN or infinite parameter is refused even with a valid CRC", "[serialize]", float_t3, double_t2) {
    using Net = TestType;
    using S = typename Net::scalar;
    constexpr std::size_t first = 20 + 16 * Net::depth + 4;
    const auto good = to_vector(ctmlp::save(random_network<Net>(11)));
    const Net target = random_network<Net>(12);
    const S bad_values[] = {std::numeric_limits<S>::quiet_NaN(), std::numeric_limits<S>::infinity(),
                            -std::numeric_limits<S>::infinity(), -std::numeric_limits<S>::quiet_NaN()};
    for (const S bad : bad_values) {
        for (std::size_t n = 0; n < Net::parameter_count; ++n) {
            auto b = good;
            using bits_t = std::conditional_t<sizeof(S) == 4, std::uint32_t, std::uint64_t>;
            put_le(b, first + sizeof(S) * n, std::bit_cast<bits_t>(bad), sizeof(S));
            fix_crc(b);
            bool unchanged = false;
            const auto r = load_into_copy(target, b, unchanged);
            INFO("parameter " << n << ": " << r.describe().c_str());
            REQUIRE(r.status == load_status::non_finite_parameter);
            CHECK(r.parameter == n);
            CHECK(r.offset == first + sizeof(S) * n);
            CHECK(r.found == std::bit_cast<bits_t>(bad));
            CHECK(unchanged);
        }
    }
    // The layer is reported: parameter 19 of float_t3 (3*4 + 4 = 16 in layer 1, 8 in layer 2) is layer 2.
    if constexpr (std::is_same_v<Net, float_t3>) {
        auto b = good;
        put_le(b, first + 4 * 19, 0x7F800000u, 4);
        fix_crc(b);
        bool unchanged = false;
        const auto r = load_into_copy(target, b, unchanged);
        CHECK(r.layer == 2);
        CHECK(std::string_view(r.describe().c_str()) ==
              "parameter 19 (layer 2) is NaN or infinite (bits 0x7F800000) at byte offset 148");
    }
}

TEST_CASE("fixed-point values outside the network's range are refused", "[serialize]") {
    // fixed<5, 8> keeps 14 bits in an int16_t: same signature as Q7.8, smaller range.
    using q58 = ctmlp::network<ctmlp::fixed<5, 8>, ctmlp::input<2>, ctmlp::dense<2, ctmlp::tanh>,
                               ctmlp::dense<1, ctmlp::sigmoid>>;
    static_assert(ctmlp::signature_of<q58> == ctmlp::signature_of<q78_t>);
    std::array<ctmlp::q7_8, q78_t::parameter_count> flat{};
    flat[4] = ctmlp::q7_8::from_raw(8192);  // one above fixed<5, 8>'s largest raw value, 8191
    bool unchanged = false;
    const auto target = random_network<q58>(1);
    const auto r = load_into_copy(target, ctmlp::save(ctmlp::from_parameters<q78_t>(flat)), unchanged);
    CHECK(r.status == load_status::parameter_out_of_range);
    CHECK(r.parameter == 4);
    CHECK(r.layer == 1);
    CHECK(r.found == 8192);
    CHECK(r.expected == 8191);
    CHECK(unchanged);
    flat[4] = ctmlp::q7_8::from_raw(-8193);
    CHECK(load_into_copy(target, ctmlp::save(ctmlp::from_parameters<q78_t>(flat)), unchanged).status ==
          load_status::parameter_out_of_range);
    // Both ends of the range load.
    flat[4] = ctmlp::q7_8::from_raw(8191);
    flat[5] = ctmlp::q7_8::from_raw(-8192);
    q58 n = target;
    REQUIRE(ctmlp::load(n, ctmlp::save(ctmlp::from_parameters<q78_t>(flat))).ok());
    CHECK(n.layer<1>().bias[0].raw == 8191);
    CHECK(n.layer<1>().bias[1].raw == -8192);
}

// ---------------------------------------------------------------------------------------------

TEST_CASE("read_signature describes a file without a network type", "[serialize]") {
    const auto bytes = ctmlp::save(random_network<float_t3>(1));
    const auto info = ctmlp::read_signature(bytes);
    REQUIRE(info.result.ok());
    CHECK(info.version == 1);
    CHECK(info.scalar == ctmlp::signature_of<float_t3>.scalar);
    CHECK(info.input_size == 3);
    CHECK(info.layer_count == 3);
    CHECK(info.parameter_count == float_t3::parameter_count);
    for (std::size_t k = 1; k <= 3; ++k) CHECK(info.layer(k) == ctmlp::signature_of<float_t3>.layers[k - 1]);
    CHECK(info.layer(0) == ctmlp::layer_signature{});
    CHECK(info.layer(4) == ctmlp::layer_signature{});
    auto corrupt = to_vector(bytes);
    corrupt[60] ^= std::byte{4};
    CHECK(ctmlp::read_signature(corrupt).result.status == load_status::bad_crc);
}

TEST_CASE("files written by Python's struct and zlib load, and save gives the same bytes", "[serialize]") {
    SECTION("float") {
        const auto file = read_fixture("serialize_v1_float.ctmlp");
        std::array<float, float_t3::parameter_count> flat{};
        for (std::size_t n = 0; n < flat.size(); ++n)
            flat[n] = static_cast<float>(static_cast<double>(static_cast<int>((n * 37) % 23) - 11) / 16.0);
        flat[0] = -0.0f;
        flat[1] = std::ldexp(1.0f, -140);
        float_t3 net{};
        const auto r = ctmlp::load_file(std::string(CTMLP_FIXTURE_DIR) + "/serialize_v1_float.ctmlp", net);
        INFO(r.describe().c_str());
        REQUIRE(r.ok());
        CHECK(same_bytes(net, ctmlp::from_parameters<float_t3>(flat)));
        CHECK(to_vector(ctmlp::save(net)) == file);
    }
    SECTION("double") {
        const auto file = read_fixture("serialize_v1_double.ctmlp");
        std::array<double, double_t2::parameter_count> flat{};
        for (std::size_t n = 0; n < flat.size(); ++n)
            flat[n] = static_cast<double>(n + 1) / 3.0 * (n % 2 == 0 ? 1.0 : -1.0);
        double_t2 net{};
        REQUIRE(ctmlp::load(net, file).ok());
        CHECK(same_bytes(net, ctmlp::from_parameters<double_t2>(flat)));
        CHECK(to_vector(ctmlp::save(net)) == file);
    }
    SECTION("Q7.8") {
        const auto file = read_fixture("serialize_v1_q7_8.ctmlp");
        std::array<ctmlp::q7_8, q78_t::parameter_count> flat{};
        for (std::size_t n = 0; n < flat.size(); ++n)
            flat[n] = ctmlp::q7_8::from_raw(static_cast<std::int32_t>((n * 7919) % 65536) - 32768);
        flat.back() = ctmlp::q7_8::from_raw(32767);
        q78_t net{};
        REQUIRE(ctmlp::load(net, file).ok());
        CHECK(same_bytes(net, ctmlp::from_parameters<q78_t>(flat)));
        CHECK(to_vector(ctmlp::save(net)) == file);
    }
}

TEST_CASE("save_file and load_file", "[serialize][file]") {
    const std::string path = "ctmlp_test_serialize_file.ctmlp";
    const auto net = random_network<double_t2>(21);
    REQUIRE(ctmlp::save_file(path, net).ok());
    double_t2 back = random_network<double_t2>(22);
    REQUIRE(ctmlp::load_file(path, back).ok());
    CHECK(same_bytes(back, net));
    // Saving again replaces the file.
    const auto other = random_network<double_t2>(23);
    REQUIRE(ctmlp::save_file(path, other).ok());
    REQUIRE(ctmlp::load_file(path, back).ok());
    CHECK(same_bytes(back, other));
    // A file for another network type: the same checks as load().
    float_t3 f = random_network<float_t3>(1);
    const auto before = f;
    CHECK(ctmlp::load_file(path, f).status == load_status::scalar_mismatch);
    CHECK(same_bytes(f, before));
    std::remove(path.c_str());
    // I/O failures.
    CHECK(ctmlp::load_file(path, back).status == load_status::open_failed);
    CHECK(same_bytes(back, other));
    CHECK(ctmlp::save_file("no-such-directory/x/model.ctmlp", net).status == load_status::open_failed);
}

TEST_CASE("save_file onto an existing directory fails and leaves the directory", "[serialize][file]") {
    // An empty directory: std::remove would delete it, so only a Windows rename may fall back to it.
    namespace fs = std::filesystem;
    const fs::path dir = "ctmlp_test_serialize_dir.ctmlp";
    std::error_code ec;
    fs::remove(dir, ec);
    REQUIRE(fs::create_directory(dir, ec));
    const auto net = random_network<double_t2>(24);
    CHECK(ctmlp::save_file(dir.string(), net).status == load_status::write_failed);
    CHECK(fs::is_directory(dir, ec));
    CHECK_FALSE(fs::exists(dir.string() + ".tmp", ec));  // the temporary file is gone too
    fs::remove(dir, ec);
}
