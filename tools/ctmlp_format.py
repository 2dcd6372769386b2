#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Writers for ctmlp's two model formats, shared by the converters (torch_to_ctmlp.py,
onnx_to_ctmlp.py):

- the generated C++ header: `using network_type = ctmlp::network<...>;` and a `constexpr` network
  built by `ctmlp::from_parameters` from the parameters written as exact hexadecimal literals;
- the binary format, version 1 (what `ctmlp::load` reads; `ctmlp::save` writes the same bytes).

Both are fixed by the project's format contract; the layout in short:

    flat order: layers in order; per layer the weights W[in][out] (input-major, weights[i * Out + o]
    is the weight from input i to unit o), then the bias (Out values) if the layer has one.

A model is a list of `Layer`s plus the input size. `Layer.weights` is indexed [in][out], ctmlp's
order; torch.nn.Linear.weight is [out][in] and must be transposed by the caller (the converters
do). Standard library + NumPy only.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

__all__ = [
    "ACTIVATION_CODES", "FormatError", "Layer", "LayerSpec", "ModelSpec",
    "binary_bytes", "check_against", "flat_parameters", "header_text", "hex_literal",
    "leaky_slope_ratio", "parse_type", "run_converter", "spec_of", "type_string", "write_binary",
    "write_header",
]

#: Activation codes of the binary format.
ACTIVATION_CODES = {"identity": 0, "relu": 1, "leaky_relu": 2, "sigmoid": 3, "tanh": 4, "softmax": 5}
#: The --math choices and the namespace each spells sigmoid/tanh/softmax in (LayerSpec.math):
#: ctmlp::sigmoid, ctmlp::portable::sigmoid, ctmlp::fast::sigmoid (include/ctmlp/math.hpp).
MATH_POLICIES = {"libm": "", "portable": "portable", "fast": "fast"}
#: Largest denominator tried when a leaky-ReLU slope is written as the fraction Num/Den.
MAX_SLOPE_DENOMINATOR = 10000

MAGIC = b"CTML"
VERSION = 1
BYTE_ORDER_MARK = 0xFEFF
SCALAR_KIND_FLOAT = 1
SCALAR_SIZES = {"float": 4, "double": 8}


class FormatError(ValueError):
    """A model that the formats cannot hold (NaN weight, bad shape, unknown activation...)."""


@dataclass(frozen=True)
class LayerSpec:
    """The type of one dense layer: what `ctmlp::dense<N, A[, no_bias]>` says."""

    units: int
    activation: str
    has_bias: bool = True
    #: (Num, Den) of `leaky_relu<Num, Den>`; None for every other activation.
    slope: Optional[tuple[int, int]] = None
    #: The math policy's namespace: "" for `ctmlp::sigmoid` (<cmath> at run time), "portable" for
    #: `ctmlp::portable::sigmoid` (ctmlp's own exp/tanh), "fast" for `ctmlp::fast::sigmoid` (ctmlp's
    #: branch-free, vectorisable exp/tanh). Not in the binary format (same codes).
    math: str = ""

    def spelling(self) -> str:
        act = "ctmlp::" + (self.math + "::" if self.math else "") + self.activation
        if self.activation == "leaky_relu":
            act += f"<{self.slope[0]}, {self.slope[1]}>"
        bias = "" if self.has_bias else ", ctmlp::no_bias"
        return f"ctmlp::dense<{self.units}, {act}{bias}>"


@dataclass(frozen=True)
class ModelSpec:
    """A whole `ctmlp::network<Scalar, input<N>, dense<...>...>` type."""

    scalar: str
    input_size: int
    layers: tuple[LayerSpec, ...]

    def spelling(self) -> str:
        parts = [self.scalar, f"ctmlp::input<{self.input_size}>"] + [l.spelling() for l in self.layers]
        return "ctmlp::network<" + ", ".join(parts) + ">"


