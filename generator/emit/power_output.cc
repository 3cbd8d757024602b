#include "emit/power_output.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "power/islands.h"

namespace rnngen {
namespace {

// Power in mW of an energy per step: pJ per us is uW.
double Mw(double pj, double step_us) { return pj / step_us / 1000; }

std::string VddText(const PowerOption& o) {
  const double lo = o.vdd_min(), hi = o.vdd_max();
  return std::abs(hi - lo) < 5e-4 ? fmt::format("{:.3f}", lo)
                                  : fmt::format("{:.3f}-{:.3f}", lo, hi);
}

// The options in table order ((e) only when the driver priced it).
std::vector<const PowerOption*> Options(const PowerReport& r) {
  std::vector<const PowerOption*> o = {&r.a, &r.b, &r.c, &r.d};
  if (r.e && r.e->not_built.empty()) o.push_back(&r.e->priced);
  o.push_back(&r.per_pe);
  return o;
}

// A colour per island (cycled), and one per event type plus leakage.
const char* const kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#2f4b7c"};
const char* Colour(size_t i) { return kPalette[i % (sizeof(kPalette) / sizeof(kPalette[0]))]; }

std::string SvgOpen(int w, int h) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"{0}\" height=\"{1}\" "
      "fill=\"white\"/>\n",
      w, h);
}

std::string Text(double x, double y, const std::string& s, const char* anchor = "start") {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\">{}</text>\n", x, y, anchor,
                     s);
}

std::string Rect(double x, double y, double w, double h, const char* fill) {
  return fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
      "fill=\"{}\"/>\n",
      x, y, w, h, fill);
}

// The power-intent and constraint files beside the design, and how to check them.
std::string ConstraintsMarkdown(const PowerReport& r, const std::vector<ConstraintFile>& files) {
  std::string m = "### Power intent and constraints\n\n";
  for (const ConstraintFile& f : files) {
    if (f.key == "upf") {
      m += fmt::format(
          "- `{}`: IEEE 1801 power intent: the array's domain `PD_TOP` on `VDD` and one domain "
          "`PD_<island>` (the instance `u_island_<island>`) on `VDD_<island>` per island, a "
          "common `VSS`, level shifters both ways on every island boundary, and the supplies' "
          "voltages above as the one row of a power state table. Model-level and not signed "
          "off{}.\n",
          f.file, r.fpga ? "; an FPGA has one core rail, so it does not apply there" : "");
    } else if (f.key == "sdc") {
      m += fmt::format(
          "- `{}`: a clock per domain (`clk_i` and `clk_<island>_i` at the clocks above) and "
          "every crossing (FIFO Gray pointers and storage, the retire count, the sums) held to "
          "one period of the receiving clock, point to point (no clock groups, which would "
          "override those limits); the reset pin into the reset synchronisers is a false path. "
          "SDC as OpenSTA reads it.\n",
          f.file);
    } else {
      m += fmt::format("- `{}`: the same constraints in Vivado's form.\n", f.file);
    }
  }
  m += "\nCheck them against the emitted Verilog (docs/power.md): `scripts/design_names.sh "
       "<this folder> > names.txt`, then `tclsh scripts/check_constraints.tcl -names names.txt";
  for (const ConstraintFile& f : files) m += " " + f.file;
  m += "`.\n\n";
  return m;
}

}  // namespace

