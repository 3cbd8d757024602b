#include "model/assign.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "model/partition.h"

namespace rnngen {
namespace {

int Find(std::vector<int>& parent, int a) {
  while (parent[a] != a) a = parent[a] = parent[parent[a]];
  return a;
}

// Non-zeros of unit j's rows (every gate) in pass `ps`.
int64_t UnitNonzeros(const Pass& ps, int j) {
  int64_t n = 0;
  for (int g = 0; g < RowsPerUnit(ps.op); ++g) {
    const auto row = ps.w.begin() + static_cast<int64_t>(g * ps.units + j) * ps.cols;
    n += std::count_if(row, row + ps.cols, [](int64_t v) { return v != 0; });
  }
  return n;
}

// Rows (and the per-unit tables laid out like them) in the order `order`.
void PermuteUnits(Pass* ps, const std::vector<int>& order) {
  const int u = ps->units;
  const std::vector<int64_t> w = ps->w, bias = ps->bias, peep = ps->peep;
  for (int g = 0; g < RowsPerUnit(ps->op); ++g) {
    for (int j = 0; j < u; ++j) {
      const int to = g * u + j, from = g * u + order[j];
      std::copy_n(w.begin() + static_cast<int64_t>(from) * ps->cols, ps->cols,
                  ps->w.begin() + static_cast<int64_t>(to) * ps->cols);
      if (!bias.empty()) ps->bias[to] = bias[from];
    }
  }
  for (int g = 0; g < 3 && !peep.empty(); ++g) {
    for (int j = 0; j < u; ++j) ps->peep[g * u + j] = peep[g * u + order[j]];
  }
}

// The columns of every segment of `ps` that reads vector v, in the order `orders[v]`.
void PermuteColumns(Pass* ps, const UnitOrder& orders) {
  const std::vector<int64_t> w = ps->w;
  int first = 0;
  for (const Segment& seg : ps->segments) {
    const std::vector<int>& order = orders[seg.vector];
    for (int r = 0; r < ps->rows(); ++r) {
      for (int i = 0; i < seg.size; ++i) {
        ps->w[static_cast<int64_t>(r) * ps->cols + first + i] =
            w[static_cast<int64_t>(r) * ps->cols + first + order[i]];
      }
    }
    first += seg.size;
  }
}

}  // namespace

std::vector<int64_t> PeNonzeros(const Program& p, int pe_count) {
  std::vector<int64_t> load(pe_count, 0);
  for (const Pass& ps : p.passes) {
    for (int j = 0; j < ps.units; ++j) load[PeOfUnit(j, pe_count, 1)] += UnitNonzeros(ps, j);
  }
  return load;
}

UnitOrder BalanceUnits(Program* p, int pe_count) {
  const int n = static_cast<int>(p->passes.size());
  UnitOrder orders(p->vector_sizes.size());
  for (size_t v = 0; v < orders.size(); ++v) {
    orders[v].resize(p->vector_sizes[v]);
    std::iota(orders[v].begin(), orders[v].end(), 0);
  }
  // Passes that share units: one state bank, or sums kept from the pass before.
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      const Pass &pa = p->passes[a], &pb = p->passes[b];
      if ((pa.state >= 0 && pa.state == pb.state) || (b == a + 1 && !pb.init)) {
        parent[Find(parent, b)] = Find(parent, a);
      }
    }
  }
  std::vector<std::vector<int>> groups(n);
  for (int a = 0; a < n; ++a) groups[Find(parent, a)].push_back(a);
  const auto movable = [&](const std::vector<int>& g) {
    for (int a : g) {
      const Pass& ps = p->passes[a];
      if (ps.dest == p->output || ps.units != p->passes[g[0]].units) return false;
    }
    return !g.empty();
  };
  // The work that stays where it is, then each movable group dealt onto it.
  std::vector<int64_t> load(pe_count, 0);
  for (const auto& g : groups) {
    if (g.empty() || movable(g)) continue;
    for (int a : g) {
      const Pass& ps = p->passes[a];
      for (int j = 0; j < ps.units; ++j) load[PeOfUnit(j, pe_count, 1)] += UnitNonzeros(ps, j);
    }
  }
  for (const auto& g : groups) {
    if (!movable(g)) continue;
    const int units = p->passes[g[0]].units;
    std::vector<int64_t> work(units, 0);
    for (int a : g) {
      for (int j = 0; j < units; ++j) work[j] += UnitNonzeros(p->passes[a], j);
    }
    std::vector<int> by_work(units);
    std::iota(by_work.begin(), by_work.end(), 0);
    std::stable_sort(by_work.begin(), by_work.end(),
                     [&](int a, int b) { return work[a] > work[b]; });
    // Dealing with a fixed unit count per PE can lose to the plain order: keep the better.
    std::vector<int64_t> plain = load;
    for (int j = 0; j < units; ++j) plain[PeOfUnit(j, pe_count, 1)] += work[j];
    std::vector<std::vector<int>> mine(pe_count);
    for (int j : by_work) {
      int best = -1;
      for (int k = 0; k < pe_count; ++k) {
        if (static_cast<int>(mine[k].size()) == UnitsOfPe(k, units, pe_count, 1)) continue;
        if (best < 0 || load[k] < load[best]) best = k;
      }
      mine[best].push_back(j);
      load[best] += work[j];
    }
    if (*std::max_element(load.begin(), load.end()) >=
        *std::max_element(plain.begin(), plain.end())) {
      load = plain;
      continue;
    }
    std::vector<int> order(units);
    for (int k = 0; k < pe_count; ++k) {
      std::sort(mine[k].begin(), mine[k].end());
      for (size_t u = 0; u < mine[k].size(); ++u) {
        order[GlobalUnit(k, static_cast<int>(u), pe_count, 1)] = mine[k][u];
      }
    }
    for (int a : g) {
      PermuteUnits(&p->passes[a], order);
      orders[p->passes[a].dest] = order;
    }
  }
  for (Pass& ps : p->passes) PermuteColumns(&ps, orders);
  return orders;
}

}  // namespace rnngen
