#!/usr/bin/env bash
# The power-intent and constraint checks (docs/power.md, "Power intent and constraints"):
#   run_constraints.sh fixture
#       scripts/check_constraints.tcl on tests/constraints/duo.{upf,sdc,xdc} (the writers' golden
#       output for a hand-built two-island design) and duo_names.txt; then every mutant of them
#       below must fail with its message.
#   run_constraints.sh design SPEC OUT RNNGEN
#       generates SPEC (with islands) into OUT, lists its names with scripts/design_names.sh
#       (Yosys), checks the three files against them, then the mutants.
#   run_constraints.sh one_domain SPEC OUT RNNGEN
#       generates SPEC (one clock domain): no .upf, .sdc or .xdc, and manifest power.files {}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
check="tclsh $root/scripts/check_constraints.tcl"
command -v tclsh >/dev/null || { echo "run_constraints: tclsh not found (Debian package tcl)"; exit 1; }

# The three files of DIR (one each of *.upf, *.sdc, *.xdc).
files_of() {
  local dir=$1 f
  for ext in upf sdc xdc; do
    f=$(ls "$dir"/*.$ext 2>/dev/null | head -n 1)
    [ -n "$f" ] || { echo "run_constraints: no .$ext in $dir" >&2; exit 1; }
    echo "$f"
  done
}

# Each mutant: the file (by extension) to change, a sed script, and what the checker must say.
mutants=(
  "sdc|s#u_sync_wgray/sync_q1#u_sync_wgrey/sync_q1#|no instance or register in the design matches"
  "xdc|s#u_act_fifo/u_sync_rgray/sync_q1#u_act_fifo/u_sync_rgray/sync_q3#|no instance or register in the design matches"
  "upf|s#-elements {u_island_\\([A-Za-z0-9_]*\\)}#-elements {u_island_\\1x}#|is not an instance of the design"
  "sdc|s#u_rst_sync_array/rst_ni#u_rst_sync_array/rst_n#|no instance pin in the design matches"
  "sdc|s#get_ports rst_ni#get_ports rst_n#|no port in the design matches"
  "xdc|0,/-datapath_only/s//-datapath/|unknown option -datapath"
  "sdc|0,/-ignore_clock_latency/s//-datapath_only/|unknown option -datapath_only"
  "sdc|0,/-period [0-9.]*/s//-period 0/|is not a number greater than 0"
  "xdc|0,/-period [0-9.]*/s//-period 7.777/|differs from"
  "xdc|\$a set_clock_groups -asynchronous -group [get_clocks clk_i] -group [get_clocks clk_i]|set_clock_groups overrides"
  "sdc|/u_xing_0\\/u_done_sync/d|is the end of no set_max_delay"
  "sdc|/u_xing_0\\/u_act_fifo\\/mem/d|is the start of no set_max_delay"
  "sdc|0,/create_clock -name clk_i /{//d}|clock input clk_i has no create_clock"
  "upf|0,/-applies_to outputs/{//d}|no level shifter strategy for its outputs"
  "upf|0,/-rule high_to_low/s//-rule low_to_high/|rule low_to_high (expected high_to_low or both)"
  "upf|s/^\\(add_pst_state .*\\) [a-z0-9_]*}\$/\\1}/|states for"
  "upf|0,/^connect_supply_net/{//d}|is connected to no supply port"
  "upf|0,/^create_power_domain PD_[^T]/{//d}|is not defined (yet)"
  "upf|s/-primary_ground_net VSS/-primary_ground_net VDD/|power and ground are both"
  "upf|s/{gnd 0.000}/{gnd 0.100}/|expected 0"
  "upf|/^upf_version/d|no upf_version"
  "upf|s/^upf_version 2.0/upf_version 3.5/|upf_version: version 3.5"
  "upf|\$a set x 1|set: not a command of a .upf file"
)

run_mutants() {
  local names=$1 upf=$2 sdc=$3 xdc=$4 work failed=0 n=0
  work=$(mktemp -d)
  for m in "${mutants[@]}"; do
    IFS='|' read -r ext script want _ <<<"$m"
    n=$((n + 1))
    cp "$upf" "$work/m.upf"
    cp "$sdc" "$work/m.sdc"
    cp "$xdc" "$work/m.xdc"
    cp "$work/m.$ext" "$work/before"
    sed -i "$script" "$work/m.$ext"
    if cmp -s "$work/before" "$work/m.$ext"; then
      echo "mutant $n ($ext: $script): the sed script changed nothing"
      failed=1
      continue
    fi
    set +e
    $check -names "$names" "$work/m.upf" "$work/m.sdc" "$work/m.xdc" >"$work/out" 2>&1
    rc=$?
    set -e
    if [ $rc -ne 1 ] || ! grep -qF -- "$want" "$work/out"; then
      echo "mutant $n ($ext: $script): expected exit 1 and '$want', got exit $rc:"
      sed 's/^/  /' "$work/out"
      failed=1
    fi
  done
  rm -rf "$work"
  [ $failed -eq 0 ] || exit 1
  echo "run_constraints: all $n mutants rejected"
}

case ${1:-} in
  fixture)
    $check -names "$here/duo_names.txt" "$here/duo.upf" "$here/duo.sdc" "$here/duo.xdc"
    run_mutants "$here/duo_names.txt" "$here/duo.upf" "$here/duo.sdc" "$here/duo.xdc"
    ;;
  design)
    spec=$2 out=$3 rnngen=$4
    "$rnngen" "$spec" -o "$out" --force >/dev/null
    mapfile -t f < <(files_of "$out")
    for ext in upf sdc xdc; do
      grep -q "\"$ext\": \"$(basename "${f[0]%.upf}").$ext\"" "$out/manifest.json" ||
        { echo "run_constraints: manifest power.files lacks $ext"; exit 1; }
    done
    bash "$root/scripts/design_names.sh" "$out" >"$out/names.txt"
    $check -names "$out/names.txt" "${f[@]}"
    run_mutants "$out/names.txt" "${f[@]}"
    ;;
  one_domain)
    spec=$2 out=$3 rnngen=$4
    "$rnngen" "$spec" -o "$out" --force >/dev/null
    if ls "$out"/*.upf "$out"/*.sdc "$out"/*.xdc >/dev/null 2>&1; then
      echo "run_constraints: a design of one clock domain got constraint files"; exit 1
    fi
    grep -q '"files": {}' "$out/manifest.json" ||
      { echo "run_constraints: manifest power.files is not {}"; exit 1; }
    echo "run_constraints: one clock domain, no constraint files"
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
