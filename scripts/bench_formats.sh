#!/usr/bin/env bash
# make bench (weight formats): what weight sharing stores and costs, next to the same config
# without it: weight bits per non-zero (entries and column counts, padding included), all
# memory bits, cycles per step, MAC utilisation, and the task accuracy where the config is
# labelled. Then block-circulant weights (k = 4, 8, 16) on the same layers, next to dense and
# to csc at the same number of stored weights (density 1/k): weight memory bits and their ratio
# to dense, cycles per step, and accuracy (trained_lstm: projected from the shipped pruned
# model, and the model trained block-circulant, configs/trained_circulant/). The trained
# example's accuracy with a codebook of 16 is also measured on 2,048 held-out sequences (one
# sequence of the 128 test sequences is 0.78 points), for the shipped model shared after training
# and for the model trained with its codebook (configs/trained_codebook/); that part needs
# python3-torch (scripts/train_example.py --eval-set) and is skipped without it.
# Generation only: the RTL of each format is checked by the e2e tests and the fuzzer.
# Usage: scripts/bench_formats.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench/formats
mkdir -p "$work"
field() { grep -o "\"$1\": [-0-9.e]*" "$2" | head -1 | grep -o '[-0-9.e]*$'; }
# " accuracy float .. pruned .. fixed ..", when the design's manifest has task accuracy.
accuracy() {
  grep -q '"task_accuracy"' "$1" || return 0
  python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["accuracy"]["task_accuracy"]
print(" accuracy float %.2f%% pruned %.2f%% fixed %.2f%%" % (100*a["float"], 100*a["pruned_float"], 100*a["fixed"]))' "$1"
}
# derive NAME BASE SOURCE_DIR [SED]: generates $work/NAME from a copy of configs/BASE.yaml
# named NAME, its files read from configs/SOURCE_DIR where they stay (absolute paths), edited by
# the sed script SED.
derive() {
  local name=$1 base=$2 dir=$3 spec=$work/$1.yaml
  sed "s|^\(  [a-z_]*: \)trained/|\1$root/configs/$dir/|; s|^name: .*|name: $name|
       ${4:-}" "$root/configs/$base.yaml" >"$spec"
  "$build/rnngen" "$spec" -o "$work/$name" >/dev/null
}
# sparsity_edit ENCODING K DENSITY: the sed script that sets the sparsity (circulant blocks of K,
# csc with 4-bit indices) and the density; variant NAME BASE SOURCE_DIR ENCODING K DENSITY derives
# with it.
sparsity_edit() {
  local more=""
  [ "$1" = circulant ] && more="s|^  encoding: circulant\$|  encoding: circulant\n  block_size: $2|"
  [ "$1" = csc ] && more="s|^  encoding: csc\$|  encoding: csc\n  index_bits: 4|"
  echo "s|^  density: .*|  density: $3|; /^  index_bits:/d
       s|^  encoding: .*|  encoding: $1|; $more"
}
variant() { derive "$1" "$2" "$3" "$(sparsity_edit "$4" "$5" "$6")"; }
# codebook_edit N: the sed script that adds weights.codebook: N.
codebook_edit() { echo "s|^weights:\$|weights:\n  codebook: $1|"; }
for name in lstm_small trained_lstm ese_lstmp; do
  for book in none 16; do
    edit=""
    [ "$book" != none ] && edit=$(codebook_edit "$book")
    derive "${name}_$book" "$name" trained "$edit"
    m=$work/${name}_$book/manifest.json
    printf 'bench: format %-12s codebook %-4s %6.2f bits/non-zero, %d memory bits, %s cycles/step, utilisation %.3f%s\n' \
      "$name" "$book" "$(field weight_bits_per_nonzero "$m")" "$(field memory_bits "$m")" \
      "$(field predicted_cycles_per_step "$m")" "$(field predicted_mac_utilization "$m")" \
      "$(accuracy "$m")"
  done
done

# The model trained with its codebook, on the test sequences; then the trained example's formats
# on held-out sequences (RUN: name, configs folder, edit of the spec).
share16=$(codebook_edit 16)
circ8=$(sparsity_edit circulant 8 1)
held_runs="trained_lstm_none:trained: trained_lstm_16:trained:share16"
if [ -f "$root/configs/trained_codebook/seq_lstm.onnx" ]; then
  derive trained_lstm_16_trained trained_lstm trained_codebook "$share16"
  printf 'bench: format %-12s codebook 16, trained for it:%s\n' trained_lstm \
    "$(accuracy "$work/trained_lstm_16_trained/manifest.json")"
  held_runs="$held_runs trained_lstm_16_trained:trained_codebook:share16"
fi
[ -f "$root/configs/trained_circulant/seq_lstm.onnx" ] &&
  held_runs="$held_runs trained_lstm_circ8_trained:trained_circulant:circ8"
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 "$root/scripts/train_example.py" --eval-set 2048 --out "$work/eval"
  held_out="s|^  inputs: .*|  inputs: $work/eval/eval_x.npy|; s|^  labels: .*|  labels: $work/eval/eval_y.npy|"
  for run in $held_runs; do
    IFS=: read -r name dir how <<<"$run"
    derive "${name}_heldout" trained_lstm "$dir" "$held_out${how:+; ${!how}}"
    printf 'bench: format %-26s on 2048 held-out sequences:%s\n' "$name" \
      "$(accuracy "$work/${name}_heldout/manifest.json")"
  done
else
  echo "bench: held-out accuracy skipped (needs python3-torch: scripts/bootstrap.sh does not install it)"
fi

for base in trained_lstm ese_lstmp; do
  variant "${base}_dense" "$base" trained dense 0 1
  dense_bits=$(field weight_memory_bits "$work/${base}_dense/manifest.json")
  runs="${base}_dense"
  for k in 4 8 16; do
    variant "${base}_circ$k" "$base" trained circulant $k 1
    variant "${base}_csc$k" "$base" trained csc 0 "$(python3 -c "print(1/$k)")"
    runs="$runs ${base}_circ$k ${base}_csc$k"
  done
  if [ "$base" = trained_lstm ] && [ -f "$root/configs/trained_circulant/seq_lstm.onnx" ]; then
    variant trained_lstm_circ8_trained "$base" trained_circulant circulant 8 1
    runs="$runs trained_lstm_circ8_trained"
  fi
  for name in $runs; do
    m=$work/$name/manifest.json
    bits=$(field weight_memory_bits "$m")
    printf 'bench: format %-26s %9d weight bits (%.3f of dense), %6.2f bits/non-zero, %s cycles/step%s\n' \
      "$name" "$bits" "$(python3 -c "print($bits/$dense_bits)")" \
      "$(field weight_bits_per_nonzero "$m")" "$(field predicted_cycles_per_step "$m")" \
      "$(accuracy "$m")"
  done
done
