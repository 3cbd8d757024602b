#!/usr/bin/env python3
"""Writes tests/conformance/*.json: random seeded recurrent layers, input sequences and the
reference outputs our float model (generator/model/network.cc) must reproduce.

LSTM and GRU outputs come from ONNX's own numpy reference (LSTM_Helper / GRU_Helper in
onnx/backend/test/case/node/{lstm,gru}.py), called in float64. ONNX has no projection, so LSTMP
is computed here from the PyTorch definition of nn.LSTM(proj_size). If torch is importable, the
LSTMP reference and the ONNX helpers are also checked against torch.nn.LSTM / torch.nn.GRU, and
the largest differences are printed.

Usage (Debian's python3-onnx and python3-numpy; python3-torch optional):
  /usr/bin/python3 scripts/make_conformance_fixtures.py [OUT_DIR]
"""

import json
import os
import sys

import numpy as np
from onnx.backend.test.case.node import gru as onnx_gru
from onnx.backend.test.case.node import lstm as onnx_lstm

# The helper classes were renamed between ONNX releases.
LstmHelper = getattr(onnx_lstm, "LSTM_Helper", None) or getattr(onnx_lstm, "LSTMHelper")
GruHelper = getattr(onnx_gru, "GRU_Helper", None) or getattr(onnx_gru, "GRUHelper")

SEED = 20240604


def draw_layer(rng, cell, input_size, hidden_size, proj_size=0, peepholes=False, lbr=False):
    """One layer in ONNX layout, float64. Weights ~ U(-s, s) with s = 1.5/sqrt(fan_in) so
    pre-activations stay mostly in (-3, 3): gates are neither saturated nor linear."""
    gates = 4 if cell == "lstm" else 3
    out = proj_size or hidden_size
    rows = gates * hidden_size

    def uni(scale, *shape):
        return rng.uniform(-scale, scale, size=shape)

    layer = {
        "cell": cell,
        "input_size": input_size,
        "hidden_size": hidden_size,
        "proj_size": proj_size,
        "peepholes": peepholes,
        "linear_before_reset": lbr,
        "w": uni(1.5 / np.sqrt(input_size), rows, input_size),
        "r": uni(1.5 / np.sqrt(out), rows, out),
        "wb": uni(0.5, rows),
        "rb": uni(0.5, rows),
        "p": uni(1.0, 3 * hidden_size) if peepholes else np.zeros(0),
        "proj": uni(1.5 / np.sqrt(hidden_size), proj_size, hidden_size) if proj_size
                else np.zeros((0, hidden_size)),
    }
    return layer


def onnx_reference(layer, x):
    """Y [T][H] from ONNX's helper (batch 1, forward, zero initial state)."""
    h = layer["hidden_size"]
    args = {
        "X": x[:, None, :],  # [T][batch][I]
        "W": layer["w"][None],
        "R": layer["r"][None],
        "B": np.concatenate([layer["wb"], layer["rb"]])[None],
        "initial_h": np.zeros((1, 1, h)),
    }
    if layer["cell"] == "lstm":
        args["initial_c"] = np.zeros((1, 1, h))
        if layer["peepholes"]:
            args["P"] = layer["p"][None]
        y, _ = LstmHelper(**args).step()
    else:
        args["linear_before_reset"] = int(layer["linear_before_reset"])
        y, _ = GruHelper(**args).step()
    return y[:, 0, 0, :]


def lstmp_reference(layer, x):
    """PyTorch nn.LSTM(proj_size) semantics in ONNX gate order: m = o*tanh(c), y = W_hr m, and y
    is both the output and what R multiplies next step."""
    h = layer["hidden_size"]
    y = np.zeros(layer["proj_size"])
    c = np.zeros(h)
    ys = []
    for xt in x:
        g = layer["w"] @ xt + layer["r"] @ y + layer["wb"] + layer["rb"]
        i, o, f, cc = (g[k * h:(k + 1) * h] for k in range(4))
        sig = lambda v: 1 / (1 + np.exp(-v))
        c = sig(f) * c + sig(i) * np.tanh(cc)
        y = layer["proj"] @ (sig(o) * np.tanh(c))
        ys.append(y)
    return np.array(ys)


def layer_reference(layer, x):
    if layer["proj_size"]:
        return lstmp_reference(layer, x)
    return onnx_reference(layer, x)


