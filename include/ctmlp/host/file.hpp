// Distributed under the Boost Software License, Version 1.0 (see LICENSE).
#ifndef CTMLP_HOST_FILE_HPP
#define CTMLP_HOST_FILE_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include <ctmlp/network.hpp>
#include <ctmlp/serialize.hpp>

/// Saving and loading networks to and from files (host only: <cstdio> and the heap). The bytes are
/// those of ctmlp::save / ctmlp::load (include/ctmlp/serialize.hpp); the results are load_result,
/// with the I/O statuses open_failed, read_failed, write_failed and file_too_large added.
namespace ctmlp {

/// The largest file load_file() reads (1 GiB): a guard against being handed a huge unrelated file.
inline constexpr std::uint64_t max_file_size = std::uint64_t{1} << 30;

namespace detail {
inline load_result io_failure(load_status s) noexcept {
    load_result r;
    r.status = s;
    return r;
}
}  // namespace detail

/// Writes `net` to `path`. The bytes go to `path + ".tmp"` first, which then replaces `path`, so
/// that a failed write (full disk, crash) never leaves a half-written model under the real name.
template <Network Net>
load_result save_file(const char* path, const Net& net) {
    std::vector<std::byte> bytes(serialized_size<Net>);
    save(net, std::span<std::byte, serialized_size<Net>>(bytes.data(), bytes.size()));
    const std::string temporary = std::string(path) + ".tmp";
    std::FILE* f = std::fopen(temporary.c_str(), "wb");
    if (f == nullptr) return detail::io_failure(load_status::open_failed);
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const bool closed = std::fclose(f) == 0;  // a full disk may show only here
    if (!written || !closed) {
        std::remove(temporary.c_str());
        return detail::io_failure(load_status::write_failed);
    }
    if (std::rename(temporary.c_str(), path) == 0) return {};
#ifdef _WIN32
    // Windows' rename does not replace an existing file; POSIX rename does (atomically), so
    // there a failed rename means something else (e.g. `path` is a directory), and removing
    // `path` would delete an empty directory: the fallback stays Windows-only.
    std::remove(path);
    if (std::rename(temporary.c_str(), path) == 0) return {};
#endif
    std::remove(temporary.c_str());
    return detail::io_failure(load_status::write_failed);
}
/// Writes `net` to `path`; see save_file(const char*, const Net&).
template <Network Net>
load_result save_file(const std::string& path, const Net& net) {
    return save_file(path.c_str(), net);
}

/// Reads the whole file at `path` (at most max_file_size bytes).
inline load_result read_file(const char* path, std::vector<std::byte>& bytes) {
    bytes.clear();
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr) return detail::io_failure(load_status::open_failed);
    std::byte chunk[65536];
    for (;;) {
        const std::size_t n = std::fread(chunk, 1, sizeof chunk, f);
        bytes.insert(bytes.end(), chunk, chunk + n);
        if (bytes.size() > max_file_size) {
            std::fclose(f);
            load_result r = detail::io_failure(load_status::file_too_large);
            r.expected = max_file_size;
            r.found = bytes.size();  // at least
            return r;
        }
        if (n < sizeof chunk) break;
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    return failed ? detail::io_failure(load_status::read_failed) : load_result{};
}

/// Loads the file at `path` into `net` with ctmlp::load: every check of the format, and on any
/// failure (I/O included) `net` is unchanged.
template <Network Net>
load_result load_file(const char* path, Net& net) {
    std::vector<std::byte> bytes;
    const load_result r = read_file(path, bytes);
    if (!r) return r;
    return load(net, bytes);
}
/// Loads the file at `path` into `net`; see load_file(const char*, Net&).
template <Network Net>
load_result load_file(const std::string& path, Net& net) {
    return load_file(path.c_str(), net);
}

}  // namespace ctmlp

#endif
