// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
//
// Fuzz target for ctmlp::load / ctmlp::read_signature (libFuzzer's LLVMFuzzerTestOneInput).
// Every input is loaded into four network types that cover the scalar kinds, biases and the
// activation parameters; for each it asserts the contract of include/ctmlp/serialize.hpp:
//   - on failure the network is byte-identical to before;
//   - on success saving the network gives back exactly the input (so nothing was accepted that
//     the writer would not have written, and nothing was lost), and every parameter is a valid
//     value of the scalar type (finite; for fixed point within fixed<I, F>'s range);
//   - read_signature agrees: it fails whenever the file is structurally broken, and a load can
//     only succeed when it succeeds;
//   - describe() always yields a NUL-terminated message within its buffer.
// A violation aborts, which libFuzzer (or the replay driver, replay_main.cpp) reports.
//
// Built with clang's -fsanitize=fuzzer it also defines LLVMFuzzerCustomMutator, which after
// libFuzzer's own mutation recomputes the trailing CRC-32 of every other input: without it almost
// every mutation stops at the CRC check and the checks behind it (signature, parameters) would
// hardly be reached.
#include <ctmlp/ctmlp.hpp>
#include <ctmlp/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <type_traits>

namespace {

using float_net = ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<4, ctmlp::leaky_relu<1, 20>>,
                                 ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>, ctmlp::dense<2, ctmlp::identity>>;
using double_net =
    ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::tanh>, ctmlp::dense<2, ctmlp::softmax>>;
using q78_net =
    ctmlp::network<ctmlp::q7_8, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;
// Same signature as q78_net but a 14-bit range: Q7.8 files can hold values it must refuse.
using q58_net =
    ctmlp::network<ctmlp::fixed<5, 8>, ctmlp::input<2>, ctmlp::dense<2, ctmlp::relu>, ctmlp::dense<1, ctmlp::sigmoid>>;

[[noreturn]] void violated(const char* what, const char* type, const ctmlp::load_result& r) {
    std::fprintf(stderr, "load_fuzzer: %s (network %s, status %s: %s)\n", what, type, ctmlp::to_string(r.status),
                 r.describe().c_str());
    std::abort();
}

// A network filled with a recognisable pattern, the "before" of each load.
template <class Net>
Net sentinel() {
    std::array<typename Net::scalar, Net::parameter_count> flat{};
    for (std::size_t n = 0; n < flat.size(); ++n)
        flat[n] = typename Net::scalar(0.25 * static_cast<double>(n % 13) - 1.5);
    return ctmlp::from_parameters<Net>(flat);
}

// A value a network of this scalar type may hold after a successful load.
template <class S>
bool valid_value(S x) {
    if constexpr (std::is_floating_point_v<S>)
        return x - x == S(0);  // false for NaN and +-inf
    else
        return x.raw >= S::raw_min && x.raw <= S::raw_max;
}

template <class Net>
bool all_valid(const Net& net) {
    bool ok = true;
    ctmlp::for_each_layer(net, [&](auto, const auto& p) {
        for (const auto& w : p.weights) ok = ok && valid_value(w);
        for (const auto& b : p.bias) ok = ok && valid_value(b);
    });
    return ok;
}

template <class Net>
void check_one(std::span<const std::byte> bytes, const ctmlp::file_info& info, const char* type) {
    static const Net before = sentinel<Net>();
    Net net = before;
    const ctmlp::load_result r = ctmlp::load(net, bytes);
    const ctmlp::status_message m = r.describe();
    if (m.length >= ctmlp::status_message::capacity || m.chars[m.length] != '\0' || std::strlen(m.c_str()) != m.length)
        violated("describe() overran its buffer", type, r);
    if (!r.ok()) {
        if (std::memcmp(&net, &before, sizeof(Net)) != 0) violated("a failed load changed the network", type, r);
        return;
    }
    if (!info.result.ok()) violated("load succeeded where read_signature failed", type, r);
    if (bytes.size() != ctmlp::serialized_size<Net>) violated("load accepted a file of the wrong size", type, r);
    if (!all_valid(net)) violated("load accepted a value the scalar type cannot hold", type, r);
    const auto again = ctmlp::save(net);
    if (std::memcmp(again.data(), bytes.data(), again.size()) != 0) violated("save(load(x)) differs from x", type, r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    const ctmlp::file_info info = ctmlp::read_signature(bytes);
    if (info.result.ok()) {
        // Structurally sound: every layer record can be read.
        for (std::size_t k = 1; k <= info.layer_count; ++k) (void)info.layer(k);
    }
    check_one<float_net>(bytes, info, "float_net");
    check_one<double_net>(bytes, info, "double_net");
    check_one<q78_net>(bytes, info, "q78_net");
    check_one<q58_net>(bytes, info, "q58_net");
    return 0;
}

#if defined(CTMLP_LIBFUZZER)
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
    size = LLVMFuzzerMutate(data, size, max_size);
    if ((seed & 1u) != 0 && size >= 8) {
        const std::uint32_t crc =
            ctmlp::detail::crc32(std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), size - 4));
        for (std::size_t k = 0; k < 4; ++k) data[size - 4 + k] = static_cast<std::uint8_t>((crc >> (8 * k)) & 0xFFu);
    }
    return size;
}
#endif
