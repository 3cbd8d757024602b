#!/usr/bin/env bash
# Command-line contract: exit codes, --version/--help, bad specs write nothing and leave an
# existing output folder exactly as it was, and the same spec gives the same bytes.
set -euo pipefail
rnngen=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$rnngen" --version | grep -q '^rnngen [0-9]' || fail "--version"
"$rnngen" --help | grep -q 'Usage' || fail "--help"
if "$rnngen" >/dev/null 2>&1; then fail "no spec must be an error"; fi

# Same spec, same bytes.
"$rnngen" "$root/configs/lstm_small.yaml" -o "$work/a" >/dev/null
"$rnngen" "$root/configs/lstm_small.yaml" -o "$work/b" >/dev/null
diff -r "$work/a" "$work/b" >/dev/null || fail "output is not deterministic"

# A trailing slash names the same folder.
"$rnngen" "$root/configs/lstm_small.yaml" -o "$work/c/" >/dev/null
diff -r "$work/a" "$work/c" >/dev/null || fail "-o dir/ differs from -o dir"

# A bad spec: non-zero exit, file:line:col diagnostics, the earlier folder untouched, no debris.
cp -r "$work/a" "$work/before"
printf 'name: lstm_small\nmodel: {cell: lstm, input_size: 4, hidden_size: 8}\narray: {pe_count: 0}\n' \
  > "$work/bad.yaml"
if "$rnngen" "$work/bad.yaml" -o "$work/a" 2> "$work/err"; then fail "bad spec accepted"; fi
grep -q "^$work/bad.yaml:3:19: error: array.pe_count" "$work/err" || { cat "$work/err"; fail "diagnostic"; }
diff -r "$work/before" "$work/a" >/dev/null || fail "bad spec changed the output folder"
[ -z "$(ls -A "$work" | grep rnngen-)" ] || fail "temporary folders left behind"
if "$rnngen" "$work/bad.yaml" -o "$work/new" 2>/dev/null; then fail "bad spec accepted"; fi
[ ! -e "$work/new" ] || fail "bad spec created the output folder"

# Files the spec names that do not fit it: rnngen refuses spec $2 (written as $1.yaml), prints
# each diagnostic given (line:col: error: ...), and writes nothing.
expect_refused() {
  local name=$1 text=$2
  shift 2
  printf '%s' "$text" > "$work/$name.yaml"
  if "$rnngen" "$work/$name.yaml" -o "$work/$name" 2> "$work/err"; then fail "$name accepted"; fi
  for expected in "$@"; do
    grep -q "^$work/$name.yaml:$expected" "$work/err" || { cat "$work/err"; fail "$name: $expected"; }
  done
  [ ! -e "$work/$name" ] || fail "$name created the output folder"
}
# An ONNX model the array cannot run: the importer's message at weights.path.
expect_refused onnx "$(printf 'name: t\nmodel: {cell: lstm, input_size: 3, hidden_size: 4}\nweights: {source: onnx, path: %s}\narray: {pe_count: 1}\n' \
  "$root/tests/onnx/bad_clip.onnx")" \
  "3:31: error: node 'lstm5' (LSTM): attribute clip: not supported"
# NumPy weights that do not fit: every array's message at weights.path.
expect_refused npz "$(printf 'name: t\nmodel: {cell: gru, input_size: 2, hidden_size: 5, linear_before_reset: true, head: [{size: 3}]}\nweights: {source: npz, path: %s}\narray: {pe_count: 1}\n' \
  "$root/tests/npz/bad_weights_shape.npz")" \
  "3:30: error: array 'layer0.W': shape (2, 15) (expected (15, 2)" \
  "3:30: error: array 'layer0.B': shape (2, 30)"
# Input sequences of the wrong width: at sim.inputs.
expect_refused inputs "$(printf 'name: t\nmodel: {cell: lstm, input_size: 4, hidden_size: 8}\narray: {pe_count: 1}\nsim: {inputs: %s}\n' \
  "$root/tests/seq/x.npy")" \
  "4:15: error: sim.inputs: array of shape \[5, 6, 3\] does not hold input sequences"

# A folder rnngen did not write is never replaced.
mkdir -p "$work/mine" && echo keep > "$work/mine/notes.txt"
if "$rnngen" "$root/configs/lstm_small.yaml" -o "$work/mine" 2>/dev/null; then fail "replaced a foreign folder"; fi
[ "$(cat "$work/mine/notes.txt")" = keep ] || fail "foreign folder changed"
"$rnngen" "$root/configs/lstm_small.yaml" -o "$work/mine" --force >/dev/null || fail "--force"
[ ! -e "$work/mine/notes.txt" ] && [ -f "$work/mine/manifest.json" ] || fail "--force did not replace"
# ... and never a file, even with --force.
echo keep > "$work/file"
if "$rnngen" "$root/configs/lstm_small.yaml" -o "$work/file" --force 2>/dev/null; then
  fail "replaced a file"
fi
[ "$(cat "$work/file")" = keep ] || fail "file changed"

# A run that fails while writing (here: the file-size limit makes a write fail half-way) leaves
# the earlier folder exactly as it was and no temporary folder behind.
rm -rf "$work/before" && cp -r "$work/a" "$work/before"
if (trap '' XFSZ; ulimit -f 4; "$rnngen" "$root/configs/lstm_dense.yaml" -o "$work/a") \
    2>"$work/err"; then
  fail "a failed write reported success"
fi
grep -q "rnngen: error: cannot write $work/a" "$work/err" || { cat "$work/err"; fail "write error"; }
diff -r "$work/before" "$work/a" >/dev/null || fail "a failed write changed the output folder"
[ -z "$(ls -A "$work" | grep rnngen-)" ] || fail "temporary folders left behind after a failed write"

# An unwritable target: error, no crash.
if "$rnngen" "$root/configs/lstm_small.yaml" -o /proc/rnngen_out 2>/dev/null; then
  fail "writing into /proc succeeded"
fi
# Every bad spec of the corpus through the real binary: exit status 1 (no signal, no abort),
# exactly the expected diagnostics, and nothing written.
cd "$root"
for spec in tests/diag/*.yaml; do
  rc=0
  "$rnngen" "$spec" -o "$work/diag_out" >/dev/null 2>"$work/diag_err" || rc=$?
  [ $rc -eq 1 ] || fail "$spec: exit status $rc (expected 1)"
  [ ! -e "$work/diag_out" ] || fail "$spec: wrote an output folder"
  tail -n 1 "$work/diag_err" | grep -q 'generated; nothing written$' || fail "$spec: summary line"
  head -n -1 "$work/diag_err" | diff - "${spec%.yaml}.err" >/dev/null ||
    { head -n -1 "$work/diag_err" | diff - "${spec%.yaml}.err" | head; fail "$spec: diagnostics"; }
done
echo "cli: all checks passed ($(ls tests/diag/*.yaml | wc -l) bad specs through the binary)"