@dataclass
class Layer:
    """One trained dense layer: its type and its numbers, weights indexed [in][out]."""

    units: int
    activation: str
    weights: np.ndarray
    bias: Optional[np.ndarray] = None
    slope: Optional[tuple[int, int]] = None
    math: str = ""  #: see LayerSpec.math
    has_bias: bool = field(init=False)

    def __post_init__(self) -> None:
        self.weights = np.asarray(self.weights, dtype=np.float64)
        if self.bias is not None:
            self.bias = np.asarray(self.bias, dtype=np.float64)
        self.has_bias = self.bias is not None

    @property
    def spec(self) -> LayerSpec:
        return LayerSpec(self.units, self.activation, self.has_bias, self.slope, self.math)


# ---- checks -------------------------------------------------------------------------------------

def _check_spec(spec: ModelSpec) -> None:
    if spec.scalar not in SCALAR_SIZES:
        raise FormatError(f"scalar type '{spec.scalar}': only float and double are supported")
    if spec.input_size <= 0:
        raise FormatError(f"input size {spec.input_size}: must be > 0")
    if not spec.layers:
        raise FormatError("a network needs at least one dense layer")
    for k, l in enumerate(spec.layers, start=1):
        if l.units <= 0:
            raise FormatError(f"layer {k}: {l.units} units; must be > 0")
        if l.activation not in ACTIVATION_CODES:
            raise FormatError(f"layer {k}: unknown activation '{l.activation}'")
        if l.math not in MATH_POLICIES.values():
            raise FormatError(f"layer {k}: unknown math policy '{l.math}' (ctmlp::portable::, ctmlp::fast:: or none)")
        if l.math and l.activation not in ("sigmoid", "tanh", "softmax"):
            raise FormatError(f"layer {k}: ctmlp::{l.math}:: has no {l.activation}")
        if l.activation == "leaky_relu":
            if l.slope is None or len(l.slope) != 2:
                raise FormatError(f"layer {k}: leaky_relu needs its slope as (Num, Den)")
            num, den = l.slope
            if not (0 < num < den):
                raise FormatError(f"layer {k}: leaky_relu<{num}, {den}>: the slope must lie in (0, 1)")
        elif l.slope is not None:
            raise FormatError(f"layer {k}: only leaky_relu has a slope")
        if l.activation == "softmax" and k != len(spec.layers):
            raise FormatError(f"layer {k}: softmax is allowed only on the output layer")
        if l.activation == "softmax" and l.units == 1:
            # ctmlp refuses it at compile time too: the output would be the constant 1.
            raise FormatError(f"layer {k}: softmax over a single unit always outputs 1; for two classes "
                              "use one sigmoid unit")


def spec_of(layers: Sequence[Layer], input_size: int, scalar: str = "float") -> ModelSpec:
    """The ctmlp type of a list of layers; checks that the weight and bias shapes chain."""
    fan_in = input_size
    for k, l in enumerate(layers, start=1):
        if l.weights.shape != (fan_in, l.units):
            raise FormatError(f"layer {k}: weights of shape {tuple(l.weights.shape)}, expected "
                              f"[in][out] = ({fan_in}, {l.units})")
        if l.bias is not None and l.bias.shape != (l.units,):
            raise FormatError(f"layer {k}: bias of shape {tuple(l.bias.shape)}, expected ({l.units},)")
        fan_in = l.units
    spec = ModelSpec(scalar, input_size, tuple(l.spec for l in layers))
    _check_spec(spec)
    return spec


def flat_parameters(layers: Sequence[Layer]) -> np.ndarray:
    """All parameters in ctmlp's flat order, float64: per layer W[in][out] row by row, then b."""
    parts = []
    for l in layers:
        parts.append(l.weights.reshape(-1))  # C order: weights[i][o] at i * Out + o
        if l.bias is not None:
            parts.append(l.bias.reshape(-1))
    flat = np.concatenate(parts) if parts else np.zeros(0)
    bad = np.flatnonzero(~np.isfinite(flat))
    if bad.size:
        raise FormatError(f"parameter {int(bad[0])} (flat order) is {flat[bad[0]]}: "
                          "NaN and infinity cannot be written")
    return flat


