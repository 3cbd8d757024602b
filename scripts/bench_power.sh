#!/usr/bin/env bash
# make bench-power: the power model's figures (docs/power.md) for configs/trained_lstm.yaml with
# `power: {islands: 3}` and for configs/bench_ese_islands.yaml (the ESE layer pruned by
# magnitude, 32 PEs, islands): the comparison (a)..(e), the islands, the savings against the
# targets of issue 12, and the generator's time. A benchmark of a model, not a test.
# Usage: scripts/bench_power.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench/bench_power
mkdir -p "$work"

# trained_lstm with islands: 3, its file paths made absolute (the spec's folder resolves them).
trained=$work/trained_lstm_islands3.yaml
sed -e "s#^\(  path: \)trained/#\1$root/configs/trained/#" \
    -e "s#^\(  calibration: \)trained/#\1$root/configs/trained/#" \
    -e "s#^\(  inputs: \)trained/#\1$root/configs/trained/#" \
    -e "s#^\(  labels: \)trained/#\1$root/configs/trained/#" \
    "$root/configs/trained_lstm.yaml" > "$trained"
printf 'power:\n  islands: 3\n' >> "$trained"
# The same on a shallower corner: the alpha-power law with Vth 0.35 V and alpha 1.5 (the sketch
# behind issue 12's figures) instead of the default table's 1.75, to show what the curve decides.
shallow=$work/trained_lstm_islands3_alpha15.yaml
cp "$trained" "$shallow"
printf '  vf_points: [[0.6, 91.9], [0.7, 130.5], [0.8, 166.5], [0.9, 200]]\n' >> "$shallow"

# Generator time: best wall time of 3 runs, and the CPU time (user + sys) of that run.
run() {
  local spec=$1 out=$2 best="" cpu=""
  for _ in 1 2 3; do
    local t
    t=$( { /usr/bin/time -f '%e %U %S' "$build/rnngen" "$spec" -o "$out" >/dev/null; } 2>&1 | tail -1)
    read -r wall user sys <<<"$t"
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then
      best=$wall
      cpu=$(echo "$user + $sys" | bc)
    fi
  done
  echo "$best $cpu"
}

report() {
  local label=$1 spec=$2 out=$3
  read -r wall cpu <<<"$(run "$spec" "$out")"
  python3 - "$out/manifest.json" "$label" "$wall" "$cpu" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
label, wall, cpu = sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
p = m["power"]
pr = lambda s: print("bench-power: " + s)
pr(f"{label}: {m['array']['pe_count']} PEs, {m['weights']['pruning']} pruning, "
   f"density {m['weights']['density']}, {m['performance']['predicted_cycles_per_step']} "
   f"cycles/step")
pr(f"  deadline {p['deadline_us']:.4g} us, array clock {p['array_clock_mhz']:.0f} MHz, nominal "
   f"{p['nominal_vdd']:.3f} V, load max/mean {p['load_imbalance']:.3f} (balanced units "
   f"{p['balanced_load_imbalance']:.3f}), target {p['target']}")
rows = {r["id"]: r for r in p["comparison"]}
for r in p["comparison"]:
    extra = ""
    if r["id"] == "e":
        extra = f", {r['cycles_per_step']:.0f} cycles/step"
        if "accuracy" in r:
            extra += f", accuracy {100 * r['accuracy']:.2f}%"
    v = (f"{r['vdd_min']:.3f}" if abs(r["vdd_max"] - r["vdd_min"]) < 5e-4
         else f"{r['vdd_min']:.3f}-{r['vdd_max']:.3f}")
    pr(f"  ({r['id']}) {r['energy_pj']:12.1f} pJ/step {r['power_mw']:9.4f} mW  saving "
       f"{100 * r['saving_vs_a']:5.1f}%  V {v}  step {r['step_us']:.4g} us{extra}")
for i in p["islands"]:
    pr(f"  island {i['name']}: PEs {i['pes']}, busiest {i['max_entries']} entries, "
       f"{i['busy_cycles']:.0f} busy cycles, {i['clock_mhz']:.0f} MHz, {i['vdd']:.3f} V, "
       f"{i['energy_pj']['total']:.1f} pJ/step")
c, per_pe = rows["c"]["saving_vs_a"], rows["per_pe"]["saving_vs_a"]
ratio = c / per_pe if per_pe > 0 else float("nan")
pr(f"  islands ({len(p['islands'])}) save {100 * c:.1f}% vs (a) (target >= 12%); one island "
   f"per PE saves {100 * per_pe:.1f}%; islands reach {100 * ratio:.1f}% of that (target >= 90%)")
pr(f"  generator time: {wall:.3f} s wall (best of 3), {cpu:.3f} s CPU user+sys (target < 1 s)")
PY
}

report "configs/trained_lstm.yaml + power: {islands: 3}" "$trained" "$work/trained_lstm"
report "the same, V-f curve with alpha 1.5 (sensitivity)" "$shallow" "$work/trained_lstm_alpha15"
report "configs/bench_ese_islands.yaml" "$root/configs/bench_ese_islands.yaml" "$work/bench_ese"
