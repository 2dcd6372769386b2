#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Reference for ctmlp's int8 networks (include/ctmlp/int8.hpp), written independently in Python.

From the float networks and calibration sets of tests/fixtures/int8_model.txt it computes what
ctmlp::int8::quantize and predict must give, bit for bit: activation scales and zero points,
int8 weights, int32 biases, multipliers and shifts, lookup tables, and the int8 outputs of the
test inputs. The convention is TensorFlow Lite Micro's (symmetric int8 weights with one scale per
output unit or per layer, int8 activations with a zero point, int32 accumulators and biases,
requantisation by a fixed-point multiplier), with TFLite's single-rounding requantisation.

Written from the convention, not from the C++: Python integers (no overflow to worry about),
math.frexp for the multiplier, NumPy float32 for the float network's calibration pass (elementwise
float32 operations, each rounded like C++'s, in the same order: the sum over inputs from the first
product, then the bias).

    reference.py MODEL                 print the expected results
    reference.py MODEL --check EXPECTED  exit 1 unless they equal the file EXPECTED
    reference.py --make-model MODEL    write a new random model fixture (seeded)
"""
import math
import sys

import numpy as np

INT32_MAX = 2**31 - 1
FLT_MIN = float(np.finfo(np.float32).tiny)


def round_half_away(x):
    """round(x), half-way cases away from zero (x finite): as std::round / TfLiteRound."""
    t = math.trunc(x)
    frac = x - t
    if frac >= 0.5:
        return t + 1
    if frac <= -0.5:
        return t - 1
    return t


def clamp(v, lo, hi):
    return lo if v < lo else hi if v > hi else v


def from_range(lo, hi):
    """Scale and zero point of an activation whose calibrated range is [lo, hi] (0 inside)."""
    scale = (hi - lo) / 255.0
    if not scale >= FLT_MIN:
        return 1.0, -128
    return scale, clamp(-128 + round_half_away(-lo / scale), -128, 127)


def quantize_multiplier(m):
    """m = q * 2**(shift - 31), q in [2**30, 2**31), as TFLite's QuantizeMultiplier (frexp)."""
    if m == 0.0:
        return 0, 0
    frac, exp = math.frexp(m)  # m = frac * 2**exp, frac in [0.5, 1)
    q = round_half_away(frac * 2.0**31)
    if q == 2**31:
        q //= 2
        exp += 1
    if exp < -31:
        return 0, 0
    if exp > 30:
        raise ValueError("multiplier out of range")
    return q, exp


def requantize(acc, q, shift):
    """round(acc * q * 2**(shift - 31)), half-way cases up: one rounding (TFLITE_SINGLE_ROUNDING)."""
    n = 31 - shift
    return (acc * q + (1 << (n - 1))) >> n


def leaky_slope(act):
    """The slope of "leaky_relu:NUM:DEN" as the float network multiplies by it: float32(NUM/DEN)."""
    _, num, den = act.split(":")
    return np.float32(int(num) / int(den))


def read_model(path):
    cases, case = [], None
    with open(path) as f:
        lines = [l.split() for l in f if l.strip() and not l.startswith("#")]
    it = iter(lines)
    for tok in it:
        if tok[0] == "case":
            case = {"name": tok[1], "scales": tok[2], "layers": [], "weights": {}, "bias": {}}
        elif tok[0] == "input":
            case["input"] = int(tok[1])
        elif tok[0] == "layer":
            case["layers"].append((int(tok[1]), tok[2], tok[3] == "1"))
        elif tok[0] == "weights":
            case["weights"][int(tok[1])] = [float.fromhex(v) for v in tok[2:]]
        elif tok[0] == "bias":
            case["bias"][int(tok[1])] = [float.fromhex(v) for v in tok[2:]]
        elif tok[0] in ("calibration", "tests"):
            case[tok[0]] = [[float.fromhex(v) for v in next(it)] for _ in range(int(tok[1]))]
        elif tok[0] == "end":
            cases.append(case)
    return cases


