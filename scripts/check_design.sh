#!/usr/bin/env bash
# The three tools every emitted design must pass:
#   lint:    verilator --lint-only -Wall, zero warnings
#   synth:   yosys read_verilog + synth, no latches, check -assert
#   iverilog: iverilog -g2005 compiles it
# and, on request, a second simulator:
#   icarus-sim: the design's own 4-state testbench (sim/rnngen_tb.v) in Icarus: bit-exact against
#               sim/expected.hex, predicted cycles, no X on any output
# Usage: scripts/check_design.sh DIR [lint|synth|iverilog|icarus-sim]...   (default: the three)
set -euo pipefail
dir=$1
shift
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(lint synth iverilog)
top=$(bash "$(dirname "$0")/design_top.sh" "$dir")
cd "$dir"
mapfile -t files < filelist.f
for step in "${steps[@]}"; do
  case $step in
    lint)
      verilator --lint-only -Wall --top-module "$top" "${files[@]}"
      echo "lint: $top: 0 warnings" ;;
    synth)
      # Designs with more than 1 Mbit of memory images stop after Yosys' coarse synthesis, with
      # the memories kept as inferred RAM blocks ($mem, what a vendor tool maps to block RAM):
      # turning every ROM bit into gates for ABC does not fit CI, and vendor tools map them to
      # block RAM instead.
      bits=$(grep -o '"memory_bits": [0-9]*' manifest.json | grep -o '[0-9]*$')
      run="" kind="gates"
      if [ "$bits" -gt 1048576 ]; then
        # The coarse script, then the fine script's first pass (which also drops the register
        # stubs that memory inference leaves behind), without memory_map and gate mapping.
        run="-run begin:fine; opt -fast -full" kind="coarse, $bits memory bits kept as RAM blocks"
      fi
      yosys -q -l synth.log -p "read_verilog -defer ${files[*]}; hierarchy -check -top $top; proc; \
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr; synth -top $top $run; \
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr; check -assert; stat" >/dev/null
      echo "synth: $top: no latches, check passed ($kind; $(grep -o 'Number of cells: *[0-9]*' synth.log | tail -1 | tr -s ' '))" ;;
    iverilog)
      # Any warning counts as a failure, as for Verilator.
      msgs=$(iverilog -g2005 -Wall -o /dev/null -s "$top" "${files[@]}" 2>&1) || { echo "$msgs"; exit 1; }
      [ -z "$msgs" ] || { echo "$msgs"; exit 1; }
      echo "iverilog: $top: compiled, 0 warnings" ;;
    icarus-sim)
      msgs=$(iverilog -g2005 -Wall -I sim -o sim/tb.vvp -s rnngen_tb sim/rnngen_tb.v \
             "${files[@]}" 2>&1) || { echo "$msgs"; exit 1; }
      [ -z "$msgs" ] || { echo "$msgs"; exit 1; }
      vvp -n sim/tb.vvp >sim/icarus.log
      rm -f sim/tb.vvp
      tail -n 1 sim/icarus.log
      grep -q '^PASS: ' sim/icarus.log || { grep -v '^PASS' sim/icarus.log | head -20; exit 1; } ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
