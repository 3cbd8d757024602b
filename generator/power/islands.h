// Which PEs share an island, and the load-aware unit assignment the comparison prices.
// The assignment is optimal for the power model: PEs sorted by load, cut into contiguous groups
// by dynamic programming (docs/power.md, "Assignment", gives the argument).
#ifndef RNNGEN_POWER_ISLANDS_H_
#define RNNGEN_POWER_ISLANDS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "model/program.h"
#include "plan/plan.h"

namespace rnngen {

// A step of the plan beyond its busiest PE's entries, from the exact cycle model, in two parts:
// the element-wise phases, which run in every PE (each owns the same number of units) and so
// at its island's clock; and the rest (waiting for columns, the head's broadcast, the pipeline),
// paced by the controller on the array clock.
struct StepOverhead {
  double island_cycles = 0;
  double array_cycles = 0;
};
StepOverhead StepOverheadOf(const Plan& plan);
// The cycles PE k works per step at its island's clock: its entries (padding included) plus the
// element-wise phases.
std::vector<double> PeStepCycles(const std::vector<int64_t>& entries, const StepOverhead& o);
std::vector<int64_t> PeEntries(const Plan& plan);

// The clock a PLL makes for a need: the need rounded up to a whole kPllStepMhz.
inline constexpr double kPllStepMhz = 1.0;
double PllMhz(double need_mhz);

// Energy of one island from the summed nominal dynamic energy of its PEs, their number and the
// cycles of its busiest PE; infinity when no supply lets it meet the deadline. It must rise
// with max_cycles for the grouping to be optimal.
using IslandCost = std::function<double(double dyn_pj, int pes, double max_cycles)>;

// `groups` islands (1 <= groups <= PEs) minimising the summed cost: each a list of PE indices,
// ascending, islands in order of their busiest PE's cycles, busiest first.
std::vector<std::vector<int>> BestGrouping(const std::vector<double>& cycles,
                                           const std::vector<double>& dyn_pj, int groups,
                                           const IslandCost& cost);
double GroupingCost(const std::vector<std::vector<int>>& islands, const std::vector<double>& cycles,
                    const std::vector<double>& dyn_pj, const IslandCost& cost);

// A what-if unit -> PE assignment per pass (result[pass][unit] = PE): units in falling order of
// their non-zeros, each to the PE with the fewest entries so far in that pass, at most as many
// units per PE as today's j mod P rule gives (so the element-wise phases keep their length).
std::vector<std::vector<int>> BalancedUnitAssignment(const Program& program, int pe_count);
// Today's rule (model/partition.h) in the same form.
std::vector<std::vector<int>> InterleavedUnitAssignment(const Program& program, int pe_count);
// Each PE's entries per step under an assignment, encoded as the plan encodes (padding
// included).
std::vector<int64_t> EntriesOfAssignment(const Plan& plan, const Program& program,
                                         const std::vector<std::vector<int>>& pe_of_unit);

}  // namespace rnngen

#endif  // RNNGEN_POWER_ISLANDS_H_
