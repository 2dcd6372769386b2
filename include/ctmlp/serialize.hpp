// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_SERIALIZE_HPP
#define CTMLP_SERIALIZE_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include <ctmlp/detail/crc32.hpp>
#include <ctmlp/fixed_point.hpp>
#include <ctmlp/network.hpp>
#include <ctmlp/parameters.hpp>
#include <ctmlp/signature.hpp>

/// Saving and loading networks in ctmlp's binary format, version 1 (docs/serialization.md):
///
///     offset      size          field
///     0           4             magic "CTML"
///     4           2             format version = 1
///     6           2             byte-order mark 0xFEFF (bytes FF FE)
///     8           1+1+1+1       scalar kind (1 IEEE-754, 2 ctmlp::fixed), size, fraction bits, reserved 0
///     12          4             input size
///     16          4             number of dense layers L
///     20          16 L          per layer: units u32, activation u8, has_bias u8, reserved u16 = 0,
///                               leaky_relu numerator u32, denominator u32 (0, 0 otherwise)
///     20 + 16 L   4             parameter count
///     24 + 16 L   size * count  the parameters in the flat order of parameters.hpp
///     end - 4     4             CRC-32 (zlib.crc32) of every preceding byte
///
/// Integers are little-endian on every host; floats are written as their IEEE-754 bit patterns,
/// fixed-point numbers as their raw two's-complement value, so a file means the same everywhere.
///
/// Embedded-clean: no heap, no exceptions, no floating-point arithmetic (bit patterns only), and
/// everything is `constexpr` (a save -> load round trip can run inside the compiler).
///
/// load() validates the whole file, then writes the network (validate-then-write): on any failure
/// the network is not touched, and no second copy of it is needed. Its RAM is a few dozen bytes of
/// locals (the CRC state, offsets and the result); the bytes are read in place.
namespace ctmlp {

/// The format version this library writes and reads.
inline constexpr std::uint16_t format_version = 1;
/// The four magic bytes, "CTML".
inline constexpr std::array<std::byte, 4> format_magic{std::byte{0x43}, std::byte{0x54}, std::byte{0x4D},
                                                       std::byte{0x4C}};

/// Why a load (or a file operation) failed; `ok` when it did not. The order is the order of the
/// checks: the first failing check is the one reported.
enum class load_status : std::uint8_t {
    ok,
    too_short,                 ///< fewer bytes than the fixed header (20) before the layer table
    bad_magic,                 ///< not "CTML"
    wrong_endianness,          ///< byte-order mark FE FF: written big-endian
    bad_byte_order_mark,       ///< byte-order mark neither FF FE nor FE FF
    unsupported_version,       ///< format version other than 1
    truncated,                 ///< fewer bytes than the header implies
    trailing_bytes,            ///< more bytes than the header implies
    bad_crc,                   ///< CRC-32 differs: the file is corrupt
    parameter_count_mismatch,  ///< the count field differs from what the layers imply (or from the network)
    scalar_mismatch,           ///< scalar kind, size or fraction bits differ from the network's
    reserved_not_zero,         ///< a reserved byte is not 0
    input_size_mismatch,       ///< the input size differs from the network's
    layer_count_mismatch,      ///< the number of dense layers differs from the network's
    layer_mismatch,            ///< a layer's units, activation, bias or activation parameter differ
    non_finite_parameter,      ///< a floating-point parameter is NaN or infinite
    parameter_out_of_range,    ///< a fixed-point raw value outside the network's fixed<I, F> range
    open_failed,               ///< host/file.hpp: the file could not be opened
    read_failed,               ///< host/file.hpp: reading failed
    write_failed,              ///< host/file.hpp: writing (or replacing the old file) failed
    file_too_large,            ///< host/file.hpp: the file is larger than the reader accepts
};

/// Which field of the file a result is about.
enum class format_field : std::uint8_t {
    none,
    length,
    magic,
    byte_order_mark,
    version,
    crc,
    scalar_kind,
    scalar_size,
    fraction_bits,
    reserved,
    input_size,
    layer_count,
    units,
    activation,
    bias,
    activation_numerator,
    activation_denominator,
    parameter_count,
    parameter,
};

/// A short name of `s` ("ok", "bad_crc", ...), a static string.
constexpr const char* to_string(load_status s) noexcept {
    switch (s) {
        case load_status::ok:
            return "ok";
        case load_status::too_short:
            return "too_short";
        case load_status::bad_magic:
            return "bad_magic";
        case load_status::wrong_endianness:
            return "wrong_endianness";
        case load_status::bad_byte_order_mark:
            return "bad_byte_order_mark";
        case load_status::unsupported_version:
            return "unsupported_version";
        case load_status::truncated:
            return "truncated";
        case load_status::trailing_bytes:
            return "trailing_bytes";
        case load_status::bad_crc:
            return "bad_crc";
        case load_status::parameter_count_mismatch:
            return "parameter_count_mismatch";
        case load_status::scalar_mismatch:
            return "scalar_mismatch";
        case load_status::reserved_not_zero:
            return "reserved_not_zero";
        case load_status::input_size_mismatch:
            return "input_size_mismatch";
        case load_status::layer_count_mismatch:
            return "layer_count_mismatch";
        case load_status::layer_mismatch:
            return "layer_mismatch";
        case load_status::non_finite_parameter:
            return "non_finite_parameter";
        case load_status::parameter_out_of_range:
            return "parameter_out_of_range";
        case load_status::open_failed:
            return "open_failed";
        case load_status::read_failed:
            return "read_failed";
        case load_status::write_failed:
            return "write_failed";
        case load_status::file_too_large:
            return "file_too_large";
    }
    return "unknown";
}

/// A short name of `f` ("units", "crc", ...), a static string.
constexpr const char* to_string(format_field f) noexcept {
    switch (f) {
        case format_field::none:
            return "none";
        case format_field::length:
            return "length";
        case format_field::magic:
            return "magic";
        case format_field::byte_order_mark:
            return "byte order mark";
        case format_field::version:
            return "version";
        case format_field::crc:
            return "CRC-32";
        case format_field::scalar_kind:
            return "scalar kind";
        case format_field::scalar_size:
            return "scalar size";
        case format_field::fraction_bits:
            return "fraction bits";
        case format_field::reserved:
            return "reserved";
        case format_field::input_size:
            return "input size";
        case format_field::layer_count:
            return "layer count";
        case format_field::units:
            return "units";
        case format_field::activation:
            return "activation";
        case format_field::bias:
            return "bias flag";
        case format_field::activation_numerator:
            return "activation numerator";
        case format_field::activation_denominator:
            return "activation denominator";
        case format_field::parameter_count:
            return "parameter count";
        case format_field::parameter:
            return "parameter";
    }
    return "unknown";
}

/// The name of an activation code ("relu", ...), or "unknown".
constexpr const char* to_string(activation_code c) noexcept {
    constexpr std::array<const char*, 6> names{"identity", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"};
    const auto i = static_cast<std::size_t>(c);
    return i < names.size() ? names[i] : "unknown";
}

/// A human-readable message in a fixed buffer (no heap): `text.c_str()`, `text.view()`.
struct status_message {
    static constexpr std::size_t capacity = 200;
    std::array<char, capacity> chars{};
    std::size_t length = 0;

    constexpr const char* c_str() const noexcept { return chars.data(); }
    constexpr std::string_view view() const noexcept { return {chars.data(), length}; }

    /// Appends `s` (truncated to the capacity; the text stays NUL-terminated).
    constexpr status_message& append(const char* s) noexcept {
        for (; *s != '\0' && length + 1 < capacity; ++s) chars[length++] = *s;
        chars[length] = '\0';
        return *this;
    }
    /// Appends `v` in decimal.
    constexpr status_message& append_decimal(std::uint64_t v) noexcept {
        std::array<char, 21> digits{};
        std::size_t n = 0;
        do {
            digits[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v != 0);
        while (n > 0 && length + 1 < capacity) chars[length++] = digits[--n];
        chars[length] = '\0';
        return *this;
    }
    /// Appends `v` in decimal with a sign.
    constexpr status_message& append_signed(std::int64_t v) noexcept {
        if (v < 0) {
            append("-");
            return append_decimal(static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(v));
        }
        return append_decimal(static_cast<std::uint64_t>(v));
    }
    /// Appends `v` as 0x followed by `digits` hexadecimal digits.
    constexpr status_message& append_hex(std::uint64_t v, int digits) noexcept {
        append("0x");
        for (int d = digits - 1; d >= 0; --d) {
            const auto nibble = static_cast<unsigned>((v >> (4 * d)) & 0xFu);
            const char c[2] = {static_cast<char>(nibble < 10 ? '0' + nibble : 'A' + nibble - 10), '\0'};
            append(c);
        }
        return *this;
    }
};

/// The outcome of load() or read_signature(): a status, and for a failure the field, where it is
/// and what was expected and found. `if (result)` tests for success; `describe()` tells why.
struct load_result {
    load_status status = load_status::ok;
    format_field field = format_field::none;
    /// Dense layer the failure is about, counted from 1; 0 when none.
    std::uint32_t layer = 0;
    /// Index of the parameter in the flat order, for non_finite_parameter / parameter_out_of_range.
    std::uint64_t parameter = 0;
    /// Byte offset of the field in the file (for length failures, the length).
    std::uint64_t offset = 0;
    /// What the network (or the format) requires, and what the file has. For a non-finite
    /// parameter `found` is its bit pattern; for one out of range its raw value (two's complement)
    /// and `expected` the type's largest raw value.
    std::uint64_t expected = 0;
    std::uint64_t found = 0;

    constexpr bool ok() const noexcept { return status == load_status::ok; }
    constexpr explicit operator bool() const noexcept { return ok(); }

    /// A one-line explanation, e.g. "layer 2 differs (activation): the network has 1 (relu), the file
    /// 3 (sigmoid), at byte offset 36".
    constexpr status_message describe() const noexcept {
        status_message m;
        switch (status) {
            case load_status::ok:
                return m.append("ok");
            case load_status::too_short:
                return m.append("too short for a ctmlp file: ")
                    .append_decimal(found)
                    .append(" bytes, the fixed header needs ")
                    .append_decimal(expected);
            case load_status::bad_magic:
                return m.append("not a ctmlp file: magic ")
                    .append_hex(found, 8)
                    .append(", expected ")
                    .append_hex(expected, 8)
                    .append(" (\"CTML\" read little-endian)");
            case load_status::wrong_endianness:
                return m.append("written big-endian (byte-order mark bytes FE FF); ctmlp files are little-endian");
            case load_status::bad_byte_order_mark:
                return m.append("bad byte-order mark ")
                    .append_hex(found, 4)
                    .append(", expected ")
                    .append_hex(expected, 4);
            case load_status::unsupported_version:
                return m.append("unsupported format version ")
                    .append_decimal(found)
                    .append(" (this reader knows ")
                    .append_decimal(expected)
                    .append(")");
            case load_status::truncated:
                return m.append("truncated: the header implies ")
                    .append_decimal(expected)
                    .append(" bytes, found ")
                    .append_decimal(found);
            case load_status::trailing_bytes:
                return m.append("trailing bytes: the header implies ")
                    .append_decimal(expected)
                    .append(" bytes, found ")
                    .append_decimal(found);
            case load_status::bad_crc:
                return m.append("corrupt file: CRC-32 of the content is ")
                    .append_hex(expected, 8)
                    .append(", the file says ")
                    .append_hex(found, 8);
            case load_status::non_finite_parameter:
                return m.append("parameter ")
                    .append_decimal(parameter)
                    .append(" (layer ")
                    .append_decimal(layer)
                    .append(") is NaN or infinite (bits ")
                    .append_hex(found, found > 0xFFFFFFFFu ? 16 : 8)
                    .append(") at byte offset ")
                    .append_decimal(offset);
            case load_status::parameter_out_of_range:
                return m.append("parameter ")
                    .append_decimal(parameter)
                    .append(" (layer ")
                    .append_decimal(layer)
                    .append(") raw value ")
                    .append_signed(static_cast<std::int64_t>(found))
                    .append(" is outside the network's fixed-point range, at byte offset ")
                    .append_decimal(offset);
            case load_status::open_failed:
                return m.append("cannot open the file");
            case load_status::read_failed:
                return m.append("reading the file failed");
            case load_status::write_failed:
                return m.append("writing the file failed");
            case load_status::file_too_large:
                return m.append("file too large: ")
                    .append_decimal(found)
                    .append(" bytes, the reader accepts at most ")
                    .append_decimal(expected);
            case load_status::reserved_not_zero:
                m.append("reserved bytes must be 0, found ")
                    .append_decimal(found)
                    .append(" at byte offset ")
                    .append_decimal(offset);
                return layer != 0 ? m.append(" (layer ").append_decimal(layer).append(")") : m;
            case load_status::parameter_count_mismatch:
                m.append("parameter count differs: the layers imply ");
                // implied_parameter_count() stops at 2^32: any count past what the field holds.
                if (expected > 0xFFFFFFFFu)
                    m.append("more than 4294967295");
                else
                    m.append_decimal(expected);
                return m.append(", the file says ")
                    .append_decimal(found)
                    .append(", at byte offset ")
                    .append_decimal(offset);
            case load_status::scalar_mismatch:
                m.append("scalar type differs (");
                break;
            case load_status::input_size_mismatch:
                m.append("input size differs (");
                break;
            case load_status::layer_count_mismatch:
                m.append("number of dense layers differs (");
                break;
            case load_status::layer_mismatch:
                m.append("layer ").append_decimal(layer).append(" differs (");
                break;
        }
        // The signature mismatches share one shape.
        m.append(to_string(field)).append("): the network has ").append_decimal(expected);
        if (field == format_field::activation)
            m.append(" (").append(to_string(static_cast<activation_code>(expected))).append(")");
        m.append(", the file ").append_decimal(found);
        if (field == format_field::activation && found <= 0xFF)
            m.append(" (").append(to_string(static_cast<activation_code>(found))).append(")");
        return m.append(", at byte offset ").append_decimal(offset);
    }
};

namespace detail {

inline constexpr std::size_t header_fixed_size = 20;  // magic .. layer count
inline constexpr std::size_t layer_record_size = 16;

constexpr std::uint64_t read_le(std::span<const std::byte> b, std::size_t at, std::size_t n) noexcept {
    std::uint64_t v = 0;
    for (std::size_t k = n; k > 0; --k) v = (v << 8) | std::to_integer<std::uint64_t>(b[at + k - 1]);
    return v;
}
constexpr std::uint32_t read_u32(std::span<const std::byte> b, std::size_t at) noexcept {
    return static_cast<std::uint32_t>(read_le(b, at, 4));
}
constexpr std::uint16_t read_u16(std::span<const std::byte> b, std::size_t at) noexcept {
    return static_cast<std::uint16_t>(read_le(b, at, 2));
}
constexpr std::uint8_t read_u8(std::span<const std::byte> b, std::size_t at) noexcept {
    return std::to_integer<std::uint8_t>(b[at]);
}
constexpr void write_le(std::span<std::byte> b, std::size_t at, std::uint64_t v, std::size_t n) noexcept {
    for (std::size_t k = 0; k < n; ++k) b[at + k] = static_cast<std::byte>((v >> (8 * k)) & 0xFFu);
}

// How one scalar type is written: `size` little-endian bytes of `encode(x)`; `check(bits)` tells
// whether a value read from a file is acceptable for the type, `decode` turns it back.
template <class S>
struct scalar_codec;
template <>
struct scalar_codec<float> {
    static constexpr std::size_t size = 4;
    static constexpr std::uint64_t expected_for_report = 0;
    static constexpr std::uint64_t encode(float x) noexcept { return std::bit_cast<std::uint32_t>(x); }
    static constexpr load_status check(std::uint64_t bits) noexcept {
        return ((bits >> 23) & 0xFFu) == 0xFFu ? load_status::non_finite_parameter : load_status::ok;
    }
    static constexpr float decode(std::uint64_t bits) noexcept {
        return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    }
};
template <>
struct scalar_codec<double> {
    static constexpr std::size_t size = 8;
    static constexpr std::uint64_t expected_for_report = 0;
    static constexpr std::uint64_t encode(double x) noexcept { return std::bit_cast<std::uint64_t>(x); }
    static constexpr load_status check(std::uint64_t bits) noexcept {
        return ((bits >> 52) & 0x7FFu) == 0x7FFu ? load_status::non_finite_parameter : load_status::ok;
    }
    static constexpr double decode(std::uint64_t bits) noexcept { return std::bit_cast<double>(bits); }
};
template <int I, int F>
struct scalar_codec<fixed<I, F>> {
    using type = fixed<I, F>;
    using storage = typename type::storage;
    using unsigned_storage = std::make_unsigned_t<storage>;
    static constexpr std::size_t size = sizeof(storage);
    static constexpr std::uint64_t expected_for_report = static_cast<std::uint64_t>(type::raw_max);
    static constexpr std::uint64_t encode(type x) noexcept { return static_cast<unsigned_storage>(x.raw); }
    // The raw value, sign-extended (modular conversion, well defined since C++20).
    static constexpr std::int64_t raw_of(std::uint64_t bits) noexcept {
        return static_cast<storage>(static_cast<unsigned_storage>(bits));
    }
    // fixed<5, 8> is stored in 16 bits but holds 14: a file written for fixed<7, 8> (same size and
    // fraction bits, hence the same signature) can carry values this type cannot represent.
    static constexpr load_status check(std::uint64_t bits) noexcept {
        const std::int64_t raw = raw_of(bits);
        return raw < type::raw_min || raw > type::raw_max ? load_status::parameter_out_of_range : load_status::ok;
    }
    static constexpr type decode(std::uint64_t bits) noexcept {
        type x;
        x.raw = static_cast<storage>(raw_of(bits));
        return x;
    }
};

// The parameter count a layer table implies (64-bit: the fields are u32 and may be anything).
constexpr std::uint64_t implied_parameter_count(std::span<const std::byte> b, std::uint32_t inputs,
                                                std::uint32_t layers) noexcept {
    std::uint64_t count = 0;
    std::uint64_t in = inputs;
    for (std::uint32_t k = 0; k < layers; ++k) {
        const std::size_t at = header_fixed_size + layer_record_size * k;
        const std::uint64_t units = read_u32(b, at);
        const std::uint64_t bias = read_u8(b, at + 5) != 0 ? units : 0;
        count += in * units + bias;  // < 2^64: 2^32 layers of at most 2^64 / 2^32 each would be needed
        if (count > 0xFFFFFFFFu) return 0x100000000u;  // more than any file can declare
        in = units;
    }
    return count;
}

constexpr load_result fail(load_status s, format_field f, std::uint64_t offset, std::uint64_t expected,
                           std::uint64_t found, std::uint32_t layer = 0) noexcept {
    load_result r;
    r.status = s;
    r.field = f;
    r.offset = offset;
    r.expected = expected;
    r.found = found;
    r.layer = layer;
    return r;
}
}  // namespace detail

/// What read_signature() learns from a file without a network type.
struct file_info {
    /// ok when the file is structurally sound: magic, byte order, version, length, CRC-32, and a
    /// parameter count that matches the layer table. Otherwise the first failure.
    load_result result{};
    std::uint16_t version = 0;
    scalar_signature scalar{};
    std::uint32_t input_size = 0;
    std::uint32_t layer_count = 0;
    std::uint32_t parameter_count = 0;
    /// The file's bytes (the view given to read_signature).
    std::span<const std::byte> bytes{};

    /// Layer `k` (1-based, up to layer_count) as the file describes it; a zero layer_signature when
    /// `result` is not ok or k is out of range.
    /// A has_bias byte other than 0 reads as true.
    constexpr layer_signature layer(std::size_t k) const noexcept {
        if (!result.ok() || k == 0 || k > layer_count) return {};  // nothing there to read
        const std::size_t at = detail::header_fixed_size + detail::layer_record_size * (k - 1);
        return {detail::read_u32(bytes, at), static_cast<activation_code>(detail::read_u8(bytes, at + 4)),
                detail::read_u8(bytes, at + 5) != 0, detail::read_u32(bytes, at + 8), detail::read_u32(bytes, at + 12)};
    }
};

/// Reads and checks a file's header, length and CRC-32 without a network type: what a tool prints
/// about a file, or how a program picks which network type to load it into.
constexpr file_info read_signature(std::span<const std::byte> bytes) noexcept {
    using detail::fail;
    file_info info;
    info.bytes = bytes;
    const std::uint64_t size = bytes.size();
    if (size < detail::header_fixed_size) {
        info.result = fail(load_status::too_short, format_field::length, size, detail::header_fixed_size, size);
        return info;
    }
    const std::uint32_t magic = detail::read_u32(bytes, 0);
    constexpr std::uint32_t expected_magic = 0x4C4D5443u;  // "CTML" read little-endian
    if (magic != expected_magic) {
        info.result = fail(load_status::bad_magic, format_field::magic, 0, expected_magic, magic);
        return info;
    }
    // The byte-order mark is checked before the version: a big-endian writer's version 1 reads as
    // 256 here, and "written big-endian" is the useful message for such a file.
    const std::uint16_t bom = detail::read_u16(bytes, 6);
    if (bom == 0xFFFEu) {
        info.result = fail(load_status::wrong_endianness, format_field::byte_order_mark, 6, 0xFEFFu, bom);
        return info;
    }
    if (bom != 0xFEFFu) {
        info.result = fail(load_status::bad_byte_order_mark, format_field::byte_order_mark, 6, 0xFEFFu, bom);
        return info;
    }
    info.version = detail::read_u16(bytes, 4);
    if (info.version != format_version) {
        info.result = fail(load_status::unsupported_version, format_field::version, 4, format_version, info.version);
        return info;
    }
    info.scalar = {static_cast<scalar_kind>(detail::read_u8(bytes, 8)), detail::read_u8(bytes, 9),
                   detail::read_u8(bytes, 10)};
    info.input_size = detail::read_u32(bytes, 12);
    info.layer_count = detail::read_u32(bytes, 16);
    // The length: first up to the parameter count, which says how long the rest is.
    const std::uint64_t table_end =
        detail::header_fixed_size + std::uint64_t{detail::layer_record_size} * info.layer_count;
    if (size < table_end + 4 + 4) {
        info.result = fail(load_status::truncated, format_field::length, size, table_end + 8, size);
        return info;
    }
    const auto count_at = static_cast<std::size_t>(table_end);
    info.parameter_count = detail::read_u32(bytes, count_at);
    const std::uint64_t total = table_end + 4 + std::uint64_t{info.scalar.size} * info.parameter_count + 4;
    if (size != total) {
        info.result = fail(size < total ? load_status::truncated : load_status::trailing_bytes, format_field::length,
                           size, total, size);
        return info;
    }
    const std::size_t crc_at = bytes.size() - 4;  // == total - 4, in the span's own size type (no cast)
    const std::uint32_t computed = detail::crc32(bytes.first(crc_at));
    const std::uint32_t stored = detail::read_u32(bytes, crc_at);
    if (computed != stored) {
        info.result = fail(load_status::bad_crc, format_field::crc, crc_at, computed, stored);
        return info;
    }
    const std::uint64_t implied = detail::implied_parameter_count(bytes, info.input_size, info.layer_count);
    if (implied != info.parameter_count) {
        info.result = fail(load_status::parameter_count_mismatch, format_field::parameter_count, count_at, implied,
                           info.parameter_count);
        return info;
    }
    return info;
}

namespace detail {
template <class Net>
constexpr std::size_t file_size() noexcept {
    // signature_checked names the scalar or the activation that has no format code.
    if constexpr (signature_checked<Net>::ok)
        return header_fixed_size + layer_record_size * Net::depth + 4 +
               scalar_codec<typename Net::scalar>::size * Net::parameter_count + 4;
    else
        return 0;
}
}  // namespace detail

/// The exact size of `Net`'s file in bytes.
template <Network Net>
inline constexpr std::size_t serialized_size = detail::file_size<Net>();

namespace detail {
// Every check of a structurally sound file against network type Net, without writing anything.
template <class Net>
constexpr load_result check_against(const file_info& info) noexcept {
    constexpr auto sig = signature_of<Net>;
    const auto bytes = info.bytes;
    if (info.scalar.kind != sig.scalar.kind)
        return fail(load_status::scalar_mismatch, format_field::scalar_kind, 8,
                    static_cast<std::uint8_t>(sig.scalar.kind), static_cast<std::uint8_t>(info.scalar.kind));
    if (info.scalar.size != sig.scalar.size)
        return fail(load_status::scalar_mismatch, format_field::scalar_size, 9, sig.scalar.size, info.scalar.size);
    if (info.scalar.fraction_bits != sig.scalar.fraction_bits)
        return fail(load_status::scalar_mismatch, format_field::fraction_bits, 10, sig.scalar.fraction_bits,
                    info.scalar.fraction_bits);
    if (read_u8(bytes, 11) != 0)
        return fail(load_status::reserved_not_zero, format_field::reserved, 11, 0, read_u8(bytes, 11));
    if (info.input_size != sig.input_size)
        return fail(load_status::input_size_mismatch, format_field::input_size, 12, sig.input_size, info.input_size);
    if (info.layer_count != Net::depth)
        return fail(load_status::layer_count_mismatch, format_field::layer_count, 16, Net::depth, info.layer_count);
    for (std::uint32_t k = 0; k < Net::depth; ++k) {
        const std::size_t at = header_fixed_size + layer_record_size * k;
        const layer_signature& want = sig.layers[k];
        const std::uint32_t index = k + 1;
        if (read_u32(bytes, at) != want.units)
            return fail(load_status::layer_mismatch, format_field::units, at, want.units, read_u32(bytes, at), index);
        if (read_u8(bytes, at + 4) != static_cast<std::uint8_t>(want.activation))
            return fail(load_status::layer_mismatch, format_field::activation, at + 4,
                        static_cast<std::uint8_t>(want.activation), read_u8(bytes, at + 4), index);
        if (read_u8(bytes, at + 5) != (want.has_bias ? 1u : 0u))
            return fail(load_status::layer_mismatch, format_field::bias, at + 5, want.has_bias ? 1u : 0u,
                        read_u8(bytes, at + 5), index);
        if (read_u16(bytes, at + 6) != 0)
            return fail(load_status::reserved_not_zero, format_field::reserved, at + 6, 0, read_u16(bytes, at + 6),
                        index);
        if (read_u32(bytes, at + 8) != want.numerator)
            return fail(load_status::layer_mismatch, format_field::activation_numerator, at + 8, want.numerator,
                        read_u32(bytes, at + 8), index);
        if (read_u32(bytes, at + 12) != want.denominator)
            return fail(load_status::layer_mismatch, format_field::activation_denominator, at + 12, want.denominator,
                        read_u32(bytes, at + 12), index);
    }
    // Equal layers imply an equal count once read_signature() has matched the count to the table;
    // kept as a check of its own so that the order of checks does not rest on that reasoning.
    if (info.parameter_count != Net::parameter_count)
        return fail(load_status::parameter_count_mismatch, format_field::parameter_count,
                    header_fixed_size + layer_record_size * Net::depth, Net::parameter_count, info.parameter_count);
    using codec = scalar_codec<typename Net::scalar>;
    constexpr std::size_t first = header_fixed_size + layer_record_size * Net::depth + 4;
    constexpr auto counts = []<std::size_t... K>(std::index_sequence<K...>) {
        return std::array<std::size_t, Net::depth>{Net::template parameters_of<K + 1>::parameter_count...};
    }
    (std::make_index_sequence<Net::depth>{});
    std::uint32_t layer = 1;  // the layer of parameter n, for the report
    std::size_t layer_end = counts[0];
    for (std::size_t n = 0; n < Net::parameter_count; ++n) {
        while (n >= layer_end) layer_end += counts[layer++];
        const std::size_t at = first + codec::size * n;
        const std::uint64_t bits = read_le(bytes, at, codec::size);
        const load_status s = codec::check(bits);
        if (s != load_status::ok) {
            load_result r = fail(s, format_field::parameter, at, codec::expected_for_report, bits, layer);
            r.parameter = n;
            return r;
        }
    }
    return {};
}
}  // namespace detail

/// Loads `bytes` (a whole file) into `net` after checking every field against `Net`'s signature
/// and every parameter (finite floats, in-range fixed-point values). On failure `net` is unchanged
/// and the result says what differed, where; `result.describe()` in words.
template <Network Net>
constexpr load_result load(Net& net, std::span<const std::byte> bytes) noexcept {
    const file_info info = read_signature(bytes);
    if (!info.result) return info.result;
    const load_result checked = detail::check_against<Net>(info);
    if (!checked) return checked;
    // Every byte has been checked: now write, straight into the network.
    using codec = detail::scalar_codec<typename Net::scalar>;
    std::size_t at = detail::header_fixed_size + detail::layer_record_size * Net::depth + 4;
    ctmlp::for_each_layer(net, [&](auto, auto& param) {
        for (auto& weight_value : param.weights) {
            weight_value = codec::decode(detail::read_le(bytes, at, codec::size));
            at += codec::size;
        }
        for (auto& bias_value : param.bias) {
            bias_value = codec::decode(detail::read_le(bytes, at, codec::size));
            at += codec::size;
        }
    });
    return {};
}

/// Writes `net` into `out`, which has exactly serialized_size<Net> bytes. Writes what the network
/// holds, NaN and infinities included (load() refuses those, so a diverged network cannot be
/// loaded by mistake).
template <Network Net>
constexpr void save(const Net& net, std::span<std::byte, serialized_size<Net>> out) noexcept {
    constexpr auto sig = signature_of<Net>;
    using codec = detail::scalar_codec<typename Net::scalar>;
    for (std::size_t k = 0; k < 4; ++k) out[k] = format_magic[k];
    detail::write_le(out, 4, format_version, 2);
    detail::write_le(out, 6, 0xFEFFu, 2);
    detail::write_le(out, 8, static_cast<std::uint8_t>(sig.scalar.kind), 1);
    detail::write_le(out, 9, sig.scalar.size, 1);
    detail::write_le(out, 10, sig.scalar.fraction_bits, 1);
    detail::write_le(out, 11, 0, 1);
    detail::write_le(out, 12, sig.input_size, 4);
    detail::write_le(out, 16, Net::depth, 4);
    for (std::size_t k = 0; k < Net::depth; ++k) {
        const std::size_t at = detail::header_fixed_size + detail::layer_record_size * k;
        detail::write_le(out, at, sig.layers[k].units, 4);
        detail::write_le(out, at + 4, static_cast<std::uint8_t>(sig.layers[k].activation), 1);
        detail::write_le(out, at + 5, sig.layers[k].has_bias ? 1u : 0u, 1);
        detail::write_le(out, at + 6, 0, 2);
        detail::write_le(out, at + 8, sig.layers[k].numerator, 4);
        detail::write_le(out, at + 12, sig.layers[k].denominator, 4);
    }
    std::size_t at = detail::header_fixed_size + detail::layer_record_size * Net::depth;
    detail::write_le(out, at, Net::parameter_count, 4);
    at += 4;
    ctmlp::for_each_layer(net, [&](auto, const auto& param) {
        for (const auto& weight_value : param.weights) {
            detail::write_le(out, at, codec::encode(weight_value), codec::size);
            at += codec::size;
        }
        for (const auto& bias_value : param.bias) {
            detail::write_le(out, at, codec::encode(bias_value), codec::size);
            at += codec::size;
        }
    });
    detail::write_le(out, at, detail::crc32(std::span<const std::byte>(out.data(), at)), 4);
}

/// `net` as a file, in an array of serialized_size<Net> bytes.
template <Network Net>
constexpr std::array<std::byte, serialized_size<Net>> save(const Net& net) noexcept {
    std::array<std::byte, serialized_size<Net>> out{};
    save(net, std::span<std::byte, serialized_size<Net>>(out));
    return out;
}

/// Misuse guard: a buffer of the wrong size.
template <Serializable Net, std::size_t M>
    requires(M != serialized_size<Net>)
constexpr void save(const Net&, std::array<std::byte, M>&) noexcept {
    static_assert(M == serialized_size<Net>,
                  "ctmlp::save(net, buffer): the buffer must have exactly ctmlp::serialized_size<Net> bytes "
                  "(or call ctmlp::save(net), which returns such an array)");
}

}  // namespace ctmlp

#endif
