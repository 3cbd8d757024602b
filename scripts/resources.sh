#!/usr/bin/env bash
# make resources: measures what a generated design costs on an AMD UltraScale+ FPGA.
#   Yosys synth_xilinx -family xcup on DIR/filelist.f, flattened (as Vivado's default
#   flatten_hierarchy=rebuilt does, constants such as a PE's biases then fold into the logic that
#   reads them), then
#   DIR/resources.json   totals, per PE, per module, and fits on three named parts
#   DIR/resources.md     the same for a person
#   DIR/resources.log    the Yosys log
# Usage: scripts/resources.sh DIR
# Environment: RES_FLATTEN=0   keep the hierarchy: figures per PE instance and per module, but
#                              Yosys does not carry constant data across a module boundary, so
#                              the muxes that select a PE's constants are built in full and the
#                              totals overstate (bench_lstm: 7,483 LUT a PE against 1,548 flat)
#              RES_TIMEOUT=S   give up after S seconds (exit 124), default: no limit
set -euo pipefail
dir=${1:?usage: scripts/resources.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
for tool in yosys python3; do
  command -v "$tool" >/dev/null || { echo "resources: $tool not found (run scripts/bootstrap.sh)" >&2; exit 2; }
done
[ -f "$dir/manifest.json" ] && [ -f "$dir/filelist.f" ] ||
  { echo "resources: $dir is not a generated folder (no manifest.json or filelist.f)" >&2; exit 2; }
top=$(bash "$here/design_top.sh" "$dir")
[ -n "$top" ] || { echo "resources: no \"top\" in $dir/manifest.json" >&2; exit 2; }

flatten=""
[ "${RES_FLATTEN:-1}" = 1 ] && flatten="-flatten"
timeout_cmd=()
[ "${RES_TIMEOUT:-0}" -gt 0 ] && timeout_cmd=(timeout "$RES_TIMEOUT")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=$(cd "$dir" && pwd)
mapfile -t files < "$dir/filelist.f"

# -noiopad -noclkbuf: the array is an IP core inside a larger design (out-of-context), so no
# I/O buffers or BUFG. The top attribute is removed before `stat -json` because Yosys 0.23 then
# prints its hierarchy text into the JSON. `dump` of the top's cells gives instance -> module.
t0=$(date +%s)
set +e
(cd "$dir" && "${timeout_cmd[@]}" yosys -q -l "$dir/resources.log" -p "\
read_verilog -defer ${files[*]}; hierarchy -check -top $top; \
synth_xilinx -family xcup -top $top -noiopad -noclkbuf $flatten; \
setattr -mod -unset top $top; tee -q -o $tmp/stat.json stat -json; \
dump -o $tmp/top_cells.il $top/c:*" >/dev/null 2>"$tmp/stderr")
rc=$?
set -e
if [ "$rc" != 0 ]; then
  grep -v '^Warning: Resizing cell port' "$tmp/stderr" >&2 || true
  [ "$rc" = 124 ] && echo "resources: $top: synth_xilinx gave up after ${RES_TIMEOUT}s" >&2
  echo "resources: $top: synthesis failed (log: $dir/resources.log)" >&2
  exit "$rc"
fi
seconds=$(( $(date +%s) - t0 ))

python3 - "$dir" "$top" "$tmp" "$seconds" "${flatten:+1}" <<'PY'
import json, re, sys
from collections import Counter, defaultdict

out, top, tmp, seconds, flat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), bool(sys.argv[5])
manifest = json.load(open(f"{out}/manifest.json"))
pe_count = manifest["array"]["pe_count"]

# LUTs a distributed-RAM or shift-register primitive occupies (UG974, UG574: a RAM64M is four
# LUTs of one SLICEM sharing a write address; a RAM32M16 eight).
LUTRAM_LUTS = {
    "RAM32X1S": 1, "RAM64X1S": 1, "RAM32X1D": 2, "RAM64X1D": 2, "RAM128X1S": 2, "RAM128X1D": 4,
    "RAM256X1S": 4, "RAM256X1D": 8, "RAM512X1S": 8, "RAM32M": 4, "RAM64M": 4, "RAM32M16": 8,
    "RAM64M8": 8, "RAM64X8SW": 8, "RAM32X16DR8": 8, "SRL16E": 1, "SRLC16E": 1, "SRLC32E": 1,
}
BRAM18 = {"RAMB18E2": 1, "RAMB36E2": 2, "FIFO18E2": 1, "FIFO36E2": 2}

