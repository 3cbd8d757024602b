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

Plan MakePlan(const Spec& spec, const Program& program) {
  Plan p;
  p.encoding = spec.sparsity.encoding;
  p.pe_count = spec.array.pe_count;
  p.input_size = program.vector_sizes[0];
  p.output_size = program.vector_sizes[program.output];
  p.index_bits = spec.sparsity.index_bits;
  p.fifo_depth = spec.array.fifo_depth;
  const int pes = p.pe_count;
  const int num_passes = static_cast<int>(program.passes.size());

  // Array-wide shapes: columns, units, accumulator rows, state banks.
  std::vector<int> bank_base(program.state_sizes.size(), 0);
  for (size_t b = 0; b < program.state_sizes.size(); ++b) {
    bank_base[b] = p.state_slots;
    p.state_slots += MaxUnitsPerPe(program.state_sizes[b], pes);
  }
  for (const Pass& ps : program.passes) {
    PassPlan pp;
    pp.first_col = p.cols;
    pp.cols = ps.cols;
    pp.max_units = MaxUnitsPerPe(ps.units, pes);
    pp.state_base = ps.state >= 0 ? bank_base[ps.state] : 0;
    p.cols += ps.cols;
    p.max_units = std::max(p.max_units, pp.max_units);
    p.rows = std::max(p.rows, RowsPerUnit(ps.op) * pp.max_units);
    p.passes.push_back(pp);
  }
  p.rows = (p.rows + 3) / 4 * 4;

  int64_t max_entries = 0, max_count = 0;
  for (int k = 0; k < pes; ++k) {
    PePlan pe;
    for (int n = 0; n < num_passes; ++n) {
      const Pass& ps = program.passes[n];
      const int rpu = RowsPerUnit(ps.op);
      const int units = UnitsOfPe(k, ps.units, pes);
      const int rows = rpu * units;
      pe.units.push_back(units);
      // Local row rpu*u + g is the pass's row g*units + (k + u*P).
      auto pass_row = [&](int local) {
        return (local % rpu) * ps.units + GlobalUnit(k, local / rpu, pes);
      };
      std::vector<int64_t> bias(p.rows, 0);
      for (int r = 0; r < rows && ps.init; ++r) bias[r] = ps.bias[pass_row(r)];
      pe.bias.push_back(std::move(bias));
      std::vector<int64_t> peep(3 * p.max_units, 0);
      for (int u = 0; u < units && !ps.peep.empty(); ++u) {
        for (int g = 0; g < 3; ++g) {
          peep[3 * u + g] = ps.peep[static_cast<size_t>(g) * ps.units + GlobalUnit(k, u, pes)];
        }
      }
      pe.peep.push_back(std::move(peep));
      std::vector<int64_t> slice(rows);
      for (int c = 0; c < ps.cols; ++c) {
        for (int r = 0; r < rows; ++r) {
          slice[r] = ps.w[static_cast<size_t>(pass_row(r)) * ps.cols + c];
        }
        const int64_t nz = std::count_if(slice.begin(), slice.end(), [](int64_t v) { return v; });
        pe.nonzeros += nz;
        p.passes[n].nonzeros += nz;
        std::vector<Entry> col;
        if (p.encoding == Encoding::kDense) {
          for (int64_t v : slice) col.push_back({0, v});
        } else {
          col = EncodeCscColumn(slice, p.index_bits);
          pe.padding += static_cast<int64_t>(col.size()) - nz;
        }
        max_count = std::max<int64_t>(max_count, col.size());
        pe.col_count.push_back(static_cast<int>(col.size()));
        pe.entries.insert(pe.entries.end(), col.begin(), col.end());
      }
    }
    max_entries = std::max<int64_t>(max_entries, pe.entries.size());
    p.total_nonzeros += pe.nonzeros;
    p.total_entries += pe.entries.size();
    p.pes.push_back(std::move(pe));
  }
  p.entry_depth = static_cast<int>(std::max<int64_t>(1, max_entries));
  // Csc pointers count to the end of a step's entries; a dense count is one column's rows.
  p.ptr_bits =
      std::max(1, CeilLog2((p.encoding == Encoding::kDense ? max_count : max_entries) + 1));
  p.cycles = ModelStepCycles(p, program);
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

CycleReport ModelStepCycles(const Plan& plan, const Program& program) {
  const int pes = plan.pe_count;
  const int num_passes = static_cast<int>(plan.passes.size());
  std::vector<PeState> pe(pes);
  // The PE with the most entries bounds the MAC phases; count the cycles it waits.
  std::vector<int64_t> entries(pes, 0);
  int busiest = 0;
  for (int k = 0; k < pes; ++k) {
    for (int n : plan.pes[k].col_count) entries[k] += n;
    if (entries[k] > entries[busiest]) busiest = k;
  }
  bool ew = false, bc_done = false, out_busy = false;
  int pass = 0, col = 0, ew_step = 0, out_idx = 0;
  CycleReport steps[2];
  // Two steps from reset: the second also sees the first step's output leaving on the stream,
  // which the last pass's element-wise phase waits for; every later step repeats the second.
  for (CycleReport& step : steps) {
    int64_t pass_start = 0;
    for (int64_t cycle = 0;; ++cycle) {
      const PassPlan& pp = plan.passes[pass];
      const bool last_pass = pass == num_passes - 1;
      const int last_ew_step = StepsPerUnit(program.passes[pass].op) * pp.max_units;
      // Combinational view of this cycle, from the registers.
      bool all_ready = true, all_idle = true;
      std::vector<int> count(pes, 0);
      for (int k = 0; k < pes; ++k) {
        count[k] = (!ew && !bc_done) ? plan.pes[k].col_count[pp.first_col + col] : 0;
        if (count[k] != 0 && static_cast<int>(pe[k].fifo.size()) >= plan.fifo_depth) {
          all_ready = false;
        }
        all_idle = all_idle && pe[k].fifo.empty() && pe[k].rem == 0 && !pe[k].s1 && !pe[k].s2;
      }
      const bool fire = !ew && !bc_done && all_ready;
      const bool mac_done = !ew && bc_done && all_idle && !(last_pass && out_busy);
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
        bc_done = col == pp.cols - 1;
        col = bc_done ? 0 : col + 1;
      }
      if (out_busy) {
        out_busy = out_idx != plan.output_size - 1;
        ++out_idx;
      }
      if (ew_last && last_pass) {
        out_busy = true;
        out_idx = 0;
      }
      if (ew) ++ew_step;
      if (mac_done) {
        ew = true;
        bc_done = false;
        step.passes.push_back({cycle + 1 - pass_start, 0});
        step.mac_cycles += cycle + 1 - pass_start;
        pass_start = cycle + 1;
      }
      if (ew_last) {
        ew = false;
        ew_step = 0;
        step.passes.back().ew_cycles = cycle + 1 - pass_start;
        step.ew_cycles += cycle + 1 - pass_start;
        pass_start = cycle + 1;
        pass = last_pass ? 0 : pass + 1;
        if (last_pass) {
          step.cycles_per_step = cycle + 1;
          break;
        }
      }
    }
  }
  assert(steps[1].cycles_per_step >= steps[0].cycles_per_step);
  CycleReport r = steps[1];
  r.first_step_cycles = steps[0].cycles_per_step;
  // Every entry issues once in the MAC phases, so the rest of them is the busiest PE waiting.
  r.busiest_pe_entries = entries[busiest];
  r.starved_cycles = r.mac_cycles - entries[busiest];
  return r;
}

}  // namespace rnngen
