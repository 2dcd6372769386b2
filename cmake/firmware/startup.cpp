// ctmlp's own minimal Cortex-M startup (M0/M0+/M3/M4/M7, Thumb): vector table, reset handler,
// fault handler. Used instead of newlib's crt0/rdimon (which pull in stdio and malloc).
//
// Reset: enable the FPU (if compiled for one) -> copy .data -> zero .bss -> paint the free RAM
// (for ctmlp_fw_stack_peak_bytes) -> run .preinit_array
// and .init_array (static constructors) -> main() -> exit through semihosting with main's value.
// Any fault or unexpected exception prints a short report and exits with
// ctmlp_fw::fault_exit_status (never 0).
//
// Symbols come from the linker script (cortex-m.ld).
#include <cstdint>

#include "semihost.hpp"

extern "C" {

// Linker script symbols.
extern std::uint32_t _sidata[];  // load address of .data (in flash)
extern std::uint32_t _sdata[];
extern std::uint32_t _edata[];
extern std::uint32_t _sbss[];
extern std::uint32_t _ebss[];
extern std::uint32_t _estack[];
extern void (*__preinit_array_start[])();
extern void (*__preinit_array_end[])();
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

// The application's main. The asm label names the symbol without naming ::main in C++ (calling
// main is ill-formed in C++); the definition may be C or C++.
int ctmlp_fw_application_main() asm("main");

[[noreturn]] void Reset_Handler() noexcept;
[[noreturn]] void ctmlp_fw_fault_report(const std::uint32_t* frame, std::uint32_t exc_return);
void ctmlp_fw_fault_entry() noexcept;

// Weak aliases: a firmware may define any of these to handle the exception itself.
void NMI_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void HardFault_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void MemManage_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void BusFault_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void UsageFault_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void SVC_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void DebugMon_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void PendSV_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));
void SysTick_Handler() noexcept __attribute__((weak, alias("ctmlp_fw_fault_entry")));

}  // extern "C"

namespace {

using handler = void (*)();

// Core exceptions only: the examples enable no peripheral interrupt, so none can be taken.
// (On ARMv6-M, MemManage/BusFault/UsageFault/DebugMon slots are reserved; filling them is
// harmless.)
struct vector_table {
    void* initial_stack_pointer;
    handler core[15];
};

[[gnu::section(".isr_vector"), gnu::used]] const vector_table ctmlp_fw_vectors = {
    _estack,
    {
        Reset_Handler,
        NMI_Handler,
        HardFault_Handler,
        MemManage_Handler,
        BusFault_Handler,
        UsageFault_Handler,
        nullptr,
        nullptr,
        nullptr,
        nullptr,
        SVC_Handler,
        DebugMon_Handler,
        nullptr,
        PendSV_Handler,
        SysTick_Handler,
    },
};

constexpr std::uint32_t stack_paint = 0xC5AC5AC5u;

void print_field(const char* name, std::uint32_t value) {
    ctmlp_fw::print(name);
    ctmlp_fw::print_hex(value);
}

}  // namespace

extern "C" {

// Loops are written out (this file is built with -fno-tree-loop-distribute-patterns so that GCC
// does not turn them into memcpy/memset calls before .data exists).
[[noreturn]] void Reset_Handler() noexcept {
#if defined(__ARM_FP) && __ARM_FP
    // CPACR: full access to CP10 and CP11, before any floating-point instruction runs.
    auto& cpacr = *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88u);
    cpacr = cpacr | (0xFu << 20);
    asm volatile("dsb\n\tisb" ::: "memory");
#endif
    {
        const std::uint32_t* source = _sidata;
        for (std::uint32_t* target = _sdata; target < _edata; ++target, ++source) *target = *source;
    }
    for (std::uint32_t* target = _sbss; target < _ebss; ++target) *target = 0u;
    {
        // Paint the free RAM below the stack pointer, for ctmlp_fw_stack_peak_bytes().
        std::uint32_t* sp;
        asm volatile("mov %0, sp" : "=r"(sp));
        for (std::uint32_t* target = _ebss; target < sp; ++target) *target = stack_paint;
    }

    for (auto** f = __preinit_array_start; f < __preinit_array_end; ++f) (**f)();
    for (auto** f = __init_array_start; f < __init_array_end; ++f) (**f)();

    const int status = ctmlp_fw_application_main();
    ctmlp_fw::semihost::exit(status);
}