# Parts: AMD product tables (DS890 UltraScale, DS891 Zynq UltraScale+, DS180 7 series). BRAM is
# in 36 Kb blocks; cross-checked against the tables' Mb totals (1,080 x 36 Kb = 38.0 Mb; 912 x
# 36 Kb = 32.1 Mb; 135 x 36 Kb = 4,860 Kb). The Artix-7 row is indicative only: the netlist is
# mapped for UltraScale+ (DSP48E2, MUXF9), not for 7 series.
PARTS = [
    ("XCKU060", "Kintex UltraScale", 331680, 663360, 2760, 1080),
    ("XCZU9EG", "Zynq UltraScale+", 274080, 548160, 2520, 912),
    ("XC7A100T", "Artix-7", 63400, 126800, 240, 135),
]

def modules_json(path):
    # Yosys 0.23 writes a trailing comma after the last module: parse the "modules" object only.
    text = open(path).read()
    start = text.index("{", text.index('"modules"'))
    text = re.sub(r"\}\s*,\s*\}", "}}", text[start:], count=0)
    mods, _ = json.JSONDecoder().raw_decode(text)
    return {name: Counter(m.get("num_cells_by_type", {})) for name, m in mods.items()}

own = modules_json(f"{tmp}/stat.json")

def base(name):
    # "$paramod$<hash>\rnngen_pe", "$paramod\rnngen_fifo\DEPTH=8", "\top" -> the module's name.
    m = re.match(r"^\$paramod(?:\$[0-9a-f]+)?\\([^\\]+)", name)
    return m.group(1) if m else name.lstrip("\\")

def key(name):
    return name if name in own else "\\" + name if "\\" + name in own else None

total_cache = {}
def total(mod):
    # Primitive cells of a module and of everything below it.
    if mod not in total_cache:
        c = Counter()
        for t, n in own[mod].items():
            k = key(t)
            if k is None:
                c[t] += n
            else:
                for tt, nn in total(k).items():
                    c[tt] += n * nn
        total_cache[mod] = c
    return total_cache[mod]

def summary(cells):
    lut_logic = sum(n for t, n in cells.items() if re.fullmatch(r"LUT[1-6]", t))
    lutram = sum(n * LUTRAM_LUTS[t] for t, n in cells.items() if t in LUTRAM_LUTS)
    bram18 = sum(n * BRAM18[t] for t, n in cells.items() if t in BRAM18)
    known = set(LUTRAM_LUTS) | set(BRAM18) | {"DSP48E2", "CARRY4", "CARRY8", "MUXF7", "MUXF8",
                                              "MUXF9", "INV", "URAM288"}
    other = {t: n for t, n in sorted(cells.items())
             if t not in known and not re.fullmatch(r"LUT[1-6]|FD[A-Z]*", t)}
    return {
        "lut": lut_logic + lutram, "lut_logic": lut_logic, "lut_memory": lutram,
        "ff": sum(n for t, n in cells.items() if re.fullmatch(r"FD[A-Z]*", t)),
        "dsp": cells.get("DSP48E2", 0),
        "bram18": bram18, "bram36": bram18 / 2, "uram": cells.get("URAM288", 0),
        "carry4": cells.get("CARRY4", 0), "carry8": cells.get("CARRY8", 0),
        "muxf7": cells.get("MUXF7", 0), "muxf8": cells.get("MUXF8", 0), "muxf9": cells.get("MUXF9", 0),
        "inv": cells.get("INV", 0), "other": other,
        "cells": {t: n for t, n in sorted(cells.items()) if key(t) is None},
    }

topk = key(top)
totals = total(topk)

# Instance -> module of the top's cells, from the RTLIL dump.
instances = []
for line in open(f"{tmp}/top_cells.il"):
    m = re.match(r"^\s*cell (\S+) (\S+)$", line)
    if m and key(m.group(1)) is not None:
        instances.append((m.group(2).lstrip("\\"), key(m.group(1))))

# Every module's own cells, summed over all its instances in the hierarchy: where the LUTs go.
count = Counter()
def walk(mod, n):
    count[mod] += n
    for t, k in own[mod].items():
        if key(t) is not None:
            walk(key(t), n * k)
walk(topk, 1)
by_module = defaultdict(Counter)
inst_of = Counter()
for mod, n in count.items():
    inst_of[base(mod)] += n
    for t, k in own[mod].items():
        if key(t) is None:
            by_module[base(mod)][t] += n * k

