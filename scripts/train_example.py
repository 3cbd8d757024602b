#!/usr/bin/env python3
"""Trains the example model of configs/trained_lstm.yaml and writes configs/trained/.

The task: which of four tones is hidden in a noisy 8-channel sequence of 32 steps. A sequence
carries one sinusoid (its frequency is the class; random phase and amplitude) mixed into the
channels with random per-sequence gains of random sign, under Gaussian noise on every channel.
No single step tells the frequency: the network has to follow the waveform over time. The class
is the argmax of the head's output at the last timestep.

The model is one nn.LSTM layer (8 -> 32) and an nn.Linear head (32 -> 4), run on every step. It
is trained dense, then pruned to 10% with exactly rnngen's `magnitude` rule (PruneNetwork in
generator/model/model.cc: each layer's [W | R] matrix, gates x hidden rows by input + hidden
columns, keeps its round(0.1 * size) largest magnitudes, and so does the head's W on its own;
biases are never pruned), gradually (50%, 25%, 10%) with the masks fixed while fine-tuning, and
exported with torch.onnx.export, the pruned weights exact zeros. rnngen's magnitude pruning to
10% then keeps exactly these non-zeros.

Writes, into configs/trained/:
  seq_lstm.onnx  the model (opset 13, batch_first, dynamic batch and time axes)
  test_x.npy     float32 [128, 32, 8] test sequences, values within [-4, 4]
  test_y.npy     int64 [128] their classes
  calib_x.npy    float32 [32, 32, 8] training sequences, for calibrating fixed-point formats

Usage (Debian's python3-torch, python3-numpy and python3-onnx; CPU, about a minute on two cores):
  /usr/bin/python3 scripts/train_example.py [--out DIR]
Deterministic: fixed seeds, two threads, deterministic algorithms.
"""

import argparse
import math
import os
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper

STEPS, INPUTS, HIDDEN, CLASSES = 32, 8, 48, 4
FREQS = (0.05, 0.09, 0.14, 0.20)  # cycles per step, one per class
NOISE = 0.5
DENSITY = 0.1
N_TRAIN, N_TEST, N_CALIB = 4000, 128, 32
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "configs", "trained"))


def make_data(rng, n):
    """n sequences [n, STEPS, INPUTS] (float32, within [-4, 4]) and their classes [n]."""
    y = rng.integers(0, CLASSES, size=n)
    t = np.arange(STEPS)
    phase = rng.uniform(0, 2 * math.pi, size=(n, 1))
    amp = rng.uniform(0.6, 1.4, size=(n, 1))
    tone = amp * np.sin(2 * math.pi * np.asarray(FREQS)[y][:, None] * t[None, :] + phase)
    gains = rng.uniform(0.3, 1.0, size=(n, 1, INPUTS)) * rng.choice([-1.0, 1.0], size=(n, 1, INPUTS))
    x = tone[:, :, None] * gains + rng.normal(0, NOISE, size=(n, STEPS, INPUTS))
    return np.clip(x, -4, 4).astype(np.float32), y.astype(np.int64)


class SeqClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.LSTM(INPUTS, HIDDEN, batch_first=True)
        self.fc = torch.nn.Linear(HIDDEN, CLASSES)

    def forward(self, x):
        """Head outputs at every step, [batch, time, classes] (what rnngen computes)."""
        y, _ = self.rnn(x)
        return self.fc(y)


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x)[:, -1].argmax(1) == y).float().mean().item()


def keep_count(size, density):
    """std::llround(density * size) for a positive product: halves round up."""
    return int(math.floor(density * size + 0.5))


def magnitude_mask(m, density):
    """rnngen's magnitude rule on one matrix: its keep_count largest |m|, ties to the lower
    row-major index (a stable sort on -|m|; rows in PyTorch's gate order, which matters only for
    exact ties at the threshold, and check_export makes sure there are none that count)."""
    flat = m.abs().flatten().numpy().astype(np.float64)
    order = np.argsort(-flat, kind="stable")
    mask = np.zeros(flat.size, np.float32)
    mask[order[:keep_count(flat.size, density)]] = 1.0
    return torch.from_numpy(mask.reshape(m.shape))