nlohmann::ordered_json PowerJson(const PowerReport& r, const std::vector<ConstraintFile>& files) {
  using json = nlohmann::ordered_json;
  json j;
  j["model"] = "estimate from the plan's activity counts (docs/power.md); not measured";
  j["target"] = r.fpga ? "fpga" : "asic";
  j["files"] = json::object();
  for (const ConstraintFile& f : files) j["files"][f.key] = f.file;
  j["pictures"] = {kPowerLoadsSvg, kPowerEnergySvg};
  j["array_clock_mhz"] = r.array_clock_mhz;
  j["deadline_us"] = r.deadline_us;
  j["deadline"] =
      r.default_deadline ? "default: the step time on one supply at clock_mhz" : "given";
  j["nominal_vdd"] = r.nominal_vdd;
  const double t = r.deadline_us;
  auto& islands = j["islands"] = json::array();
  for (const IslandFigures& isl : r.c.islands) {
    islands.push_back(
        {{"name", isl.name},
         {"pes", isl.pes},
         {"vdd", isl.vdd},
         {"clock_mhz", isl.clock_mhz},
         {"busy_cycles", isl.busy_cycles},
         {"max_entries", isl.max_entries},
         {"energy_pj",
          {{"dynamic", isl.dynamic_pj()}, {"leakage", isl.leak_pj}, {"total", isl.energy_pj()}}},
         {"power_mw", Mw(isl.energy_pj(), t)}});
  }
  j["array_clock_domain"] = {
      {"what", "controller and vector store"}, {"vdd", r.c.top_vdd}, {"energy_pj", r.c.top_pj()}};
  j["energy_per_step_pj"] = r.c.energy_pj();
  j["power_mw"] = Mw(r.c.energy_pj(), t);
  auto& cmp = j["comparison"] = json::array();
  for (const PowerOption* o : Options(r)) {
    json row = {{"id", o->id},
                {"what", o->what},
                {"feasible", o->feasible},
                {"vdd_min", o->vdd_min()},
                {"vdd_max", o->vdd_max()},
                {"step_us", o->step_us},
                {"energy_pj", o->energy_pj()},
                {"power_mw", Mw(o->energy_pj(), t)},
                {"saving_vs_a", r.Saving(*o)}};
    if (o->id == "e") {
      row["cycles_per_step"] = r.e->cycles_per_step;
      row["step_us_at_clock"] = r.e->step_us_at_clock;
      if (r.e->labelled > 0) row["accuracy"] = r.e->accuracy;
    }
    cmp.push_back(row);
  }
  if (r.e && !r.e->not_built.empty()) cmp.push_back({{"id", "e"}, {"not_built", r.e->not_built}});
  j["load_imbalance"] = r.LoadImbalance();
  j["balanced_load_imbalance"] = r.BalancedLoadImbalance();
  j["balanced_cycles_per_step"] = r.balanced_cycles_per_step;
  auto& table = j["energy_table_pj"] = json::object();
  for (size_t e = 0; e < kEventCount; ++e) table[std::string(kEventNames[e])] = r.table.pj[e];
  j["leakage_uw_per_pe"] = r.table.leak_uw_per_pe;
  auto& vf = j["vf_points"] = json::array();
  for (const VfPoint& p : r.curve.points()) vf.push_back({p.volts, p.mhz});
  return j;
}

