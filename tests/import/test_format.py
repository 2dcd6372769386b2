# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Unit tests of tools/ctmlp_format.py: the header and binary writers, checked against the format
contract field by field on a tiny model whose bytes are worked out by hand here.

Run: python3 -m unittest discover -s tests/import -p 'test_format.py' (NumPy only)."""
import os
import struct
import sys
import tempfile
import unittest
import zlib

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import ctmlp_format as fmt  # noqa: E402


def tiny_model():
    """2-3-1: layer 1 leaky_relu<1, 5> with bias, layer 2 sigmoid without bias.
    weights [in][out]: W1[i][o] = i * 3 + o + 1 (1..6), b1 = (0.5, -0.25, 0), W2 = (-1, 2, 0.125)."""
    w1 = np.arange(1, 7, dtype=np.float64).reshape(2, 3)
    b1 = np.array([0.5, -0.25, 0.0])
    w2 = np.array([[-1.0], [2.0], [0.125]])
    return [fmt.Layer(3, "leaky_relu", w1, b1, slope=(1, 5)), fmt.Layer(1, "sigmoid", w2)], 2


class HexLiterals(unittest.TestCase):
    def test_exact_values(self):
        self.assertEqual(fmt.hex_literal(1.0), "0x1p+0f")
        self.assertEqual(fmt.hex_literal(1.5, "double"), "0x1.8p+0")
        self.assertEqual(fmt.hex_literal(-0.25), "-0x1p-2f")
        # 0.1 rounds to the float 0x1.99999ap-4 (nearest of the 24-bit significands)...
        self.assertEqual(fmt.hex_literal(0.1), "0x1.99999ap-4f")
        # ... and stays the double 0x1.999999999999ap-4 as double.
        self.assertEqual(fmt.hex_literal(0.1, "double"), "0x1.999999999999ap-4")

    def test_zeros(self):
        self.assertEqual(fmt.hex_literal(0.0), "0x0p+0f")
        self.assertEqual(fmt.hex_literal(-0.0), "-0x0p+0f")
        self.assertEqual(fmt.hex_literal(0.0, "double"), "0x0p+0")
        self.assertEqual(fmt.hex_literal(-0.0, "double"), "-0x0p+0")

    def test_float_literal_is_the_float(self):
        rng = np.random.default_rng(7)
        for x in list(rng.normal(size=200) * 10.0 ** rng.integers(-40, 30, size=200)):
            lit = fmt.hex_literal(x)
            self.assertTrue(lit.endswith("f"))
            self.assertEqual(float.fromhex(lit[:-1]), float(np.float32(x)), lit)
            dl = fmt.hex_literal(x, "double")
            self.assertEqual(float.fromhex(dl), float(x), dl)

    def test_refuses_non_finite(self):
        for bad in (float("nan"), float("inf"), -float("inf")):
            with self.assertRaises(fmt.FormatError):
                fmt.hex_literal(bad)
        with self.assertRaisesRegex(fmt.FormatError, "overflows float"):
            fmt.hex_literal(1e39)


class Slopes(unittest.TestCase):
    def test_small_ratios(self):
        self.assertEqual(fmt.leaky_slope_ratio(0.01), (1, 100))
        self.assertEqual(fmt.leaky_slope_ratio(0.2), (1, 5))
        self.assertEqual(fmt.leaky_slope_ratio(0.25), (1, 4))
        self.assertEqual(fmt.leaky_slope_ratio(0.3), (3, 10))
        self.assertEqual(fmt.leaky_slope_ratio(1 / 3), (1, 3))

    def test_no_ratio(self):
        self.assertIsNone(fmt.leaky_slope_ratio(0.1234567891))
        self.assertIsNone(fmt.leaky_slope_ratio(0.0))
        self.assertIsNone(fmt.leaky_slope_ratio(1.0))
        self.assertIsNone(fmt.leaky_slope_ratio(-0.1))
        self.assertIsNone(fmt.leaky_slope_ratio(1.5))
        # float32(0.01) widened to double is not 1/100 in double: no exact small ratio.
        self.assertIsNone(fmt.leaky_slope_ratio(float(np.float32(0.01))))


class TypeStrings(unittest.TestCase):
    def test_round_trip(self):
        text = ("ctmlp::network<float, ctmlp::input<64>, ctmlp::dense<32, ctmlp::leaky_relu<1, 5>>, "
                "ctmlp::dense<16, ctmlp::identity, ctmlp::no_bias>, ctmlp::dense<10, ctmlp::softmax>>")
        spec = fmt.parse_type(text)
        self.assertEqual(spec.scalar, "float")
        self.assertEqual(spec.input_size, 64)
        self.assertEqual([l.units for l in spec.layers], [32, 16, 10])
        self.assertEqual(spec.layers[0].slope, (1, 5))
        self.assertFalse(spec.layers[1].has_bias)
        self.assertEqual(fmt.type_string(spec), text)

    def test_short_spelling(self):
        spec = fmt.parse_type("network<double,input<3>,dense<5,tanh>,dense<2,leaky_relu<>>>")
        self.assertEqual(fmt.type_string(spec),
                         "ctmlp::network<double, ctmlp::input<3>, ctmlp::dense<5, ctmlp::tanh>, "
                         "ctmlp::dense<2, ctmlp::leaky_relu<1, 100>>>")

    def test_portable_math(self):
        text = ("ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<4, ctmlp::portable::tanh>, "
                "ctmlp::dense<3, ctmlp::portable::softmax>>")
        spec = fmt.parse_type(text)
        self.assertEqual([(l.activation, l.math) for l in spec.layers], [("tanh", "portable"), ("softmax", "portable")])
        self.assertEqual(fmt.type_string(spec), text)
        fast = "ctmlp::network<double, ctmlp::input<2>, ctmlp::dense<3, ctmlp::fast::sigmoid, ctmlp::no_bias>>"
        self.assertEqual([l.math for l in fmt.parse_type(fast).layers], ["fast"])
        self.assertEqual(fmt.type_string(fmt.parse_type(fast)), fast)
        for bad in ("network<float, input<3>, dense<2, portable::relu>>",
                    "network<float, input<3>, dense<2, fast::identity>>",
                    "network<float, input<3>, dense<2, quick::sigmoid>>"):
            with self.assertRaises(fmt.FormatError, msg=bad):
                fmt.parse_type(bad)

    def test_refusals(self):
        for bad in ("network<float, dense<3, relu>>", "network<float, input<3>>",
                    "network<float, input<3>, dense<2, softmax>, dense<2, relu>>",
                    "network<float, input<3>, dense<2, gelu>>", "network<half, input<3>, dense<2, relu>>",
                    "network<float, input<3>, dense<2, leaky_relu<3, 2>>>",
                    "network<float, input<3>, dense<1, softmax>>"):
            with self.assertRaises(fmt.FormatError, msg=bad):
                fmt.parse_type(bad)


class Header(unittest.TestCase):
    def test_tiny_model_text(self):
        layers, n_in = tiny_model()
        text = fmt.header_text(layers, n_in, namespace="tiny", tool="test_format.py",
                               source="a hand-made 2-3-1 model", description="Two, three, one.",
                               per_line=4)
        expected = """// Generated by test_format.py: a hand-made 2-3-1 model. Do not edit.