def leaky_slope_ratio(slope: float, max_den: int = MAX_SLOPE_DENOMINATOR) -> Optional[tuple[int, int]]:
    """(Num, Den) of small integers with Num/Den == slope exactly in double (the smallest Den),
    or None. ctmlp::leaky_relu<Num, Den> computes its slope as double(Num) / double(Den), so this
    is the test that the C++ type has exactly the slope torch/ONNX used: 0.01 -> (1, 100),
    0.2 -> (1, 5); math.pi / 10 -> None."""
    slope = float(slope)
    if not (0.0 < slope < 1.0) or not math.isfinite(slope):
        return None
    for den in range(2, max_den + 1):
        num = round(slope * den)
        if 0 < num < den and float(num) / float(den) == slope and math.gcd(num, den) == 1:
            return num, den
    return None


# ---- the C++ type string --------------------------------------------------------------------------

def type_string(spec: ModelSpec) -> str:
    """`ctmlp::network<float, ctmlp::input<N>, ctmlp::dense<...>...>`, spelled as the header does."""
    _check_spec(spec)
    return spec.spelling()


_TOKEN = re.compile(r"\s*(::|[A-Za-z_][A-Za-z_0-9]*|\d+|[<>,])")


def _tokens(text: str) -> list[str]:
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise FormatError(f"cannot read the C++ type at '{text[pos:]}'")
        out.append(m.group(1))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def parse_type(text: str) -> ModelSpec:
    """Reads a ctmlp network type as written in C++, e.g.
    `ctmlp::network<float, ctmlp::input<64>, ctmlp::dense<32, ctmlp::relu>, ctmlp::dense<10, ctmlp::softmax>>`
    (the `ctmlp::` prefixes may be left out; `leaky_relu<>` means <1, 100> as in C++)."""
    toks = _tokens(text.replace(">>", "> >"))
    pos = 0

    def peek() -> Optional[str]:
        return toks[pos] if pos < len(toks) else None

    def take(expected: Optional[str] = None) -> str:
        nonlocal pos
        tok = peek()
        if tok is None or (expected is not None and tok != expected):
            raise FormatError(f"cannot read the C++ type '{text}': expected "
                              f"{expected or 'more'} at token {pos} ({tok!r})")
        pos += 1
        return tok

    def name() -> str:
        n = take()
        if n == "ctmlp" and peek() == "::":
            take("::")
            n = take()
        if n == "std" and peek() == "::":
            take("::")
            n = take()
        return n

    def number() -> int:
        tok = take()
        if not tok.isdigit():
            raise FormatError(f"cannot read the C++ type '{text}': expected a number, found {tok!r}")
        return int(tok)

    if name() != "network":
        raise FormatError(f"'{text}' is not a ctmlp::network<...> type")
    take("<")
    scalar = name()
    take(",")
    if name() != "input":
        raise FormatError(f"'{text}': the first layer must be ctmlp::input<N>")
    take("<")
    input_size = number()
    take(">")
    layers = []
    while peek() == ",":
        take(",")
        if name() != "dense":
            raise FormatError(f"'{text}': every layer after the input must be ctmlp::dense<...>")
        take("<")
        units = number()
        take(",")
        act = name()
        math = ""
        if act in ("portable", "fast") and peek() == "::":  # ctmlp::portable::sigmoid, ctmlp::fast::tanh, ...
            take("::")
            math, act = act, take()
        slope = None
        if act == "leaky_relu":
            num, den = 1, 100
            if peek() == "<":
                take("<")
                if peek() != ">":
                    num = number()
                    if peek() == ",":
                        take(",")
                        den = number()
                take(">")
            slope = (num, den)
        has_bias = True
        if peek() == ",":
            take(",")
            policy = name()
            if policy not in ("no_bias", "with_bias"):
                raise FormatError(f"'{text}': unknown bias policy '{policy}'")
            has_bias = policy == "with_bias"
        take(">")
        layers.append(LayerSpec(units, act, has_bias, slope, math))
    take(">")
    if peek() is not None:
        raise FormatError(f"'{text}': unexpected text after the type: {' '.join(toks[pos:])}")
    spec = ModelSpec(scalar, input_size, tuple(layers))
    _check_spec(spec)
    return spec


