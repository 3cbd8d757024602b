#!/usr/bin/env bash
# make bench: generates and simulates configs/bench_lstm.yaml and prints the figures.
# Usage: scripts/bench.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
spec=$root/configs/bench_lstm.yaml
# Benchmark designs go under the build folder: rtl_out/ stays the user's one design folder.
work=$build/bench
out=$work/bench_lstm
# Generator wall time: best of 5 runs.
best=""
for _ in 1 2 3 4 5; do
  t0=$(date +%s.%N)
  "$build/rnngen" "$spec" -o "$out" >/dev/null
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
done
make -C "$root" --no-print-directory verilate RTL_OUT="$out" BUILD="$build" >/dev/null
verdict=$(make -C "$root" --no-print-directory test RTL_OUT="$out" BUILD="$build" | tail -1)
echo "bench: spec configs/bench_lstm.yaml (input 128, hidden 256, density 0.1, load_balanced, csc, 16 PEs)"
printf 'bench: generator wall time %.3f s (best of 5)\n' "$best"
grep -E '^    "(nonzeros|entries|mac_phase_cycles|elementwise_cycles)"' "$out/manifest.json" |
  sed 's/^ */bench: /; s/[",]//g'
sed -n 's/^  "\(cycles_per_step\|predicted_cycles_per_step\|ideal_cycles_per_step\|mac_utilization\|max_abs_err_vs_float\|bit_exact\|mismatches\)": \(.*\),*$/bench: \1: \2/p' \
  "$out/sim_result.json" | sed 's/,$//'
echo "$verdict"

# Weight formats: bits per non-zero, memory, cycles and accuracy with and without a codebook.
bash "$root/scripts/bench_formats.sh" "$build"

# Area and a real small FPGA (docs/interface.md, "Measuring area and Fmax"). Yosys synth_xilinx
# of the benchmark and of the shipped configs small enough to synthesise in minutes (configs
# above 1 Mbit of memory take hours: make resources RTL_OUT=... for them); then the keyword
# spotter gru_kws_up5k placed and routed on an iCE40 UP5K, and gru_kws, which does not fit one
# (reported; it does not fail the bench).
t0=$(date +%s)
bash "$root/scripts/resources.sh" "$out" | sed 's/^/bench: /'
for name in gru_kws lstm_uneven; do
  "$build/rnngen" "$root/configs/$name.yaml" -o "$work/$name" >/dev/null
  bash "$root/scripts/resources.sh" "$work/$name" | sed 's/^/bench: /'
done
"$build/rnngen" "$root/configs/gru_kws_up5k.yaml" -o "$work/gru_kws_up5k" >/dev/null
ICE40_FREQ=8 bash "$root/scripts/fpga_ice40.sh" "$work/gru_kws_up5k" 2>&1 | sed 's/^/bench: /'
bash "$root/scripts/fpga_ice40.sh" "$work/gru_kws" 2>&1 | sed 's/^/bench: /' || true
echo "bench: area and FPGA figures took $(( $(date +%s) - t0 )) s"