def torch_reference(layer, x):
    """The same layer through torch.nn.LSTM / nn.GRU in float64 (None if it has no torch
    equivalent: peepholes, GRU with linear_before_reset 0)."""
    import torch
    h, i = layer["hidden_size"], layer["input_size"]
    t = lambda a: torch.tensor(a, dtype=torch.float64)
    if layer["cell"] == "lstm":
        if layer["peepholes"]:
            return None
        order = [0, 2, 3, 1]  # ONNX i,o,f,c -> torch i,f,g,o
        mod = torch.nn.LSTM(i, h, proj_size=layer["proj_size"]).double()
    else:
        if not layer["linear_before_reset"]:
            return None
        order = [1, 0, 2]  # ONNX z,r,h -> torch r,z,n
        mod = torch.nn.GRU(i, h).double()
    blocks = lambda a: np.concatenate([a[k * h:(k + 1) * h] for k in order])
    with torch.no_grad():
        mod.weight_ih_l0.copy_(t(blocks(layer["w"])))
        mod.weight_hh_l0.copy_(t(blocks(layer["r"])))
        mod.bias_ih_l0.copy_(t(blocks(layer["wb"])))
        mod.bias_hh_l0.copy_(t(blocks(layer["rb"])))
        if layer["proj_size"]:
            mod.weight_hr_l0.copy_(t(layer["proj"]))
        y, _ = mod(t(x)[:, None, :])
    return y[:, 0, :].numpy()


# name: (layers as draw_layer keyword arguments, timesteps). Sizes include 1; a stack chains
# the references, each layer's input being the previous layer's Y.
CASES = {
    "lstm_i1_h1": ([dict(cell="lstm", input_size=1, hidden_size=1)], 6),
    "lstm_i3_h4": ([dict(cell="lstm", input_size=3, hidden_size=4)], 7),
    "lstm_i5_h6": ([dict(cell="lstm", input_size=5, hidden_size=6)], 5),
    "lstm_peep_i2_h1": ([dict(cell="lstm", input_size=2, hidden_size=1, peepholes=True)], 6),
    "lstm_peep_i4_h3": ([dict(cell="lstm", input_size=4, hidden_size=3, peepholes=True)], 7),
    "gru_lbr0_i1_h1": ([dict(cell="gru", input_size=1, hidden_size=1)], 6),
    "gru_lbr0_i3_h5": ([dict(cell="gru", input_size=3, hidden_size=5)], 7),
    "gru_lbr1_i2_h1": ([dict(cell="gru", input_size=2, hidden_size=1, lbr=True)], 6),
    "gru_lbr1_i4_h6": ([dict(cell="gru", input_size=4, hidden_size=6, lbr=True)], 5),
    "lstmp_i3_h4_p2": ([dict(cell="lstm", input_size=3, hidden_size=4, proj_size=2)], 7),
    "lstmp_i2_h5_p1": ([dict(cell="lstm", input_size=2, hidden_size=5, proj_size=1)], 6),
    "stack_lstm_gru_lstmp": ([dict(cell="lstm", input_size=3, hidden_size=4, peepholes=True),
                              dict(cell="gru", input_size=4, hidden_size=3),
                              dict(cell="lstm", input_size=3, hidden_size=4, proj_size=2)], 6),
}


def to_json(layer):
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in layer.items()}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "conformance")
    os.makedirs(out_dir, exist_ok=True)
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
        print("torch not importable: skipping the torch cross-check")
    rng = np.random.default_rng(SEED)
    for name, (specs, steps) in CASES.items():
        layers = [draw_layer(rng, **s) for s in specs]
        x = rng.uniform(-1, 1, size=(steps, layers[0]["input_size"]))
        v = x
        for layer in layers:
            v = layer_reference(layer, v)
        fixture = {"name": name, "layers": [to_json(l) for l in layers], "x": x.tolist(),
                   "y": v.tolist()}
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(fixture, f, separators=(",", ":"))  # floats as repr: round-trip exact
            f.write("\n")
        line = f"{name}: T={steps} max|y|={np.abs(v).max():.3f}"
        if have_torch and len(layers) == 1:
            ref = torch_reference(layers[0], x)
            line += (" torch: n/a" if ref is None
                     else f" max|reference - torch|={np.abs(ref - v).max():.3g}")
        print(line)


if __name__ == "__main__":
    main()