def check_against(found: ModelSpec, expected: ModelSpec) -> None:
    """Refuses (FormatError naming the first difference) unless `found` is the type `expected`."""
    if found.input_size != expected.input_size:
        raise FormatError(f"input size: the model has {found.input_size}, the C++ type says "
                          f"{expected.input_size}")
    if len(found.layers) != len(expected.layers):
        raise FormatError(f"layer count: the model has {len(found.layers)} dense layers, the C++ type "
                          f"says {len(expected.layers)}")
    for k, (f, e) in enumerate(zip(found.layers, expected.layers), start=1):
        if f.units != e.units:
            raise FormatError(f"layer {k}: the model has {f.units} units, the C++ type says {e.units}")
        if f.has_bias != e.has_bias:
            raise FormatError(f"layer {k}: the model {'has' if f.has_bias else 'has no'} bias, the C++ "
                              f"type says {'with_bias' if e.has_bias else 'no_bias'}")
        if (f.activation, f.slope) != (e.activation, e.slope):
            raise FormatError(f"layer {k}: the model's activation is {f.spelling()}, the C++ type says "
                              f"{e.spelling()}")
    if found.scalar != expected.scalar:
        raise FormatError(f"scalar: {found.scalar} requested, the C++ type says {expected.scalar}")


# ---- the C++ header -------------------------------------------------------------------------------

def hex_literal(value: float, scalar: str = "float") -> str:
    """The exact C++ hexadecimal literal of `value` as `scalar`: double keeps the value, float rounds
    it to the nearest float first (IEEE round-to-nearest-even, as a cast does) and writes that
    float exactly, with an `f` suffix. 0 is `0x0p+0`, -0 is `-0x0p+0`; NaN/inf raise FormatError."""
    v = float(value)
    if not math.isfinite(v):
        raise FormatError(f"{v} cannot be written as a C++ literal")
    suffix = ""
    if scalar == "float":
        with np.errstate(over="ignore"):
            f32 = np.float32(v)
        if not np.isfinite(f32):
            raise FormatError(f"{v} overflows float")
        v = float(f32)
        suffix = "f"
    elif scalar != "double":
        raise FormatError(f"scalar type '{scalar}': only float and double are supported")
    text = v.hex()  # e.g. '0x1.999999999999ap-4', '-0x0.0p+0', '0x1.0000000000000p+0'
    sign = "-" if text.startswith("-") else ""
    mant, exp = text.lstrip("-")[2:].split("p")
    whole, _, frac = mant.partition(".")
    frac = frac.rstrip("0")
    if whole == "0" and not frac:
        exp = "+0"
    return f"{sign}0x{whole}{'.' + frac if frac else ''}p{exp}{suffix}"


#: The C++20 keywords and alternative tokens (and `defined`, which no macro may be called): none can
#: name a namespace or an include guard.
CXX_KEYWORDS = frozenset("""
    alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class
    compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype
    default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline
    int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register
    reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch template
    this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t
    while xor xor_eq defined""".split())


