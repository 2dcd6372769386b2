// Minimal Arm semihosting for ctmlp's firmware examples: print text and numbers, exit with a
// status that reaches the host (QEMU's exit status). No newlib stdio, no printf, no heap.
//
// Semihosting is a `bkpt 0xAB` with r0 = operation and r1 = argument (block). Without a debugger
// or an emulator that services it, bkpt faults (or halts the core): this is for QEMU / a probe.
#ifndef CTMLP_FIRMWARE_SEMIHOST_HPP
#define CTMLP_FIRMWARE_SEMIHOST_HPP

#include <bit>
#include <concepts>
#include <cstdint>

// Defined by startup.cpp: the deepest the stack has reached so far, in bytes (RAM below the stack
// is painted at reset; the first overwritten word marks the peak).
extern "C" std::uint32_t ctmlp_fw_stack_peak_bytes() noexcept;

namespace ctmlp_fw {

namespace semihost {

inline constexpr std::uintptr_t sys_write0 = 0x04;         // r1 = NUL-terminated string
inline constexpr std::uintptr_t sys_exit = 0x18;           // r1 = reason code (AArch32)
inline constexpr std::uintptr_t sys_exit_extended = 0x20;  // r1 = {reason, subcode}
inline constexpr std::uintptr_t adp_stopped_application_exit = 0x20026;
inline constexpr std::uintptr_t adp_stopped_run_time_error_unknown = 0x20023;

inline std::uintptr_t call(std::uintptr_t op, const void* arg) noexcept {
    std::uintptr_t result;
    asm volatile(
        "mov r0, %[op]\n\t"
        "mov r1, %[arg]\n\t"
        "bkpt 0xAB\n\t"
        "mov %[result], r0"
        : [result] "=r"(result)
        : [op] "r"(op), [arg] "r"(arg)
        : "r0", "r1", "memory");
    return result;
}

inline void write0(const char* text) noexcept { call(sys_write0, text); }

// Ends the program; `status` becomes the host's exit status (0 = success). A non-zero status
// whose low 8 bits are 0 would read as success on the host, so it is turned into 1.
[[noreturn]] inline void exit(int status) noexcept {
    if (status != 0 && (status & 0xff) == 0) status = 1;
    const std::uintptr_t block[2] = {adp_stopped_application_exit, static_cast<std::uintptr_t>(status)};
    call(sys_exit_extended, block);
    // Host without SYS_EXIT_EXTENDED: plain SYS_EXIT can only tell success from failure.
    call(sys_exit, reinterpret_cast<const void*>(status == 0 ? adp_stopped_application_exit
                                                             : adp_stopped_run_time_error_unknown));
    for (;;) {
    }
}

}  // namespace semihost

// Exit status of the startup code's fault handler (HardFault, unexpected exception, abort).
inline constexpr int fault_exit_status = 250;

// ---- number to text, no printf ----------------------------------------------------------------
// Each formatter writes into `out` (at least `max_chars` bytes) and returns the end (no NUL).

namespace text {

inline constexpr int max_chars = 24;

inline char* unsigned_decimal(char* out, std::uint32_t value, int min_digits = 1) noexcept {
    char digits[10];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10u);
        value /= 10u;
    } while (value != 0u);
    while (n < min_digits && n < 10) digits[n++] = '0';
    while (n > 0) *out++ = digits[--n];
    return out;
}

inline char* signed_decimal(char* out, std::int32_t value) noexcept {
    std::uint32_t magnitude = static_cast<std::uint32_t>(value);
    if (value < 0) {
        *out++ = '-';
        magnitude = 0u - magnitude;
    }
    return unsigned_decimal(out, magnitude);
}

// "0x" and exactly 8 lower-case hex digits.
inline char* hex32(char* out, std::uint32_t value) noexcept {
    *out++ = '0';
    *out++ = 'x';
    for (int shift = 28; shift >= 0; shift -= 4) {
        const unsigned nibble = (value >> shift) & 0xfu;
        *out++ = static_cast<char>(nibble < 10u ? '0' + nibble : 'a' + (nibble - 10u));
    }
    return out;
}

// The IEEE-754 bits of a float as hex: the bit-exact form to compare with the host.
inline char* float_bits(char* out, float value) noexcept { return hex32(out, std::bit_cast<std::uint32_t>(value)); }

// Fixed notation with `decimals` (0..9) digits after the point, rounded; for reading by people
// (float has ~7 significant digits). |value| >= 2^32 is written as its bits ("big:0x...").
inline char* float_fixed(char* out, float value, int decimals = 6) noexcept {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    if ((bits & 0x7f800000u) == 0x7f800000u) {  // inf or nan
        const char* word = (bits & 0x007fffffu) != 0u ? "nan" : ((bits >> 31) ? "-inf" : "inf");
        while (*word != '\0') *out++ = *word++;
        return out;
    }
    if (bits >> 31) {
        *out++ = '-';
        value = -value;
    }
    if (value >= 4294967040.0f) {  // largest float below 2^32
        const char* word = "big:";
        while (*word != '\0') *out++ = *word++;
        return float_bits(out, value);
    }
    if (decimals < 0) decimals = 0;
    if (decimals > 9) decimals = 9;
    std::uint32_t scale = 1u;
    for (int i = 0; i < decimals; ++i) scale *= 10u;
    std::uint32_t whole = static_cast<std::uint32_t>(value);
    const float fraction = value - static_cast<float>(whole);  // exact for float
    std::uint32_t scaled = static_cast<std::uint32_t>(fraction * static_cast<float>(scale) + 0.5f);
    if (scaled >= scale) {
        scaled -= scale;
        ++whole;
    }
    out = unsigned_decimal(out, whole);
    if (decimals > 0) {
        *out++ = '.';
        out = unsigned_decimal(out, scaled, decimals);
    }
    return out;
}

}  // namespace text

// ---- printing -----------------------------------------------------------------------------------

inline void print(const char* s) noexcept { semihost::write0(s); }

template <std::integral T>
    requires(sizeof(T) <= 4)
inline void print(T value) noexcept {
    char buffer[text::max_chars];
    char* end;
    if constexpr (std::same_as<T, bool>)
        end = text::unsigned_decimal(buffer, value ? 1u : 0u);
    else if constexpr (std::signed_integral<T>)
        end = text::signed_decimal(buffer, static_cast<std::int32_t>(value));
    else
        end = text::unsigned_decimal(buffer, static_cast<std::uint32_t>(value));
    *end = '\0';
    semihost::write0(buffer);
}

// Fixed, 6 decimals.
inline void print(float value) noexcept {
    char buffer[text::max_chars];
    *text::float_fixed(buffer, value) = '\0';
    semihost::write0(buffer);
}

inline void print_hex(std::uint32_t value) noexcept {
    char buffer[text::max_chars];
    *text::hex32(buffer, value) = '\0';
    semihost::write0(buffer);
}

// Bits of the float as 0x%08x, for bit-exact comparison with a host computation.
inline void print_bits(float value) noexcept { print_hex(std::bit_cast<std::uint32_t>(value)); }

// print(a, b, c...) then a newline.
template <class... Args>
inline void println(const Args&... args) noexcept {
    (print(args), ...);
    print("\n");
}

}  // namespace ctmlp_fw

#endif  // CTMLP_FIRMWARE_SEMIHOST_HPP
