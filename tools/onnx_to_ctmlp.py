#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Converts an ONNX model (a chain of dense layers) to a ctmlp C++ header or binary model file.

    onnx_to_ctmlp.py model.onnx --header model.hpp --namespace my_model [--scalar float|double]
    onnx_to_ctmlp.py model.onnx --binary model.ctmlp [--type "ctmlp::network<...>"]

The graph must be one chain from its single input to its single output. Supported nodes:
    Gemm (alpha = beta = 1, transA = 0, transB 0 or 1; C optional)  -> ctmlp::dense<N, A[, no_bias]>
    MatMul, optionally followed by Add of a [N] / [1, N] constant     -> ctmlp::dense<N, A[, no_bias]>
    Relu / LeakyRelu(alpha) / Sigmoid / Tanh                          -> A of the dense layer before it
    Softmax (axis -1 or 1), last node only                            -> A = softmax
    Identity (anywhere), Flatten (axis 1) at the very start           -> nothing
Weights and biases must be initializers or Constant nodes (read with onnx.numpy_helper). This is how
torch.onnx.export writes nn.Linear (Gemm, transB = 1: weight [out][in]), how Keras converters write
Dense (MatMul [in][out] + Add) and how sklearn-onnx writes MLP layers (Gemm, transB = 0). Anything
else is refused with a message naming the node (op type and name); the exit status is 2.
LeakyRelu's alpha must be a ratio Num/Den of small integers exactly; ONNX stores it as a float32,
so alpha = 0.01 (float32) is accepted as <1, 100> when float32(Num/Den) == alpha.
"""
from __future__ import annotations

import math
import os
import sys
from typing import Optional

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctmlp_format as fmt  # noqa: E402

TOOL = "tools/onnx_to_ctmlp.py"


class ConversionError(Exception):
    """The graph cannot be expressed as a ctmlp network; the message names the node and why."""


def _label(index: int, node) -> str:
    name = f" '{node.name}'" if node.name else ""
    return f"node {index} ({node.op_type}{name})"


def _attrs(node) -> dict:
    import onnx.helper
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def leaky_alpha_ratio(alpha: float) -> Optional[tuple[int, int]]:
    """Num/Den for an ONNX LeakyRelu alpha. ONNX attributes are float32, so 0.01 arrives as
    float32(0.01); the small ratio whose float32 rounding is alpha is accepted (ctmlp computes with
    the double Num/Den rounded to the scalar type: for float, the same float32 slope)."""
    exact = fmt.leaky_slope_ratio(alpha)
    if exact is not None:
        return exact
    a32 = np.float32(alpha)
    if not (0.0 < float(a32) < 1.0):
        return None
    for den in range(2, fmt.MAX_SLOPE_DENOMINATOR + 1):
        num = round(float(a32) * den)
        if 0 < num < den and np.float32(float(num) / float(den)) == a32:
            if math.gcd(num, den) == 1:
                return num, den
    return None


def layers_from_graph(model) -> tuple[list[fmt.Layer], int]:
    """The ctmlp layers ([in][out] weights) and input size of an ONNX ModelProto."""
    from onnx import numpy_helper
    graph = model.graph
    consts: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in consts]
    if len(inputs) != 1:
        raise ConversionError(f"the graph has {len(inputs)} inputs ({', '.join(i.name for i in inputs)}); "
                              "ctmlp networks have exactly one")
    if len(graph.output) != 1:
        raise ConversionError(f"the graph has {len(graph.output)} outputs; ctmlp networks have exactly one")
    current = inputs[0].name
    layers: list[fmt.Layer] = []
    activation_set = False
    pending_matmul: Optional[int] = None  # index of a MatMul whose Add (bias) may follow
    nodes = list(graph.node)
    # The last node that does something (trailing Identity nodes aside), for Softmax's check.
    real = [k for k, n in enumerate(nodes) if n.op_type not in ("Identity", "Constant")]
    last_real = real[-1] if real else -1

    def const(index: int, node, name: str, what: str) -> np.ndarray:
        if name not in consts:
            raise ConversionError(f"{_label(index, node)}: its {what} '{name}' is not a constant "
                                  "(initializer or Constant node); ctmlp needs the trained numbers")
        return consts[name].astype(np.float64)

    def chain_input(index: int, node) -> None:
        if not node.input or node.input[0] != current:
            raise ConversionError(f"{_label(index, node)}: does not take the previous layer's output "
                                  f"'{current}' as its first input; only a chain of layers is supported")

    for index, node in enumerate(nodes):
        op, where, a = node.op_type, _label(index, node), _attrs(node)
        if op == "Constant":
            if "value" not in a:
                raise ConversionError(f"{where}: only Constant nodes with a tensor 'value' are supported")
            consts[node.output[0]] = numpy_helper.to_array(a["value"])
            continue
        if op == "Identity" and node.input[0] in consts:
            consts[node.output[0]] = consts[node.input[0]]
            continue
        if op == "Add" and pending_matmul is not None and current in node.input:
            other = [n for n in node.input if n != current]
            if len(other) != 1:
                raise ConversionError(f"{where}: adds the layer to itself; not a bias")
            b = const(index, node, other[0], "bias")
            n_out = layers[-1].units
            if b.shape not in ((n_out,), (1, n_out)):
                raise ConversionError(f"{where}: bias '{other[0]}' of shape {tuple(b.shape)}; expected "
                                      f"({n_out},) or (1, {n_out}) after the MatMul")
            layers[-1].bias = b.reshape(-1)
            layers[-1].has_bias = True
            pending_matmul = None
            current = node.output[0]
            continue
        pending_matmul = None
        if op in ("Gemm", "MatMul") or op in _ACTIVATIONS or op in ("Softmax", "Identity", "Flatten"):
            chain_input(index, node)
        if op == "Identity":
            current = node.output[0]
            continue
        if op == "Flatten":
            if layers:
                raise ConversionError(f"{where}: Flatten is supported only at the very start; move it first")
            if a.get("axis", 1) != 1:
                raise ConversionError(f"{where}: only Flatten with axis=1 is supported, not axis={a['axis']}")
            current = node.output[0]
            continue
        if op == "Gemm":
            if a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0:
                raise ConversionError(f"{where}: alpha={a.get('alpha', 1.0)}, beta={a.get('beta', 1.0)}; only "
                                      "alpha = beta = 1 is supported")
            if a.get("transA", 0) != 0:
                raise ConversionError(f"{where}: transA=1 is not supported (the input must be [batch][in])")
            trans_b = a.get("transB", 0)
            if trans_b not in (0, 1):
                raise ConversionError(f"{where}: transB={trans_b}")
            w = const(index, node, node.input[1], "weight B")
            if w.ndim != 2:
                raise ConversionError(f"{where}: weight of shape {tuple(w.shape)} is not a matrix")
            # transB = 1 (torch): B is [out][in] and is transposed to ctmlp's [in][out];
            # transB = 0 (sklearn-onnx): B is already [in][out].
            w = w.T.copy() if trans_b == 1 else w
            b = None
            if len(node.input) > 2 and node.input[2]:
                b = const(index, node, node.input[2], "bias C")
                if b.shape not in ((w.shape[1],), (1, w.shape[1])):
                    raise ConversionError(f"{where}: bias C of shape {tuple(b.shape)}; expected ({w.shape[1]},) "
                                          f"or (1, {w.shape[1]}) (other broadcasts are not supported)")
                b = b.reshape(-1)
            _append(layers, where, w, b)
            activation_set = False
            current = node.output[0]
            continue
        if op == "MatMul":
            w = const(index, node, node.input[1], "weight")
            if w.ndim != 2:
                raise ConversionError(f"{where}: weight of shape {tuple(w.shape)} is not a matrix")
            _append(layers, where, w.copy(), None)  # MatMul's B is [in][out] already
            activation_set = False
            pending_matmul = index
            current = node.output[0]
            continue
        if op in _ACTIVATIONS or op == "Softmax":
            if not layers:
                raise ConversionError(f"{where}: an activation before the first dense layer (Gemm/MatMul)")
            if activation_set:
                raise ConversionError(f"{where}: a second activation after the same dense layer; ctmlp has one "
                                      "activation per dense layer")
            slope = None
            if op == "Softmax":
                axis = a.get("axis", -1 if _opset(model) >= 13 else 1)
                if axis not in (-1, 1):
                    raise ConversionError(f"{where}: Softmax over axis {axis}; only axis -1 or 1 (the features "
                                          "of one sample) is supported")
                if index != last_real:
                    raise ConversionError(f"{where}: Softmax is supported only as the last node (ctmlp::softmax "
                                          "is an output-layer activation)")
                act = "softmax"
            elif op == "LeakyRelu":
                alpha = a.get("alpha", 0.01)
                slope = leaky_alpha_ratio(alpha)
                if slope is None:
                    raise ConversionError(f"{where}: alpha={alpha!r} has no ctmlp type: ctmlp::leaky_relu<Num, Den> "
                                          "needs 0 < alpha < 1 equal to a ratio Num/Den of small integers")
                act = "leaky_relu"
            else:
                act = _ACTIVATIONS[op]
            layers[-1].activation = act
            layers[-1].slope = slope
            activation_set = True
            current = node.output[0]
            continue
        if op == "Add":
            raise ConversionError(f"{where}: Add is supported only as the bias of the MatMul just before it "
                                  "(a constant of shape [N] or [1, N])")
        raise ConversionError(f"{where}: op type {op} is not supported by ctmlp; remove it for export "
                              "(supported: Gemm, MatMul, Add as a bias, Relu, LeakyRelu, Sigmoid, Tanh, Softmax last, "
                              "Identity, Flatten first)")
    if not layers:
        raise ConversionError("the graph has no dense layer (Gemm or MatMul)")
    if graph.output[0].name != current:
        raise ConversionError(f"the graph's output '{graph.output[0].name}' is not the end of the layer chain "
                              f"('{current}')")
    n_in = layers[0].weights.shape[0]
    # A declared input shape must agree: [batch, n_in], or [batch, d1, d2, ...] with d1 d2 ... = n_in
    # before a Flatten. Symbolic or missing dimensions are not checked.
    dims = [d.dim_value if d.HasField("dim_value") else None
            for d in inputs[0].type.tensor_type.shape.dim] if inputs[0].type.tensor_type.HasField("shape") else []
    if len(dims) >= 2 and all(d is not None for d in dims[1:]) and int(np.prod(dims[1:])) != n_in:
        raise ConversionError(f"graph input '{inputs[0].name}' has shape {dims} ({int(np.prod(dims[1:]))} features per "
                              f"sample) but the first dense layer has {n_in} inputs")
    return layers, n_in


_ACTIVATIONS = {"Relu": "relu", "LeakyRelu": "leaky_relu", "Sigmoid": "sigmoid", "Tanh": "tanh"}


def _opset(model) -> int:
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            return o.version
    return 13


def _append(layers: list, where: str, w: np.ndarray, b: Optional[np.ndarray]) -> None:
    if layers and w.shape[0] != layers[-1].units:
        raise ConversionError(f"{where}: {w.shape[0]} inputs but the layer before it has {layers[-1].units} outputs")
    layers.append(fmt.Layer(w.shape[1], "identity", w, b))


def load(path: str, type_text: Optional[str] = None, scalar: Optional[str] = None
         ) -> tuple[list[fmt.Layer], int, str, str]:
    """Loads and converts an .onnx file: (layers, input_size, scalar, what)."""
    import onnx
    try:
        model = onnx.load(path)
    except Exception as e:  # noqa: BLE001
        raise ConversionError(f"cannot load '{path}' with onnx.load: {e}") from e
    spec = fmt.parse_type(type_text) if type_text else None
    if spec is not None and scalar is not None and scalar != spec.scalar:
        raise ConversionError(f"--scalar {scalar} but the C++ type's scalar is {spec.scalar}")
    scalar = scalar or (spec.scalar if spec else "float")
    layers, n_in = layers_from_graph(model)
    if spec is not None:
        fmt.check_against(fmt.spec_of(layers, n_in, scalar), spec)
    return layers, n_in, scalar, f"ONNX graph from {os.path.basename(path)}"


def main(argv=None) -> int:
    """The command line (see the module's docstring); returns the exit status."""
    return fmt.run_converter(argv, prog="onnx_to_ctmlp.py", description=__doc__.split("\n\n")[0],
                             model_help="an .onnx file",
                             type_help="the ctmlp network type the graph must match (optional)",
                             load=load, tool=TOOL, errors=(ConversionError,))


if __name__ == "__main__":
    sys.exit(main())