def _identifier_problem(name: str) -> Optional[str]:
    """Why `name` cannot be declared by a generated header, or None: not an identifier, a keyword,
    or reserved to the implementation (leading underscore + upper case, or a double underscore)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", name):
        return "is not a C++ identifier"
    if name in CXX_KEYWORDS:
        return "is a C++ keyword"
    if "__" in name or re.match(r"_[A-Z]", name):
        return "is reserved (a leading _ and an upper-case letter, or __)"
    return None


def _check_namespace(namespace: str) -> None:
    """Refuses (FormatError) a namespace that would not compile or would clash with the library."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*(::[A-Za-z_][A-Za-z_0-9]*)*", namespace):
        raise FormatError(f"namespace '{namespace}' is not a C++ (nested) namespace name")
    parts = namespace.split("::")
    for part in parts:
        problem = _identifier_problem(part)
        if problem:
            raise FormatError(f"namespace '{namespace}': '{part}' {problem}")
    if parts[0].startswith("_"):
        raise FormatError(f"namespace '{namespace}': a leading _ is reserved in the global namespace")
    for part in parts:  # inside it, the header's `ctmlp::` and `std::` would name the wrong namespace
        if part in ("ctmlp", "std"):
            raise FormatError(f"namespace '{namespace}': no part may be '{part}'")


def _write_atomically(path: str, data: bytes) -> None:
    """Writes `data` to a temporary file next to `path` that then replaces `path`: a failed write
    (full disk, `path` a directory) never leaves a half-written file under the real name."""
    directory = os.path.dirname(path) or "."
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=os.path.basename(path) + ".", suffix=".tmp")
    try:
        # mkstemp creates the file private (0600); give it the mode open() would have.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise


def _guard_for(namespace: str) -> str:
    return "CTMLP_GENERATED_" + re.sub(r"[^A-Za-z0-9]+", "_", namespace).strip("_").upper() + "_HPP"


def header_text(layers: Sequence[Layer], input_size: int, *, namespace: str, tool: str, source: str,
                scalar: str = "float", description: Optional[str] = None, guard: Optional[str] = None,
                per_line: int = 8) -> str:
    """The generated C++ header (the project's fixed layout). `tool` and `source` fill the first
    line: `// Generated by <tool>: <source>. Do not edit.`"""
    spec = spec_of(layers, input_size, scalar)
    _check_namespace(namespace)
    flat = flat_parameters(layers)
    literals = [hex_literal(x, scalar) for x in flat]
    lines = []
    for start in range(0, len(literals), per_line):
        lines.append("    " + ", ".join(literals[start:start + per_line]) + ",")
    guard = guard or _guard_for(namespace)
    problem = _identifier_problem(guard)
    if problem:
        raise FormatError(f"include guard '{guard}' {problem}")
    out = [f"// Generated by {tool}: {source}. Do not edit.",
           f"#ifndef {guard}",
           f"#define {guard}",
           "",
           "#include <array>",
           "",
           "#include <ctmlp/ctmlp.hpp>",
           "",
           f"namespace {namespace} {{",
           ""]
    if description:
        out.append(f"/// {description}")
    out += [f"using network_type = {type_string(spec)};",
            "",
            "/// The trained parameters in ctmlp's flat order (include/ctmlp/parameters.hpp).",
            f"inline constexpr network_type network = ctmlp::from_parameters<network_type>("
            f"std::array<{scalar}, {len(flat)}>{{"]
    out += lines
    out += ["});",
            "",
            f"}}  // namespace {namespace}",
            "",
            "#endif",
            ""]
    return "\n".join(out)


def write_header(path: str, layers: Sequence[Layer], input_size: int, **kwargs) -> None:
    """Writes header_text(...) to `path` (UTF-8, '\\n' line ends)."""
    _write_atomically(path, header_text(layers, input_size, **kwargs).encode("utf-8"))


# ---- the binary format, version 1 -----------------------------------------------------------------

