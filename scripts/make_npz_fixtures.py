#!/usr/bin/env python3
"""Writes tests/npz/: small NumPy files for the .npy/.npz reader (model/npy.cc) and for
weights.source: npz (model/npz_import.cc).

Good files cover every supported dtype, both byte orders, Fortran order, the three format
versions, scalars, empty arrays and both kinds of .npz; their values are simple functions of the
element index that tests/unit/npy_test.cc recomputes. Bad files, mostly built byte by byte, each
break one rule the reader enforces.

Weight files (tests/unit/npz_import_test.cc, tests/e2e/npz_lstm.yaml): lstmp.npz (two LSTMP layers
with peepholes and a head; lstmp.json holds its values in network.h's layout), gru.npz and
lstm_gru.npz (each with an ONNX twin of the same weights, made with scripts/make_onnx_fixtures.py's
builder), and bad_weights_*.npz, each the GRU weights with one thing wrong.

Usage (Debian's python3-numpy):  /usr/bin/python3 scripts/make_npz_fixtures.py
"""

import io
import json
import os
import struct
import sys
import time
import zipfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_onnx_fixtures as onnx_fixtures  # noqa: E402  (its Net builds the ONNX twins)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "npz")
rng = np.random.default_rng(55)


def path(name):
    return os.path.join(OUT, name)


def save(name, array, version=None):
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=True)


def raw(name, header, data=b"", version=(1, 0), magic=b"\x93NUMPY", length=None, end=b"\n"):
    """An .npy file from its parts: `header` is the dict text, padded to 64 bytes ending in `end`."""
    text = header.encode("latin1")
    size_bytes = 2 if version[0] == 1 else 4
    pad = -(len(magic) + 2 + size_bytes + len(text) + len(end)) % 64
    text += b" " * pad + end
    if length is None:
        length = len(text)
    prefix = magic + bytes(version) + length.to_bytes(size_bytes, "little")
    with open(path(name), "wb") as f:
        f.write(prefix + text + data)


def header(descr="'<f8'", fortran="False", shape="(2, 3)"):
    return "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shape)


def good_npy():
    floats = (np.arange(24) - 7.5) / 4  # exact in float16
    save("f8_c.npy", floats.reshape(2, 3, 4))
    save("f8_fortran.npy", np.asfortranarray(floats.reshape(2, 3, 4)))
    save("f4_big.npy", floats.reshape(4, 6).astype(">f4"))
    save("f2.npy", floats.astype("<f2"))
    save("f2_big_fortran.npy", np.asfortranarray(floats.reshape(6, 4).astype(">f2")))
    for t in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"):
        values = np.arange(24) - (12 if t[0] == "i" else 0)
        for order in ("<", ">") if t[1] != "1" else ("|",):
            save(f"{t}_{'big' if order == '>' else 'little'}.npy", values.astype(order + t))
    save("i1_extremes.npy", np.array([-128, 127, -1, 0], np.int8))
    save("i8_extremes.npy", np.array([-2**63, 2**63 - 1, -1], ">i8"))
    save("u8_extremes.npy", np.array([2**64 - 1, 0], "<u8"))
    save("bool.npy", np.array([True, False, True]))
    save("scalar.npy", np.float64(2.5))
    save("empty.npy", np.zeros((0, 3), np.float32))
    save("v2.npy", floats.reshape(2, 3, 4), version=(2, 0))
    save("v3.npy", floats.reshape(2, 3, 4), version=(3, 0))
    # Old numpy on Python 2 wrote longs: (2L, 3L).
    raw("py2_long.npy", header(shape="(2L, 3L)"), np.arange(6.0).tobytes())
    arrays = dict(a=floats.reshape(2, 12), b=np.arange(4, dtype=np.int32))
    np.savez(path("stored.npz"), **arrays)
    np.savez_compressed(path("deflated.npz"), **arrays)
    np.savez(path("empty.npz"))


def bad_npy():
    six = np.arange(6.0).tobytes()
    raw("bad_magic.npy", header(), six, magic=b"\x93NUMPZ")
    raw("bad_version.npy", header(), six, version=(4, 0))
    save("bad_object.npy", np.array([1, "a", None], dtype=object))
    save("bad_complex.npy", np.array([1 + 2j], ">c16"))
    save("bad_string.npy", np.array(["abc"]))
    save("bad_structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
    raw("bad_no_byte_order.npy", header(descr="'|f8'"), six)
    raw("bad_truncated.npy", header(), six[:-3])
    raw("bad_trailing.npy", header(), six + b"junk")
    raw("bad_header_past_end.npy", header(), b"", length=5000)
    raw("bad_missing_key.npy", "{'descr': '<f8', 'shape': (6,), }", six)
    raw("bad_unknown_key.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (6,), "
        "'extra': 1}", six)
    raw("bad_duplicate_key.npy", "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, "
        "'shape': (6,)}", six)
    raw("bad_shape_list.npy", header(shape="[2, 3]"), six)
    raw("bad_shape_negative.npy", header(shape="(-1,)"), six)
    raw("bad_shape_not_tuple.npy", header(shape="(6)"), six)
    raw("bad_fortran_int.npy", header(fortran="0"), six)
    raw("bad_unterminated.npy", "{'descr': '<f8", six)
    raw("bad_after_dict.npy", header() + " x", six)
    raw("bad_no_newline.npy", header(), six, end=b" ")
    raw("bad_shape_overflow.npy", header(shape="(1099511627776, 1099511627776, 1099511627776)"), six)
    raw("bad_shape_too_big.npy", header(shape="(2147483648,)"), six)
    raw("bad_shape_exceeds_data.npy", header(shape="(7,)"), six)


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return bytearray(buf.getvalue())


def npy_bytes(array):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array)
    return buf.getvalue()


