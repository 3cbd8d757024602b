#include "power/power.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/assign.h"
#include "model/model_error.h"
#include "plan/activity.h"
#include "power/islands.h"

namespace rnngen {
namespace {

// Events on the array's clock and supply, not in an island (islands.h InIsland).
bool IsTopEvent(size_t e) { return !InIsland(static_cast<Event>(e)); }

// The rules every option is priced by. `array_cycles` are the priced plan's (the design's, (d)'s
// or (e)'s).
struct Pricing {
  const PowerReport& r;
  const std::vector<EventCounts>& counts;
  double array_cycles;

  // The supply of a domain clocked at `mhz`: the lowest on the curve, or on an FPGA (one core
  // rail) the nominal; nothing when the curve does not reach the clock.
  std::optional<double> Supply(double mhz) const {
    if (mhz > r.curve.top_mhz() * (1 + 1e-9)) return std::nullopt;
    if (r.fpga) return r.nominal_vdd;
    // Rounded up to a regulator's step, never above the curve's top.
    const double v = *r.curve.MinVolts(mhz);
    const double top = r.curve.points().back().volts;
    return std::min(top, std::ceil(v / kSupplyStepVolts - 1e-6) * kSupplyStepVolts);
  }
  // One clock for everything: the busiest PE's cycles and the array's within the deadline.
  double OneClock(double busiest_cycles) const {
    return PllMhz((busiest_cycles + array_cycles) / r.deadline_us);
  }
  // An island's clock beside the array clock: its busiest PE's cycles and its crossings'
  // latency within what the array's own cycles and its side of the crossings leave of the
  // deadline. An island that needs the array's clock then runs on it, synchronously.
  // PEs with no entries (all pruned) still take their init tokens: busy > 0 on its own clock.
  double IslandClock(double cycles) const {
    const double left_us = r.deadline_us - (array_cycles + ArrayXing(true)) / r.array_clock_mhz;
    const double mhz = left_us > 0 ? PllMhz((cycles + IslandXing(true)) / left_us)
                                   : std::numeric_limits<double>::infinity();
    return std::min(mhz, r.array_clock_mhz);
  }
  // The step time of an island at `mhz` beside the array clock at `top_mhz`.
  double IslandStepUs(double busy_cycles, double mhz, double top_mhz) const {
    const bool own = OwnClock(mhz, top_mhz);
    return (busy_cycles + IslandXing(own)) / mhz + (array_cycles + ArrayXing(own)) / top_mhz;
  }
  // A step's crossing latency, in island and in array cycles (none for an island on the
  // array clock).
  double IslandXing(bool own_clock) const {
    return own_clock ? kXingIslandCyclesPerPass * r.passes : 0.0;
  }
  double ArrayXing(bool own_clock) const {
    return own_clock ? kXingArrayCyclesPerPass * r.passes : 0.0;
  }
  double LeakPj(double volts, int pes) const {
    return pes * LeakageUw(r.table, volts, r.nominal_vdd) * r.deadline_us;  // uW x us = pJ
  }
  // PE k's dynamic energy per step at the nominal supply, island events only.
  double NominalDynPj(int k) const {
    double pj = 0;
    for (size_t e = 0; e < kEventCount; ++e) {
      if (!IsTopEvent(e)) pj += static_cast<double>(counts[k][e]) * r.table.pj[e];
    }
    return pj;
  }
  // The energy of one island beside the array clock (the DP's cost): as PriceIsland prices it.
  double IslandPj(double nominal_dyn_pj, int pes, double max_cycles) const {
    const std::optional<double> v = Supply(IslandClock(max_cycles));
    if (!v) return std::numeric_limits<double>::infinity();
    return nominal_dyn_pj * DynamicScale(*v, r.nominal_vdd) + LeakPj(*v, pes);
  }

