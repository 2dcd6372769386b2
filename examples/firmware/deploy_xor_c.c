/* Distributed under the Boost Software License, Version 1.0 (see LICENSE). */
/* A C11 program that uses the generated C interface to the exported XOR network
   (examples/deploy/xor_model.h, implemented by the generated C++ source xor_model.cpp) and checks
   every result bit for bit against the host's (examples/deploy/xor_expected.hpp, C-compatible):
     - xor_model_predict() on the four inputs (network in flash),
     - the same from a caller-owned xor_model_state (network copied to RAM),
     - XOR_EXPECTED_TRAIN_EPOCHS epochs of xor_model_train_step(): parameters and outputs after,
     - a NaN target is refused (status 1) and changes nothing.
   The exit status is the number of failures. Built twice: on the host with gcc (and linked with
   gcc: the C++ object needs no C++ runtime), and for Cortex-M4/M0 with arm-none-eabi-gcc under
   QEMU. DEPLOY_C_PRINT=1 (host) prints each failure with printf. */
#include <stdint.h>
#include <string.h>

#include "xor_expected.hpp"
#include "xor_model.h"

#ifndef DEPLOY_C_PRINT
#define DEPLOY_C_PRINT 0
#endif
#if DEPLOY_C_PRINT
#include <stdio.h>
#endif

_Static_assert(sizeof(xor_model_state) == XOR_MODEL_STATE_SIZE, "the state is exactly XOR_MODEL_STATE_SIZE bytes");
_Static_assert(XOR_MODEL_INPUT_SIZE == XOR_EXPECTED_INPUT_SIZE && XOR_MODEL_OUTPUT_SIZE == XOR_EXPECTED_OUTPUT_SIZE &&
                   XOR_MODEL_PARAMETER_COUNT == XOR_EXPECTED_PARAMETER_COUNT,
               "the test vectors belong to another network");

static int failures;

static uint32_t bits_of(float x) {
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static void expect_bits(const char* what, int index, float found, uint32_t expected) {
    if (bits_of(found) != expected) {
        ++failures;
#if DEPLOY_C_PRINT
        printf("%s[%d]: 0x%08lx, expected 0x%08lx\n", what, index, (unsigned long)bits_of(found),
               (unsigned long)expected);
#else
        (void)what;
        (void)index;
#endif
    }
}

int main(void) {
    static xor_model_state state; /* caller-owned; static: in .bss, not on the stack */
    float y[XOR_MODEL_OUTPUT_SIZE];
    float parameters[XOR_MODEL_PARAMETER_COUNT];
    float before[XOR_MODEL_PARAMETER_COUNT];
    int s, o, e, n;

    for (s = 0; s < XOR_EXPECTED_SAMPLES; ++s) {
        xor_model_predict(xor_expected_inputs[s], y);
        for (o = 0; o < XOR_MODEL_OUTPUT_SIZE; ++o) expect_bits("predict", s, y[o], xor_expected_output_bits[s][o]);
    }

    xor_model_state_init(&state);
    for (s = 0; s < XOR_EXPECTED_SAMPLES; ++s) {
        xor_model_state_predict(&state, xor_expected_inputs[s], y);
        for (o = 0; o < XOR_MODEL_OUTPUT_SIZE; ++o)
            expect_bits("state_predict", s, y[o], xor_expected_output_bits[s][o]);
    }

    for (e = 0; e < XOR_EXPECTED_TRAIN_EPOCHS; ++e)
        for (s = 0; s < XOR_EXPECTED_SAMPLES; ++s)
            if (xor_model_train_step(&state, xor_expected_inputs[s], xor_expected_targets[s],
                                     xor_expected_learning_rate) != 0)
                ++failures;
    xor_model_state_parameters(&state, parameters);
    for (n = 0; n < XOR_MODEL_PARAMETER_COUNT; ++n)
        expect_bits("trained parameter", n, parameters[n], xor_expected_trained_parameter_bits[n]);
    for (s = 0; s < XOR_EXPECTED_SAMPLES; ++s) {
        xor_model_state_predict(&state, xor_expected_inputs[s], y);
        for (o = 0; o < XOR_MODEL_OUTPUT_SIZE; ++o)
            expect_bits("trained predict", s, y[o], xor_expected_trained_output_bits[s][o]);
    }

    /* A NaN target: refused, nothing changes. */
    {
        float nan_target[XOR_MODEL_OUTPUT_SIZE];
        const uint32_t nan_bits = 0x7fc00000u;
        memcpy(&nan_target[0], &nan_bits, sizeof nan_bits);
        for (o = 1; o < XOR_MODEL_OUTPUT_SIZE; ++o) nan_target[o] = 0.0f;
        xor_model_state_parameters(&state, before);
        if (xor_model_train_step(&state, xor_expected_inputs[0], nan_target, xor_expected_learning_rate) != 1)
            ++failures;
        xor_model_state_parameters(&state, parameters);
        for (n = 0; n < XOR_MODEL_PARAMETER_COUNT; ++n) expect_bits("after NaN", n, parameters[n], bits_of(before[n]));
    }

#if DEPLOY_C_PRINT
    printf("deploy_xor_c: %s (%d failures)\n", failures == 0 ? "PASS" : "FAIL", failures);
#endif
    return failures;
}
