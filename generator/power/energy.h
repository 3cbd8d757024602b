// Energy per event and leakage per PE: the price list the power model multiplies the activity
// counts (plan/activity.h) by. Defaults are derived from published 45/40 nm figures scaled by the
// design's bit widths (docs/power.md, "Energy per event", gives each derivation); sources differ
// by 2-4x, so every figure is a model, and power.energy_pj overrides any of them.
#ifndef RNNGEN_POWER_ENERGY_H_
#define RNNGEN_POWER_ENERGY_H_

#include <array>
#include <string>

#include "plan/activity.h"
#include "plan/plan.h"
#include "spec/spec.h"

namespace rnngen {

struct EnergyTable {
  std::array<double, kEventCount> pj{};         // per event, at the nominal supply
  std::array<std::string, kEventCount> source;  // how the figure was made (short, for reports)
  double leak_uw_per_pe = 0;                    // leakage power of one PE at the nominal supply
  std::string leak_source;
  // Leakage against supply: P(V) = P0 (V / Vnom) exp(k (V - Vnom)) (DIBL; power.md §3.3).
  double leak_k_per_volt = 3.0;

  double Pj(Event e) const { return pj[static_cast<size_t>(e)]; }
};

// The defaults for this design's widths, with power.energy_pj applied. Throws ModelError at
// power.energy_pj.<name> for a name that is not an event, listing the valid names.
EnergyTable EnergyTableOf(const Spec& spec, const Plan& plan);

// Dynamic energy at `volts` relative to the nominal supply: (V / Vnom)^2.
double DynamicScale(double volts, double nominal_volts);
// Leakage power of one PE at `volts`, in microwatts.
double LeakageUw(const EnergyTable& t, double volts, double nominal_volts);

}  // namespace rnngen

#endif  // RNNGEN_POWER_ENERGY_H_
