# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Tests of tools/onnx_to_ctmlp.py on graphs written by torch.onnx.export and on graphs built by
hand with onnx.helper the way Keras converters (MatMul + Add, weights [in][out], an Identity on the
weights) and sklearn-onnx (Gemm, transB = 0) write them; and its refusals, each naming the node."""
import os
import tempfile
import unittest
import warnings

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn

from helpers import fmt, forward, graph, keras_like, run_main, run_tool, sklearn_like

import onnx_to_ctmlp as o2c
import torch_to_ctmlp as t2c


def export(model, n_in, path, opset=13):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.zeros(1, n_in), path, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


class Converts(unittest.TestCase):
    def test_torch_export_equals_torch_route(self):
        torch.manual_seed(0)
        models = [(nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2), nn.Sigmoid()), 3),
                  (nn.Sequential(nn.Flatten(), nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16, bias=False),
                                 nn.LeakyReLU(0.2), nn.Linear(16, 4)), 8),
                  (nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10), nn.Softmax(dim=1)), 64),
                  (nn.Sequential(nn.Linear(4, 6), nn.Linear(6, 3), nn.LeakyReLU(), nn.Linear(3, 2, bias=False)), 4)]
        with tempfile.TemporaryDirectory() as d:
            for k, (model, n_in) in enumerate(models):
                for opset in (11, 13):
                    path = os.path.join(d, f"m{k}_{opset}.onnx")
                    export(model.eval(), n_in, path, opset)
                    got, got_in = o2c.layers_from_graph(onnx.load(path))
                    want, want_in = t2c.layers_from_module(model)
                    self.assertEqual(got_in, want_in)
                    self.assertEqual(fmt.spec_of(got, got_in), fmt.spec_of(want, want_in))
                    self.assertEqual(fmt.binary_bytes(got, got_in), fmt.binary_bytes(want, want_in), f"model {k}")

    def test_keras_like_matmul_add(self):
        rng = np.random.default_rng(5)
        model, inits = keras_like(rng)
        layers, n_in = o2c.layers_from_graph(model)
        self.assertEqual(fmt.type_string(fmt.spec_of(layers, n_in)),
                         "ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<6, ctmlp::relu>, "
                         "ctmlp::dense<3, ctmlp::softmax>>")
        np.testing.assert_array_equal(layers[0].weights, f32(inits["dense_0/kernel:0"]))  # not transposed
        x = rng.normal(size=(10, 4))
        h = np.maximum(x @ f32(inits["dense_0/kernel:0"]) + f32(inits["dense_0/bias:0"]), 0)
        z = h @ f32(inits["dense_1/kernel:0"]) + f32(inits["dense_1/bias:0"])
        want = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        np.testing.assert_allclose(forward(layers, x), want, rtol=1e-12)

    def test_sklearn_like_gemm(self):
        rng = np.random.default_rng(6)
        model, inits = sklearn_like(rng)
        layers, n_in = o2c.layers_from_graph(model)
        self.assertEqual(fmt.type_string(fmt.spec_of(layers, n_in)),
                         "ctmlp::network<float, ctmlp::input<5>, ctmlp::dense<7, ctmlp::tanh>, "
                         "ctmlp::dense<2, ctmlp::sigmoid>>")
        np.testing.assert_array_equal(layers[1].weights, f32(inits["coefficient1"]))
        x = rng.normal(size=(10, 5))
        h = np.tanh(x @ f32(inits["coefficient0"]) + f32(inits["intercepts0"]))
        want = 1 / (1 + np.exp(-(h @ f32(inits["coefficient1"]) + f32(inits["intercepts1"]))))
        np.testing.assert_allclose(forward(layers, x), want, rtol=1e-12)

    def test_gemm_trans_b_and_constant_nodes(self):
        rng = np.random.default_rng(7)
        w = rng.normal(size=(3, 2))  # [out][in] as torch writes it, transB = 1
        nodes = [helper.make_node("Constant", [], ["W"], value=numpy_helper.from_array(w.astype(np.float32), "W")),
                 helper.make_node("Gemm", ["x", "W"], ["g"], name="fc", transB=1),
                 helper.make_node("LeakyRelu", ["g"], ["l"], name="act", alpha=0.01),
                 helper.make_node("Identity", ["l"], ["y"], name="out")]
        layers, n_in = o2c.layers_from_graph(graph(nodes, {}, 2, 3))
        self.assertEqual(fmt.type_string(fmt.spec_of(layers, n_in)),
                         "ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::leaky_relu<1, 100>, "
                         "ctmlp::no_bias>>")
        np.testing.assert_array_equal(layers[0].weights, f32(w).T)

    def test_command_line(self):
        rng = np.random.default_rng(8)
        model, _ = keras_like(rng)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "keras.onnx")
            onnx.save(model, path)
            out_h, out_b = os.path.join(d, "k.hpp"), os.path.join(d, "k.ctmlp")
            rc, stdout, err = run_tool("onnx_to_ctmlp.py", path, "--header", out_h, "--namespace", "keras_model",
                                       "--binary", out_b, "--type",
                                       "network<float, input<4>, dense<6, relu>, dense<3, softmax>>")
            self.assertEqual(rc, 0, err)
            with open(out_h) as f:
                self.assertTrue(f.read().startswith(
                    "// Generated by tools/onnx_to_ctmlp.py: ONNX graph from keras.onnx. Do not edit.\n"))
            layers, n_in = o2c.layers_from_graph(model)
            with open(out_b, "rb") as f:
                self.assertEqual(f.read(), fmt.binary_bytes(layers, n_in))


class Refuses(unittest.TestCase):
    def refuse(self, model, pattern, *extra):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.onnx")
            onnx.save(model, path)
            out = os.path.join(d, "m.ctmlp")
            rc, _, err = run_main(o2c, path, "--binary", out, *extra)
            self.assertNotEqual(rc, 0, f"accepted; expected a refusal matching {pattern!r}")
            self.assertRegex(err, pattern)
            self.assertFalse(os.path.exists(out))

    def gemm(self, **attrs):
        return helper.make_node("Gemm", ["x", "W", "b"], ["g"], name="fc", **attrs)

    W = {"W": np.ones((2, 3)), "b": np.zeros(3)}

    def test_unsupported_ops(self):
        self.refuse(graph([self.gemm(), helper.make_node("Dropout", ["g"], ["y"], name="drop")], self.W, 2, 3),
                    r"node 1 \(Dropout 'drop'\): op type Dropout is not supported by ctmlp; remove it for export")
        self.refuse(graph([self.gemm(), helper.make_node("Elu", ["g"], ["y"], name="elu")], self.W, 2, 3),
                    r"node 1 \(Elu 'elu'\): op type Elu is not supported")
        self.refuse(graph([helper.make_node("Sub", ["x", "x"], ["y"])], {}, 2, 2),
                    r"node 0 \(Sub\): op type Sub is not supported")
        self.refuse(graph([self.gemm(), helper.make_node("Add", ["g", "b"], ["y"], name="add")], self.W, 2, 3),
                    r"node 1 \(Add 'add'\): Add is supported only as the bias of the MatMul just before it")

    def test_gemm_attributes(self):
        self.refuse(graph([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc", alpha=2.0)], self.W, 2, 3),
                    r"node 0 \(Gemm 'fc'\): alpha=2.0, beta=1.0; only alpha = beta = 1")
        self.refuse(graph([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc", beta=0.5)], self.W, 2, 3),
                    r"node 0 \(Gemm 'fc'\): alpha=1.0, beta=0.5")
        self.refuse(graph([helper.make_node("Gemm", ["x", "W", "b"], ["y"], name="fc", transA=1)], self.W, 2, 3),
                    r"node 0 \(Gemm 'fc'\): transA=1 is not supported")
        self.refuse(graph([helper.make_node("Gemm", ["x", "W", "b2"], ["y"], name="fc")],
                          {"W": np.ones((2, 3)), "b2": np.zeros((2, 3))}, 2, 3),
                    r"node 0 \(Gemm 'fc'\): bias C of shape \(2, 3\)")
        self.refuse(graph([helper.make_node("MatMul", ["x", "x2"], ["y"], name="mm")], {}, 2, 2, extra_inputs=["x2"]),
                    r"the graph has 2 inputs")
        self.refuse(graph([helper.make_node("MatMul", ["x", "V"], ["y"], name="mm")], {}, 2, 2),
                    r"node 0 \(MatMul 'mm'\): its weight 'V' is not a constant")

    def test_activations(self):
        self.refuse(graph([self.gemm(), helper.make_node("LeakyRelu", ["g"], ["y"], name="lr", alpha=0.123456)],
                          self.W, 2, 3), r"node 1 \(LeakyRelu 'lr'\): alpha=0\.123456\d* has no ctmlp type")
        self.refuse(graph([self.gemm(), helper.make_node("LeakyRelu", ["g"], ["y"], name="lr", alpha=1.5)],
                          self.W, 2, 3), r"node 1 \(LeakyRelu 'lr'\): alpha=1\.5 has no ctmlp type")
        self.refuse(graph([self.gemm(), helper.make_node("Softmax", ["g"], ["y"], name="sm", axis=0)], self.W, 2, 3),
                    r"node 1 \(Softmax 'sm'\): Softmax over axis 0")
        self.refuse(graph([self.gemm(), helper.make_node("Softmax", ["g"], ["s"], name="sm"),
                           helper.make_node("Gemm", ["s", "W2"], ["y"], name="fc2")],
                          {**self.W, "W2": np.ones((3, 2))}, 2, 2),
                    r"node 1 \(Softmax 'sm'\): Softmax is supported only as the last node")
        self.refuse(graph([helper.make_node("Relu", ["x"], ["r"], name="r0"), self.gemm(),
                           helper.make_node("Identity", ["g"], ["y"])], self.W, 2, 3),
                    r"node 0 \(Relu 'r0'\): an activation before the first dense layer")
        self.refuse(graph([self.gemm(), helper.make_node("Relu", ["g"], ["r"], name="r1"),
                           helper.make_node("Sigmoid", ["r"], ["y"], name="s1")], self.W, 2, 3),
                    r"node 2 \(Sigmoid 's1'\): a second activation after the same dense layer")

    def test_structure(self):
        self.refuse(graph([self.gemm(), helper.make_node("Flatten", ["g"], ["y"], name="fl")], self.W, 2, 3),
                    r"node 1 \(Flatten 'fl'\): Flatten is supported only at the very start")
        self.refuse(graph([helper.make_node("Flatten", ["x"], ["f"], name="fl", axis=2),
                           helper.make_node("Gemm", ["f", "W", "b"], ["y"], name="fc")], self.W, 2, 3),
                    r"node 0 \(Flatten 'fl'\): only Flatten with axis=1")
        self.refuse(graph([self.gemm(), helper.make_node("Relu", ["x"], ["y"], name="branch")], self.W, 2, 3),
                    r"node 1 \(Relu 'branch'\): does not take the previous layer's output 'g'")
        self.refuse(graph([self.gemm(), helper.make_node("Relu", ["g"], ["r"], name="r")], self.W, 2, 3),
                    r"the graph's output 'y' is not the end of the layer chain \('r'\)")
        self.refuse(graph([helper.make_node("Identity", ["x"], ["y"])], {}, 2, 2), r"no dense layer")
        self.refuse(graph([self.gemm(), helper.make_node("Relu", ["g"], ["y"], name="r")], self.W, 5, 3),
                    r"graph input 'x' has shape \[None, 5\] \(5 features per sample\) but the first dense layer has 2 inputs")

    def test_type_mismatch(self):
        model = graph([self.gemm(), helper.make_node("Relu", ["g"], ["y"], name="r")], self.W, 2, 3)
        self.refuse(model, r"layer 1: the model's activation is ctmlp::dense<3, ctmlp::relu>, the C\+\+ type says "
                           r"ctmlp::dense<3, ctmlp::tanh>", "--type", "network<float, input<2>, dense<3, tanh>>")
        self.refuse(model, r"layer 1: the model has bias, the C\+\+ type says no_bias",
                    "--type", "network<float, input<2>, dense<3, relu, no_bias>>")
        self.refuse(model, r"input size: the model has 2, the C\+\+ type says 4",
                    "--type", "network<float, input<4>, dense<3, relu>>")

    def test_exit_status(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.onnx")
            onnx.save(graph([self.gemm(), helper.make_node("Dropout", ["g"], ["y"], name="drop")], self.W, 2, 3), path)
            rc, _, err = run_tool("onnx_to_ctmlp.py", path, "--binary", os.path.join(d, "m.ctmlp"))
            self.assertEqual(rc, 2)
            self.assertIn("onnx_to_ctmlp.py: error: node 1 (Dropout 'drop')", err)


if __name__ == "__main__":
    unittest.main()
