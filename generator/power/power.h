// The power model's answer for one design (docs/power.md): the islands (which PEs, supply,
// clock, energy per step) and, at the same step time, the comparison a user needs:
//   (a) one supply at nominal, finished PEs clock-gated; (b) the whole array at the lowest
//   single supply that meets the deadline; (c) the islands; (d) array.assignment: balanced
//   (model/assign.h) at one supply (b's rule); (e) load_balanced pruning (filled in by the driver,
//   which rebuilds the model); and one island per PE, the bound on what islands can save.
// Everything here is a model; only the activity counts are checked in simulation.
#ifndef RNNGEN_POWER_POWER_H_
#define RNNGEN_POWER_POWER_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "model/program.h"
#include "plan/activity.h"
#include "plan/plan.h"
#include "power/energy.h"
#include "power/islands.h"
#include "power/vf.h"
#include "spec/spec.h"

namespace rnngen {

// Supplies are set in whole steps of this (a regulator's resolution), rounded up.
inline constexpr double kSupplyStepVolts = 0.001;

struct IslandFigures {
  std::string name;
  std::vector<int> pes;
  int64_t max_entries = 0;  // its busiest PE's entries per step
  double busy_cycles = 0;   // that PE's cycles per step at the island clock (islands.h)
  double clock_mhz = 0;
  double vdd = 0;
  std::array<double, kEventCount> event_pj{};  // dynamic energy per step by event
  double leak_pj = 0;                          // leakage over the step

  double dynamic_pj() const;
  double energy_pj() const { return dynamic_pj() + leak_pj; }
};

// One way to run the step, priced.
struct PowerOption {
  std::string id;    // "a".."e", "per_pe"
  std::string what;  // one line for the table
  std::vector<IslandFigures> islands;
  // The vector store (events kVbufRead, kVbufWrite) runs with the controller on the array
  // clock, on this supply.
  double top_vdd = 0;
  double top_clock_mhz = 0;
  std::array<double, kEventCount> top_event_pj{};
  double step_us = 0;  // the slowest island's busy time plus the array clock's own cycles
  bool feasible = true;

  double energy_pj() const;
  double top_pj() const;  // the array-clock domain's share
  double vdd_min() const;
  double vdd_max() const;
  std::array<double, kEventCount> EventPj() const;  // islands and top together
};

// (e): the same spec with load_balanced pruning instead of magnitude.
struct PruningWhatIf {
  std::string not_built;  // why the model could not be built that way (then nothing else is set)
  double cycles_per_step = 0;
  double step_us_at_clock = 0;  // cycles_per_step / clock_mhz
  PowerOption priced;           // at one supply by (b)'s rule, at the same deadline
  int64_t labelled = 0;         // task accuracy of the fixed-point model when labels are given
  double accuracy = 0;
  double accuracy_now = 0;  // the design's own, for comparison
};

struct PowerReport {
  bool fpga = false;
  bool default_curve = true;
  VfCurve curve{DefaultVfPoints()};
  EnergyTable table;
  double array_clock_mhz = 0;  // the PLL clock the whole array needs for the deadline
  double deadline_us = 0;
  bool default_deadline = true;
  double nominal_vdd = 0;  // (a)'s supply; the energy table is priced at it
  std::vector<int64_t> pe_entries;
  double array_cycles = 0;                // of the design's step (islands.h ArrayCyclesOf)
  int passes = 0;                         // a step's passes: an island crosses twice in each
  std::vector<int64_t> balanced_entries;  // (d)'s loads
  double balanced_cycles_per_step = 0;    // (d)'s step
  bool explicit_islands = false;
  PowerOption a, b, c, d, per_pe;
  std::optional<PruningWhatIf> e;

  // 1 - E / E_(a); rounding noise (sums in another order) reads as none.
  double Saving(const PowerOption& o) const;
  // Max / mean entries per PE: of the design, and of (d)'s assignment.
  double LoadImbalance() const;
  double BalancedLoadImbalance() const;
};

// Prices the plan's activity (per PE per step) under every option. Throws ModelError at
// power.deadline_us (or power.clock_mhz) when no supply meets the deadline, giving the best
// reachable step time, and at power.islands for a given island that cannot meet it.
PowerReport AnalysePower(const Spec& spec, const Plan& plan, const Program& program,
                         const std::vector<EventCounts>& counts);

// Another plan of the same spec (another pruning) on one supply by (b)'s rule at r's deadline.
PowerOption PriceOneSupply(const PowerReport& r, const Plan& plan,
                           const std::vector<EventCounts>& counts, const std::string& id,
                           const std::string& what);

}  // namespace rnngen

#endif  // RNNGEN_POWER_POWER_H_
