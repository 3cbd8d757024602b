#!/usr/bin/env bash
# make fpga-ice40: places and routes a generated design on a real small FPGA, the Lattice
# iCE40 UltraPlus UP5K: Yosys synth_ice40, nextpnr-ice40, icepack (if installed). Reports the
# utilisation against the UP5K, the achieved Fmax and the step latency at that Fmax.
#   DIR/fpga_ice40.json          the figures
#   DIR/ice40/                   netlist, nextpnr log and report, wrapper, .asc, .bin
# Exits non-zero, with nextpnr's reason, when the design cannot be placed or routed.
# Usage: scripts/fpga_ice40.sh DIR
# Environment: ICE40_FREQ=MHz       target clock for timing-driven place and route (default 24)
#              ICE40_PACKAGE=pkg    UP5K package: sg48 (39 user IO, default) or uwg30 (21)
#              ICE40_IO_WRAP=auto|0|1  put the design in a narrow-IO wrapper (below); auto: only
#                                   when its ports need more pins than the package has
#              ICE40_SEED=n         nextpnr seed (default 1: same design, same result)
#              ICE40_REQUIRE_FMAX=1 also exit non-zero when the routed design misses ICE40_FREQ
set -euo pipefail
dir=${1:?usage: scripts/fpga_ice40.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
freq=${ICE40_FREQ:-24}
package=${ICE40_PACKAGE:-sg48}
wrap=${ICE40_IO_WRAP:-auto}
seed=${ICE40_SEED:-1}
for tool in yosys nextpnr-ice40 python3; do
  command -v "$tool" >/dev/null ||
    { echo "fpga-ice40: $tool not found (run scripts/bootstrap.sh: apt-get install nextpnr-ice40 fpga-icestorm)" >&2; exit 2; }
done
[ -f "$dir/manifest.json" ] && [ -f "$dir/filelist.f" ] ||
  { echo "fpga-ice40: $dir is not a generated folder (no manifest.json or filelist.f)" >&2; exit 2; }
# User IO of the UP5K packages (Lattice iCE40 UltraPlus family data sheet, FPGA-DS-02008).
case $package in
  sg48) package_io=39 ;;
  uwg30) package_io=21 ;;
  *) echo "fpga-ice40: unknown UP5K package $package (sg48 or uwg30)" >&2; exit 2 ;;
esac
top=$(bash "$here/design_top.sh" "$dir")
dir=$(cd "$dir" && pwd)
work=$dir/ice40
rm -rf "$work" && mkdir -p "$work"
mapfile -t files < "$dir/filelist.f"

# The design's parallel ports (x_data_i, h_data_o, ...) need more pins than a UP5K package has
# for any activation wider than about 14 bits. A real system would feed the array from on-chip
# logic, not from pins, so the wrapper only keeps every port live with one pin each: a wide input
# is a shift register loaded from one serial pin, a wide output is XOR-reduced into a register.
# Its cost (one flop per input bit, a few LUTs per output) is counted in the figures and stated.
port_bits=$(python3 -c 'import json,sys; print(sum(p["width"] for p in json.load(open(sys.argv[1]))["ports"]))' "$dir/manifest.json")
if [ "$wrap" = auto ]; then
  wrap=0
  [ "$port_bits" -gt "$package_io" ] && wrap=1
fi
pnr_top=$top
if [ "$wrap" = 1 ]; then
  pnr_top=${top}_ice40_io
  python3 - "$dir/manifest.json" "$work/io_wrapper.v" "$top" "$pnr_top" <<'PY'
import json, sys
ports = json.load(open(sys.argv[1]))["ports"]
top, wrapper = sys.argv[3], sys.argv[4]
clk = next((p["name"] for p in ports if p["direction"] == "input" and p["width"] == 1
            and ("clock" in p.get("doc", "") or p["name"].startswith("clk"))), None)