  IslandFigures PriceIsland(std::string name, std::vector<int> pes,
                            const std::vector<int64_t>& entries, std::optional<double> clock,
                            std::optional<double> vdd) const {
    IslandFigures isl;
    isl.name = std::move(name);
    isl.pes = std::move(pes);
    for (int k : isl.pes) isl.max_entries = std::max(isl.max_entries, entries[k]);
    isl.busy_cycles = static_cast<double>(isl.max_entries);  // an island walks its entries
    isl.clock_mhz = clock.value_or(IslandClock(isl.busy_cycles));
    if (!vdd) vdd = Supply(isl.clock_mhz);
    isl.vdd = vdd.value_or(std::numeric_limits<double>::quiet_NaN());
    if (!vdd) return isl;
    const double s = DynamicScale(isl.vdd, r.nominal_vdd);
    for (int k : isl.pes) {
      for (size_t e = 0; e < kEventCount; ++e) {
        if (!IsTopEvent(e)) {
          isl.event_pj[e] += s * static_cast<double>(counts[k][e]) * r.table.pj[e];
        }
      }
    }
    isl.leak_pj = LeakPj(isl.vdd, static_cast<int>(isl.pes.size()));
    return isl;
  }

  // Islands `groups` (named `names`) beside the array-clock domain. With `one_clock`, every
  // island runs on the array clock at supply `vdd` (the supply for that clock when not given).
  PowerOption Price(std::string id, std::string what, const std::vector<std::vector<int>>& groups,
                    const std::vector<std::string>& names, const std::vector<int64_t>& entries,
                    bool one_clock, std::optional<double> vdd = std::nullopt) const {
    PowerOption o;
    o.id = std::move(id);
    o.what = std::move(what);
    o.top_clock_mhz =
        one_clock ? OneClock(static_cast<double>(*std::max_element(entries.begin(), entries.end())))
                  : r.array_clock_mhz;
    const std::optional<double> top_vdd = vdd ? vdd : Supply(o.top_clock_mhz);
    for (size_t g = 0; g < groups.size(); ++g) {
      o.islands.push_back(
          PriceIsland(names[g], groups[g], entries,
                      one_clock ? std::optional<double>(o.top_clock_mhz) : std::nullopt,
                      one_clock ? top_vdd : std::nullopt));
      const IslandFigures& isl = o.islands.back();
      o.feasible = o.feasible && !std::isnan(isl.vdd);
      o.step_us =
          std::max(o.step_us, IslandStepUs(isl.busy_cycles, isl.clock_mhz, o.top_clock_mhz));
    }
    o.feasible = o.feasible && top_vdd.has_value();
    o.top_vdd = top_vdd.value_or(std::numeric_limits<double>::quiet_NaN());
    const double s = DynamicScale(o.top_vdd, r.nominal_vdd);
    for (const EventCounts& c : counts) {
      for (size_t e = 0; e < kEventCount; ++e) {
        if (IsTopEvent(e)) o.top_event_pj[e] += s * static_cast<double>(c[e]) * r.table.pj[e];
      }
    }
    return o;
  }

