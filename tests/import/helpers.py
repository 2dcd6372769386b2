# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Shared by the import tests: paths, a NumPy forward pass of converted layers in ctmlp's own
order (x · W[in][out] + b, then the activation), and running the converters' command lines."""
import contextlib
import io
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.normpath(os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, TOOLS)

import ctmlp_format as fmt  # noqa: E402,F401


def forward(layers, x):
    """ctmlp's predict() in float64 for a batch x [samples][in], from the converted layers."""
    y = np.asarray(x, dtype=np.float64)
    for l in layers:
        z = y @ l.weights
        if l.bias is not None:
            z = z + l.bias
        if l.activation == "identity":
            y = z
        elif l.activation == "relu":
            y = np.where(z < 0, 0.0, z)
        elif l.activation == "leaky_relu":
            y = np.where(z < 0, z * (l.slope[0] / l.slope[1]), z)
        elif l.activation == "sigmoid":
            y = 1.0 / (1.0 + np.exp(-z))
        elif l.activation == "tanh":
            y = np.tanh(z)
        elif l.activation == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
        else:
            raise ValueError(l.activation)
    return y


def run_tool(tool, *args):
    """Runs tools/<tool> as a program with the current interpreter; returns (exit status, stdout,
    stderr). A new interpreter imports torch again (~2 s): most tests use run_main instead."""
    p = subprocess.run([sys.executable, os.path.join(TOOLS, tool), *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def run_main(module, *args):
    """Calls module.main(args) in this process, as the command line would; returns (exit status,
    stdout, stderr). argparse usage errors exit through SystemExit, which is caught."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = module.main(list(args))
        except SystemExit as e:
            rc = e.code
    return rc, out.getvalue(), err.getvalue()