// Deepest stack use so far, in bytes (from the paint left by Reset_Handler).
std::uint32_t ctmlp_fw_stack_peak_bytes() noexcept {
    const std::uint32_t* p = _ebss;
    while (p < _estack && *p == stack_paint) ++p;
    return static_cast<std::uint32_t>(_estack - p) * 4u;
}

// Entry of every fault / unexpected exception: pass the stacked exception frame (from MSP or PSP,
// as EXC_RETURN bit 2 says) and EXC_RETURN to ctmlp_fw_fault_report. Thumb-1 only (ARMv6-M).
[[gnu::naked]] void ctmlp_fw_fault_entry() noexcept {
    asm volatile(
        "movs r0, #4\n\t"
        "mov r1, lr\n\t"
        "tst r0, r1\n\t"
        "beq 1f\n\t"
        "mrs r0, psp\n\t"
        "b 2f\n"
        "1:\n\t"
        "mrs r0, msp\n"
        "2:\n\t"
        "ldr r2, =ctmlp_fw_fault_report\n\t"
        "bx r2\n\t"
        ".ltorg");
}

[[noreturn, gnu::used]] void ctmlp_fw_fault_report(const std::uint32_t* frame, std::uint32_t exc_return) {
    std::uint32_t ipsr;
    asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    ctmlp_fw::print("\n*** fault: exception ");
    ctmlp_fw::print(ipsr & 0x1ffu);
    if ((ipsr & 0x1ffu) == 3u) ctmlp_fw::print(" (HardFault)");
    print_field(" pc=", frame[6]);
    print_field(" lr=", frame[5]);
    print_field(" xpsr=", frame[7]);
    print_field(" exc_return=", exc_return);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
    print_field(" cfsr=", *reinterpret_cast<volatile std::uint32_t*>(0xE000ED28u));
    print_field(" hfsr=", *reinterpret_cast<volatile std::uint32_t*>(0xE000ED2Cu));
#endif
    ctmlp_fw::print("\n");
    ctmlp_fw::semihost::exit(ctmlp_fw::fault_exit_status);
}

// ---- the little of the C/C++ runtime that bare-metal code may still reach ---------------------

// No destructors of static objects ever run (the firmware ends through semihosting), so their
// registration is a no-op; newlib's version could allocate.
void* __dso_handle = nullptr;
int __aeabi_atexit(void*, void (*)(void*), void*) { return 0; }
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }

[[noreturn]] void __cxa_pure_virtual() {
    ctmlp_fw::print("\n*** pure virtual call\n");
    ctmlp_fw::semihost::exit(ctmlp_fw::fault_exit_status);
}

// std::abort (also reached by libstdc++'s __throw_* under -fno-exceptions) and assert().
// newlib's versions go through signals/stdio and would need syscalls and malloc.
[[noreturn]] void abort() {
    ctmlp_fw::print("\n*** abort\n");
    ctmlp_fw::semihost::exit(ctmlp_fw::fault_exit_status);
}

[[noreturn]] void __assert_func(const char* file, int line, const char* function, const char* expression) {
    ctmlp_fw::print("\n*** assertion failed: ");
    ctmlp_fw::print(expression);
    ctmlp_fw::print(" at ");
    ctmlp_fw::print(file);
    ctmlp_fw::print(":");
    ctmlp_fw::print(line);
    if (function != nullptr) {
        ctmlp_fw::print(" in ");
        ctmlp_fw::print(function);
    }
    ctmlp_fw::print("\n");
    ctmlp_fw::semihost::exit(ctmlp_fw::fault_exit_status);
}

// exit() from newlib ends here.
[[noreturn]] void _exit(int status) { ctmlp_fw::semihost::exit(status); }

}  // extern "C"
