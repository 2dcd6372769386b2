/* Footprint baseline: what a hand-written fixed-size C network costs on the target.
 *
 * A 2-4-1 multi-layer perceptron (tanh hidden layer, sigmoid output) with constant weights
 * (trained offline for XOR), inference in plain loops with newlib's expf. ctmlp's firmware is
 * compared against this: the difference is what the library costs over writing it by hand.
 *
 * Inputs are read through volatile so the compiler cannot evaluate the network at compile time;
 * main returns 0 only if all four XOR cases are classified correctly (so the run also tests it).
 */
#include <math.h>

#define N_IN 2
#define N_HIDDEN 4
#define N_OUT 1

static const float w_hidden[N_HIDDEN][N_IN] = {
    {-1.6218745e+00f, -1.8290863e+00f},
    {2.9952317e+00f, -3.5742377e+00f},
    {3.3437151e+00f, -2.2862813e+00f},
    {-7.5686462e-01f, -2.5117310e-01f},
};
static const float b_hidden[N_HIDDEN] = {-1.2006264e-01f, -1.3879525e+00f, 8.2532336e-01f, -6.8194455e-01f};
static const float w_out[N_OUT][N_HIDDEN] = {
    {-2.8183362e+00f, 4.6652893e+00f, -4.7265479e+00f, -4.6169059e-01f},
};
static const float b_out[N_OUT] = {1.6297093e+00f};

static volatile float inputs[4][N_IN] = {{0.0f, 0.0f}, {0.0f, 1.0f}, {1.0f, 0.0f}, {1.0f, 1.0f}};
static const int expected[4] = {0, 1, 1, 0};

/* Which exp/tanh (see benchmarks/footprint/CMakeLists.txt; the three builds differ only here):
 *   default                 newlib expf; tanh written through expf (no tanhf);
 *   BASELINE_NEWLIB_TANHF   newlib expf and tanhf: the functions ctmlp calls at run time
 *                           in ctmlp::tanh / ctmlp::sigmoid (std::exp, std::tanh on float);
 *   BASELINE_PORTABLE_MATH  ctmlp's own exp and tanh (ctmlp::math::portable, through the C
 *                           shims in portable_math_shim.cpp): what ctmlp::portable::tanh /
 *                           sigmoid run. */
#if defined(BASELINE_PORTABLE_MATH)
float ctmlp_portable_expf(float x);
float ctmlp_portable_tanhf(float x);
static float tanh_act(float x) { return ctmlp_portable_tanhf(x); }
static float sigmoid(float x) { return 1.0f / (1.0f + ctmlp_portable_expf(-x)); }
#elif defined(BASELINE_NEWLIB_TANHF)
static float tanh_act(float x) { return tanhf(x); }
static float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
#else
static float tanh_act(float x) { return 1.0f - 2.0f / (expf(2.0f * x) + 1.0f); }
static float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
#endif

#if defined(BASELINE_INPUT_MAJOR)
/* The same network in ctmlp's layout: weights input-major ([in][out], NumPy's (inputs, outputs)
 * shape), each unit's sum starting from the first product, the bias added before the
 * activation. This isolates what the layout costs from what the library costs. */
static void infer(const float in[N_IN], float out[N_OUT]) {
    float hidden[N_HIDDEN];
    for (int j = 0; j < N_HIDDEN; ++j) hidden[j] = in[0] * w_hidden[j][0];
    for (int i = 1; i < N_IN; ++i)
        for (int j = 0; j < N_HIDDEN; ++j) hidden[j] += in[i] * w_hidden[j][i];
    for (int j = 0; j < N_HIDDEN; ++j) hidden[j] = tanh_act(hidden[j] + b_hidden[j]);
    for (int k = 0; k < N_OUT; ++k) out[k] = hidden[0] * w_out[k][0];
    for (int j = 1; j < N_HIDDEN; ++j)
        for (int k = 0; k < N_OUT; ++k) out[k] += hidden[j] * w_out[k][j];
    for (int k = 0; k < N_OUT; ++k) out[k] = sigmoid(out[k] + b_out[k]);
}
#else
static void infer(const float in[N_IN], float out[N_OUT]) {
    float hidden[N_HIDDEN];
    for (int j = 0; j < N_HIDDEN; ++j) {
        float sum = b_hidden[j];
        for (int i = 0; i < N_IN; ++i) sum += w_hidden[j][i] * in[i];
        hidden[j] = tanh_act(sum);
    }
    for (int k = 0; k < N_OUT; ++k) {
        float sum = b_out[k];
        for (int j = 0; j < N_HIDDEN; ++j) sum += w_out[k][j] * hidden[j];
        out[k] = sigmoid(sum);
    }
}
#endif

int main(void) {
    int wrong = 0;
    for (int s = 0; s < 4; ++s) {
        const float in[N_IN] = {inputs[s][0], inputs[s][1]};
        float out[N_OUT];
        infer(in, out);
        if ((out[0] > 0.5f) != (expected[s] != 0)) ++wrong;
    }
    return wrong;
}
