#!/usr/bin/env bash
# Structural clock-domain-crossing check (docs/cdc.md): Yosys elaborates and flattens the design,
# scripts/cdc_check.py finds each flop's domain and every flop fed from another domain that is not
# the first stage of an rnngen_sync (or a reader of an rnngen_fifo_async's storage).
# Usage: scripts/cdc_check.sh -t TOP -c CLOCK [-c CLOCK]... [-f FILELIST] [FILE.v]...
#   -t TOP        the top module
#   -c CLOCK      a clock input port of TOP: one domain each (or -c clk_a,clk_b)
#   -f FILELIST   a filelist.f (paths relative to it, as rnngen writes it); Yosys then runs in
#                 its folder, where the design's $readmemh files are
#   -k DIR        keep the Yosys log and netlist (cdc.log, cdc.json) in DIR
# Prints every violation; exits 0 when there are none, 1 when there are, 2 on a usage or
# elaboration error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top="" keep="" rundir=. clocks=() files=()
usage() { sed -n '5,11p' "$0" >&2; exit 2; }
while getopts "t:c:f:k:h" opt; do
  case $opt in
    t) top=$OPTARG ;;
    c) IFS=, read -r -a more <<<"$OPTARG"; clocks+=("${more[@]}") ;;
    f) base=$(cd "$(dirname "$OPTARG")" && pwd)
       rundir=$base
       while read -r line; do
         [ -n "$line" ] || continue
         case $line in /*) files+=("$line") ;; *) files+=("$base/$line") ;; esac
       done <"$OPTARG" ;;
    k) keep=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
files+=("$@")
if [ -z "$top" ] || [ ${#clocks[@]} -eq 0 ] || [ ${#files[@]} -eq 0 ]; then usage; fi
for tool in yosys python3; do
  command -v "$tool" >/dev/null || { echo "cdc_check: $tool not found" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# proc turns processes into flops and muxes; flatten makes every clock and data path one net
# (hierarchical names stay in the flop names, the sync attributes on the wires); memory_collect
# makes each array one memory (the FIFO storage one element, its mark kept), and no flop that
# reads it is merged into it (no memory_dff). Memory contents and source locations are dropped:
# the check needs neither, and they are most of a large design's netlist.
for i in "${!files[@]}"; do
  case ${files[i]} in /*) ;; *) files[i]=$PWD/${files[i]} ;; esac
done
cd "$rundir"
if ! yosys -q -l "$work/cdc.log" -p "read_verilog -defer ${files[*]}; hierarchy -check -top $top; \
proc; delete t:\$meminit t:\$meminit_v2; flatten; memory_collect; opt_clean; \
setattr -unset src; setattr -unset src w:*; write_json $work/cdc.json" >/dev/null 2>&1; then
  grep -i error "$work/cdc.log" >&2 || tail -n 20 "$work/cdc.log" >&2
  echo "cdc_check: Yosys could not elaborate $top" >&2
  exit 2
fi
set +e
python3 "$here/cdc_check.py" "$work/cdc.json" "$top" "${clocks[@]}"
rc=$?
set -e
if [ -n "$keep" ]; then
  cd "$OLDPWD"
  mkdir -p "$keep"
  cp "$work/cdc.log" "$work/cdc.json" "$keep/"
fi
exit $rc
