#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Converts a PyTorch model to a ctmlp C++ header or binary model file.

    torch_to_ctmlp.py model.pt --header model.hpp --namespace my_model [--scalar float|double]
    torch_to_ctmlp.py weights.pt --type "ctmlp::network<float, ctmlp::input<64>, ...>" --binary model.ctmlp

The input is either a whole `torch.nn.Sequential` saved with `torch.save(model, path)`, or a
`state_dict` saved with `torch.save(model.state_dict(), path)` together with `--type`, the ctmlp
network type it is meant for (a state_dict holds numbers, not activations). With a whole module,
`--type` is optional and, when given, must match the module.

Supported, in a Sequential (nested Sequentials are flattened):
    Linear (with or without bias)          -> ctmlp::dense<out_features, A[, ctmlp::no_bias]>
    ReLU / LeakyReLU(s) / Sigmoid / Tanh   -> A = relu / leaky_relu<Num, Den> / sigmoid / tanh,
                                              applied to the Linear before it
    Softmax(dim=-1 or 1), last module only -> A = softmax
    Identity (anywhere), Flatten() first   -> nothing
A Linear followed directly by another Linear gets A = identity. LeakyReLU's slope must be a ratio
Num/Den of small integers exactly (0.01 -> <1, 100>, 0.2 -> <1, 5>) in (0, 1). Everything else is
refused with a message that names the module, and the exit status is 2.

