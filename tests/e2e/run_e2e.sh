#!/usr/bin/env bash
# One end-to-end step for one spec: run_e2e.sh STEP SPEC OUT_DIR BUILD_DIR
#   generate  rnngen SPEC -o OUT_DIR
#   lint | synth | iverilog | icarus-sim   scripts/check_design.sh on OUT_DIR
#   sim       Verilator testbench: bit-exact and predicted == measured cycles (make verilate test),
#             then again with randomised initial state under three seeds: same results
set -euo pipefail
step=$1 spec=$2 out=$3 build=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
case $step in
  generate) "$build/rnngen" "$spec" -o "$out" ;;
  lint|synth|iverilog|icarus-sim) bash "$root/scripts/check_design.sh" "$out" "$step" ;;
  sim)
    make -C "$root" --no-print-directory verilate RTL_OUT="$out" BUILD="$build" JOBS=2 >/dev/null
    make -C "$root" --no-print-directory test RTL_OUT="$out" BUILD="$build"
    grep -q '"pass": true' "$out/sim_result.json"
    # Registers without reset and memories start random: nothing may change.
    cp "$out/sim_result.json" "$out/sim_result.zero.json"
    tb=$(make -C "$root" --no-print-directory -s tb-path RTL_OUT="$out" BUILD="$build")
    for seed in 11 22 33; do
      (cd "$out" && "$tb" +verilator+rand+reset+2 +verilator+seed+$seed | tail -n 1)
      cmp -s "$out/sim_result.json" "$out/sim_result.zero.json" ||
        { echo "results differ with +verilator+rand+reset+2 +verilator+seed+$seed"; exit 1; }
    done ;;
  *) echo "unknown step $step" >&2; exit 2 ;;
esac
