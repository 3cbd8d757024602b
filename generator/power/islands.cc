#include "power/islands.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/partition.h"

namespace rnngen {

StepOverhead StepOverheadOf(const Plan& plan) {
  const double all =
      plan.cycles.cycles_per_step - static_cast<double>(plan.cycles.busiest_pe_entries);
  StepOverhead o;
  // Element-wise phases that overlap the next pass's columns are not overhead.
  o.island_cycles = std::min(all, static_cast<double>(plan.cycles.ew_cycles));
  o.array_cycles = all - o.island_cycles;
  return o;
}

std::vector<int64_t> PeEntries(const Plan& plan) {
  std::vector<int64_t> entries;
  for (const PePlan& pe : plan.pes) entries.push_back(static_cast<int64_t>(pe.entries.size()));
  return entries;
}

std::vector<double> PeStepCycles(const std::vector<int64_t>& entries, const StepOverhead& o) {
  std::vector<double> cycles;
  for (int64_t n : entries) cycles.push_back(static_cast<double>(n) + o.island_cycles);
  return cycles;
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

std::vector<std::vector<int>> InterleavedUnitAssignment(const Program& program, int pe_count) {
  std::vector<std::vector<int>> pe_of_unit;
  for (const Pass& ps : program.passes) {
    std::vector<int> pes(ps.units);
    for (int j = 0; j < ps.units; ++j) pes[j] = PeOfUnit(j, pe_count);
    pe_of_unit.push_back(std::move(pes));
  }
  return pe_of_unit;
}

std::vector<std::vector<int>> BalancedUnitAssignment(const Program& program, int pe_count) {
  std::vector<std::vector<int>> pe_of_unit;
  for (const Pass& ps : program.passes) {
    std::vector<int64_t> nnz(ps.units, 0);
    for (int r = 0; r < ps.rows(); ++r) {
      for (int c = 0; c < ps.cols; ++c) {
        nnz[r % ps.units] += ps.w[static_cast<size_t>(r) * ps.cols + c] != 0;  // unit r mod units
      }
    }
    std::vector<int> order(ps.units);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return nnz[a] > nnz[b]; });
    const int capacity = MaxUnitsPerPe(ps.units, pe_count);
    std::vector<int64_t> load(pe_count, 0);
    std::vector<int> count(pe_count, 0);
    std::vector<int> pes(ps.units);
    for (int j : order) {
      int best = -1;
      for (int k = 0; k < pe_count; ++k) {
        if (count[k] < capacity && (best < 0 || load[k] < load[best])) best = k;
      }
      pes[j] = best;
      load[best] += nnz[j];
      ++count[best];
    }
    pe_of_unit.push_back(std::move(pes));
  }
  return pe_of_unit;
}

std::vector<int64_t> EntriesOfAssignment(const Plan& plan, const Program& program,
                                         const std::vector<std::vector<int>>& pe_of_unit) {
  std::vector<int64_t> entries(plan.pe_count, 0);
  for (size_t n = 0; n < program.passes.size(); ++n) {
    const Pass& ps = program.passes[n];
    const int rpu = RowsPerUnit(ps.op);
    for (int k = 0; k < plan.pe_count; ++k) {
      std::vector<int> units;  // ascending: the local order
      for (int j = 0; j < ps.units; ++j) {
        if (pe_of_unit[n][j] == k) units.push_back(j);
      }
      const int rows = rpu * static_cast<int>(units.size());
      std::vector<int64_t> slice(rows);
      for (int c = 0; c < ps.cols; ++c) {
        // Local row rpu * u + g is the pass's row g * units + unit, as in MakePlan.
        for (int r = 0; r < rows; ++r) {
          const int row = (r % rpu) * ps.units + units[r / rpu];
          slice[r] = ps.w[static_cast<size_t>(row) * ps.cols + c];
        }
        entries[k] += plan.encoding == Encoding::kDense
                          ? rows
                          : static_cast<int64_t>(EncodeCscColumn(slice, plan.index_bits).size());
      }
    }
  }
  return entries;
}

}  // namespace rnngen
