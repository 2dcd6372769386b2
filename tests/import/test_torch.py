# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Tests of tools/torch_to_ctmlp.py: what it converts (checked numerically against torch in
float64, and the transposition element by element) and what it refuses (each case: its message,
a non-zero exit status, no output file)."""
import os
import tempfile
import unittest

import numpy as np
import torch
from torch import nn

from helpers import fmt, forward, run_main, run_tool

import torch_to_ctmlp as t2c


def save(obj, directory, name):
    path = os.path.join(directory, name)
    torch.save(obj, path)
    return path


class Converts(unittest.TestCase):
    def check(self, model, n_in, expected_type):
        torch.manual_seed(1)
        model = model.double().eval()
        layers, got_in = t2c.layers_from_module(model)
        self.assertEqual(got_in, n_in)
        self.assertEqual(fmt.type_string(fmt.spec_of(layers, got_in)), expected_type)
        x = torch.rand(20, n_in, dtype=torch.float64) * 4 - 2
        with torch.no_grad():
            want = model(x).numpy()
        np.testing.assert_allclose(forward(layers, x.numpy()), want, rtol=1e-12, atol=1e-14)
        return layers

    def test_tanh_sigmoid(self):
        torch.manual_seed(0)
        self.check(nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2), nn.Sigmoid()), 3,
                   "ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, "
                   "ctmlp::dense<2, ctmlp::sigmoid>>")

    def test_relu_leaky_identity_no_bias(self):
        torch.manual_seed(0)
        self.check(nn.Sequential(nn.Flatten(), nn.Linear(8, 16), nn.ReLU(inplace=True), nn.Identity(),
                                 nn.Linear(16, 16, bias=False), nn.LeakyReLU(0.2), nn.Linear(16, 4)), 8,
                   "ctmlp::network<float, ctmlp::input<8>, ctmlp::dense<16, ctmlp::relu>, "
                   "ctmlp::dense<16, ctmlp::leaky_relu<1, 5>, ctmlp::no_bias>, ctmlp::dense<4, ctmlp::identity>>")

    def test_consecutive_linear_is_identity_and_default_leaky(self):
        torch.manual_seed(0)
        self.check(nn.Sequential(nn.Linear(4, 6), nn.Linear(6, 3), nn.LeakyReLU(), nn.Linear(3, 2, bias=False)), 4,
                   "ctmlp::network<float, ctmlp::input<4>, ctmlp::dense<6, ctmlp::identity>, "
                   "ctmlp::dense<3, ctmlp::leaky_relu<1, 100>>, ctmlp::dense<2, ctmlp::identity, ctmlp::no_bias>>")

    def test_softmax_last_and_nested(self):
        torch.manual_seed(0)
        for dim in (1, -1):
            self.check(nn.Sequential(nn.Sequential(nn.Linear(64, 32), nn.ReLU()), nn.Linear(32, 10),
                                     nn.Softmax(dim=dim), nn.Identity()), 64,
                       "ctmlp::network<float, ctmlp::input<64>, ctmlp::dense<32, ctmlp::relu>, "
                       "ctmlp::dense<10, ctmlp::softmax>>")

    def test_transposes(self):
        torch.manual_seed(0)
        lin = nn.Linear(3, 2)
        layers, _ = t2c.layers_from_module(nn.Sequential(lin))
        w = lin.weight.detach().double().numpy()  # [out][in]
        self.assertEqual(layers[0].weights.shape, (3, 2))
        for i in range(3):
            for o in range(2):
                self.assertEqual(layers[0].weights[i, o], w[o, i])
        # The flat order: W[in][out] row by row, then the bias.
        flat = fmt.flat_parameters(layers)
        self.assertEqual(list(flat[:6]), [w[0, 0], w[1, 0], w[0, 1], w[1, 1], w[0, 2], w[1, 2]])
        self.assertEqual(list(flat[6:]), list(lin.bias.detach().double().numpy()))

    def test_state_dict_equals_module(self):
        torch.manual_seed(3)
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16, bias=False), nn.LeakyReLU(0.2),
                              nn.Linear(16, 4))
        ctype = ("ctmlp::network<float, ctmlp::input<8>, ctmlp::dense<16, ctmlp::relu>, "
                 "ctmlp::dense<16, ctmlp::leaky_relu<1, 5>, ctmlp::no_bias>, ctmlp::dense<4, ctmlp::identity>>")
        with tempfile.TemporaryDirectory() as d:
            a = save(model, d, "m.pt")
            b = save(model.state_dict(), d, "sd.pt")
            for args in ((a,), (a, "--type", ctype), (b, "--type", ctype)):
                for kind in ("--header", "--binary"):
                    out = os.path.join(d, "out" + kind)
                    extra = ("--namespace", "n") if kind == "--header" else ()
                    rc, stdout, err = run_main(t2c, *args, kind, out, *extra)
                    self.assertEqual(rc, 0, err)
                    self.assertIn(ctype, stdout)
                    with open(out, "rb") as f:
                        content = f.read()
                    if kind == "--binary":
                        self.assertEqual(content, fmt.binary_bytes(t2c.layers_from_module(model)[0], 8))
                    else:
                        self.assertIn(b"using network_type = " + ctype.encode() + b";", content)

    def test_double_scalar(self):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(2, 2))
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "m.hpp")
            rc, _, err = run_main(t2c, save(model, d, "m.pt"), "--header", out,
                                  "--namespace", "n", "--scalar", "double")
            self.assertEqual(rc, 0, err)
            with open(out) as f:
                text = f.read()
            w = model[0].weight.detach().double().numpy()
            self.assertIn("std::array<double, 6>{\n    " + fmt.hex_literal(w[0, 0], "double") + ", "
                          + fmt.hex_literal(w[1, 0], "double") + ",", text)
            self.assertIn("// Generated by tools/torch_to_ctmlp.py: torch.nn.Sequential from m.pt. Do not edit.", text)


class Custom(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)


class Refuses(unittest.TestCase):
    def refuse(self, obj, pattern, *extra):
        with tempfile.TemporaryDirectory() as d:
            path = save(obj, d, "m.pt")
            out = os.path.join(d, "out.hpp")
            rc, _, err = run_main(t2c, path, "--header", out, "--namespace", "n", *extra)
            self.assertNotEqual(rc, 0, f"accepted; expected a refusal matching {pattern!r}")
            self.assertRegex(err, pattern)
            self.assertFalse(os.path.exists(out), "a refused model must not leave an output file")

    def test_unsupported_module(self):
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4), nn.Dropout(0.5), nn.Linear(4, 2)),
                    r"module 3 \(Dropout\): not supported by ctmlp; remove it for export")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.ReLU()),
                    r"module 1 \(BatchNorm1d\): not supported by ctmlp")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.GELU()), r"module 1 \(GELU\): not supported")
        self.refuse(nn.Sequential(nn.Conv1d(1, 2, 3)), r"module 0 \(Conv1d\): not supported")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.LogSoftmax(dim=1)), r"module 1 \(LogSoftmax\): not supported")

    def test_slopes_without_a_type(self):
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.LeakyReLU(0.123456789)),
                    r"module 1 \(LeakyReLU\): negative_slope=0\.123456789 has no ctmlp type")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.LeakyReLU(1.5)), r"module 1 \(LeakyReLU\): negative_slope=1\.5")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.LeakyReLU(-0.1)), r"module 1 \(LeakyReLU\): negative_slope=-0\.1")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.LeakyReLU(0.0)), r"module 1 \(LeakyReLU\)")

    def test_softmax_placement(self):
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.Softmax(dim=1), nn.Linear(4, 2)),
                    r"module 1 \(Softmax\): Softmax is supported only as the last module")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.Softmax(dim=0)), r"module 1 \(Softmax\): Softmax\(dim=0\)")
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.Softmax(dim=2)), r"module 1 \(Softmax\): Softmax\(dim=2\)")
        self.refuse(nn.Sequential(nn.Linear(4, 1), nn.Softmax(dim=1)), r"layer 1: softmax over a single unit always outputs 1")

    def test_flatten_and_order(self):
        self.refuse(nn.Sequential(nn.Linear(4, 4), nn.Flatten(), nn.Linear(4, 2)),
                    r"module 1 \(Flatten\): Flatten is supported only at the very start")
        self.refuse(nn.Sequential(nn.Flatten(start_dim=2), nn.Linear(4, 2)),
                    r"module 0 \(Flatten\): only Flatten\(start_dim=1, end_dim=-1\)")
        self.refuse(nn.Sequential(nn.ReLU(), nn.Linear(4, 2)), r"module 0 \(ReLU\): an activation before the first Linear")
        self.refuse(nn.Sequential(nn.Linear(4, 2), nn.ReLU(), nn.Tanh()),
                    r"module 2 \(Tanh\): a second activation after the same Linear")
        self.refuse(nn.Sequential(nn.ReLU()), r"module 0 \(ReLU\): an activation before the first Linear")
        self.refuse(nn.Sequential(nn.Identity()), r"no Linear layer")
        self.refuse(Custom(), r"model \(Custom\): only torch.nn.Sequential models are supported")

    def test_state_dict_needs_type_and_must_match_it(self):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2, bias=False))
        sd = model.state_dict()
        good = "ctmlp::network<float, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, ctmlp::dense<2, ctmlp::sigmoid, ctmlp::no_bias>>"
        self.refuse(sd, r"holds a state_dict .*give the ctmlp type with --type")
        self.refuse(sd, r"state_dict entry '0.weight' \(layer 1\): shape \[out\]\[in\] = \(5, 3\), the C\+\+ type needs \(5, 4\)",
                    "--type", good.replace("input<3>", "input<4>"))
        self.refuse(sd, r"state_dict entry '2.weight' \(layer 2\): shape \[out\]\[in\] = \(2, 5\), the C\+\+ type needs \(3, 5\)",
                    "--type", good.replace("dense<2,", "dense<3,"))
        self.refuse(sd, r"layer 2 \('2'\): the state_dict has no bias, the C\+\+ type says a bias",
                    "--type", good.replace(", ctmlp::no_bias", ""))
        self.refuse(sd, r"layer 1 \('0'\): the state_dict has bias, the C\+\+ type says ctmlp::no_bias",
                    "--type", good.replace("ctmlp::tanh>", "ctmlp::tanh, ctmlp::no_bias>"))
        self.refuse(sd, r"layer count: the state_dict has 2 Linear layers \(0, 2\), the C\+\+ type has 3",
                    "--type", good[:-1] + ", ctmlp::dense<1, ctmlp::relu>>")
        self.refuse(sd, r"--scalar double but the C\+\+ type's scalar is float", "--type", good, "--scalar", "double")
        bn = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.Linear(5, 2)).state_dict()
        self.refuse(bn, r"state_dict entry '1.running_mean': not a Linear layer's weight or bias",
                    "--type", "network<float, input<3>, dense<5, relu>, dense<2, identity>>")

    def test_module_must_match_given_type(self):
        model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2))
        self.refuse(model, r"layer 1: the model's activation is ctmlp::dense<5, ctmlp::tanh>, the C\+\+ type says "
                           r"ctmlp::dense<5, ctmlp::relu>",
                    "--type", "network<float, input<3>, dense<5, relu>, dense<2, identity>>")
        self.refuse(model, r"layer 2: the model has 2 units, the C\+\+ type says 3",
                    "--type", "network<float, input<3>, dense<5, tanh>, dense<3, identity>>")

    def test_not_a_model(self):
        self.refuse([1, 2, 3], r"holds a list, not a torch.nn.Module or a state_dict")

    def test_command_line_exit_status(self):
        # As a program (the other cases call main() in this process): the status reaches the shell.
        with tempfile.TemporaryDirectory() as d:
            path = save(nn.Sequential(nn.Linear(4, 4), nn.Dropout()), d, "m.pt")
            rc, _, err = run_tool("torch_to_ctmlp.py", path, "--binary", os.path.join(d, "m.ctmlp"))
            self.assertEqual(rc, 2)
            self.assertIn("torch_to_ctmlp.py: error: module 1 (Dropout): not supported by ctmlp", err)
            rc, _, err = run_tool("torch_to_ctmlp.py", os.path.join(d, "missing.pt"), "--binary", "x.ctmlp")
            self.assertEqual(rc, 2)
            self.assertIn("cannot load '", err)
        rc, _, err = run_main(t2c, "m.pt")
        self.assertNotEqual(rc, 0)
        self.assertIn("nothing to write", err)
        rc, _, err = run_main(t2c, "m.pt", "--header", "x.hpp")
        self.assertNotEqual(rc, 0)
        self.assertIn("--header needs --namespace", err)


if __name__ == "__main__":
    unittest.main()