if clk is None:
    sys.exit("fpga-ice40: no clock port in manifest.json to clock the IO wrapper")
io, body, conns = [], [], []
for p in ports:
    n, w = p["name"], p["width"]
    if w == 1:
        io.append(f"  {p['direction']} wire {n}")
        conns.append(f"    .{n}({n})")
    elif p["direction"] == "input":
        io.append(f"  input wire {n}_serial")
        body += [f"  reg [{w - 1}:0] {n}_q;", f"  always @(posedge {clk}) {n}_q <= {{{n}_q[{w - 2}:0], {n}_serial}};"]
        conns.append(f"    .{n}({n}_q)")
    else:
        io.append(f"  output reg {n}_xor")
        body += [f"  wire [{w - 1}:0] {n}_w;", f"  always @(posedge {clk}) {n}_xor <= ^{n}_w;"]
        conns.append(f"    .{n}({n}_w)")
text = [f"// Narrow-IO wrapper of {top} for the UP5K (scripts/fpga_ice40.sh); not part of the design.",
        f"module {wrapper} (", ",\n".join(io), ");"] + body + \
       [f"  {top} u_dut (", ",\n".join(conns), "  );", "endmodule", ""]
open(sys.argv[2], "w").write("\n".join(text))
PY
  files+=("$work/io_wrapper.v")
fi

t0=$(date +%s)
(cd "$dir" && yosys -q -l "$work/synth.log" -p "read_verilog -defer ${files[*]}; \
hierarchy -check -top $pnr_top; synth_ice40 -top $pnr_top -dsp -spram -json $work/design.json; \
tee -q -o $work/stat.txt stat" >/dev/null) ||
  { echo "fpga-ice40: $top: synth_ice40 failed (log: $work/synth.log)" >&2; exit 1; }
t1=$(date +%s)
set +e
nextpnr-ice40 --up5k --package "$package" --json "$work/design.json" --freq "$freq" \
  --pcf-allow-unconstrained --timing-allow-fail --seed "$seed" \
  --report "$work/report.json" --asc "$work/design.asc" >"$work/nextpnr.log" 2>&1
pnr_rc=$?
set -e
t2=$(date +%s)
packed=0
if [ "$pnr_rc" = 0 ] && command -v icepack >/dev/null; then
  icepack "$work/design.asc" "$work/design.bin" && packed=1
fi

python3 - "$dir" "$work" "$top" "$pnr_top" "$package" "$package_io" "$port_bits" "$wrap" "$freq" \
  "$pnr_rc" "$packed" "$((t1 - t0))" "$((t2 - t1))" "$seed" "${ICE40_REQUIRE_FMAX:-0}" <<'PY'
import json, re, sys
(out, work, top, pnr_top, package, package_io, port_bits, wrap, freq, rc, packed, t_syn, t_pnr,
 seed, require_fmax) = sys.argv[1:]
manifest = json.load(open(f"{out}/manifest.json"))
cycles = manifest["performance"]["predicted_cycles_per_step"]
log = open(f"{work}/nextpnr.log", errors="replace").read()
CAP = {"ICESTORM_LC": 5280, "ICESTORM_RAM": 30, "ICESTORM_DSP": 8, "ICESTORM_SPRAM": 4}

# Utilisation: nextpnr's report when it got that far, else its log's "Device utilisation" (printed
# after packing, before a placement that may fail).
util = {}
try:
    rep = json.load(open(f"{work}/report.json"))
    for k, v in rep.get("utilization", {}).items():
        util[k] = {"used": v["used"], "available": v["available"]}
except (OSError, ValueError):
    rep = {}
if not util:
    for m in re.finditer(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)", log, re.M):
        util[m.group(1)] = {"used": int(m.group(2)), "available": int(m.group(3))}
main = {k: {"used": util.get(k, {}).get("used"), "available": util.get(k, {}).get("available", c),
            "percent": round(100.0 * util[k]["used"] / util[k]["available"], 1) if k in util else None}
        for k, c in CAP.items()}
