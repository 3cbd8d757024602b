#!/usr/bin/env bash
# OpenSTA (Debian package opensta) reads a generated design's SDC against a Yosys netlist of it:
#   sta_check.sh DIR
# Yosys synthesises DIR's Verilog without flattening onto tests/constraints/sta_cells.lib (a
# made-up library: only the structure matters), each flop is named after the net on its Q
# ("<reg>[<bit>]_reg", a stand-in for what synthesis tools do), and OpenSTA links the netlist,
# reads <name>.sdc and reports every path from one clock to another, setup and hold. Fails if a
# command of the SDC finds no object or is rejected, or if any path between two clocks is timed
# as an ordinary clock-to-clock path instead of by one of the SDC's exceptions.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=$(cd "$1" && pwd)
top=$(bash "$root/scripts/design_top.sh" "$dir")
sdc=$(ls "$dir"/*.sdc)
lib=$here/sta_cells.lib
for tool in yosys sta python3; do
  command -v "$tool" >/dev/null || { echo "sta_check: $tool not found"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t files <"$dir/filelist.f"
(cd "$dir" && yosys -q -l "$work/synth.log" -p "read_liberty -lib $lib; \
read_verilog -defer ${files[*]}; hierarchy -check -top $top; synth -top $top; \
dfflegalize -cell \$_DFF_P_ 01 -cell \$_DFF_PN0_ 01 -cell \$_DFF_PN1_ 01; \
dfflibmap -liberty $lib; abc -liberty $lib; hilomap -hicell TIEHI Y -locell TIELO Y; \
opt_clean -purge; write_verilog -noattr -noexpr $work/netlist.v" >/dev/null)
python3 - "$work/netlist.v" "$work/named.v" <<'PY'
import re
import sys

def rename(m):
    cell = m.group(0)
    q = re.search(r"\.Q\(([^)]*)\)", cell)
    if not q:
        return cell
    net = q.group(1).strip().lstrip("\\").replace(" ", "")
    return re.sub(r"^(\s*DFF[RS]?\s+)\S+", lambda h: h.group(1) + "\\" + net + "_reg", cell, count=1)

text = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(re.sub(r"^\s*DFF[RS]?\s+\S+\s*\((?:.|\n)*?\);", rename, text, flags=re.M))
PY
clocks=$(sed -n 's/^create_clock -name \([^ ]*\) .*/\1/p' "$sdc" | tr '\n' ' ')
cat >"$work/run.tcl" <<TCL
read_liberty $lib
read_verilog $work/named.v
link_design $top
read_sdc $sdc
foreach a {$clocks} {
  foreach b {$clocks} {
    if {\$a eq \$b} continue
    puts "=== \$a -> \$b"
    report_checks -path_delay min_max -from [get_clocks \$a] -to [get_clocks \$b] \
      -group_count 100000 -endpoint_count 1 -format end
  }
}
exit
TCL
sta "$work/run.tcl" >"$work/sta.log" 2>&1 || true
bad=0
if grep -E "^Error|not found" "$work/sta.log" | grep -v "previously declared"; then bad=1; fi
# An ordinary path between two clocks is reported in the group of its capturing clock.
if grep -E "^(max_delay/setup|min_delay/hold) group clk" "$work/sta.log"; then
  echo "sta_check: paths between clocks not covered by an exception of $sdc (above)"
  bad=1
fi
if ! grep -q "^===" "$work/sta.log"; then tail -n 20 "$work/sta.log"; bad=1; fi
[ $bad -eq 0 ] || { echo "sta_check: failed (log: $work/sta.log)"; trap - EXIT; exit 1; }
echo "sta_check: OpenSTA read $(basename "$sdc"): every object found, every path between the" \
     "clocks ($clocks) under an exception"