def quantize_case(case):
    sizes = [case["input"]] + [l[0] for l in case["layers"]]
    depth = len(case["layers"])
    W = [np.array(case["weights"][k + 1], dtype=np.float32).reshape(sizes[k], sizes[k + 1]) for k in range(depth)]
    B = [np.array(case["bias"][k + 1], dtype=np.float32) if case["layers"][k][2] else None for k in range(depth)]
    acts = [l[1] for l in case["layers"]]

    # Calibration: the float32 forward pass, ranges of the inputs and of every pre-activation.
    calib = np.array(case["calibration"], dtype=np.float32)
    in_lo = min(0.0, float(calib.min()))
    in_hi = max(0.0, float(calib.max()))
    z_lo, z_hi = [0.0] * depth, [0.0] * depth
    for x in calib:
        a = x
        for k in range(depth):
            z = a[0] * W[k][0, :]
            for i in range(1, sizes[k]):
                z = z + a[i] * W[k][i, :]
            if B[k] is not None:
                z = z + B[k]
            assert z.dtype == np.float32
            z_lo[k] = min(z_lo[k], float(z.min()))
            z_hi[k] = max(z_hi[k], float(z.max()))
            if acts[k] == "relu":
                a = np.where(z < 0, np.float32(0), z).astype(np.float32)
            elif acts[k].startswith("leaky_relu"):
                a = np.where(z < 0, leaky_slope(acts[k]) * z, z).astype(np.float32)
            elif acts[k] == "identity":
                a = z
            elif k + 1 < depth:
                raise ValueError("the reference calibrates sigmoid/tanh only on the output layer "
                                 "(their float values depend on the exp implementation)")

    q = {"layers": []}
    in_q = from_range(in_lo, in_hi)
    q["input"] = in_q
    cur = in_q
    for k in range(depth):
        n_in, n_out, act = sizes[k], sizes[k + 1], acts[k]
        z_q = from_range(z_lo[k], z_hi[k])
        out_q = {"relu": from_range(0.0, z_hi[k]), "sigmoid": (1.0 / 256.0, -128),
                 "tanh": (1.0 / 128.0, 0)}.get(act, z_q)
        if act.startswith("leaky_relu"):  # the float output at the lowest pre-activation
            lo = z_lo[k] if z_lo[k] >= 0.0 else float(leaky_slope(act) * np.float32(z_lo[k]))
            out_q = from_range(lo, z_hi[k])
        acc_q = z_q if act in ("sigmoid", "tanh") else out_q
        w = W[k].astype(np.float64)
        if case["scales"] == "per_channel":
            s_w = [float(v) / 127.0 for v in np.abs(w).max(axis=0)]
        else:
            s_w = [float(np.abs(w).max()) / 127.0]
        s_w = [s if s > 0.0 else 1.0 for s in s_w]
        ch = (lambda o: o) if case["scales"] == "per_channel" else (lambda o: 0)
        wq = [[clamp(round_half_away(float(w[i, o]) / s_w[ch(o)]), -127, 127) for i in range(n_in)]
              for o in range(n_out)]
        bq = [0] * n_out
        if B[k] is not None:
            limit = 2147483647.0 - n_in * 255.0 * 127.0
            for o in range(n_out):
                b = float(B[k][o])
                if b != 0.0:
                    v = b / (cur[0] * s_w[ch(o)])
                    if not (math.isfinite(v) and abs(v) <= limit):
                        raise ValueError("bias out of range")
                    bq[o] = round_half_away(v)
        mults = [quantize_multiplier(cur[0] * s / acc_q[0]) for s in s_w]
        if act.startswith("leaky_relu"):  # a second multiplier for negative accumulators: M * slope
            negative = [quantize_multiplier(cur[0] * s / acc_q[0] * float(leaky_slope(act))) for s in s_w]
        layer = {"in_zp": cur[1], "out_zp": acc_q[1], "act": act, "bias": B[k] is not None,
                 "clamp_min": max(acc_q[1], -128) if act == "relu" else -128, "clamp_max": 127,
                 "weights": wq, "bq": bq, "mult": [m[0] for m in mults], "shift": [m[1] for m in mults]}
        if act.startswith("leaky_relu"):
            layer["neg_mult"] = [m[0] for m in negative]
            layer["neg_shift"] = [m[1] for m in negative]
        if act in ("sigmoid", "tanh"):
            lut = []
            with np.errstate(over="ignore"):
                for qz in range(-128, 128):
                    x = z_q[0] * float(qz - z_q[1])
                    y = 1.0 / (1.0 + float(np.exp(-x))) if act == "sigmoid" else float(np.tanh(x))
                    lut.append(clamp(round_half_away(y / out_q[0]) + out_q[1], -128, 127))
            layer["lut"] = lut
        q["layers"].append(layer)
        cur = z_q if act == "softmax" else out_q
    q["output"] = cur
    return q


def quantize_input(q, x):
    s = np.float32(q["input"][0])
    out = []
    for v in x:
        r = float(np.float32(v) / s)  # one float32 division, as in C++ with a float network
        r = 0 if math.isnan(r) else 512 if r > 512 else -512 if r < -512 else round_half_away(r)
        out.append(clamp(r + q["input"][1], -128, 127))
    return out


def predict(q, x):
    a = list(x)
    for L in q["layers"]:
        n_out = len(L["weights"])
        y = []
        for o in range(n_out):
            acc = (L["bq"][o] if L["bias"] else 0) + sum((xi - L["in_zp"]) * wi for xi, wi in zip(a, L["weights"][o]))
            assert -2**31 <= acc <= INT32_MAX
            c = o if len(L["mult"]) > 1 else 0
            if "neg_mult" in L and acc < 0:
                scaled = requantize(acc, L["neg_mult"][c], L["neg_shift"][c])
            else:
                scaled = requantize(acc, L["mult"][c], L["shift"][c])
            v = clamp(scaled + L["out_zp"], L["clamp_min"], L["clamp_max"])
            y.append(L["lut"][v + 128] if "lut" in L else v)
        a = y
    return a


def f32hex(v):
    return float(np.float32(v)).hex()