#ifndef CTMLP_GENERATED_TINY_HPP
#define CTMLP_GENERATED_TINY_HPP

#include <array>

#include <ctmlp/ctmlp.hpp>

namespace tiny {

/// Two, three, one.
using network_type = ctmlp::network<float, ctmlp::input<2>, ctmlp::dense<3, ctmlp::leaky_relu<1, 5>>, ctmlp::dense<1, ctmlp::sigmoid, ctmlp::no_bias>>;

/// The trained parameters in ctmlp's flat order (include/ctmlp/parameters.hpp).
inline constexpr network_type network = ctmlp::from_parameters<network_type>(std::array<float, 12>{
    0x1p+0f, 0x1p+1f, 0x1.8p+1f, 0x1p+2f,
    0x1.4p+2f, 0x1.8p+2f, 0x1p-1f, -0x1p-2f,
    0x0p+0f, -0x1p+0f, 0x1p+1f, 0x1p-3f,
});

}  // namespace tiny

#endif
"""
        self.assertEqual(text, expected)

    def test_default_is_eight_per_line_and_double_has_no_suffix(self):
        layers, n_in = tiny_model()
        text = fmt.header_text(layers, n_in, namespace="a::b", tool="t", source="s", scalar="double")
        self.assertIn("namespace a::b {", text)
        self.assertIn("#ifndef CTMLP_GENERATED_A_B_HPP", text)
        self.assertIn("std::array<double, 12>{\n    0x1p+0, 0x1p+1, 0x1.8p+1, 0x1p+2, 0x1.4p+2, 0x1.8p+2, 0x1p-1, -0x1p-2,\n"
                      "    0x0p+0, -0x1p+0, 0x1p+1, 0x1p-3,\n});", text)
        self.assertIn("using network_type = ctmlp::network<double,", text)

    def test_refuses_nan_and_bad_shapes(self):
        layers, n_in = tiny_model()
        layers[1].weights[2, 0] = float("nan")
        with self.assertRaisesRegex(fmt.FormatError, "parameter 11"):
            fmt.header_text(layers, n_in, namespace="x", tool="t", source="s")
        layers, n_in = tiny_model()
        with self.assertRaisesRegex(fmt.FormatError, r"layer 1: weights of shape \(2, 3\), expected \[in\]\[out\] = \(3, 3\)"):
            fmt.header_text(layers, 3, namespace="x", tool="t", source="s")

    def test_refuses_names_that_do_not_compile(self):
        layers, n_in = tiny_model()
        for ns in ("class", "int", "and", "xor_eq", "co_await", "char8_t", "a::int", "a::namespace::b", "_M",
                   "a::_Upper", "a__b", "__a", "_lower", "ctmlp", "ctmlp::model", "std", "std::x", "a::ctmlp",
                   "a::std::b", ""):
            with self.assertRaisesRegex(fmt.FormatError, f"namespace '{ns}'", msg=ns):
                fmt.header_text(layers, n_in, namespace=ns, tool="t", source="s")
        for guard in ("_GUARD_H", "A__H", "int"):
            with self.assertRaisesRegex(fmt.FormatError, f"include guard '{guard}'", msg=guard):
                fmt.header_text(layers, n_in, namespace="m", tool="t", source="s", guard=guard)
        text = fmt.header_text(layers, n_in, namespace="x::lower::Int::classy", tool="t", source="s")
        self.assertIn("namespace x::lower::Int::classy {", text)


def fake_load(model, type_text, scalar):
    """A `load` for run_converter: the tiny model, whatever the file."""
    layers, n_in = tiny_model()
    return layers, n_in, scalar or "float", "tiny"


def run_fake_converter(*args):
    """run_converter on fake_load; returns (exit status, stderr)."""
    import contextlib
    import io
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = fmt.run_converter(list(args), prog="fake", description="d", model_help="m", type_help="t",
                                   load=fake_load, tool="fake", errors=())
        except SystemExit as e:
            rc = e.code
    return rc, err.getvalue()


class CommandLine(unittest.TestCase):
    def test_writes_both(self):
        with tempfile.TemporaryDirectory() as d:
            h, b = os.path.join(d, "m.hpp"), os.path.join(d, "m.ctmlp")
            self.assertEqual(run_fake_converter("x", "--header", h, "--namespace", "m", "--binary", b), (0, ""))
            layers, n_in = tiny_model()
            with open(b, "rb") as f:
                self.assertEqual(f.read(), fmt.binary_bytes(layers, n_in))
            self.assertEqual(sorted(os.listdir(d)), ["m.ctmlp", "m.hpp"])  # no temporary file left
            mask = os.umask(0)
            os.umask(mask)
            for path in (h, b):  # the mode open() gives, not the temporary file's private 0600
                self.assertEqual(os.stat(path).st_mode & 0o777, 0o666 & ~mask)

    def test_math_option(self):
        with tempfile.TemporaryDirectory() as d:
            h = os.path.join(d, "m.hpp")
            self.assertEqual(run_fake_converter("x", "--header", h, "--namespace", "m", "--math", "portable"), (0, ""))
            with open(h) as f:
                text = f.read()
            self.assertIn("ctmlp::dense<1, ctmlp::portable::sigmoid, ctmlp::no_bias>", text)
            self.assertIn("ctmlp::leaky_relu<1, 5>>", text)  # no policy for leaky_relu
            # Without --math, the --type's policy; with neither, <cmath>'s ctmlp::sigmoid.
            portable_type = ("network<float, input<2>, dense<3, leaky_relu<1, 5>>, "
                             "dense<1, portable::sigmoid, no_bias>>")
            self.assertEqual(run_fake_converter("x", "--header", h, "--namespace", "m", "--type", portable_type),
                             (0, ""))
            with open(h) as f:
                self.assertIn("ctmlp::portable::sigmoid", f.read())
            self.assertEqual(run_fake_converter("x", "--header", h, "--namespace", "m"), (0, ""))
            with open(h) as f:
                text = f.read()
            self.assertIn("ctmlp::dense<1, ctmlp::sigmoid, ctmlp::no_bias>", text)
            self.assertNotIn("portable", text)
            # --math fast, also over the --type's policy.
            self.assertEqual(run_fake_converter("x", "--header", h, "--namespace", "m", "--type", portable_type,
                                                "--math", "fast"), (0, ""))
            with open(h) as f:
                text = f.read()
            self.assertIn("ctmlp::dense<1, ctmlp::fast::sigmoid, ctmlp::no_bias>", text)
            self.assertNotIn("portable", text)

    def test_unwritable_outputs_are_one_line_errors(self):
        with tempfile.TemporaryDirectory() as d:
            missing = os.path.join(d, "no-such-dir", "m.hpp")
            rc, err = run_fake_converter("x", "--header", missing, "--namespace", "m")
            self.assertEqual(rc, 2)
            self.assertRegex(err, r"^fake: error: cannot access .*no-such-dir.*\n$")
            rc, err = run_fake_converter("x", "--binary", os.path.join(d, "no-such-dir", "m.ctmlp"))
            self.assertEqual(rc, 2)
            self.assertRegex(err, r"^fake: error: cannot access .*no-such-dir.*\n$")
            # A directory as the output: refused, and the directory stays, with no temporary left.
            target = os.path.join(d, "out")
            os.mkdir(target)
            rc, err = run_fake_converter("x", "--binary", target)
            self.assertEqual(rc, 2)
            self.assertRegex(err, r"^fake: error: cannot access .*out.*\n$")
            self.assertTrue(os.path.isdir(target))
            self.assertEqual(os.listdir(target), [])
            self.assertEqual(os.listdir(d), ["out"])

    def test_failed_write_keeps_the_old_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.ctmlp")
            with open(path, "wb") as f:
                f.write(b"old")
            layers, n_in = tiny_model()
            layers[0].weights[0, 0] = float("nan")
            with self.assertRaises(fmt.FormatError):
                fmt.write_binary(path, layers, n_in)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"old")

    def test_namespace_errors(self):
        with tempfile.TemporaryDirectory() as d:
            h = os.path.join(d, "m.hpp")
            rc, err = run_fake_converter("x", "--header", h, "--namespace", "")
            self.assertEqual(rc, 2)
            self.assertIn("namespace '' is not a C++ (nested) namespace name", err)
            rc, err = run_fake_converter("x", "--header", h, "--namespace", "class")
            self.assertEqual(rc, 2)
            self.assertIn("fake: error: namespace 'class': 'class' is a C++ keyword", err)
            rc, err = run_fake_converter("x", "--header", h)
            self.assertEqual(rc, 2)
            self.assertIn("--header needs --namespace", err)
            self.assertEqual(os.listdir(d), [])


class Binary(unittest.TestCase):
    def test_tiny_model_field_by_field(self):
        layers, n_in = tiny_model()
        data = fmt.binary_bytes(layers, n_in)
        # 24 + 16 * 2 layers + 4 bytes * 12 parameters + CRC
        self.assertEqual(len(data), 24 + 32 + 48 + 4)
        self.assertEqual(data[0:4], bytes([0x43, 0x54, 0x4D, 0x4C]))  # magic "CTML"
        self.assertEqual(data[4:6], bytes([1, 0]))                    # version 1, u16 LE
        self.assertEqual(data[6:8], bytes([0xFF, 0xFE]))              # byte-order mark 0xFEFF, LE
        self.assertEqual(data[8], 1)                                  # IEEE floating point
        self.assertEqual(data[9], 4)                                  # float
        self.assertEqual(data[10], 0)                                 # fraction bits
        self.assertEqual(data[11], 0)                                 # reserved
        self.assertEqual(data[12:16], bytes([2, 0, 0, 0]))            # input size
        self.assertEqual(data[16:20], bytes([2, 0, 0, 0]))            # two dense layers
        # layer 1: 3 units, leaky_relu (2), bias, reserved 0, slope 1/5
        self.assertEqual(data[20:36], bytes([3, 0, 0, 0, 2, 1, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0]))
        # layer 2: 1 unit, sigmoid (3), no bias, reserved 0, 0, 0
        self.assertEqual(data[36:52], bytes([1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        self.assertEqual(data[52:56], bytes([12, 0, 0, 0]))           # parameter count
        # parameters: IEEE float bits, little-endian: 1.0f = 0x3F800000 -> 00 00 80 3F
        self.assertEqual(data[56:60], bytes([0x00, 0x00, 0x80, 0x3F]))
        self.assertEqual(data[60:64], bytes([0x00, 0x00, 0x00, 0x40]))  # 2.0f
        self.assertEqual(data[80:84], bytes([0x00, 0x00, 0x00, 0x3F]))  # b1[0] = 0.5f
        self.assertEqual(data[84:88], bytes([0x00, 0x00, 0x80, 0xBE]))  # b1[1] = -0.25f
        self.assertEqual(data[92:96], bytes([0x00, 0x00, 0x80, 0xBF]))  # W2[0] = -1.0f
        self.assertEqual(data[100:104], bytes([0x00, 0x00, 0x00, 0x3E]))  # W2[2] = 0.125f
        expected = [1, 2, 3, 4, 5, 6, 0.5, -0.25, 0, -1, 2, 0.125]
        self.assertEqual(list(struct.unpack("<12f", data[56:104])), expected)
        # CRC-32 (IEEE, reflected 0xEDB88320) of every preceding byte, little-endian.
        self.assertEqual(struct.unpack("<I", data[104:108])[0], zlib.crc32(data[:104]))
        self.assertEqual(struct.unpack("<I", data[104:108])[0], _crc32_bitwise(data[:104]))

    def test_double(self):
        layers, n_in = tiny_model()
        data = fmt.binary_bytes(layers, n_in, "double")
        self.assertEqual(data[9], 8)
        self.assertEqual(len(data), 24 + 32 + 8 * 12 + 4)
        self.assertEqual(data[56:64], struct.pack("<d", 1.0))
        self.assertEqual(list(struct.unpack("<12d", data[56:152])),
                         [1, 2, 3, 4, 5, 6, 0.5, -0.25, 0, -1, 2, 0.125])

    def test_float_rounding_and_nan(self):
        layers, n_in = tiny_model()
        layers[0].weights[0, 0] = 0.1
        data = fmt.binary_bytes(layers, n_in)
        self.assertEqual(data[56:60], struct.pack("<I", 0x3DCCCCCD))  # float(0.1)
        layers[0].bias[2] = float("inf")
        with self.assertRaises(fmt.FormatError):
            fmt.binary_bytes(layers, n_in)


def _crc32_bitwise(data: bytes) -> int:
    """The CRC the contract describes, bit by bit: reflected 0xEDB88320, init and final xor ~0."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0xEDB88320 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


if __name__ == "__main__":
    unittest.main()
