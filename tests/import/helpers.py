# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Shared by the import tests: paths, a NumPy forward pass of converted layers in ctmlp's own
order (x · W[in][out] + b, then the activation), running the converters' command lines, and ONNX
graphs built by hand the way other exporters write them."""
import contextlib
import io
import os
import subprocess
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

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


def graph(nodes, initializers, n_in, n_out, opset=13, extra_inputs=(), output="y"):
    g = helper.make_graph(
        nodes, "hand_made",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, n_in])] +
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [None, n_in]) for n in extra_inputs],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, [None, n_out])],
        [numpy_helper.from_array(np.asarray(v, dtype=np.float32), name=k) for k, v in initializers.items()])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])


def keras_like(rng, sizes=(4, 6, 3)):
    """Dense layers as tf2onnx writes them: MatMul(x, W[in][out]) then Add(., b), weights read
    through Identity nodes; Relu hidden, Softmax output."""
    inits, nodes, cur = {}, [], "x"
    for k, (a, b) in enumerate(zip(sizes, sizes[1:])):
        inits[f"dense_{k}/kernel:0"] = rng.normal(size=(a, b))
        inits[f"dense_{k}/bias:0"] = rng.normal(size=(b,))
        nodes.append(helper.make_node("Identity", [f"dense_{k}/kernel:0"], [f"k{k}"], name=f"id_{k}"))
        nodes.append(helper.make_node("MatMul", [cur, f"k{k}"], [f"mm{k}"], name=f"dense_{k}/MatMul"))
        nodes.append(helper.make_node("Add", [f"mm{k}", f"dense_{k}/bias:0"], [f"add{k}"], name=f"dense_{k}/BiasAdd"))
        last = k == len(sizes) - 2
        out = "y" if last else f"act{k}"
        nodes.append(helper.make_node("Softmax" if last else "Relu", [f"add{k}"], [out], name=f"dense_{k}/act",
                                      **({"axis": -1} if last else {})))
        cur = out
    return graph(nodes, inits, sizes[0], sizes[-1]), inits


def sklearn_like(rng, sizes=(5, 7, 2)):
    """MLP layers as sklearn-onnx writes them: Gemm(x, coefs_[in][out], intercepts_) with transB = 0."""
    inits, nodes, cur = {}, [], "x"
    for k, (a, b) in enumerate(zip(sizes, sizes[1:])):
        inits[f"coefficient{k}"] = rng.normal(size=(a, b))
        inits[f"intercepts{k}"] = rng.normal(size=(1, b))
        nodes.append(helper.make_node("Gemm", [cur, f"coefficient{k}", f"intercepts{k}"], [f"gemm{k}"],
                                      name=f"Gemm{k}", alpha=1.0, beta=1.0, transA=0, transB=0))
        last = k == len(sizes) - 2
        out = "y" if last else f"act{k}"
        nodes.append(helper.make_node("Sigmoid" if last else "Tanh", [f"gemm{k}"], [out], name=f"Act{k}"))
        cur = out
    return graph(nodes, inits, sizes[0], sizes[-1]), inits