  // Every PE on the array clock, one supply by (b)'s rule.
  PowerOption OneSupply(std::string id, std::string what,
                        const std::vector<int64_t>& entries) const {
    std::vector<int> all(entries.size());
    std::iota(all.begin(), all.end(), 0);
    return Price(std::move(id), std::move(what), {all}, {"array"}, entries, true);
  }
};

std::vector<std::string> GeneratedNames(size_t n) {
  std::vector<std::string> names;
  for (size_t g = 0; g < n; ++g) names.push_back(fmt::format("isl{}", g));
  return names;
}

// The best step time the curve allows a step of `cycles` on one clock, in us.
double BestStepUs(const PowerReport& r, double cycles) {
  return cycles / (std::floor(r.curve.top_mhz() / kPllStepMhz + 1e-9) * kPllStepMhz);
}

double Imbalance(const std::vector<int64_t>& entries) {
  const double sum = std::accumulate(entries.begin(), entries.end(), 0.0);
  const double max = static_cast<double>(*std::max_element(entries.begin(), entries.end()));
  return sum > 0 ? max * static_cast<double>(entries.size()) / sum : 1.0;
}

}  // namespace

double IslandFigures::dynamic_pj() const {
  return std::accumulate(event_pj.begin(), event_pj.end(), 0.0);
}

std::array<double, kEventCount> PowerOption::EventPj() const {
  std::array<double, kEventCount> pj = top_event_pj;
  for (const IslandFigures& isl : islands) {
    for (size_t e = 0; e < kEventCount; ++e) pj[e] += isl.event_pj[e];
  }
  return pj;
}

double PowerOption::energy_pj() const {
  double pj = 0;
  for (double e : EventPj()) pj += e;
  for (const IslandFigures& isl : islands) pj += isl.leak_pj;
  return pj;
}

double PowerOption::vdd_min() const {
  double v = top_vdd;
  for (const IslandFigures& isl : islands) v = std::min(v, isl.vdd);
  return v;
}

double PowerOption::vdd_max() const {
  double v = top_vdd;
  for (const IslandFigures& isl : islands) v = std::max(v, isl.vdd);
  return v;
}

double PowerOption::top_pj() const {
  return std::accumulate(top_event_pj.begin(), top_event_pj.end(), 0.0);
}

double PowerReport::Saving(const PowerOption& o) const {
  const double s = 1 - o.energy_pj() / a.energy_pj();
  return std::abs(s) < 1e-9 ? 0.0 : s;
}

double PowerReport::LoadImbalance() const { return Imbalance(pe_entries); }
double PowerReport::BalancedLoadImbalance() const { return Imbalance(balanced_entries); }

PowerReport AnalysePower(const Spec& spec, const Plan& plan, const Program& program,
                         const std::vector<EventCounts>& counts) {
  const Spec::Power& pw = spec.power;
  if (!(pw.clock_mhz > 0)) ThrowAt(spec, "power.clock_mhz", {"power.clock_mhz must be positive"});
  PowerReport r;
  r.fpga = pw.target == Spec::Power::Target::kFpga;
  r.default_curve = pw.vf_points.empty();
  r.curve = CurveOf(pw);
  r.table = EnergyTableOf(spec, plan);
  r.pe_entries = PeEntries(plan);
  r.array_cycles = ArrayCyclesOf(plan);
  r.passes = static_cast<int>(plan.passes.size());
  // An island's busy cycles are its PEs' entries (islands.h): the grouping's load.
  const std::vector<double> cycles(r.pe_entries.begin(), r.pe_entries.end());
  const double busiest = *std::max_element(cycles.begin(), cycles.end());
  r.default_deadline = !(pw.deadline_us > 0);
  r.deadline_us = r.default_deadline ? plan.cycles.cycles_per_step / pw.clock_mhz : pw.deadline_us;
  const Pricing p{r, counts, r.array_cycles};
  r.array_clock_mhz = p.OneClock(busiest);

  // No supply meets the deadline: say where the fastest point of the curve gets.
  std::vector<Diagnostic> errors;
  const VfPoint& top = r.curve.points().back();
  const auto too_fast = [&](double mhz) { return mhz > top.mhz * (1 + 1e-9); };
  if (too_fast(r.array_clock_mhz)) {
    const double step = busiest + r.array_cycles;
    const std::string best =
        fmt::format("the best reachable step time is {:.4g} us ({:.0f} cycles at {} MHz, {} V)",
                    BestStepUs(r, step), step, top.mhz, top.volts);
    errors.push_back(
        r.default_deadline
            ? Diagnostic{KeyLoc(spec, "power.clock_mhz"),
                         fmt::format("power.clock_mhz {}{} is above the fastest point of the "
                                     "V-f curve; {}",
                                     pw.clock_mhz,
                                     spec.locs.count("power.clock_mhz") ? "" : " (the default)",
                                     best)}
            : Diagnostic{
                  KeyLoc(spec, "power.deadline_us"),
                  fmt::format("no supply meets power.deadline_us {}: {}", pw.deadline_us, best)});
  }
  for (const Spec::Power::Island& isl : pw.islands) {
    double most = 0;
    for (int k : isl.pes) most = std::max(most, cycles.at(k));
    const double need = p.IslandClock(most);
    if (too_fast(need)) {
      errors.push_back({KeyLoc(spec, "power.islands"),
                        fmt::format("island '{}' cannot finish its busiest PE's {:.0f} cycles "
                                    "within {:.4g} us: that needs {:.0f} MHz beside the array "
                                    "clock's {:.0f} cycles, and the V-f curve reaches {} MHz",
                                    isl.name, most, r.deadline_us, need, r.array_cycles, top.mhz)});
    }
  }
  if (!errors.empty()) throw ModelError(std::move(errors));
  r.nominal_vdd = *r.curve.NominalVolts(r.array_clock_mhz);

  const int pes = plan.pe_count;
  std::vector<double> dyn(pes);
  for (int k = 0; k < pes; ++k) dyn[k] = p.NominalDynPj(k);
  const IslandCost cost = [&](double d, int n, double c) { return p.IslandPj(d, n, c); };
  std::vector<int> all(pes);
  std::iota(all.begin(), all.end(), 0);

  r.a = p.Price("a", "one supply at nominal, finished PEs clock-gated", {all}, {"array"},
                r.pe_entries, true, r.nominal_vdd);
  r.b = p.OneSupply("b", "whole array at the lowest single supply meeting the deadline",
                    r.pe_entries);
  std::vector<std::vector<int>> groups;
  std::vector<std::string> names;
  r.explicit_islands = !pw.islands.empty();
  if (r.explicit_islands) {
    for (const Spec::Power::Island& isl : pw.islands) {
      groups.push_back(isl.pes);
      names.push_back(isl.name);
    }
  } else {
    groups = BestGrouping(cycles, dyn, std::max(1, pw.island_count), cost);
    names = GeneratedNames(groups.size());
  }
  r.c = p.Price("c",
                fmt::format("{} island(s), {}", groups.size(),
                            r.explicit_islands ? "as given" : "chosen by the model"),
                groups, names, r.pe_entries, false);
  r.per_pe =
      p.Price("per_pe", "one island per PE (the bound on islands)",
              BestGrouping(cycles, dyn, pes, cost), GeneratedNames(pes), r.pe_entries, false);
  // (d): the same program with its units relabelled (array.assignment: balanced), planned again:
  // exact cycles and events, the design's own rule (model/assign.h).
  // Circulant blocks cannot be relabelled apart: (d) is then the design as it is.
  const bool own = spec.array.assignment == Spec::Array::Assignment::kBalanced;
  if (own || plan.encoding->kind() == Encoding::kCirculant) {
    r.balanced_entries = r.pe_entries;
    r.balanced_cycles_per_step = plan.cycles.cycles_per_step;
    r.d = p.OneSupply("d",
                      own ? "the design's own balanced unit assignment, one supply (b's rule)"
                          : "circulant blocks are not relabelled: the design's own assignment, "
                            "one supply (b's rule)",
                      r.pe_entries);
  } else {
    Program balanced = program;
    BalanceUnits(&balanced, pes);
    const Plan plan_d = MakePlan(spec, balanced);
    r.balanced_entries = PeEntries(plan_d);
    r.balanced_cycles_per_step = plan_d.cycles.cycles_per_step;
    r.d = PriceOneSupply(r, plan_d, PredictActivity(plan_d, balanced), "d",
                         "array.assignment: balanced (units relabelled so that PE loads even "
                         "out), one supply (b's rule)");
  }
  return r;
}

PowerOption PriceOneSupply(const PowerReport& r, const Plan& plan,
                           const std::vector<EventCounts>& counts, const std::string& id,
                           const std::string& what) {
  const Pricing p{r, counts, ArrayCyclesOf(plan)};
  const std::vector<int64_t> entries = PeEntries(plan);
  return p.OneSupply(id, what, entries);
}

}  // namespace rnngen