std::string PowerMarkdown(const PowerReport& r, const std::vector<ConstraintFile>& files) {
  const double t = r.deadline_us;
  std::string m = "## Voltage islands and power (a model, not a measurement)\n\n";
  if (r.fpga) {
    m += "**FPGA target:** a device has one core rail (VCCINT), so every island here runs at the "
         "nominal supply: islands on an FPGA are clock domains, which save activity power "
         "(clock-tree and idle toggling, not priced by this model), not voltage. Every option "
         "below is priced at that one supply, so the model shows no voltage saving; `power.target: "
         "asic` shows what an ASIC of the same array would gain.\n\n";
  }
  m += fmt::format(
      "Every option finishes a step within the deadline of **{:.4g} us** ({}). The array clock "
      "for it is {} MHz; the nominal supply (the lowest point of the V-f curve whose clock "
      "covers it) is {:.3f} V. Energies are per step: counts of each event per PE (predicted "
      "exactly, checked in simulation) x energy per event x (V / {:.3f} V)^2, plus leakage over "
      "the whole step. Finished PEs are clock-gated in every option. Per-event energies come "
      "from published 45/40 nm figures, and **sources differ by 2-4x**: read the savings, not "
      "the absolute numbers.\n\n",
      t,
      r.default_deadline ? "the default: the step time of the array on one supply at clock_mhz"
                         : "power.deadline_us",
      r.array_clock_mhz, r.nominal_vdd, r.nominal_vdd);
  m += fmt::format("![PE loads by island]({})\n\n![Energy per step by island and event]({})\n\n",
                   kPowerLoadsSvg, kPowerEnergySvg);
  m += fmt::format("### Islands ({})\n\n",
                   r.explicit_islands ? "as given in power.islands" : "chosen by the model");
  m += "| island | PEs | load (entries of busiest PE) | busy cycles | clock (MHz) | supply (V) | "
       "dynamic (pJ) | leakage (pJ) | energy per step (pJ) | power (mW) |\n";
  m += "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const IslandFigures& isl : r.c.islands) {
    m += fmt::format(
        "| {}{} | {} | {} | {:.0f} | {:.0f} | {:.3f} | {:.1f} | {:.1f} | {:.1f} | "
        "{:.4f} |\n",
        isl.name, OwnClock(isl.clock_mhz, r.array_clock_mhz) ? "" : " (on the array clock)",
        fmt::join(isl.pes, ", "), isl.max_entries, isl.busy_cycles, isl.clock_mhz,
        isl.vdd, isl.dynamic_pj(), isl.leak_pj, isl.energy_pj(), Mw(isl.energy_pj(), t));
  }
  const double top_pj = r.c.top_pj();
  m += fmt::format(
      "| array clock (controller, vector store, element-wise cells) | - | - | - | {:.0f} | {:.3f} "
      "| "
      "{:.1f} | - | {:.1f} | {:.4f} |\n\n",
      r.array_clock_mhz, r.c.top_vdd, top_pj, top_pj, Mw(top_pj, t));
  m += fmt::format(
      "Busy cycles: an island walks its PEs' entries (padding included) at its own clock; the "
      "controller, the vector store and the element-wise cells stay on the array clock, and the "
      "step's other {:.0f} cycles (element-wise phases not hidden, waiting for columns, the "
      "pipeline) are theirs. An island's clock lets its busiest PE finish in what those leave "
      "of the deadline. An island slower than the array clock has a clock of its own and "
      "crosses to the array twice a pass: the model allows {} of its cycles and {} of the array "
      "clock's per pass for that ({} passes; docs/architecture.md, \"Voltage islands\"), and "
      "the testbenches check each step against a bound. An island that needs the array clock "
      "runs on it, in the array's clock domain, without crossings. Load imbalance (max / mean "
      "entries): {:.3f}; with array.assignment: balanced (d): {:.3f}, {:.0f} cycles per "
      "step.\n\n",
      r.array_cycles, kXingIslandCyclesPerPass, kXingArrayCyclesPerPass, r.passes,
      r.LoadImbalance(), r.BalancedLoadImbalance(), r.balanced_cycles_per_step);
  if (!files.empty()) m += ConstraintsMarkdown(r, files);
  m += "### The comparison at the same step time\n\n";
  m += "| option | what | supply (V) | step (us) | energy per step (pJ) | power (mW) | saving vs "
       "(a) |\n|---|---|---|---|---|---|---|\n";
  for (const PowerOption* o : Options(r)) {
    std::string what = o->what;
    if (o->id == "e") {
      what += fmt::format(": {:.0f} cycles per step ({:.4g} us at {} MHz)", r.e->cycles_per_step,
                          r.e->step_us_at_clock, r.array_clock_mhz);
      if (r.e->labelled > 0) {
        what += fmt::format(", fixed-point accuracy {:.2f}% (now {:.2f}%) on {} labels",
                            100 * r.e->accuracy, 100 * r.e->accuracy_now, r.e->labelled);
      }
    }
    if (!o->feasible) {
      m += fmt::format("| ({}) | {} | - | - | no supply meets the deadline | - | - |\n", o->id,
                       what);
      continue;
    }
    m += fmt::format("| ({}) | {} | {} | {:.4g} | {:.1f} | {:.4f} | {:.1f}% |\n", o->id, what,
                     VddText(*o), o->step_us, o->energy_pj(), Mw(o->energy_pj(), t),
                     100 * r.Saving(*o));
  }
  if (r.e && !r.e->not_built.empty()) {
    m += fmt::format("| (e) | load_balanced pruning: not built ({}) | - | - | - | - | - |\n",
                     r.e->not_built);
  }
  m += "\n### Model parameters (docs/power.md gives the derivations)\n\n";
  m += fmt::format("- V-f curve{}: ", r.default_curve ? " (default 28 nm-class table)" : "");
  std::vector<std::string> pts;
  for (const VfPoint& p : r.curve.points())
    pts.push_back(fmt::format("{:.3f} V {:.1f} MHz", p.volts, p.mhz));
  m += fmt::format("{}", fmt::join(pts, ", "));
  m += "; between points the alpha-power law f = K (V - Vth)^alpha / V fitted per segment (";
  std::vector<std::string> fits;
  for (const AlphaLaw& l : r.curve.laws())
    fits.push_back(fmt::format("Vth {:.3f}, alpha {:.2f}", l.vth, l.alpha));
  m += fmt::format("{}", fmt::join(fits, "; "));
  m += "); never extrapolated: the lowest point is the supply floor.\n";
  m += fmt::format("- Island clocks: the need rounded up to a whole {} MHz (a PLL's step).\n",
                   kPllStepMhz);
  m += "- Islands: PEs sorted by load, cut into contiguous groups by dynamic programming "
       "minimising this model's energy per step (optimal for the model).\n";
  m += "- Energy per event at the nominal supply:\n\n| event | pJ | source |\n|---|---|---|\n";
  for (size_t e = 0; e < kEventCount; ++e) {
    m += fmt::format("| {} | {:.4g} | {} |\n", kEventNames[e], r.table.pj[e], r.table.source[e]);
  }
  m += fmt::format(
      "\n- Leakage per PE {:.3g} uW at the nominal supply ({}), x (V / Vnom) exp({} (V - Vnom)) "
      "per volt, for the whole step.\n\n",
      r.table.leak_uw_per_pe, r.table.leak_source, r.table.leak_k_per_volt);
  return m;
}