# The PEs: the top-level instances of the one module that the top instantiates pe_count times
# (by name only to break a tie, e.g. with pe_count 1). Nothing else about module names is assumed.
groups = defaultdict(list)
for inst, mod in instances:
    groups[base(mod)].append((inst, mod))
cands = [b for b, g in groups.items() if len(g) == pe_count]
cands.sort(key=lambda b: (not re.search(r"(^|_)pe($|_)", b), -summary(total(groups[b][0][1]))["lut"]))
pe_module = cands[0] if cands else None

def num_key(s):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s)]

per_pe, pe_instances = None, []
if pe_module:
    for inst, mod in sorted(groups[pe_module], key=lambda im: num_key(im[0])):
        s = summary(total(mod))
        pe_instances.append({"instance": inst, "module": mod, **{k: s[k] for k in (
            "lut", "lut_logic", "lut_memory", "ff", "dsp", "bram18", "carry4", "carry8", "muxf7",
            "muxf8", "muxf9", "inv")}})
    fields = ("lut", "lut_logic", "lut_memory", "ff", "dsp", "bram18", "bram36")
    per_pe = {f: {"mean": sum(summary(total(m))[f] for _, m in groups[pe_module]) / pe_count,
                  "min": min(summary(total(m))[f] for _, m in groups[pe_module]),
                  "max": max(summary(total(m))[f] for _, m in groups[pe_module])} for f in fields}

tot = summary(totals)
fits = []
for part, family, lut, ff, dsp, bram36 in PARTS:
    use = {"lut": (tot["lut"], lut), "ff": (tot["ff"], ff), "dsp": (tot["dsp"], dsp),
           "bram36": (tot["bram36"], bram36)}
    fits.append({"part": part, "family": family,
                 "capacity": {"lut": lut, "ff": ff, "dsp": dsp, "bram36": bram36},
                 "percent": {k: round(100.0 * u / c, 2) for k, (u, c) in use.items()},
                 "fits": all(u <= c for u, c in use.values())})

top_level = []
for inst, mod in sorted(instances, key=lambda im: num_key(im[0])):
    s = summary(total(mod))
    top_level.append({"instance": inst, "module": base(mod), "lut": s["lut"], "ff": s["ff"],
                      "dsp": s["dsp"], "bram18": s["bram18"]})
glue = summary(own[topk])

modules = []
for b in sorted(by_module, key=lambda b: -summary(by_module[b])["lut"]):
    s = summary(by_module[b])
    modules.append({"module": b, "instances": inst_of[b], "lut": s["lut"], "lut_logic": s["lut_logic"],
                    "lut_memory": s["lut_memory"], "ff": s["ff"], "dsp": s["dsp"], "bram18": s["bram18"],
                    "carry4": s["carry4"], "muxf7": s["muxf7"], "muxf8": s["muxf8"], "muxf9": s["muxf9"],
                    "inv": s["inv"]})

result = {
    "tool": "yosys synth_xilinx -family xcup -noiopad -noclkbuf" + (" -flatten" if flat else ""),
    "top": top, "name": manifest.get("name", top), "pe_count": pe_count,
    "memory_bits": manifest.get("memory_bits"), "synth_seconds": seconds, "flatten": flat,
    "counting": {
        "lut": "LUT1..LUT6 (lut_logic) + LUTs used as distributed RAM or shift registers (lut_memory)",
        "lut_memory_luts_per_cell": LUTRAM_LUTS,
        "ff": "FDRE + FDSE + FDCE + FDPE (any FD*)",
        "bram18": "RAMB18E2 = 1, RAMB36E2 = 2; bram36 = bram18 / 2",
        "inv": "INV cells, not counted in lut: Yosys puts one on most flops' active-low reset; "
               "Vivado folds it into the flop (IS_CLR_INVERTED / IS_PRE_INVERTED)",
        "carry": "Yosys 0.23 maps UltraScale+ adders to CARRY4 (Vivado uses CARRY8, about half as many)",
    },
    "total": tot,
    "total_per_pe": {f: tot[f] / pe_count for f in ("lut", "ff", "dsp", "bram18", "bram36")},
    "pe_module": pe_module, "per_pe": per_pe, "pes": pe_instances,
    "top_level": top_level, "top_glue": {k: glue[k] for k in ("lut", "ff", "dsp", "bram18")},
    "modules": modules, "fits": fits,
}
json.dump(result, open(f"{out}/resources.json", "w"), indent=2)
open(f"{out}/resources.json", "a").write("\n")