def binary_bytes(layers: Sequence[Layer], input_size: int, scalar: str = "float") -> bytes:
    """The model in ctmlp's binary format v1 (little-endian, CRC-32 of all preceding bytes last)."""
    spec = spec_of(layers, input_size, scalar)
    flat = flat_parameters(layers)
    size = SCALAR_SIZES[scalar]
    out = bytearray()
    out += MAGIC
    out += struct.pack("<HHBBBBII", VERSION, BYTE_ORDER_MARK, SCALAR_KIND_FLOAT, size, 0, 0,
                       input_size, len(spec.layers))
    for l in spec.layers:
        num, den = l.slope if l.activation == "leaky_relu" else (0, 0)
        out += struct.pack("<IBBHII", l.units, ACTIVATION_CODES[l.activation], 1 if l.has_bias else 0,
                           0, num, den)
    out += struct.pack("<I", len(flat))
    if scalar == "float":
        with np.errstate(over="ignore"):
            f32 = flat.astype("<f4")
        if not np.all(np.isfinite(f32)):
            raise FormatError("a parameter overflows float")
        out += f32.tobytes()
    else:
        out += flat.astype("<f8").tobytes()
    out += struct.pack("<I", zlib.crc32(bytes(out)) & 0xFFFFFFFF)
    return bytes(out)


def write_binary(path: str, layers: Sequence[Layer], input_size: int, scalar: str = "float") -> None:
    """Writes binary_bytes(...) to `path`."""
    _write_atomically(path, binary_bytes(layers, input_size, scalar))


def run_converter(argv: Optional[Sequence[str]], *, prog: str, description: str, model_help: str, type_help: str,
                  load: Callable[[str, Optional[str], Optional[str]], tuple[list[Layer], int, str, str]],
                  tool: str, errors: tuple[type[Exception], ...]) -> int:
    """The command line shared by the converters: parses `argv` (None: sys.argv), calls
    `load(model, type_text, scalar)` -> (layers, input_size, scalar, what) and writes the header
    and/or the binary. Returns the exit status: 0, or 2 after printing `prog: error: ...` for any of
    `errors` or FormatError (argparse exits with 2 itself on a bad command line)."""
    p = argparse.ArgumentParser(prog=prog, description=description,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help=model_help)
    p.add_argument("--type", dest="type_text", help=type_help)
    p.add_argument("--header", help="write the C++ header here")
    p.add_argument("--namespace", help="C++ namespace of the header's network_type and network")
    p.add_argument("--binary", help="write ctmlp's binary format (v1) here")
    p.add_argument("--scalar", choices=["float", "double"], help="scalar type (default: the --type's, else float)")
    p.add_argument("--description", help="one line for the header's /// comment")
    p.add_argument("--math", choices=list(MATH_POLICIES),
                   help="run-time math of sigmoid/tanh/softmax in the header: libm (ctmlp::sigmoid: <cmath>, "
                        "NumPy's numbers), portable (ctmlp::portable::sigmoid: ctmlp's own exp/tanh, bit-equal "
                        "to compile time on every target) or fast (ctmlp::fast::sigmoid: branch-free exp/tanh "
                        "that vectorise, a few ulp, also bit-equal to compile time); default: the --type's, else libm")
    args = p.parse_args(argv)
    if not args.header and not args.binary:
        p.error("nothing to write: give --header (with --namespace) and/or --binary")
    if args.header and args.namespace is None:  # an empty one is refused below as invalid
        p.error("--header needs --namespace")
    try:
        layers, n_in, scalar, what = load(args.model, args.type_text, args.scalar)
        # The math policy is not in the model (nor in the binary format): --math, else the --type's.
        type_math = [l.math for l in parse_type(args.type_text).layers] if args.type_text else []
        for k, l in enumerate(layers):
            if l.activation in ("sigmoid", "tanh", "softmax"):
                l.math = MATH_POLICIES.get(args.math or "", type_math[k] if k < len(type_math) else "")
        if args.header:
            write_header(args.header, layers, n_in, namespace=args.namespace, tool=tool, source=what,
                         scalar=scalar, description=args.description)
        if args.binary:
            write_binary(args.binary, layers, n_in, scalar)
    except (*errors, FormatError) as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # a missing directory, a directory as the output, a full disk...
        where = f" {e.filename}" if e.filename else ""
        print(f"{prog}: error: cannot access{where}: {e.strerror or e}", file=sys.stderr)
        return 2
    print(f"{prog}: {type_string(spec_of(layers, n_in, scalar))}")
    return 0
