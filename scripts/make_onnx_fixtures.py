#!/usr/bin/env python3
"""Writes tests/onnx/: small ONNX models for the importer (model/onnx_import.cc) and, for the
good ones, the outputs ONNX's own numpy helpers (LSTM_Helper / GRU_Helper) give on an input
sequence, with the head computed in numpy. The bad ones each use one thing rnngen rejects.

The torch_* models are built by hand in the shape PyTorch 1.13's torch.onnx.export gives
nn.LSTM / nn.GRU + nn.Linear: zero initial states computed from the input's shape (Shape,
Gather, Unsqueeze, Concat, then Expand of a zero Constant, or ConstantOfShape with dynamic axes),
Transposes around the layer for batch_first, and Add(bias, MatMul) for the Linear. No torch is
needed to regenerate them.

Usage (Debian's python3-onnx and python3-numpy):  /usr/bin/python3 scripts/make_onnx_fixtures.py
"""

import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.backend.test.case.node import gru as onnx_gru
from onnx.backend.test.case.node import lstm as onnx_lstm

LstmHelper = getattr(onnx_lstm, "LSTM_Helper", None) or getattr(onnx_lstm, "LSTMHelper")
GruHelper = getattr(onnx_gru, "GRU_Helper", None) or getattr(onnx_gru, "GRUHelper")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "onnx")
rng = np.random.default_rng(5)


def f32(*shape, scale=1.0):
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


class Net:
    """A chain of nodes: recurrent layers, then fully connected ones."""

    def __init__(self, input_size):
        self.nodes, self.inits, self.last, self.n = [], [], "X", 0
        self.inputs = [helper.make_tensor_value_info("X", TensorProto.FLOAT, None)]
        self.input_size = input_size
        self.layers = []  # (kind, params) for the reference

    def name(self, base):
        self.n += 1
        return f"{base}{self.n}"

    def const(self, array):
        name = self.name("w")
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op, inputs, base=None, **attrs):
        """Appends one node; returns its output."""
        out = self.name((base or op.lower()) + "_out")
        self.nodes.append(helper.make_node(op, inputs, [out], name=self.name(base or op.lower()), **attrs))
        return out

    def constant(self, array):
        return self.node("Constant", [], value=numpy_helper.from_array(array))

    def state_shape(self, seq, hidden):
        """[1, batch, hidden] from the input's shape, as torch.onnx.export computes it."""
        batch = self.node("Gather", [self.node("Shape", [seq]), self.constant(np.array(1, np.int64))], axis=0)
        batch = self.node("Unsqueeze", [batch, self.constant(np.array([0], np.int64))])
        return self.node("Concat", [self.constant(np.array([1], np.int64)), batch,
                                    self.constant(np.array([hidden], np.int64))], axis=0)

    def initial_states(self, seq, hidden, count, init, value):
        """`count` initial states (h, then c) made as `init` says, every element `value`."""
        if init == "input":
            name = f"H{len(self.inputs)}"
            self.inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, 1, hidden]))
            return [name] * count
        if init == "constant_of_shape":  # torch with dynamic_axes: one node for h and c
            value_attr = {} if value == 0 else {"value": numpy_helper.from_array(np.array([value], np.float32))}
            return [self.node("ConstantOfShape", [self.state_shape(seq, hidden)], **value_attr)] * count
        zero = self.constant(np.full((1, 1, hidden), value, np.float32))  # "expand": torch, fixed shapes
        return [self.node("Expand", [zero, self.state_shape(seq, hidden)]) for _ in range(count)]

    def recurrent(self, op, input_size, hidden, peep=False, lbr=0, init=None, init_value=0.0,
                  batch_first=False, **attrs):
        g = 4 if op == "LSTM" else 3
        w, r, b = f32(1, g * hidden, input_size), f32(1, g * hidden, hidden), f32(1, 2 * g * hidden, scale=0.3)
        if batch_first:
            self.last = self.node("Transpose", [self.last], perm=[1, 0, 2])
        ins = [self.last, self.const(w), self.const(r), self.const(b)]
        p = f32(1, 3 * hidden, scale=0.5) if peep else None
        if init:
            ins += [""] + self.initial_states(self.last, hidden, 2 if op == "LSTM" else 1, init, init_value)
        if peep:
            ins += [""] * (7 - len(ins)) + [self.const(p)]
        if op == "GRU":
            attrs["linear_before_reset"] = lbr
        y = self.name("y")
        self.nodes.append(helper.make_node(op, ins, [y], name=self.name(op.lower()), hidden_size=hidden, **attrs))
        sq = self.name("sq")
        self.nodes.append(helper.make_node("Squeeze", [y, self.const(np.array([1], np.int64))], [sq], name=self.name("squeeze")))
        self.last = sq
        if batch_first:
            self.last = self.node("Transpose", [self.last], perm=[1, 0, 2])
        self.layers.append((op, dict(W=w, R=r, B=b, P=p, lbr=lbr)))

    def dense(self, k, n, act=None, gemm=True, bias_first=False):
        w, b = f32(n, k, scale=0.8), f32(n, scale=0.3)
        out = self.name("d")
        if gemm:
            self.nodes.append(helper.make_node("Gemm", [self.last, self.const(w), self.const(b)], [out],
                                               name=self.name("gemm"), transB=1))
        else:
            mm = self.name("mm")
            self.nodes.append(helper.make_node("MatMul", [self.last, self.const(w.T.copy())], [mm], name=self.name("matmul")))
            add_in = [self.const(b), mm] if bias_first else [mm, self.const(b)]
            self.nodes.append(helper.make_node("Add", add_in, [out], name=self.name("add")))
        self.last = out
        if act:
            a = self.name("a")
            self.nodes.append(helper.make_node(act, [out], [a], name=self.name(act.lower())))
            self.last = a
        self.layers.append(("Dense", dict(W=w, b=b, act=act)))

    def save(self, name):
        g = helper.make_graph(self.nodes, name, self.inputs,
                              [helper.make_tensor_value_info(self.last, TensorProto.FLOAT, None)], initializer=self.inits)
        onnx.save(helper.make_model(g), os.path.join(OUT, name + ".onnx"))

    def reference(self, x):
        """Outputs [T][N] for inputs [T][I], float64 throughout."""
        seq = x.astype(np.float64)
        for kind, p in self.layers:
            if kind == "Dense":
                seq = seq @ p["W"].astype(np.float64).T + p["b"]
                seq = {None: seq, "Relu": np.maximum(seq, 0), "Sigmoid": 1 / (1 + np.exp(-seq)),
                       "Tanh": np.tanh(seq)}[p["act"]]
                continue
            args = dict(X=seq[:, None, :], W=p["W"].astype(np.float64), R=p["R"].astype(np.float64),
                        B=p["B"].astype(np.float64))
            if kind == "LSTM":
                if p["P"] is not None:
                    args["P"] = p["P"].astype(np.float64)
                y = LstmHelper(**args).step()
            else:
                y = GruHelper(**args, linear_before_reset=p["lbr"]).step()
            seq = np.asarray(y[0] if isinstance(y, tuple) else y).reshape(len(x), -1)
        return seq