def expected_text(cases):
    out = ["# Expected int8 quantisation of tests/fixtures/int8_model.txt, by tests/int8/reference.py."]
    for case in cases:
        q = quantize_case(case)
        out.append(f"case {case['name']}")
        out.append(f"input_quantization {f32hex(q['input'][0])} {q['input'][1]}")
        out.append(f"output_quantization {f32hex(q['output'][0])} {q['output'][1]}")
        for k, L in enumerate(q["layers"], 1):
            out.append(f"layer {k} {L['in_zp']} {L['out_zp']} {L['clamp_min']} {L['clamp_max']}")
            out.append(f"weights {k} " + " ".join(str(v) for row in L["weights"] for v in row))
            out.append(f"bias {k} " + " ".join(str(v) for v in (L["bq"] if L["bias"] else [])))
            out.append(f"multiplier {k} " + " ".join(str(v) for v in L["mult"]))
            out.append(f"shift {k} " + " ".join(str(v) for v in L["shift"]))
            out.append(f"lut {k} " + " ".join(str(v) for v in L.get("lut", [])))
            if "neg_mult" in L:
                out.append(f"negative_multiplier {k} " + " ".join(str(v) for v in L["neg_mult"]))
                out.append(f"negative_shift {k} " + " ".join(str(v) for v in L["neg_shift"]))
        for t, x in enumerate(case["tests"]):
            xq = quantize_input(q, x)
            out.append(f"test {t} " + " ".join(str(v) for v in xq) + " -> " + " ".join(str(v) for v in predict(q, xq)))
        out.append("end")
    return "\n".join(l.rstrip() for l in out) + "\n"


def make_model(path):
    rng = np.random.default_rng(20261201)
    specs = [  # (name, scales, inputs, [(units, activation, has_bias)])
        ("relu_identity_tanh", "per_channel", 6, [(8, "relu", 1), (5, "identity", 1), (4, "tanh", 1)]),
        ("relu_sigmoid_per_layer", "per_layer", 6, [(7, "relu", 1), (3, "sigmoid", 1)]),
        ("nobias_softmax", "per_channel", 6, [(8, "relu", 0), (4, "softmax", 1)]),
        ("sigmoid_only", "per_channel", 3, [(4, "sigmoid", 1)]),
        ("leaky_relu", "per_channel", 5, [(7, "leaky_relu:1:10", 1), (6, "leaky_relu:1:100", 1), (3, "identity", 1)]),
    ]
    lines = ["# Float networks, calibration sets and test inputs for tests/int8/reference.py and",
             "# tests/runtime/test_int8_reference.cpp (written by reference.py --make-model; hex floats,",
             "# each a float32 value). Weights in ctmlp's order W[in][out], flattened."]
    for name, scales, n_in, layers in specs:
        lines.append(f"case {name} {scales}")
        lines.append(f"input {n_in}")
        prev = n_in
        for units, act, bias in layers:
            lines.append(f"layer {units} {act} {bias}")
        for k, (units, act, bias) in enumerate(layers, 1):
            w = (rng.normal(size=(prev, units)) * (1.5 / math.sqrt(prev))).astype(np.float32)
            # per-unit weight magnitudes that differ by up to 30x: per-channel scales matter
            w *= np.geomspace(0.1, 3.0, units, dtype=np.float32)[rng.permutation(units)]
            if k == 2 and name == "relu_identity_tanh":
                w[:, 0] = 0.0  # an all-zero unit: its scale would be 0
            lines.append(f"weights {k} " + " ".join(f32hex(v) for v in w.reshape(-1)))
            if bias:
                b = (rng.normal(size=units) * 0.3).astype(np.float32)
                if k == 1:
                    b[0] = 0.0
                lines.append(f"bias {k} " + " ".join(f32hex(v) for v in b))
            prev = units
        # inputs of different ranges, some not containing 0 (the range is widened to 0)
        lo = rng.uniform(-2.0, 0.5, size=n_in)
        hi = lo + rng.uniform(0.5, 3.0, size=n_in)
        calib = rng.uniform(lo, hi, size=(48, n_in)).astype(np.float32)
        tests = rng.uniform(lo - 0.3 * (hi - lo), hi + 0.3 * (hi - lo), size=(40, n_in)).astype(np.float32)
        lines.append(f"calibration {len(calib)}")
        lines += [" ".join(f32hex(v) for v in x) for x in calib]
        lines.append(f"tests {len(tests)}")
        lines += [" ".join(f32hex(v) for v in x) for x in tests]
        lines.append("end")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    if len(argv) == 3 and argv[1] == "--make-model":
        make_model(argv[2])
        return 0
    if len(argv) == 2:
        sys.stdout.write(expected_text(read_model(argv[1])))
        return 0
    if len(argv) == 4 and argv[2] == "--check":
        got = expected_text(read_model(argv[1]))
        with open(argv[3]) as f:
            want = f.read()
        if got != want:
            for n, (a, b) in enumerate(zip(got.splitlines(), want.splitlines()), 1):
                if a != b:
                    print(f"line {n} differs:\n  reference: {a[:200]}\n  fixture:   {b[:200]}")
                    break
            else:
                print("the reference and the fixture differ in length")
            return 1
        print("the reference reproduces", argv[3])
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
