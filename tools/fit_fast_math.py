#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Fits the float polynomial of ctmlp::math::fast (include/ctmlp/math.hpp).

fast::exp and fast::tanh share one kernel: expm1(r) = r + r^2 * P(r) for |r| <= ln(2)/2, after
the reduction x = k*ln(2) + r. This script finds the degree-4 P (so a degree-6 polynomial in r)
that minimises the largest relative error of expm1(r) -- the quantity tanh needs near 0; the
error of exp(r) = 1 + expm1(r) is then smaller still -- by Lawson's iteratively reweighted least
squares on a dense grid (it converges to the minimax polynomial), and prints the coefficients
rounded to float as C++ hexadecimal literals.

The double kernel needs no fit: the Taylor coefficients 1/2!, ..., 1/13! (degree 13) are already
below double's rounding error on that interval.

Usage: python3 tools/fit_fast_math.py   (needs NumPy)
"""
import math

import numpy as np

DEGREE = 4              # of P; the polynomial in r has degree DEGREE + 2
HALF_WIDTH = math.log(2.0) / 2.0 * 1.0005   # |r| bound, plus the rounding of x*log2(e)


def p_exact(r):
    """(expm1(r) - r) / r^2 = sum_{n>=0} r^n / (n+2)!, summed in double (no cancellation)."""
    s = np.zeros_like(r)
    term = np.full_like(r, 0.5)
    for n in range(30):
        s += term
        term = term * r / (n + 3)
    return s


def fit():
    r = np.linspace(-HALF_WIDTH, HALF_WIDTH, 20001)
    r = r[r != 0.0]
    f = p_exact(r)
    a = np.vander(r, DEGREE + 1, increasing=True)
    # Relative error of expm1: r^2 * (P - f) / expm1(r); weight |r^2 / expm1(r)|.
    weight = np.abs(r * r / np.expm1(r))
    w = np.ones_like(r)
    for _ in range(400):
        sw = np.sqrt(w) * weight
        c, *_ = np.linalg.lstsq(a * sw[:, None], f * sw, rcond=None)
        e = np.abs(a @ c - f) * weight
        w = w * e
        w /= w.sum()
    return c, e.max()


def hex_literal(v):
    """0x1.fffffep-2f: Python's float.hex() without the trailing zeros, as a C++ float literal."""
    mantissa, exponent = v.hex().split("p")
    return mantissa.rstrip("0").rstrip(".") + "p" + exponent + "f"


def main():
    c, err = fit()
    c32 = c.astype(np.float32)
    r = np.linspace(-HALF_WIDTH, HALF_WIDTH, 200001)
    r = r[r != 0.0]
    p32 = np.polyval(c32[::-1].astype(np.float64), r)
    rel = np.abs((r + r * r * p32) - np.expm1(r)) / np.abs(np.expm1(r))
    print(f"// minimax relative error of expm1: {err:.3g} (double coefficients), {rel.max():.3g} "
          f"(rounded to float) = {rel.max() / 2.0**-24:.3f} half-ulp")
    print("static constexpr float fast_p[] = {" + ", ".join(hex_literal(float(v)) for v in c32) + "};")
    print("// decimal: " + ", ".join(f"{float(v):.9g}" for v in c32))


if __name__ == "__main__":
    main()
