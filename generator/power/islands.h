// Which PEs share an island, and the load-aware unit assignment the comparison prices.
// The assignment is optimal for the power model: PEs sorted by load, cut into contiguous groups
// by dynamic programming (docs/power.md, "Assignment", gives the argument).
#ifndef RNNGEN_POWER_ISLANDS_H_
#define RNNGEN_POWER_ISLANDS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "model/program.h"
#include "plan/activity.h"
#include "plan/plan.h"

namespace rnngen {

// The RTL's cut (docs/architecture.md, "Voltage islands"): an island holds its PEs' MAC engines
// (entry memory, MAC, accumulator writes); the controller, the vector store, the element-wise
// cells and each PE's crossing (column counts, activation FIFO) are on the array supply.
bool InIsland(Event e);

// A step of the plan beyond its busiest PE's entries, from the exact cycle model: element-wise
// phases not hidden under the next pass, waiting for columns, the head's broadcast, the pipeline.
// All of it is paced by the array clock; an island only walks its PEs' entries.
double ArrayCyclesOf(const Plan& plan);
std::vector<int64_t> PeEntries(const Plan& plan);

// An island on a clock of its own crosses to the array twice a pass (docs/architecture.md,
// "Voltage islands"): per pass, at most this many of its own cycles (the init token 1, a column's
// push to its pop 3, the Gray count's flop 1) and of the array clock's (the count's synchroniser
// and compare). An island at the array clock runs synchronously, without them.
inline constexpr int kXingIslandCyclesPerPass = 5;
inline constexpr int kXingArrayCyclesPerPass = 3;
// Whether an island at `island_mhz` has a clock (and crossings) of its own beside the array's.
inline bool OwnClock(double island_mhz, double array_mhz) { return island_mhz < array_mhz; }

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

}  // namespace rnngen

#endif  // RNNGEN_POWER_ISLANDS_H_
