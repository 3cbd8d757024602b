#!/usr/bin/env bash
# The clock-domain-crossing primitives' tests (docs/cdc.md), one step per call:
#   run_cdc.sh lint                 verilator --lint-only -Wall and Yosys synth (no latches,
#                                   check -assert) of each primitive, Depth 2..16 for the FIFO
#   run_cdc.sh icarus TB            the testbench tests/cdc/TB.v in Icarus (iverilog -g2012);
#                                   TB fifo_async_meta is fifo_async_tb with RNNGEN_CDC_META and
#                                   the synchroniser's metastability model (rnngen_sync_meta.v)
#   run_cdc.sh verilator TB DIR     the same testbench built by Verilator (--timing) in DIR
#   run_cdc.sh checker NAME         scripts/cdc_check.sh on tests/cdc/checker/NAME.v and the
#                                   primitives, with the arguments, verdict (pass or fail) and
#                                   output lines its header asks for (// cdc_check:, // expect:,
#                                   // expect-output:)
# A testbench passes when its last line says PASS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tpl=$(cd "$here/../../templates" && pwd)
prims=("$tpl/rnngen_sync.v" "$tpl/rnngen_rst_sync.v" "$tpl/rnngen_fifo_async.v")

# The testbench's top module, defines and sources for TB (see the usage above).
tb_setup() {
  top=$1 defines=() files=("${prims[@]}")
  if [ "$1" = fifo_async_meta ]; then
    top=fifo_async_tb defines=(-DRNNGEN_CDC_META)
    files=("$here/rnngen_sync_meta.v" "${prims[@]:1}")
  fi
  files+=("$here/$top.v")
  [ "$top" != fifo_async_tb ] || files+=("$here/fifo_async_check.v")
}

verdict() {  # LOG: print it, pass when its last PASS/FAIL line is a PASS
  cat "$1"
  grep -E 'PASS|FAIL' "$1" | tail -n 1 | grep -q PASS
}

case ${1:-} in
  lint)
    for top in rnngen_sync rnngen_rst_sync rnngen_fifo_async; do
      params=("")
      [ $top != rnngen_fifo_async ] || params=("-GDepth=2 -GWidth=1" "-GDepth=4" "-GDepth=8" "-GDepth=16")
      for p in "${params[@]}"; do
        # shellcheck disable=SC2086
        verilator --lint-only -Wall $p --top-module $top "${prims[@]}"
        msgs=$(iverilog -g2005 -Wall -o /dev/null -s $top "${prims[@]}" 2>&1)
        [ -z "$msgs" ] || { echo "$msgs"; exit 1; }
        chparam=""
        if [ -n "$p" ]; then  # -GDepth=2 -> chparam -set Depth 2
          sets=${p//-G/-set }
          chparam="chparam ${sets//=/ } $top;"
        fi
        yosys -q -p "read_verilog ${prims[*]}; $chparam hierarchy -check -top $top; proc; \
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr; synth -top $top; \
select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr; check -assert"
        echo "lint: $top ${p:-(defaults)}: Verilator -Wall and iverilog -g2005 clean, Yosys synth: no latches, check passed"
      done
    done
    # A Depth that is not a power of two must stop elaboration.
    if verilator --lint-only -Wall -GDepth=6 --top-module rnngen_fifo_async "${prims[@]}" >/dev/null 2>&1; then
      echo "lint: rnngen_fifo_async accepted Depth=6"; exit 1
    fi
    echo "lint: rnngen_fifo_async rejects Depth=6" ;;
  icarus)
    tb=$2
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    tb_setup "$tb"
    iverilog -g2012 -Wall -Wno-timescale "${defines[@]}" -o "$work/tb.vvp" -s "$top" "${files[@]}"
    vvp -n "$work/tb.vvp" >"$work/log"
    verdict "$work/log" ;;
  verilator)
    tb=$2 dir=$3
    mkdir -p "$dir"
    tb_setup "$tb"
    verilator --binary --timing -j 2 --timescale 1ps/1ps "${defines[@]}" --top-module "$top" \
      -Mdir "$dir" -o "$tb" "${files[@]}" >"$dir/build.log" 2>&1 ||
      { cat "$dir/build.log"; exit 1; }
    "$dir/$tb" >"$dir/run.log"
    verdict "$dir/run.log" ;;
  checker)
    design=$here/checker/$2.v
    read -r -a args < <(sed -n 's|^// cdc_check: ||p' "$design")
    expect=$(sed -n 's|^// expect: ||p' "$design")
    set +e
    out=$(bash "$here/../../scripts/cdc_check.sh" "${args[@]}" "${prims[@]}" "$design" 2>&1)
    rc=$?
    set -e
    echo "$out"
    case $expect:$rc in
      pass:0 | fail:1) ;;
      *) echo "checker: $2: expected $expect, cdc_check exited $rc"; exit 1 ;;
    esac
    while IFS= read -r line; do
      grep -qF -- "$line" <<<"$out" || { echo "checker: $2: no line with: $line"; exit 1; }
    done < <(sed -n 's|^// expect-output: ||p' "$design")
    echo "checker: $2: $expect, as expected" ;;
  *)
    sed -n '2,13p' "$0"; exit 2 ;;
esac
