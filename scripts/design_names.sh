#!/usr/bin/env bash
# Lists the names a design's constraints may refer to, from its Verilog as Yosys elaborates it
# (docs/power.md, "Power intent and constraints"); scripts/check_constraints.tcl reads the list.
# Usage: scripts/design_names.sh DIR [TOP] > names.txt
#   DIR   a generated design folder (its filelist.f; Yosys runs there, beside the $readmemh files)
#   TOP   the top module (default: the one in DIR/manifest.json)
# One name a line, "<kind> <hierarchical name>", sorted, with '/' between instance levels:
#   port  a port of the top              clk_i
#   inst  a module instance              u_xing_0/u_act_fifo
#   pin   a port of an instance          u_rst_sync_array/rst_ni
#   reg   a register (flop or latch)     u_xing_0/u_act_fifo/wgray_q
#   mem   a memory (register array)      u_xing_0/u_act_fifo/mem
# The design is elaborated without flattening, so each name is the RTL's own: an instance or
# register inside a generate block keeps its block path in one level (gen_set[0].written_q), as
# Yosys and Vivado name it. Registers are whole vectors, by their RTL names; tools that rename
# flops after synthesis (wgray_q_reg[0]) still match the constraints' trailing '*'.
# Exits 2 if Yosys cannot elaborate the design.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -f "$1/filelist.f" ]; then
  sed -n '4,6p' "$0" >&2
  exit 2
fi
dir=$(cd "$1" && pwd)
top=${2:-$(bash "$here/design_top.sh" "$dir")}
for tool in yosys python3; do
  command -v "$tool" >/dev/null || { echo "design_names: $tool not found" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t files <"$dir/filelist.f"
cd "$dir"
# proc turns processes into flops, each with its register on its Q; memory_collect makes each
# array one memory cell. Memory contents and source locations are dropped: the names need
# neither. The netlist is read as RTLIL text, which keeps the wire a flop's Q was connected to
# (JSON would give only bits, shared by every alias such as an output assigned from the flop).
if ! yosys -q -l "$work/names.log" -p "read_verilog -defer ${files[*]}; hierarchy -check -top $top; \
proc; delete t:\$meminit t:\$meminit_v2; memory_collect; setattr -unset src; \
setattr -unset src w:*; write_rtlil $work/names.il" >/dev/null 2>&1; then
  grep -i error "$work/names.log" >&2 || tail -n 20 "$work/names.log" >&2
  echo "design_names: Yosys could not elaborate $top" >&2
  exit 2
fi
python3 "$here/design_names.py" "$work/names.il" "$top"
