#!/usr/bin/env bash
# Random-spec fuzzing: fuzz.sh SEED N BUILD_DIR [JOBS]
# Runs seeds SEED..SEED+N-1 through scripts/fuzz_one.sh (JOBS at a time) and prints the totals:
# specs, timesteps and outputs compared, mismatches, failing seeds. Work folders: BUILD_DIR/fuzz.
# With RESUME=1, seeds that already passed in BUILD_DIR/fuzz are counted, not rerun (a long run
# spread over several sittings; rerun without it after any change to rnngen). With ISLANDS=1,
# only the seeds whose design has voltage islands on clocks of their own run (few do: an island
# needs a load far enough below the busiest PE's to pay for its crossings). With KEY=name, only
# the seeds whose spec has that key (ew_group: shared element-wise cells; codebook).
set -uo pipefail
first=$1 count=$2 build=$(cd "$3" && pwd) jobs=${4:-$(nproc)}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$build/fuzz
mkdir -p "$work"
log=$work/fuzz-$first-$count.log
start=$(date +%s)
seeds=()
for ((s = first; s < first + count; ++s)); do
  if [ "${ISLANDS:-0}" = 1 ]; then
    scan=$work/scan
    rm -rf "$scan" && mkdir -p "$scan"
    "$build/tests/random/random_spec" "$s" >"$scan/spec.yaml" 2>/dev/null || continue
    grep -q '^power:' "$scan/spec.yaml" || continue
    "$build/rnngen" "$scan/spec.yaml" -o "$scan/rtl" >/dev/null 2>&1 || { seeds+=("$s"); continue; }
    (($(grep -c '"port": "clk_' "$scan/rtl/manifest.json") > 1)) || continue
  fi
  if [ -n "${KEY:-}" ]; then
    "$build/tests/random/random_spec" "$s" 2>/dev/null | grep -q "[{ ]$KEY: " || continue
  fi
  seeds+=("$s")
done
[ "${ISLANDS:-0}" = 1 ] && echo "fuzz: ${#seeds[@]} of seeds $first..$((first + count - 1)) are island designs"
[ -n "${KEY:-}" ] && echo "fuzz: ${#seeds[@]} of seeds $first..$((first + count - 1)) have $KEY"
# Job k takes seeds k, k+jobs, ... of the list, with its own testbench build tree.
for ((k = 0; k < jobs; ++k)); do
  for ((j = k; j < ${#seeds[@]}; j += jobs)); do
    s=${seeds[j]}
    if [ "${RESUME:-0}" = 1 ] && [ -f "$work/seed-$s/sim_result.json" ]; then continue; fi
    bash "$root/scripts/fuzz_one.sh" "$s" "$work" "$build" "$work/tb-$k"
  done &
done | tee "$log"
wait

passed=0 failed=() steps=0 outputs=0 mismatches=0
for s in "${seeds[@]}"; do
  r=$work/seed-$s/sim_result.json
  if [ -f "$r" ]; then
    passed=$((passed + 1))
    steps=$((steps + $(grep -o '"timesteps": [0-9]*' "$r" | grep -o '[0-9]*$')))
    outputs=$((outputs + $(grep -o '"outputs_compared": [0-9]*' "$r" | grep -o '[0-9]*$')))
    mismatches=$((mismatches + $(grep -o '"mismatches": [0-9]*' "$r" | grep -o '[0-9]*$')))
  else
    failed+=("$s")
  fi
done
echo "fuzz: seeds $first..$((first + count - 1)): ${#seeds[@]} specs, $passed passed, ${#failed[@]} failed;" \
  "$steps timesteps, $outputs outputs compared, $mismatches mismatches; $(($(date +%s) - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failing seeds: ${failed[*]} (replay one: make fuzz SEED=<seed> N=1)"
  exit 1
fi