def make_masks(model, density):
    """Masks for weight_ih, weight_hh (pruned together as [W | R]) and fc.weight."""
    w, r = model.rnn.weight_ih_l0.data, model.rnn.weight_hh_l0.data
    wr = magnitude_mask(torch.cat([w, r], dim=1), density)
    return {model.rnn.weight_ih_l0: wr[:, :INPUTS].contiguous(),
            model.rnn.weight_hh_l0: wr[:, INPUTS:].contiguous(),
            model.fc.weight: magnitude_mask(model.fc.weight.data, density)}


def apply_masks(masks):
    with torch.no_grad():
        for p, m in masks.items():
            p.mul_(m)


def train(model, x, y, epochs, lr, masks=None, batch=64, seed=0):
    """Adam on the last step's cross-entropy, the learning rate falling to zero (cosine); with
    masks, pruned weights are set back to zero after every step."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs * math.ceil(len(x) / batch))
    gen = torch.Generator().manual_seed(seed)
    loss_fn = torch.nn.CrossEntropyLoss()
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=gen)
        for k in range(0, len(x), batch):
            idx = perm[k:k + batch]
            opt.zero_grad()
            loss_fn(model(x[idx])[:, -1], y[idx]).backward()
            opt.step()
            sched.step()
            if masks:
                apply_masks(masks)


def check_export(path, density):
    """Reads the exported model back and checks that rnngen's rule keeps exactly its non-zeros:
    each pruned matrix holds keep_count(size) non-zeros."""
    g = onnx.load(path).graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    lstm = next(n for n in g.node if n.op_type == "LSTM")
    w, r = inits[lstm.input[1]][0], inits[lstm.input[2]][0]
    matmul = next(n for n in g.node if n.op_type == "MatMul")
    for name, m in (("LSTM [W | R]", np.concatenate([w, r], axis=1)), ("head W", inits[matmul.input[1]])):
        nnz, want = int(np.count_nonzero(m)), keep_count(m.size, density)
        print(f"exported {name} {list(m.shape)}: {nnz} non-zeros (rnngen keeps {want})")
        assert nnz == want, f"{name}: {nnz} non-zeros, expected {want}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=OUT, help="folder to write (default configs/trained)")
    args = parser.parse_args()
    start = time.time()
    torch.set_num_threads(1)  # as fast as two for these small matrices, and no spinning on a busy machine
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(2024)
    x_train, y_train = make_data(rng, N_TRAIN)
    x_test, y_test = make_data(rng, N_TEST)
    x_tr, y_tr = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_te, y_te = torch.from_numpy(x_test), torch.from_numpy(y_test)

    model = SeqClassifier()
    train(model, x_tr, y_tr, epochs=20, lr=3e-3, seed=1)
    dense = accuracy(model, x_te, y_te)
    print(f"dense:                   test accuracy {dense:.4f}")
    one_shot = SeqClassifier()
    one_shot.load_state_dict(model.state_dict())
    apply_masks(make_masks(one_shot, DENSITY))
    pruned = accuracy(one_shot, x_te, y_te)
    print(f"pruned to {DENSITY:.0%}, before fine-tuning: test accuracy {pruned:.4f}")
    for step, (density, epochs) in enumerate(((0.5, 3), (0.3, 3), (0.2, 4), (0.14, 4), (DENSITY, 20))):
        masks = make_masks(model, density)
        apply_masks(masks)
        train(model, x_tr, y_tr, epochs=epochs, lr=2e-3, masks=masks, seed=10 + step)
        print(f"fine-tuned at density {density:.2f}:  test accuracy {accuracy(model, x_te, y_te):.4f}")
    final = accuracy(model, x_te, y_te)
    print(f"final (10%, fine-tuned): test accuracy {final:.4f}")

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "seq_lstm.onnx")
    model.eval()
    torch.onnx.export(model, x_te[:1], path, opset_version=13, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch", 1: "time"}, "y": {0: "batch", 1: "time"}})
    check_export(path, DENSITY)
    np.save(os.path.join(args.out, "test_x.npy"), x_test)
    np.save(os.path.join(args.out, "test_y.npy"), y_test)
    np.save(os.path.join(args.out, "calib_x.npy"), x_train[:N_CALIB])
    ranges = {name: float(p.detach().abs().max()) for name, p in model.named_parameters()}
    print("largest |weight|: " + ", ".join(f"{k} {v:.3f}" for k, v in ranges.items()))
    print(f"wrote {path} ({os.path.getsize(path)} bytes) and the .npy files; {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
