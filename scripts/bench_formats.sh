#!/usr/bin/env bash
# make bench (weight formats): what weight sharing stores and costs, next to the same config
# without it: weight bits per non-zero (entries and column counts, padding included), all
# memory bits, cycles per step, MAC utilisation, and the task accuracy where the config is
# labelled. Generation only: the RTL of each format is checked by the e2e tests and the fuzzer.
# Usage: scripts/bench_formats.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/rtl_out/formats
mkdir -p "$work"
field() { grep -o "\"$1\": [-0-9.e]*" "$2" | head -1 | grep -o '[-0-9.e]*$'; }
for name in lstm_small trained_lstm ese_lstmp; do
  for book in none 16; do
    spec=$work/${name}_$book.yaml
    # Files the spec reads stay where they are: their paths become absolute.
    sed "s|^\(  [a-z_]*: \)trained/|\1$root/configs/trained/|; s|^name: .*|name: ${name}_$book|" \
      "$root/configs/$name.yaml" >"$spec"
    if [ "$book" != none ]; then
      sed -i "s|^weights:$|weights:\n  codebook: $book|" "$spec"
    fi
    out=$work/${name}_$book
    "$build/rnngen" "$spec" -o "$out" >/dev/null
    m=$out/manifest.json
    acc=""
    if grep -q '"task_accuracy"' "$m"; then
      acc=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["accuracy"]["task_accuracy"]
print(" accuracy float %.2f%% fixed %.2f%%" % (100*a["float"], 100*a["fixed"]))' "$m")
    fi
    printf 'bench: format %-12s codebook %-4s %6.2f bits/non-zero, %d memory bits, %s cycles/step, utilisation %.3f%s\n' \
      "$name" "$book" "$(field weight_bits_per_nonzero "$m")" "$(field memory_bits "$m")" \
      "$(field predicted_cycles_per_step "$m")" "$(field predicted_mac_utilization "$m")" "$acc"
  done
done
