#!/usr/bin/python3
"""Writes the .npy input sequences, labels and calibration data of tests/seq/.

Used by tests/e2e/seq_auto.yaml (formats chosen by frac: auto, sequences and labels from files)
and by the unit tests of generator/model/sequences.cc, including files that must be rejected.
Run from the repository root: /usr/bin/python3 scripts/make_seq_fixtures.py
"""
import os

import numpy as np

OUT = "tests/seq"


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(5)
    # For tests/onnx/lstm_gemm_relu.onnx: input_size 3, a 2-output head. Inputs reach beyond
    # [-1, 1) so that the activation format must hold them.
    x = rng.uniform(-2.5, 2.5, size=(5, 6, 3)).astype(np.float32)
    np.save(f"{OUT}/x.npy", x)
    np.save(f"{OUT}/y.npy", rng.integers(0, 2, size=5).astype(np.int64))
    np.save(f"{OUT}/y_per_step.npy", rng.integers(0, 2, size=(5, 6)).astype(np.int32))
    np.save(f"{OUT}/calib.npy", rng.uniform(-2.5, 2.5, size=(3, 6, 3)))
    np.save(f"{OUT}/one_sequence.npy", rng.uniform(-1, 1, size=(4, 3)))
    # Rejected: wrong input size, NaN, float labels, a label out of range, a label shape.
    np.save(f"{OUT}/bad_width.npy", np.zeros((2, 4, 5)))
    nan = np.zeros((2, 4, 3))
    nan[1, 2, 0] = np.nan
    np.save(f"{OUT}/bad_nan.npy", nan)
    np.save(f"{OUT}/bad_float_labels.npy", np.zeros(5))
    np.save(f"{OUT}/bad_label_range.npy", np.array([0, 1, 2, 0, 1]))
    np.save(f"{OUT}/bad_label_shape.npy", np.zeros((5, 2), dtype=np.int64))


if __name__ == "__main__":
    main()
