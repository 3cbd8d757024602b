#include "plan/plan.h"

#include <algorithm>
#include <cassert>
#include <deque>
#include <stdexcept>

#include "model/partition.h"

namespace rnngen {

int CeilLog2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

std::vector<Entry> EncodeCscColumn(const std::vector<int64_t>& column, int index_bits) {
  const int max_gap = (1 << index_bits) - 1;
  std::vector<Entry> out;
  int gap = 0;
  for (int64_t v : column) {
    if (v == 0) {
      ++gap;
      continue;
    }
    while (gap > max_gap) {
      out.push_back({max_gap, 0});
      gap -= max_gap + 1;
    }
    out.push_back({gap, v});
    gap = 0;
  }
  return out;
}

std::vector<int64_t> DecodeCscColumn(const std::vector<Entry>& entries, int rows) {
  std::vector<int64_t> column(rows, 0);
  int row = -1;
  for (const Entry& e : entries) {
    row += e.index + 1;
    if (row >= rows) throw std::out_of_range("csc entry beyond the column slice");
    column[row] = e.weight;
  }
  return column;
}

Plan MakePlan(const Spec& spec, const LstmQuantWeights& weights) {
  Plan p;
  p.encoding = spec.sparsity.encoding;
  p.pe_count = spec.array.pe_count;
  p.input_size = weights.input_size;
  p.hidden_size = weights.hidden_size;
  p.cols = weights.cols();
  p.max_units = MaxUnitsPerPe(p.hidden_size, p.pe_count);
  p.index_bits = spec.sparsity.index_bits;
  p.fifo_depth = spec.array.fifo_depth;
  const int hid = p.hidden_size;
  int64_t max_entries = 0;
  for (int k = 0; k < p.pe_count; ++k) {
    PePlan pe;
    pe.units = UnitsOfPe(k, hid, p.pe_count);
    const int rows = kNumGates * pe.units;
    // Local row 4*u + g is global row g*H + (k + u*P).
    auto global_row = [&](int local) {
      return (local % kNumGates) * hid + GlobalUnit(k, local / kNumGates, p.pe_count);
    };
    pe.bias.assign(kNumGates * p.max_units, 0);
    for (int r = 0; r < rows; ++r) pe.bias[r] = weights.bias[global_row(r)];
    std::vector<int64_t> slice(rows);
    for (int c = 0; c < p.cols; ++c) {
      for (int r = 0; r < rows; ++r) {
        slice[r] = weights.w[static_cast<size_t>(global_row(r)) * p.cols + c];
      }
      const int64_t nz = std::count_if(slice.begin(), slice.end(), [](int64_t v) { return v; });
      pe.nonzeros += nz;
      std::vector<Entry> col;
      if (p.encoding == Encoding::kDense) {
        for (int64_t v : slice) col.push_back({0, v});
      } else {
        col = EncodeCscColumn(slice, p.index_bits);
        pe.padding += static_cast<int64_t>(col.size()) - nz;
      }
      pe.col_count.push_back(static_cast<int>(col.size()));
      pe.entries.insert(pe.entries.end(), col.begin(), col.end());
    }
    max_entries = std::max<int64_t>(max_entries, pe.entries.size());
    p.total_nonzeros += pe.nonzeros;
    p.total_entries += pe.entries.size();
    p.pes.push_back(std::move(pe));
  }
  p.entry_depth = static_cast<int>(std::max<int64_t>(1, max_entries));
  const int64_t max_count =
      p.encoding == Encoding::kDense ? int64_t{kNumGates} * p.max_units : max_entries;
  p.ptr_bits = std::max(1, CeilLog2(max_count + 1));
  p.cycles = ModelStepCycles(p);
  return p;
}

namespace {

struct PeState {
  std::deque<int> fifo;  // entry counts of the queued columns
  int rem = 0;           // entries left in the column being walked
  bool s1 = false;       // decode/multiply stage valid
  bool s2 = false;       // accumulate stage valid
};

}  // namespace

CycleReport ModelStepCycles(const Plan& plan) {
  const int pes = plan.pe_count;
  const int last_ew_step = kNumGates * plan.max_units;
  std::vector<PeState> pe(pes);
  // The PE with the most entries bounds the MAC phase; count the cycles it waits.
  std::vector<int64_t> entries(pes, 0);
  int busiest = 0;
  for (int k = 0; k < pes; ++k) {
    for (int n : plan.pes[k].col_count) entries[k] += n;
    if (entries[k] > entries[busiest]) busiest = k;
  }
  bool ew = false, bc_done = false, out_busy = false;
  int col = 0, ew_step = 0, out_idx = 0;
  CycleReport steps[2];
  // Two steps from reset: the second also sees the first step's h_t leaving on the stream.
  for (CycleReport& step : steps) {
    for (int64_t cycle = 0;; ++cycle) {
      // Combinational view of this cycle, from the registers.
      bool all_ready = true, all_idle = true;
      std::vector<int> count(pes, 0);
      for (int k = 0; k < pes; ++k) {
        count[k] = (!ew && !bc_done) ? plan.pes[k].col_count[col] : 0;
        if (count[k] != 0 && static_cast<int>(pe[k].fifo.size()) >= plan.fifo_depth) {
          all_ready = false;
        }
        all_idle = all_idle && pe[k].fifo.empty() && pe[k].rem == 0 && !pe[k].s1 && !pe[k].s2;
      }
      const bool fire = !ew && !bc_done && all_ready;
      const bool mac_done = !ew && bc_done && all_idle && !out_busy;
      const bool ew_last = ew && ew_step == last_ew_step;
      // Register updates.
      for (int k = 0; k < pes; ++k) {
        PeState& s = pe[k];
        const bool have = s.rem != 0;
        const bool issue = have || !s.fifo.empty();
        if (have) {
          --s.rem;
        } else if (!s.fifo.empty()) {
          s.rem = s.fifo.front() - 1;
          s.fifo.pop_front();
        }
        if (fire && count[k] != 0) s.fifo.push_back(count[k]);
        s.s2 = s.s1;
        s.s1 = issue;
      }
      if (fire) {
        bc_done = col == plan.cols - 1;
        col = bc_done ? 0 : col + 1;
      }
      if (out_busy) {
        out_busy = out_idx != plan.hidden_size - 1;
        ++out_idx;
      }
      if (ew_last) {
        out_busy = true;
        out_idx = 0;
      }
      if (ew_last) {
        ew = false;
        ew_step = 0;
        step.cycles_per_step = cycle + 1;
        step.ew_cycles = step.cycles_per_step - step.mac_cycles;
        break;
      }
      if (ew) ++ew_step;
      if (mac_done) {
        ew = true;
        bc_done = false;
        step.mac_cycles = cycle + 1;
      }
    }
  }
  assert(steps[1].cycles_per_step >= steps[0].cycles_per_step);
  // Every entry issues once in the MAC phase, so the rest of it is the busiest PE waiting.
  steps[1].busiest_pe_entries = entries[busiest];
  steps[1].starved_cycles = steps[1].mac_cycles - entries[busiest];
  return steps[1];
}

}  // namespace rnngen