main["SB_IO"] = {"used": util.get("SB_IO", {}).get("used"), "available": int(package_io), "percent": None}

# Yosys' cell counts (available even when nextpnr fails).
cells = {}
stat = open(f"{work}/stat.txt").read()
for m in re.finditer(r"^\s+(SB_\w+)\s+(\d+)$", stat, re.M):
    cells[m.group(1)] = int(m.group(2))

# Fmax of the design's clock (clk_i): its last "Max frequency for clock" line is the one after
# routing. nextpnr also times nets it made a clock of (a RAM clock pin tied off becomes
# '$PACKER_GND_NET_$glb_clk'); without a clk_i line, the slowest clock counts.
fmax = None
clocks = re.findall(r"Max frequency for clock\s+'([^']+)':\s+([\d.]+) MHz", log)
design_clock = [float(f) for name, f in clocks if name.startswith("clk_i")]
if design_clock:
    fmax = design_clock[-1]
elif clocks:
    fmax = min(float(f) for _, f in clocks)
errors = [l.strip() for l in log.splitlines() if "ERROR" in l]
ok = rc == "0"
result = {
    "tool": f"yosys synth_ice40 -dsp -spram; nextpnr-ice40 --up5k --package {package} --freq {freq}",
    "top": top, "placed_top": pnr_top, "device": "iCE40UP5K", "package": package,
    "io": {"port_bits": int(port_bits), "package_io": int(package_io), "wrapper": wrap == "1",
           "wrapper_note": "wide ports reached through one pin each (shift register in, XOR-reduce out); "
                           "its flops and LUTs are in the figures" if wrap == "1" else None},
    "placed_and_routed": ok, "error": None if ok else (errors[-1] if errors else f"nextpnr exited {rc}"),
    "utilisation": main, "yosys_cells": cells,
    "target_mhz": float(freq), "fmax_mhz": fmax if ok else None,
    "meets_target": (fmax is not None and fmax >= float(freq)) if ok else None,
    "cycles_per_step": cycles,
    "step_latency_us": round(cycles / fmax, 3) if ok and fmax else None,
    "bitstream": f"ice40/design.bin" if packed == "1" else None,
    "synth_seconds": int(t_syn), "pnr_seconds": int(t_pnr), "seed": int(seed),
}
json.dump(result, open(f"{out}/fpga_ice40.json", "w"), indent=2)
open(f"{out}/fpga_ice40.json", "a").write("\n")

u = lambda k: f"{main[k]['used'] if main[k]['used'] is not None else '?'}/{main[k]['available']}"
print(f"fpga-ice40: {top} on iCE40UP5K-{package}: LC {u('ICESTORM_LC')}, EBR {u('ICESTORM_RAM')}, "
      f"DSP {u('ICESTORM_DSP')}, SPRAM {u('ICESTORM_SPRAM')}, IO {u('SB_IO')}"
      + (f" (wrapper: {port_bits} port bits > {package_io} pins)" if wrap == "1" else ""))
if ok:
    print(f"fpga-ice40: Fmax {fmax} MHz (target {freq} MHz{'' if result['meets_target'] else ', MISSED'}); "
          f"{cycles} cycles/step = {result['step_latency_us']} us/step; "
          f"synth {t_syn} s, place and route {t_pnr} s" + ("; bitstream ice40/design.bin" if packed == "1" else ""))
else:
    print(f"fpga-ice40: {top}: place and route FAILED: {result['error']} (log: {work}/nextpnr.log)",
          file=sys.stderr)
print(f"fpga-ice40: wrote {out}/fpga_ice40.json")
if ok and require_fmax == "1" and not result["meets_target"]:
    print(f"fpga-ice40: {top}: Fmax {fmax} MHz misses the required {freq} MHz", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if ok else 1)
PY
