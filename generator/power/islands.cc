#include "power/islands.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace rnngen {

bool InIsland(Event e) {
  switch (e) {
    case Event::kMac:
    case Event::kPadMac:
    case Event::kEntryRead:
    case Event::kAccUpdate:
      return true;
    default:  // pointer reads, the crossing FIFO (u_xing_<pe>), tables, vector store
      return false;
  }
}

double ArrayCyclesOf(const Plan& plan) {
  return plan.cycles.cycles_per_step - static_cast<double>(plan.cycles.busiest_pe_entries);
}

std::vector<int64_t> PeEntries(const Plan& plan) {
  std::vector<int64_t> entries;
  for (const PePlan& pe : plan.pes) entries.push_back(static_cast<int64_t>(pe.entries.size()));
  return entries;
}

double PllMhz(double need_mhz) {
  // A need within rounding noise of a whole step is that step.
  return std::ceil(need_mhz / kPllStepMhz * (1 - 1e-12)) * kPllStepMhz;
}

std::vector<std::vector<int>> BestGrouping(const std::vector<double>& cycles,
                                           const std::vector<double>& dyn_pj, int groups,
                                           const IslandCost& cost) {
  const int n = static_cast<int>(cycles.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Busiest first, ties by index: a group's busiest PE is its first.
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return cycles[a] > cycles[b]; });
  std::vector<double> prefix(n + 1, 0);
  for (int i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + dyn_pj[order[i]];
  const double inf = std::numeric_limits<double>::infinity();
  // best[g][m]: the first m PEs (in `order`) in g groups; cut[g][m]: where the last one starts.
  std::vector<std::vector<double>> best(groups + 1, std::vector<double>(n + 1, inf));
  std::vector<std::vector<int>> cut(groups + 1, std::vector<int>(n + 1, 0));
  best[0][0] = 0;
  for (int g = 1; g <= groups; ++g) {
    for (int m = g; m <= n; ++m) {
      for (int i = g - 1; i < m; ++i) {
        if (best[g - 1][i] == inf) continue;
        const double c = best[g - 1][i] + cost(prefix[m] - prefix[i], m - i, cycles[order[i]]);
        if (c < best[g][m]) best[g][m] = c, cut[g][m] = i;
      }
    }
  }
  std::vector<std::vector<int>> islands(groups);
  for (int g = groups, m = n; g > 0; m = cut[g][m], --g) {
    islands[g - 1].assign(order.begin() + cut[g][m], order.begin() + m);
    std::sort(islands[g - 1].begin(), islands[g - 1].end());
  }
  return islands;
}

double GroupingCost(const std::vector<std::vector<int>>& islands, const std::vector<double>& cycles,
                    const std::vector<double>& dyn_pj, const IslandCost& cost) {
  double total = 0;
  for (const auto& pes : islands) {
    double dyn = 0, max_cycles = 0;
    for (int k : pes) dyn += dyn_pj[k], max_cycles = std::max(max_cycles, cycles[k]);
    total += cost(dyn, static_cast<int>(pes.size()), max_cycles);
  }
  return total;
}

}  // namespace rnngen