def good(name, net, steps=6):
    net.save(name)
    x = rng.uniform(-1, 1, size=(steps, net.input_size))
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"x": x.tolist(), "y": net.reference(x).tolist()}, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    n = Net(3); n.recurrent("LSTM", 3, 4); n.dense(4, 2, "Relu"); good("lstm_gemm_relu", n)
    n = Net(2); n.recurrent("GRU", 2, 5, lbr=1); n.dense(5, 3, "Sigmoid", gemm=False); good("gru_matmul_add", n)
    n = Net(3); n.recurrent("LSTM", 3, 4, peep=True); n.recurrent("GRU", 4, 3, lbr=0); good("lstm_peep_gru", n)
    # Bad: one unsupported thing each.
    n = Net(3); n.recurrent("LSTM", 3, 4, clip=3.0); n.save("bad_clip")
    n = Net(3); n.recurrent("LSTM", 3, 4, direction="reverse"); n.save("bad_reverse")
    n = Net(3); n.recurrent("LSTM", 3, 4, activations=["Sigmoid", "Relu", "Tanh"]); n.save("bad_activations")
    n = Net(3); n.recurrent("LSTM", 3, 4, input_forget=1); n.save("bad_input_forget")
    n = Net(3); n.recurrent("GRU", 3, 4, lbr=1); n.save("bad_lbr")
    n = Net(3); n.recurrent("LSTM", 3, 4)
    n.nodes.insert(0, helper.make_node("Conv", ["X", "X"], ["c"], name="conv0")); n.save("bad_operator")
    # As torch.onnx.export writes nn.LSTM / nn.GRU (batch_first) + nn.Linear: zero initial states.
    n = Net(3); n.recurrent("LSTM", 3, 4, init="expand"); n.dense(4, 2, gemm=False, bias_first=True)
    good("torch_lstm_expand", n)
    n = Net(2); n.recurrent("GRU", 2, 5, lbr=1, init="constant_of_shape", batch_first=True)
    n.dense(5, 3, gemm=False, bias_first=True); good("torch_gru_batch_first", n)
    # Initial states that are not zero, or not constant; an Expand on the data path.
    n = Net(3); n.recurrent("LSTM", 3, 4, init="expand", init_value=0.5); n.save("bad_init_expand")
    n = Net(3); n.recurrent("LSTM", 3, 4, init="constant_of_shape", init_value=1.0); n.save("bad_init_constant_of_shape")
    n = Net(3); n.recurrent("GRU", 3, 4, init="input"); n.save("bad_init_input")
    n = Net(3); n.recurrent("LSTM", 3, 4)
    n.last = n.node("Expand", [n.last, n.constant(np.array([1, 1, 4], np.int64))], base="expand_data")
    n.save("bad_expand_data")


if __name__ == "__main__":
    main()
