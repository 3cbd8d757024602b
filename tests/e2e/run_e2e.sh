#!/usr/bin/env bash
# One end-to-end step for one spec: run_e2e.sh STEP SPEC OUT_DIR BUILD_DIR
#   generate  rnngen SPEC -o OUT_DIR
#   lint | synth | iverilog | icarus-sim   scripts/check_design.sh on OUT_DIR
#   sim       Verilator testbench: bit-exact and predicted == measured cycles (make verilate test),
#             then again with randomised initial state under three seeds: same results
#   cdc       scripts/cdc_check.sh over the design's clocks (manifest sim.clocks)
#   trace     the traced Verilator testbench (make test TRACE=1) on steps 2..3: it still passes,
#             and sim/wave.fst is an FST whose header spans exactly the window it reports
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
    done
    # Voltage islands: other clock phases, still bit-exact within the cycle bound.
    if grep -q '"port": "clk_i"' "$out/manifest.json" &&
       [ "$(grep -c '"port": "clk_' "$out/manifest.json")" -gt 1 ]; then
      for shift in 1234 4321 7777; do
        (cd "$out" && "$tb" +phase_shift_ps=$shift | tail -n 1)
        grep -q '"pass": true' "$out/sim_result.json" ||
          { echo "fails with +phase_shift_ps=$shift"; exit 1; }
      done
      cp "$out/sim_result.zero.json" "$out/sim_result.json"
    fi ;;
  cdc)
    # The structural clock-domain check over every clock the design has (docs/cdc.md).
    clocks=$(python3 -c 'import json,sys; print(",".join(c["port"] for c in
      json.load(open(sys.argv[1]))["sim"]["clocks"]))' "$out/manifest.json")
    top=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["top"])' \
      "$out/manifest.json")
    bash "$root/scripts/cdc_check.sh" -t "$top" -c "$clocks" -f "$out/filelist.f" ;;
  trace)
    fst=$out/sim/wave.fst
    rm -f "$fst"
    make -C "$root" --no-print-directory verilate RTL_OUT="$out" BUILD="$build" TRACE=1 JOBS=2 \
      >/dev/null
    log=$(make -C "$root" --no-print-directory -s test RTL_OUT="$out" BUILD="$build" TRACE=1 \
      TRACE_FROM=2 TRACE_TO=3) || { echo "$log"; exit 1; }
    echo "$log"
    grep -q '"pass": true' "$out/sim_result.json"
    [ -s "$fst" ] || { echo "no $fst"; exit 1; }
    size=$(stat -c %s "$fst")
    ((size > 1000 && size < 10000000)) || { echo "$fst: implausible size $size"; exit 1; }
    # The FST header block: type 0, length 329, then start and end time (big-endian, 64 bits).
    hdr=($(od -An -tu1 -v -N25 "$fst"))
    be64() { local v=0 i; for ((i = $1; i < $1 + 8; ++i)); do v=$(((v << 8) | hdr[i])); done; echo $v; }
    [ "${hdr[0]}" = 0 ] && [ "$(be64 1)" = 329 ] || { echo "$fst: not an FST header"; exit 1; }
    window=$(grep -o 't=[0-9]*\.\.[0-9]*' <<<"$log") || { echo "no trace window reported"; exit 1; }
    [ "$window" = "t=$(be64 9)..$(be64 17)" ] ||
      { echo "$fst spans t=$(be64 9)..$(be64 17), the testbench reported $window"; exit 1; }
    # Steps 2..3 start after the reset and the first two steps.
    (($(be64 9) > 100)) || { echo "$fst starts at $(be64 9): not the window"; exit 1; }
    # GTKWave's converter, where installed, must read it and find the ports.
    if command -v fst2vcd >/dev/null; then
      fst2vcd -f "$fst" | grep -c 'h_valid_o' >/dev/null || { echo "fst2vcd cannot read $fst"; exit 1; }
    fi ;;
  *) echo "unknown step $step" >&2; exit 2 ;;
esac