std::string PowerLoadsSvg(const PowerReport& r) {
  const int n = static_cast<int>(r.pe_entries.size());
  const double bar = std::max(6.0, std::min(40.0, 640.0 / n));
  const double left = 50, top = 30, height = 220;
  const int w = static_cast<int>(left + n * bar + 180), h = static_cast<int>(top + height + 40);
  // The busy cycles the deadline leaves at the array clock, beside its own cycles.
  const double deadline = r.deadline_us * r.array_clock_mhz - r.array_cycles;
  const double ymax =
      std::max(deadline,
               static_cast<double>(*std::max_element(r.pe_entries.begin(), r.pe_entries.end()))) *
      1.05;
  std::string s = SvgOpen(w, h);
  s += Text(left, 16, "Busy cycles per step of each PE (entries + element-wise phases), by island");
  std::vector<size_t> island_of(n, 0);
  for (size_t g = 0; g < r.c.islands.size(); ++g) {
    for (int k : r.c.islands[g].pes) island_of[k] = g;
  }
  for (int k = 0; k < n; ++k) {
    const double bh = height * static_cast<double>(r.pe_entries[k]) / ymax;
    s += Rect(left + k * bar + 1, top + height - bh, bar - 2, bh, Colour(island_of[k]));
    if (n <= 32) s += Text(left + (k + 0.5) * bar, top + height + 14, std::to_string(k), "middle");
  }
  const double dy = top + height - height * deadline / ymax;
  s += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"red\" "
      "stroke-dasharray=\"4 2\"/>\n",
      left, dy, left + n * bar, dy);
  s += Text(left + n * bar + 4, dy + 4, fmt::format("deadline {:.0f}", deadline));
  s += Text(left - 4, top + height, "0", "end");
  s += Text(left - 4, top + 10, fmt::format("{:.0f}", ymax), "end");
  s += Text(left + n * bar / 2, top + height + 30, "PE", "middle");
  for (size_t g = 0; g < r.c.islands.size(); ++g) {
    const double y = top + 40 + 16.0 * static_cast<double>(g);
    s += Rect(left + n * bar + 8, y - 9, 10, 10, Colour(g));
    s += Text(left + n * bar + 22, y,
              fmt::format("{} {:.0f} MHz {:.3f} V", r.c.islands[g].name, r.c.islands[g].clock_mhz,
                          r.c.islands[g].vdd));
  }
  return s + "</svg>\n";
}

std::string PowerEnergySvg(const PowerReport& r) {
  // Columns: the islands, then the array-clock domain; segments: events, then leakage.
  std::vector<std::string> names;
  std::vector<std::array<double, kEventCount + 1>> stacks;
  for (const IslandFigures& isl : r.c.islands) {
    names.push_back(isl.name);
    std::array<double, kEventCount + 1> v{};
    std::copy(isl.event_pj.begin(), isl.event_pj.end(), v.begin());
    v[kEventCount] = isl.leak_pj;
    stacks.push_back(v);
  }
  names.push_back("array clk");
  std::array<double, kEventCount + 1> top{};
  std::copy(r.c.top_event_pj.begin(), r.c.top_event_pj.end(), top.begin());
  stacks.push_back(top);
  double ymax = 0;
  for (const auto& v : stacks) {
    double sum = 0;
    for (double x : v) sum += x;
    ymax = std::max(ymax, sum);
  }
  ymax = std::max(ymax * 1.05, 1e-9);
  const double bar = std::max(12.0, std::min(60.0, 600.0 / static_cast<double>(names.size())));
  const double left = 60, top_y = 30, height = 220;
  const int w = static_cast<int>(left + bar * static_cast<double>(names.size()) + 130);
  const int h = static_cast<int>(top_y + height + 40);
  std::string s = SvgOpen(w, h);
  s += Text(left, 16, "Energy per step (pJ) by island and event (a model)");
  for (size_t c = 0; c < stacks.size(); ++c) {
    double y = top_y + height;
    for (size_t e = 0; e <= kEventCount; ++e) {
      const double bh = height * stacks[c][e] / ymax;
      y -= bh;
      if (bh > 0) s += Rect(left + static_cast<double>(c) * bar + 2, y, bar - 4, bh, Colour(e));
    }
    s += Text(left + (static_cast<double>(c) + 0.5) * bar, top_y + height + 14, names[c], "middle");
  }
  s += Text(left - 4, top_y + height, "0", "end");
  s += Text(left - 4, top_y + 10, fmt::format("{:.0f}", ymax), "end");
  for (size_t e = 0; e <= kEventCount; ++e) {
    const double x = left + bar * static_cast<double>(names.size()) + 8;
    const double y = top_y + 8 + 15.0 * static_cast<double>(e);
    s += Rect(x, y - 9, 10, 10, Colour(e));
    s += Text(x + 14, y, e < kEventCount ? std::string(kEventNames[e]) : "leakage");
  }
  return s + "</svg>\n";
}

}  // namespace rnngen