def bad_npz():
    good = npy_bytes(np.arange(6.0))
    with open(path("bad_not_zip.npz"), "wb") as f:
        f.write(b"this is not a zip archive\n")
    with open(path("bad_member_name.npz"), "wb") as f:
        f.write(zip_bytes({"a.npy": good, "readme.txt": b"hello"}))
    with open(path("bad_member_data.npz"), "wb") as f:
        f.write(zip_bytes({"a.npy": good[:-5]}))
    # A stored member with one data byte changed: the CRC no longer matches.
    data = zip_bytes({"a.npy": good})
    at = data.index(good) + len(good) - 1
    data[at] ^= 0xFF
    with open(path("bad_crc.npz"), "wb") as f:
        f.write(data)
    # The central directory claims 1.25 GiB for a tiny member.
    data = zip_bytes({"a.npy": good})
    cd = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 0x50000000)
    with open(path("bad_huge_member.npz"), "wb") as f:
        f.write(data)


def arrays_of(net):
    """The npz arrays of an onnx_fixtures.Net, alternating the 2-D and ONNX (1, ...) forms."""
    arrays, layer, head = {}, 0, 0
    for kind, p in net.layers:
        if kind == "Dense":
            arrays[f"head{head}.W"], arrays[f"head{head}.b"] = p["W"], p["b"]
            head += 1
            continue
        onnx_form = layer % 2 == 1
        for key in ("W", "R", "B", "P"):
            if p[key] is not None:
                arrays[f"layer{layer}.{key}"] = p[key] if onnx_form or key == "R" else p[key][0]
        layer += 1
    return arrays


def twin(name, net):
    """name.onnx and name.npz with the same weights."""
    onnx_fixtures.OUT = OUT
    net.save(name)
    arrays = arrays_of(net)
    np.savez(path(name + ".npz"), **arrays)
    return arrays


def f(*shape, scale=1.0, dtype=np.float32):
    return rng.uniform(-scale, scale, size=shape).astype(dtype)


def lstmp():
    """Two LSTM layers with peepholes and projections (input 3, hidden 4, proj 3), then a head
    of 2 units, in mixed dtypes and forms; layer 1 has no B and the head no b (zeros)."""
    arrays = {
        "layer0.W": f(1, 16, 3), "layer0.R": f(16, 3, dtype=np.float64),
        "layer0.B": f(32, scale=0.3), "layer0.P": f(1, 12, scale=0.5, dtype=np.float16),
        "layer0.proj": f(3, 4),
        "layer1.W": f(16, 3), "layer1.R": f(1, 16, 3), "layer1.P": f(12, scale=0.5),
        "layer1.proj": f(3, 4, dtype=np.float64),
        "head0.W": f(2, 3, scale=0.8),
    }
    np.savez_compressed(path("lstmp.npz"), **arrays)
    flat = {k: np.asarray(v, np.float64).reshape(-1).tolist() for k, v in arrays.items()}
    layers = []
    for l in range(2):
        b = flat.get(f"layer{l}.B", [0.0] * 32)
        layers.append(dict(w=flat[f"layer{l}.W"], r=flat[f"layer{l}.R"], wb=b[:16], rb=b[16:],
                           p=flat[f"layer{l}.P"], proj=flat[f"layer{l}.proj"]))
    expected = dict(stack=layers, head=[dict(w=flat["head0.W"], b=[0.0, 0.0])])
    with open(path("lstmp.json"), "w") as out:
        json.dump(expected, out)


def weights():
    lstmp()
    n = onnx_fixtures.Net(2)
    n.recurrent("GRU", 2, 5, lbr=1)
    n.dense(5, 3, "Sigmoid")
    good = twin("gru", n)
    n = onnx_fixtures.Net(3)
    n.recurrent("LSTM", 3, 4, peep=True)
    n.recurrent("GRU", 4, 3, lbr=0)
    n.dense(3, 2)
    twin("lstm_gru", n)

    def bad(name, drop=(), **changes):
        arrays = {k: v for k, v in good.items() if k not in drop}
        arrays.update(changes)
        np.savez(path(f"bad_weights_{name}.npz"), **arrays)

    nan = good["layer0.R"].copy()
    nan[0, 1, 2], nan[0, 7, 0] = np.nan, np.inf
    bad("missing", drop=("layer0.R",))
    bad("typo", **{"layer0.w": good["layer0.W"]})
    bad("extra_layer", **{"layer1.W": good["layer0.W"]})
    bad("extra_head", **{"head1.b": good["head0.b"]})
    bad("peepholes", **{"layer0.P": f(15)})
    bad("projection", **{"layer0.proj": f(2, 5)})
    bad("shape", **{"layer0.W": good["layer0.W"].T.copy(), "layer0.B": f(2, 30)})
    bad("integer", **{"head0.W": np.ones((3, 5), np.int32)})
    bad("nan", **{"layer0.R": nan})


def main():
    # zipfile stamps members with the time of day; a fixed clock makes the archives reproducible.
    os.environ["TZ"] = "UTC"
    time.tzset()
    time.time = lambda: 1262304000.0  # 2010-01-01
    os.makedirs(OUT, exist_ok=True)
    good_npy()
    bad_npy()
    bad_npz()
    weights()


if __name__ == "__main__":
    main()
