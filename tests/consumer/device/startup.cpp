// The consumer's own startup code for a Cortex-M4F (what a vendor's startup file does, cut to what
// this program needs): vector table, reset handler, and exit through Arm semihosting so that
// main's return value becomes the exit status of QEMU (or of a debugger session).
//
// Reset: enable the FPU -> copy .data from flash -> zero .bss -> static constructors -> main ->
// semihosting exit. Any fault exits with status 128.
#include <cstdint>

extern "C" {
extern std::uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int app_main() asm("main");         // calls main without naming ::main (ill-formed in C++)
[[noreturn]] void Reset_Handler();  // the entry point (linker script: ENTRY)
}

namespace {

// SYS_EXIT_EXTENDED (0x20) with ADP_Stopped_ApplicationExit: the host exits with `status`.
[[noreturn]] void semihosting_exit(int status) {
    const std::uint32_t block[2] = {0x20026u, static_cast<std::uint32_t>(status)};
    asm volatile("mov r0, %0\n\tmov r1, %1\n\tbkpt 0xAB" ::"r"(0x20u), "r"(block) : "r0", "r1", "memory");
    for (;;) {
    }
}

[[noreturn]] void fault_handler() { semihosting_exit(128); }

}  // namespace

extern "C" [[noreturn]] void Reset_Handler() {
    // CPACR: full access to CP10/CP11 before the first floating-point instruction.
    auto& cpacr = *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88u);
    cpacr = cpacr | (0xFu << 20);
    asm volatile("dsb\n\tisb" ::: "memory");
    // volatile: keeps GCC from turning these loops into memcpy/memset calls before .data exists.
    for (volatile std::uint32_t *to = _sdata, *from = _sidata; to < _edata; ++to, ++from) *to = *from;
    for (volatile std::uint32_t* to = _sbss; to < _ebss; ++to) *to = 0u;
    for (auto** f = __init_array_start; f < __init_array_end; ++f) (**f)();
    semihosting_exit(app_main());
}

namespace {

using handler = void (*)();
struct vector_table {
    void* stack;
    handler exceptions[15];
};

[[gnu::section(".isr_vector"), gnu::used]] const vector_table vectors = {
    _estack,
    {Reset_Handler, fault_handler, fault_handler, fault_handler, fault_handler, fault_handler, nullptr, nullptr,
     nullptr, nullptr, fault_handler, fault_handler, nullptr, fault_handler, fault_handler},
};

}  // namespace
