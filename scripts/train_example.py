#!/usr/bin/env python3
"""Trains the example model of configs/trained_lstm.yaml and writes configs/trained/.

The task: which of four tones is hidden in a noisy 8-channel sequence of 32 steps. A sequence
carries one sinusoid (its frequency is the class; random phase and amplitude) mixed into the
channels with random per-sequence gains of random sign, under Gaussian noise on every channel.
No single step tells the frequency: the network has to follow the waveform over time. The class
is the argmax of the head's output at the last timestep.

The model is one nn.LSTM layer (8 -> 48) and an nn.Linear head (48 -> 4), run on every step. It
is trained dense, then pruned to 10% with exactly rnngen's `magnitude` rule (PruneNetwork in
generator/model/model.cc: each layer's [W | R] matrix, gates x hidden rows by input + hidden
columns, keeps its round(0.1 * size) largest magnitudes, and so does the head's W on its own;
biases are never pruned), gradually (50%, 30%, 20%, 14%, 10%) with the masks fixed while fine-tuning, and
exported with torch.onnx.export, the pruned weights exact zeros. rnngen's magnitude pruning to
10% then keeps exactly these non-zeros.

With --circulant K the same dense-trained model is instead made block-circulant (E-RNN, C-LSTM;
rnngen's sparsity encoding `circulant`) and fine-tuned so, into configs/trained_circulant/. The
convention, which rnngen's import relies on: weight_ih_l0 (4H x X), weight_hh_l0 (4H x H) and
fc.weight (4 x H) are each taken on their own, the first two gate by gate as four H-row matrices
(PyTorch's gate order i, f, g, o: rows g*H .. g*H+H-1; the ONNX export reorders the gates to i, o,
f, c, which leaves each gate's matrix as it is). Each such m x n matrix M is cut into K x K blocks
from row 0 and column 0; block (I, J) is one length-K vector v with
  M[I*K + a][J*K + b] = v[(a - b) mod K]   for a, b in 0..K-1, I*K + a < m, J*K + b < n,
a block at the bottom or right edge keeping its whole vector (its elements outside M don't exist).
Biases stay free. The trainable parameters are the vectors, expanded to the full matrices by an
index gather in forward; the dense model's projection onto this structure (least squares: each
block diagonal the mean of its existing elements) is the start, fine-tuned with Adam. The export
is the plain model holding the expanded matrices: the same graph, LSTM node and MatMul/Add head,
every block diagonal bit-for-bit equal in float32 (check_circulant reads it back to make sure).

With --codebook N the pruned model's weights are then shared as Deep Compression (Han et al.)
trains them and rnngen's `weights.codebook: N` shares them (ShareNetwork in
generator/model/model.cc), into configs/trained_codebook/: each matrix that pruning treats as one
([W | R] over all gates, the head's W) has its non-zeros replaced by the nearest of N - 1 shared
values, the exact 1-D k-means of them with the least squared error (kmeans_1d is rnngen's KMeans1D,
generator/model/codebook.cc, in the same doubles, so the start is rnngen's shared model). Code 0 is
the zero weight; biases are not shared. The codes then stay fixed and the shared values and the
biases are fine-tuned with Adam, the matrices gathered from the values in forward, so a value's
gradient is the sum of its members'. The export is the plain model holding the gathered matrices,
the same graph; check_codebook reads it back to make sure each matrix has at most N - 1 distinct
values, on exactly the pruned model's non-zeros, so that rnngen's pruning to 10% keeps them all and
its k-means into N - 1 clusters gives them back unchanged.

Writes, into configs/trained/ (configs/trained_circulant/ with --circulant, configs/trained_codebook/
with --codebook):
  seq_lstm.onnx  the model (opset 13, batch_first, dynamic batch and time axes)
  test_x.npy     float32 [128, 32, 8] test sequences, values within [-4, 4]
  test_y.npy     int64 [128] their classes
  calib_x.npy    float32 [32, 32, 8] training sequences, for calibrating fixed-point formats
The .npy files are the same in all three (the same draws in the same order).

Usage (Debian's python3-torch, python3-numpy and python3-onnx; CPU, about a minute on two cores):
  /usr/bin/python3 scripts/train_example.py [--out DIR]
  /usr/bin/python3 scripts/train_example.py --circulant 8 [--out DIR]   (a minute or so longer)
  /usr/bin/python3 scripts/train_example.py --codebook 16 [--out DIR]   (half a minute or so longer)
  /usr/bin/python3 scripts/train_example.py --eval-set 2048 --out DIR   (no training: writes
      DIR/eval_x.npy and DIR/eval_y.npy, held-out sequences from a draw of their own, for an
      accuracy measured finer than the 128 test sequences' 0.78 points a sequence)
Deterministic: fixed seeds, one thread, deterministic algorithms.
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
EVAL_SEED = 99  # --eval-set: a generator apart from the training and test draws (2024)
CONFIGS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "configs"))
OUT = os.path.join(CONFIGS, "trained")
OUT_CIRCULANT = os.path.join(CONFIGS, "trained_circulant")
OUT_CODEBOOK = os.path.join(CONFIGS, "trained_codebook")


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


def circulant_index(rows, cols, k):
    """[rows, cols] indices of a rows x cols matrix's elements into its block vectors, flattened
    from [row blocks, column blocks, k]: element (I*k + a, J*k + b) is v_IJ[(a - b) mod k]."""
    r, c = np.arange(rows)[:, None], np.arange(cols)[None, :]
    return torch.from_numpy(((r // k * -(-cols // k) + c // k) * k + (r % k - c % k) % k).astype(np.int64))


class CirculantSeqClassifier(torch.nn.Module):
    """SeqClassifier with block-circulant weight matrices. The parameters are the block vectors,
    [gates, row blocks, column blocks, k] per matrix, and the biases; forward expands the vectors
    to the full matrices by a gather, so the gradient of each vector element sums over its
    diagonal."""

    # per matrix: its name in SeqClassifier, gates, rows per gate, columns
    MATRICES = (("rnn.weight_ih_l0", 4, HIDDEN, INPUTS), ("rnn.weight_hh_l0", 4, HIDDEN, HIDDEN),
                ("fc.weight", 1, CLASSES, HIDDEN))

    def __init__(self, k):
        super().__init__()
        self.k = k
        self.vectors = torch.nn.ParameterList()
        for i, (_, gates, rows, cols) in enumerate(self.MATRICES):
            self.vectors.append(torch.nn.Parameter(torch.zeros(gates, -(-rows // k), -(-cols // k), k)))
            self.register_buffer(f"index{i}", circulant_index(rows, cols, k), persistent=False)
        self.b_ih = torch.nn.Parameter(torch.zeros(4 * HIDDEN))
        self.b_hh = torch.nn.Parameter(torch.zeros(4 * HIDDEN))
        self.b_fc = torch.nn.Parameter(torch.zeros(CLASSES))

    def matrices(self):
        """The full matrices, [gates * rows, columns] each, in the order of MATRICES."""
        return [v.flatten(1)[:, getattr(self, f"index{i}")].flatten(0, 1) for i, v in enumerate(self.vectors)]

    def forward(self, x):
        w_ih, w_hh, w_fc = self.matrices()
        h0 = x.new_zeros(1, x.shape[0], HIDDEN)
        # nn.LSTM runs on its cached _flat_weights, which neither parametrize nor functional_call
        # reach in this torch: call its kernel with the expanded matrices instead
        y = torch._VF.lstm(x, (h0, h0), [w_ih, w_hh, self.b_ih, self.b_hh], True, 1, 0.0, self.training,
                           False, True)[0]
        return torch.nn.functional.linear(y, w_fc, self.b_fc)

    @classmethod
    def project(cls, dense, k):
        """The least-squares block-circulant model nearest to a SeqClassifier: each block diagonal
        the mean of its existing elements (a diagonal with none, at an edge, is unused and 0)."""
        model = cls(k)
        state = dense.state_dict()
        with torch.no_grad():
            for i, (name, gates, _, _) in enumerate(cls.MATRICES):
                index, v = getattr(model, f"index{i}").flatten(), model.vectors[i]
                size = v[0].numel()
                sums = torch.zeros(gates, size, dtype=torch.float64).index_add_(
                    1, index, state[name].double().reshape(gates, -1))
                counts = torch.zeros(size, dtype=torch.float64).index_add_(
                    0, index, torch.ones(index.numel(), dtype=torch.float64))
                v.copy_((sums / counts.clamp(min=1)).reshape(v.shape))
            model.b_ih.copy_(state["rnn.bias_ih_l0"])
            model.b_hh.copy_(state["rnn.bias_hh_l0"])
            model.b_fc.copy_(state["fc.bias"])
        return model

    def expanded(self):
        """A plain SeqClassifier holding the expanded matrices (what gets exported)."""
        model = SeqClassifier()
        with torch.no_grad():
            state = {name: m for (name, _, _, _), m in zip(self.MATRICES, self.matrices())}
            state.update({"rnn.bias_ih_l0": self.b_ih, "rnn.bias_hh_l0": self.b_hh, "fc.bias": self.b_fc})
            model.load_state_dict({name: t.detach().clone() for name, t in state.items()})
        return model


def check_circulant(path, k, model):
    """Reads the exported model back and checks that each weight matrix is exactly block-circulant
    (every existing element of a block diagonal the same float32 bits) and is the trained model's.
    The ONNX LSTM holds the gates in the order i, o, f, c; PyTorch's are i, f, g(= c), o."""
    g = onnx.load(path).graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    lstm = next(n for n in g.node if n.op_type == "LSTM")
    matmul = next(n for n in g.node if n.op_type == "MatMul")
    state = {name: t.numpy() for name, t in model.state_dict().items()}
    iofc = [0, 3, 1, 2]
    stored_sum = size_sum = 0
    for name, m, mine, gates in (
            ("LSTM W", inits[lstm.input[1]][0], state["rnn.weight_ih_l0"], 4),
            ("LSTM R", inits[lstm.input[2]][0], state["rnn.weight_hh_l0"], 4),
            ("head W", inits[matmul.input[1]].T, state["fc.weight"], 1)):
        rows, cols = m.shape[0] // gates, m.shape[1]
        want = mine.reshape(gates, rows, cols)[iofc if gates == 4 else [0]].reshape(m.shape)
        assert m.dtype == np.float32 and np.array_equal(m.view(np.uint32), want.view(np.uint32)), \
            f"{name}: not the trained matrix"
        index = circulant_index(rows, cols, k).numpy()
        blocks = -(-rows // k) * -(-cols // k)
        for gate in range(gates):
            bits = m[gate * rows:(gate + 1) * rows].view(np.uint32)
            v = np.zeros(blocks * k, np.uint32)
            v[index] = bits  # some element of each diagonal; all of them must be equal to it
            assert np.array_equal(v[index], bits), f"{name}, gate {gate}: not block-circulant with K={k}"
        stored = gates * blocks * k
        stored_sum, size_sum = stored_sum + stored, size_sum + m.size
        print(f"exported {name} {list(m.shape)}: block-circulant, {gates} gate(s) x {blocks} blocks of "
              f"{k}: {stored} stored values of {m.size} ({stored / m.size:.1%})")
    print(f"exported weights: {stored_sum} stored values of {size_sum} ({stored_sum / size_sum:.1%})")


def fine_tune(model, kind, start, x_tr, y_tr, x_te, y_te, epochs, lr, seed):
    """Fine-tunes a model whose parameters are its structure's own (block vectors, shared values)
    and returns the plain SeqClassifier holding its expanded matrices, checked to compute the same."""
    print(f"{kind}, {start}, before fine-tuning: test accuracy {accuracy(model, x_te, y_te):.4f}")
    train(model, x_tr, y_tr, epochs=epochs, lr=lr, seed=seed)
    final = accuracy(model, x_te, y_te)
    print(f"final ({kind}, fine-tuned): test accuracy {final:.4f}")
    plain = model.expanded()
    with torch.no_grad():  # the same kernels on the same matrices
        assert torch.allclose(plain(x_te), model(x_te), rtol=0, atol=1e-6)
    assert accuracy(plain, x_te, y_te) == final
    return plain


def fine_tune_circulant(dense, k, x_tr, y_tr, x_te, y_te):
    """Projects the dense-trained model onto block-circulant matrices of block k and fine-tunes
    it so; returns the plain SeqClassifier holding the expanded matrices."""
    model = CirculantSeqClassifier.project(dense, k)
    # the projection alone is near chance, so this is nearly a retraining: the dense run's rate and
    # twice its epochs (as good as training the vectors from scratch, and better than fewer epochs)
    return fine_tune(model, f"circulant K={k}", "projected", x_tr, y_tr, x_te, y_te,
                     epochs=40, lr=3e-3, seed=10)


def kmeans_1d(values, clusters):
    """rnngen's KMeans1D (generator/model/codebook.cc), the same doubles in the same order of
    operations: the k-means of `values` into at most `clusters` ascending centroids with the least
    squared error, by dynamic programming over the sorted distinct values, each row of the cut
    table filled by divide and conquer (the first best cut at a tie, as rnngen's strict <).
    Change the two together."""
    x, w = np.unique(np.asarray(values, np.float64), return_counts=True)
    if x.size <= clusters:
        return x
    assert x.size <= (1 << 26) // clusters, "rnngen would merge the values into bins first"
    w = w.astype(np.float64)
    m = x.size
    # np.cumsum adds in sequence, as rnngen's prefix sums do
    sw, sx, sxx = (np.concatenate([[0.0], np.cumsum(t)]) for t in (w, w * x, w * x * x))

    def cost(j, i):  # squared error of x[j..i) around its mean
        n, s = sw[i] - sw[j], sx[i] - sx[j]
        return np.maximum(0.0, (sxx[i] - sxx[j]) - s * s / n)

    prev = np.concatenate([[0.0], cost(0, np.arange(1, m + 1))])
    cut = np.zeros((clusters + 1, m + 1), np.int64)
    for k in range(2, clusters + 1):
        cur = np.full(m + 1, np.inf)
        todo = [(k, m, k - 1, m - 1)]  # cur[lo..hi], their cut known to lie in [cut_lo, cut_hi]
        while todo:
            lo, hi, cut_lo, cut_hi = todo.pop()
            if lo > hi:
                continue
            i = lo + (hi - lo) // 2
            j = np.arange(cut_lo, min(cut_hi, i - 1) + 1)
            e = prev[j] + cost(j, i)
            best = int(j[np.argmin(e)])
            cur[i], cut[k, i] = e.min(), best
            if i > lo:
                todo.append((lo, i - 1, cut_lo, best))
            todo.append((i + 1, hi, best, cut_hi))
        prev = cur
    centroids = np.zeros(clusters)
    end = m
    for k in range(clusters, 0, -1):
        begin = 0 if k == 1 else cut[k, end]
        centroids[k - 1] = (sx[end] - sx[begin]) / (sw[end] - sw[begin])
        end = begin
    return centroids


def nearest(c, v):
    """rnngen's Nearest: index of the value in ascending c nearest to each v, the lower at a tie."""
    if c.size == 1:
        return np.zeros(v.shape, np.int64)
    at = np.searchsorted(c, v, side="left")  # std::lower_bound
    hi = np.clip(at, 1, c.size - 1)
    pick = np.where(v - c[hi - 1] <= c[hi] - v, hi - 1, hi)
    return np.where(at == 0, 0, np.where(at == c.size, c.size - 1, pick))


class SharedSeqClassifier(torch.nn.Module):
    """SeqClassifier whose weight matrices draw their non-zeros from a few shared values each. The
    parameters are each matrix's shared values and the biases; forward gathers the matrices from
    [0, values] by fixed codes (code 0 the pruned zero), so the gradient of a shared value is the
    sum of its members' gradients."""

    # per matrix: the names in SeqClassifier of its column blocks
    MATRICES = (("rnn.weight_ih_l0", "rnn.weight_hh_l0"), ("fc.weight",))

    def __init__(self, codes, values, state):
        super().__init__()
        self.values = torch.nn.ParameterList(torch.nn.Parameter(v) for v in values)
        for i, c in enumerate(codes):
            self.register_buffer(f"codes{i}", c, persistent=False)
        self.b_ih = torch.nn.Parameter(state["rnn.bias_ih_l0"].clone())
        self.b_hh = torch.nn.Parameter(state["rnn.bias_hh_l0"].clone())
        self.b_fc = torch.nn.Parameter(state["fc.bias"].clone())

    def matrices(self):
        """The full matrices: [W_ih | W_hh] (PyTorch's gate order) and the head's W."""
        return [torch.cat([v.new_zeros(1), v])[getattr(self, f"codes{i}")] for i, v in enumerate(self.values)]

    def forward(self, x):
        wr, w_fc = self.matrices()
        h0 = x.new_zeros(1, x.shape[0], HIDDEN)
        # as CirculantSeqClassifier: nn.LSTM's own weights can't be swapped for computed ones
        y = torch._VF.lstm(x, (h0, h0), [wr[:, :INPUTS], wr[:, INPUTS:], self.b_ih, self.b_hh], True, 1, 0.0,
                           self.training, False, True)[0]
        return torch.nn.functional.linear(y, w_fc, self.b_fc)

    @classmethod
    def share(cls, pruned, n):
        """rnngen's ShareNetwork on a pruned SeqClassifier: each matrix's non-zeros replaced by the
        nearest of the N - 1 k-means centroids of them (which don't depend on the gate order)."""
        state = pruned.state_dict()
        codes, values = [], []
        for names in cls.MATRICES:
            m = torch.cat([state[name] for name in names], dim=1).double().numpy()
            nz = m[m != 0]
            c = kmeans_1d(nz, n - 1)
            code = np.zeros(m.shape, np.int64)
            code[m != 0] = 1 + nearest(c, nz)
            codes.append(torch.from_numpy(code))
            values.append(torch.from_numpy(c.astype(np.float32)))
        return cls(codes, values, state)

    def expanded(self):
        """A plain SeqClassifier holding the gathered matrices (what gets exported)."""
        model = SeqClassifier()
        with torch.no_grad():
            wr, w_fc = self.matrices()
            state = {"rnn.weight_ih_l0": wr[:, :INPUTS], "rnn.weight_hh_l0": wr[:, INPUTS:],
                     "fc.weight": w_fc,
                     "rnn.bias_ih_l0": self.b_ih, "rnn.bias_hh_l0": self.b_hh, "fc.bias": self.b_fc}
            model.load_state_dict({name: t.detach().clone() for name, t in state.items()})
        return model


def check_codebook(path, n, model, pruned):
    """Reads the exported model back and checks that each shared matrix is the trained model's,
    with at most N - 1 distinct values on exactly the pruned model's non-zeros (so rnngen's
    magnitude pruning keeps them all and its k-means into N - 1 clusters gives them back)."""
    g = onnx.load(path).graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    lstm = next(node for node in g.node if node.op_type == "LSTM")
    matmul = next(node for node in g.node if node.op_type == "MatMul")
    iofc = np.concatenate([np.arange(gate * HIDDEN, (gate + 1) * HIDDEN) for gate in (0, 3, 1, 2)])

    def onnx_order(s):  # [W | R] in the ONNX gate order i, o, f, c and the head's W as stored
        s = {name: t.numpy() for name, t in s.state_dict().items()}
        wr = np.concatenate([s["rnn.weight_ih_l0"], s["rnn.weight_hh_l0"]], axis=1)
        return wr[iofc], s["fc.weight"].T

    exported = (np.concatenate([inits[lstm.input[1]][0], inits[lstm.input[2]][0]], axis=1),
                inits[matmul.input[1]])
    for name, m, mine, before in zip(("LSTM [W | R]", "head W"), exported, onnx_order(model),
                                     onnx_order(pruned)):
        assert m.dtype == np.float32 and np.array_equal(m.view(np.uint32), mine.view(np.uint32)), \
            f"{name}: not the trained matrix"
        assert np.array_equal(m != 0, before != 0), f"{name}: not the pruned model's non-zeros"
        distinct = np.unique(m[m != 0])
        assert distinct.size <= n - 1, f"{name}: {distinct.size} distinct non-zeros, more than {n - 1}"
        print(f"exported {name} {list(m.shape)}: {distinct.size} distinct non-zero values "
              f"({distinct.min():+.4f} .. {distinct.max():+.4f})")


def fine_tune_codebook(pruned, n, x_tr, y_tr, x_te, y_te):
    """Shares the pruned model's weights as rnngen would with a codebook of N and fine-tunes the
    shared values and biases; returns the plain SeqClassifier holding the shared matrices."""
    model = SharedSeqClassifier.share(pruned, n)
    # the pruning fine-tune's rate: 20 epochs take the training loss below the pruned model's
    # (0.086 against 0.106 with N=16); 30, or a higher rate, gain little more
    return fine_tune(model, f"codebook N={n}", "shared", x_tr, y_tr, x_te, y_te,
                     epochs=20, lr=2e-3, seed=20)


def prune(model, x_tr, y_tr, x_te, y_te):
    """Prunes the dense-trained model to DENSITY by rnngen's magnitude rule, gradually, fine-tuning
    with the masks fixed; returns it."""
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
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="folder to write (default configs/trained, with --circulant "
                        "configs/trained_circulant, with --codebook configs/trained_codebook)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--circulant", type=int, metavar="K",
                      help="block-circulant weights with K x K blocks instead of magnitude pruning")
    mode.add_argument("--codebook", type=int, metavar="N",
                      help="after pruning, share each matrix's non-zeros among N - 1 values (rnngen's "
                      "weights.codebook: N) and fine-tune them")
    mode.add_argument("--eval-set", type=int, metavar="N",
                      help="write N held-out sequences (eval_x.npy, eval_y.npy) to --out, no training")
    args = parser.parse_args()
    if args.eval_set is not None:
        if args.out is None or args.eval_set < 1:
            parser.error("--eval-set N needs N >= 1 and --out")
        os.makedirs(args.out, exist_ok=True)
        x_eval, y_eval = make_data(np.random.default_rng(EVAL_SEED), args.eval_set)
        np.save(os.path.join(args.out, "eval_x.npy"), x_eval)
        np.save(os.path.join(args.out, "eval_y.npy"), y_eval)
        return
    if args.circulant is not None and args.circulant < 1:
        parser.error("--circulant K needs K >= 1")
    if args.codebook is not None and not 2 <= args.codebook <= 256:
        parser.error("--codebook N needs N in 2..256 (as rnngen's weights.codebook)")
    out = args.out or (OUT_CIRCULANT if args.circulant is not None else
                       OUT_CODEBOOK if args.codebook is not None else OUT)
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
    if args.circulant is not None:
        model = fine_tune_circulant(model, args.circulant, x_tr, y_tr, x_te, y_te)
    else:
        model = prune(model, x_tr, y_tr, x_te, y_te)
    if args.codebook is not None:
        pruned = model
        model = fine_tune_codebook(pruned, args.codebook, x_tr, y_tr, x_te, y_te)

    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "seq_lstm.onnx")
    model.eval()
    torch.onnx.export(model, x_te[:1], path, opset_version=13, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch", 1: "time"}, "y": {0: "batch", 1: "time"}})
    if args.circulant is not None:
        check_circulant(path, args.circulant, model)
    else:
        check_export(path, DENSITY)
    if args.codebook is not None:
        check_codebook(path, args.codebook, model, pruned)
    np.save(os.path.join(out, "test_x.npy"), x_test)
    np.save(os.path.join(out, "test_y.npy"), y_test)
    np.save(os.path.join(out, "calib_x.npy"), x_train[:N_CALIB])
    ranges = {name: float(p.detach().abs().max()) for name, p in model.named_parameters()}
    print("largest |weight|: " + ", ".join(f"{k} {v:.3f}" for k, v in ranges.items()))
    print(f"wrote {path} ({os.path.getsize(path)} bytes) and the .npy files; {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