# resources.md
f1 = lambda x: f"{x:,.1f}" if isinstance(x, float) and x != int(x) else f"{int(x):,}"
L = [f"# {result['name']}: resources (measured)", "",
     f"`{result['tool']}` on `{top}`, {seconds} s. {pe_count} PEs. "
     "LUT counts LUT1..LUT6 plus the LUTs of distributed RAM and shift registers; BRAM in 18 Kb "
     "blocks (a RAMB36E2 is two). Figures are Yosys', not Vivado's: expect Vivado to need fewer LUTs.", "",
     "| | LUT | (logic / memory) | FF | DSP | BRAM18 | BRAM36 eq. | CARRY4 | MUXF7 / F8 / F9 |",
     "|---|---|---|---|---|---|---|---|---|",
     f"| total | {f1(tot['lut'])} | {f1(tot['lut_logic'])} / {f1(tot['lut_memory'])} | {f1(tot['ff'])} | "
     f"{f1(tot['dsp'])} | {f1(tot['bram18'])} | {f1(tot['bram36'])} | {f1(tot['carry4'])} | "
     f"{tot['muxf7']} / {tot['muxf8']} / {tot['muxf9']} |",
     f"| total / PE | {f1(tot['lut'] / pe_count)} | | {f1(tot['ff'] / pe_count)} | {f1(tot['dsp'] / pe_count)} | "
     f"{f1(tot['bram18'] / pe_count)} | {f1(tot['bram36'] / pe_count)} | | |"]
if per_pe:
    L.append(f"| one PE (`{pe_module}`), mean | {f1(per_pe['lut']['mean'])} | "
             f"{f1(per_pe['lut_logic']['mean'])} / {f1(per_pe['lut_memory']['mean'])} | "
             f"{f1(per_pe['ff']['mean'])} | {f1(per_pe['dsp']['mean'])} | {f1(per_pe['bram18']['mean'])} | "
             f"{f1(per_pe['bram36']['mean'])} | | |")
L += ["", f"INV cells (not counted above; Vivado folds them into the flops' reset pins): {tot['inv']:,}.", "",
      "## Fits", "", "| part | family | LUT % | FF % | DSP % | BRAM36 % | fits |", "|---|---|---|---|---|---|---|"]
for p in fits:
    pc = p["percent"]
    L.append(f"| {p['part']} | {p['family']} | {pc['lut']} | {pc['ff']} | {pc['dsp']} | {pc['bram36']} | "
             f"{'yes' if p['fits'] else 'no'} |")
L += ["", "## Where the LUTs go (each module's own cells, over all its instances)", "",
      "| module | instances | LUT | FF | DSP | BRAM18 | CARRY4 | MUXF7 |", "|---|---|---|---|---|---|---|---|"]
for m in modules:
    L.append(f"| `{m['module']}` | {m['instances']} | {m['lut']:,} | {m['ff']:,} | {m['dsp']} | "
             f"{m['bram18']} | {m['carry4']} | {m['muxf7']} |")
if pe_instances:
    L += ["", "## Per PE (with everything below it)", "", "| PE | LUT | FF | DSP | BRAM18 |", "|---|---|---|---|---|"]
    for p in pe_instances:
        L.append(f"| `{p['instance']}` | {p['lut']:,} | {p['ff']:,} | {p['dsp']} | {p['bram18']} |")
open(f"{out}/resources.md", "w").write("\n".join(L) + "\n")

pp = f", per PE {per_pe['lut']['mean']:.0f} LUT {per_pe['ff']['mean']:.0f} FF {per_pe['dsp']['mean']:g} DSP " \
     f"{per_pe['bram36']['mean']:g} BRAM36" if per_pe else ""
print(f"resources: {top}: {tot['lut']} LUT ({tot['lut_memory']} as memory), {tot['ff']} FF, {tot['dsp']} DSP, "
      f"{tot['bram18']} BRAM18 ({tot['bram36']:g} BRAM36){pp}; synth {seconds} s")
print("resources: fits " + ", ".join(f"{p['part']} {'yes' if p['fits'] else 'no'} ({max(p['percent'].values()):.1f}%)"
                                     for p in fits))
print(f"resources: wrote {out}/resources.json, {out}/resources.md")
PY
