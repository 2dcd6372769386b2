// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_DETAIL_CRC32_HPP
#define CTMLP_DETAIL_CRC32_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ctmlp::detail {

// CRC-32 as in IEEE 802.3, zlib and PNG: reflected polynomial 0xEDB88320, initial value and final
// xor 0xFFFFFFFF (Python's zlib.crc32; "123456789" -> 0xCBF43926). Four bits per step with a
// 16-entry table: 64 bytes of flash instead of the usual 1 KiB, at two lookups per byte (a 1 KiB
// table would also cost a thousand constexpr steps to build in every translation unit).
inline constexpr std::array<std::uint32_t, 16> crc32_nibble_table = [] {
    std::array<std::uint32_t, 16> t{};
    for (std::uint32_t n = 0; n < 16; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 4; ++k) c = (c & 1u) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        t[n] = c;
    }
    return t;
}();

/// Continues a CRC-32 over `bytes`; start from `crc32_init` and finish with `crc32_final`.
constexpr std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::byte> bytes) noexcept {
    for (const std::byte b : bytes) {
        crc ^= std::to_integer<std::uint32_t>(b);
        crc = crc32_nibble_table[crc & 0xFu] ^ (crc >> 4);
        crc = crc32_nibble_table[crc & 0xFu] ^ (crc >> 4);
    }
    return crc;
}
inline constexpr std::uint32_t crc32_init = 0xFFFFFFFFu;
constexpr std::uint32_t crc32_final(std::uint32_t crc) noexcept { return crc ^ 0xFFFFFFFFu; }

/// The CRC-32 of `bytes` (zlib.crc32(bytes)).
constexpr std::uint32_t crc32(std::span<const std::byte> bytes) noexcept {
    return crc32_final(crc32_update(crc32_init, bytes));
}

}  // namespace ctmlp::detail

#endif
