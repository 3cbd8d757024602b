#!/usr/bin/env bash
# One random spec, end to end: fuzz_one.sh SEED WORK_DIR BUILD_DIR [TB_BUILD_DIR]
#   random_spec SEED -> rnngen -> lint, synth, iverilog, the 4-state testbench in Icarus ->
#   Verilator testbench with randomised initial state (+verilator+rand+reset+2). Both simulators
#   check bit-exact outputs, predicted == measured cycles on every step (with voltage islands:
#   within the bound), and each PE's activity counts. With islands, also the structural
#   clock-domain check and a Verilator run at shifted clock phases. On failure prints the spec and the command that replays it.
# TB_BUILD_DIR, when given, is a testbench build tree kept between seeds: reconfiguring it for
# the next design recompiles only the verilated model (one tree per concurrent job).
set -uo pipefail
seed=$1 work=$2 build=$(cd "$3" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$work/seed-$seed
tb=${4:-$dir/tb}
rm -rf "$dir"
mkdir -p "$dir"

phase_start=$EPOCHREALTIME
times=""
lap() {  # appends "name seconds" for the phase that just ended
  times+=" $1 $(printf '%.1f' "$(bc <<<"$EPOCHREALTIME - $phase_start")")s"
  phase_start=$EPOCHREALTIME
}

fail() {
  echo "FUZZ FAIL seed $seed: $1 (logs in $dir)"
  tail -n 20 "$dir/$2" | sed "s/^/  | /"
  echo "--- spec ---"
  cat "$dir/spec.yaml"
  echo "--- replay: make fuzz SEED=$seed N=1"
  exit 1
}

"$build/tests/random/random_spec" "$seed" >"$dir/spec.yaml" 2>"$dir/random_spec.log" ||
  fail "random_spec drew an invalid spec" random_spec.log
"$build/rnngen" "$dir/spec.yaml" -o "$dir/rtl" >"$dir/generate.log" 2>&1 ||
  fail generate generate.log
lap generate
bash "$root/scripts/check_design.sh" "$dir/rtl" lint synth iverilog icarus-sim \
  >"$dir/check.log" 2>&1 || fail "lint/synth/iverilog/icarus-sim" check.log
lap checks
# Small designs simulate in milliseconds: build the testbench unoptimised. The kept tree's saved
# Verilator file list goes, so that configuring runs Verilator on this design (make verilate).
rm -f "$tb"/CMakeFiles/*/V*.dir/V*_copy.cmake
{ cmake -S "$root/tb" -B "$tb" -DRTL_OUT="$dir/rtl" -DCMAKE_BUILD_TYPE=None \
    -DRNNGEN_CORE_TARGETS="$build/rnngen_core-targets.cmake" &&
  cmake --build "$tb" -j1; } >"$dir/verilate.log" 2>&1 || fail verilate verilate.log
lap verilate
(cd "$dir/rtl" && "$tb/tb_rnngen" +verilator+rand+reset+2 +verilator+seed+$((seed + 1))) \
  >"$dir/sim.log" 2>&1 || fail "simulation" sim.log
grep -q '"pass": true' "$dir/rtl/sim_result.json" || fail "simulation" sim.log
lap sim
# Voltage islands: the structural clock-domain check, and the outputs at other clock phases.
clocks=$(python3 -c 'import json,sys; print(",".join(c["port"] for c in
  json.load(open(sys.argv[1]))["sim"]["clocks"]))' "$dir/rtl/manifest.json")
islands=$(($(tr -cd , <<<"$clocks" | wc -c)))
if ((islands > 0)); then
  top=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["top"])' \
    "$dir/rtl/manifest.json")
  bash "$root/scripts/cdc_check.sh" -t "$top" -c "$clocks" -f "$dir/rtl/filelist.f" \
    >"$dir/cdc.log" 2>&1 || fail "clock-domain check" cdc.log
  (cd "$dir/rtl" && "$tb/tb_rnngen" +phase_shift_ps=$((seed * 7919 % 100000))) \
    >"$dir/phase.log" 2>&1 || fail "simulation at other clock phases" phase.log
  grep -q '"pass": true' "$dir/rtl/sim_result.json" || fail "simulation at other phases" phase.log
  lap islands
fi
# Passed: keep the spec and the results, drop the bulky builds.
cp "$dir/rtl/sim_result.json" "$dir/"
rm -rf "$dir/rtl"
[ $# -ge 4 ] || rm -rf "$tb"
echo "fuzz seed $seed: $(tail -n 1 "$dir/sim.log" | cut -d' ' -f1-4) islands=$((islands > 0 ? islands : 1)) |$times"