torch.nn.Linear stores its weight as [out][in]; ctmlp stores [in][out] (input-major). The
converter transposes; that is the step a hand-written import forgets.
"""
from __future__ import annotations

import collections
import os
import sys
from typing import Optional

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctmlp_format as fmt  # noqa: E402

TOOL = "tools/torch_to_ctmlp.py"


class ConversionError(Exception):
    """The model cannot be expressed as a ctmlp network; the message says which part and why."""


def _torch():
    import torch  # imported lazily so that `--help` works without torch
    return torch


def _modules(model) -> list[tuple[str, object]]:
    """(name, module) of a Sequential's modules in order, nested Sequentials flattened
    ("3" or "3.1"). A model that is not a Sequential is accepted only if it is itself one of the
    supported modules (a lone Linear)."""
    nn = _torch().nn
    if isinstance(model, nn.Sequential):
        out = []
        for name, child in model.named_children():
            if isinstance(child, nn.Sequential):
                out += [(f"{name}.{n}", m) for n, m in _modules(child)]
            else:
                out.append((name, child))
        return out
    if isinstance(model, nn.Module):
        if isinstance(model, nn.Linear):
            return [("0", model)]
        raise ConversionError(
            f"model ({type(model).__name__}): only torch.nn.Sequential models are supported; build the "
            "network as nn.Sequential(nn.Linear(...), nn.ReLU(), ...) or save its state_dict and pass --type")
    raise ConversionError(f"the file holds a {type(model).__name__}, not a torch.nn.Module or a state_dict")


def _label(name: str, module) -> str:
    return f"module {name} ({type(module).__name__})"


def layers_from_module(model) -> tuple[list[fmt.Layer], int]:
    """The ctmlp layers (weights transposed to [in][out]) and input size of a torch Sequential.
    Raises ConversionError naming the first module that ctmlp cannot express."""
    nn = _torch().nn
    mods = _modules(model)
    layers: list[fmt.Layer] = []
    activation_set = False  # has the last Linear got its activation already?
    input_size: Optional[int] = None
    meaningful = [i for i, (_, m) in enumerate(mods) if not isinstance(m, nn.Identity)]
    last = meaningful[-1] if meaningful else -1

    for index, (name, m) in enumerate(mods):
        where = _label(name, m)
        if isinstance(m, nn.Identity):
            continue
        if isinstance(m, nn.Flatten):
            if layers or any(not isinstance(p, (nn.Identity,)) for _, p in mods[:index]):
                raise ConversionError(f"{where}: Flatten is supported only at the very start (ctmlp's input "
                                      "is a flat vector); move it first or remove it")
            if m.start_dim != 1 or m.end_dim != -1:
                raise ConversionError(f"{where}: only Flatten(start_dim=1, end_dim=-1) is supported, not "
                                      f"start_dim={m.start_dim}, end_dim={m.end_dim}")
            continue
        if isinstance(m, nn.Linear):
            w = m.weight.detach().cpu().double().numpy()  # [out][in]
            if input_size is None:
                input_size = m.in_features
            elif m.in_features != layers[-1].units:
                raise ConversionError(f"{where}: in_features={m.in_features} but the layer before it has "
                                      f"{layers[-1].units} outputs")
            b = m.bias.detach().cpu().double().numpy() if m.bias is not None else None
            # The transposition: torch's weight[o][i] becomes ctmlp's weights[i][o].
            layers.append(fmt.Layer(m.out_features, "identity", w.T.copy(), b))
            activation_set = False
            continue
        activation, slope = _activation_of(where, m, index == last)
        if not layers:
            raise ConversionError(f"{where}: an activation before the first Linear layer; ctmlp applies "
                                  "activations to dense layers only")
        if activation_set:
            raise ConversionError(f"{where}: a second activation after the same Linear layer; ctmlp has one "
                                  "activation per dense layer")
        layers[-1].activation = activation
        layers[-1].slope = slope
        activation_set = True

    if not layers:
        raise ConversionError("the model has no Linear layer")
    return layers, input_size


def _activation_of(where: str, m, is_last: bool) -> tuple[str, Optional[tuple[int, int]]]:
    nn = _torch().nn
    if isinstance(m, nn.ReLU):
        return "relu", None
    if isinstance(m, nn.Sigmoid):
        return "sigmoid", None
    if isinstance(m, nn.Tanh):
        return "tanh", None
    if isinstance(m, nn.LeakyReLU):
        ratio = fmt.leaky_slope_ratio(m.negative_slope)
        if ratio is None:
            raise ConversionError(
                f"{where}: negative_slope={m.negative_slope!r} has no ctmlp type: ctmlp::leaky_relu<Num, Den> "
                f"needs 0 < slope < 1 equal to Num/Den (Den <= {fmt.MAX_SLOPE_DENOMINATOR}) exactly, e.g. 0.01 or 0.2")
        return "leaky_relu", ratio
    if isinstance(m, nn.Softmax):
        if m.dim not in (-1, 1):
            raise ConversionError(f"{where}: Softmax(dim={m.dim}) is not supported; ctmlp's softmax runs over the "
                                  "features of one sample: dim=-1 or dim=1")
        if not is_last:
            raise ConversionError(f"{where}: Softmax is supported only as the last module (ctmlp::softmax is "
                                  "an output-layer activation)")
        return "softmax", None
    raise ConversionError(f"{where}: not supported by ctmlp; remove it for export "
                          "(supported: Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Identity, Flatten first, Softmax last)")


def layers_from_state_dict(state: dict, spec: fmt.ModelSpec) -> list[fmt.Layer]:
    """The ctmlp layers of a state_dict for the network type `spec` (activations come from the
    type). Every tensor must be a Linear's `<prefix>.weight` [out][in] or `<prefix>.bias` [out],
    in the order of the layers, and match the type exactly."""
    groups: "collections.OrderedDict[str, dict]" = collections.OrderedDict()
    for key, value in state.items():
        prefix, _, kind = key.rpartition(".")
        if kind not in ("weight", "bias"):
            raise ConversionError(f"state_dict entry '{key}': not a Linear layer's weight or bias; ctmlp "
                                  "imports Linear layers only (save a model without it)")
        t = value.detach().cpu().double().numpy() if hasattr(value, "detach") else np.asarray(value, float)
        groups.setdefault(prefix, {})[kind] = (key, t)
    for prefix, g in groups.items():
        if "weight" not in g:
            raise ConversionError(f"state_dict entry '{g['bias'][0]}': a bias without a weight")
        key, w = g["weight"]
        if w.ndim != 2:
            raise ConversionError(f"state_dict entry '{key}': shape {tuple(w.shape)} is not a Linear weight "
                                  "[out][in] (e.g. a BatchNorm or Conv parameter); not supported by ctmlp")
        if "bias" in g and g["bias"][1].shape != (w.shape[0],):
            raise ConversionError(f"state_dict entry '{g['bias'][0]}': shape {tuple(g['bias'][1].shape)}, "
                                  f"expected ({w.shape[0]},) for '{key}'")
    if len(groups) != len(spec.layers):
        raise ConversionError(f"layer count: the state_dict has {len(groups)} Linear layers "
                              f"({', '.join(groups)}), the C++ type has {len(spec.layers)} dense layers")
    layers = []
    fan_in = spec.input_size
    for k, ((prefix, g), ls) in enumerate(zip(groups.items(), spec.layers), start=1):
        key, w = g["weight"]
        if w.shape != (ls.units, fan_in):
            raise ConversionError(f"state_dict entry '{key}' (layer {k}): shape [out][in] = {tuple(w.shape)}, "
                                  f"the C++ type needs ({ls.units}, {fan_in})")
        has_bias = "bias" in g
        if has_bias != ls.has_bias:
            raise ConversionError(
                f"layer {k} ('{prefix}'): the state_dict {'has' if has_bias else 'has no'} bias, the C++ type "
                f"says {'ctmlp::no_bias' if not ls.has_bias else 'a bias (add ctmlp::no_bias to the type)'}")
        b = g["bias"][1] if has_bias else None
        layers.append(fmt.Layer(ls.units, ls.activation, w.T.copy(), b, slope=ls.slope))
        fan_in = ls.units
    return layers


def load(path: str, type_text: Optional[str] = None, scalar: Optional[str] = None
         ) -> tuple[list[fmt.Layer], int, str, str]:
    """Loads a saved module or state_dict and converts it: (layers, input_size, scalar, what).
    `what` describes the source for the header's first line."""
    torch = _torch()
    try:
        obj = torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001 - torch raises many kinds; report the cause
        raise ConversionError(f"cannot load '{path}' with torch.load: {e}") from e
    spec = fmt.parse_type(type_text) if type_text else None
    if spec is not None and scalar is not None and scalar != spec.scalar:
        raise ConversionError(f"--scalar {scalar} but the C++ type's scalar is {spec.scalar}")
    scalar = scalar or (spec.scalar if spec else "float")
    base = os.path.basename(path)
    if isinstance(obj, dict):
        if spec is None:
            raise ConversionError(f"'{base}' holds a state_dict (numbers without activations): give the ctmlp "
                                  "type with --type, or save the whole module with torch.save(model, path)")
        return layers_from_state_dict(obj, spec), spec.input_size, scalar, f"state_dict {base}"
    layers, n_in = layers_from_module(obj)
    if spec is not None:
        fmt.check_against(fmt.spec_of(layers, n_in, scalar), spec)
    return layers, n_in, scalar, f"torch.nn.{type(obj).__name__} from {base}"


def main(argv=None) -> int:
    """The command line (see the module's docstring); returns the exit status."""
    return fmt.run_converter(argv, prog="torch_to_ctmlp.py", description=__doc__.split("\n\n")[0],
                             model_help="file written by torch.save: a whole nn.Sequential or a state_dict",
                             type_help="the ctmlp network type (required for a state_dict)",
                             load=load, tool=TOOL, errors=(ConversionError,))


if __name__ == "__main__":
    sys.exit(main())
