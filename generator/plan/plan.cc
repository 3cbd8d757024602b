#include "plan/plan.h"

#include <algorithm>
#include <cassert>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "model/partition.h"

namespace rnngen {

int CeilLog2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

namespace {

// One PE's circulant weights of one pass: for each segment, its block columns J in order; in
// each, the PE's local blocks lb, each k words a gate row ({lb, element, gate}, CirculantColumn).
class CirculantLayout {
 public:
  CirculantLayout(const Pass& ps, int rows, int rpu, int block, int base)
      : rpu_(rpu), block_(block), stride_((rows / rpu + block - 1) / block * block * rpu) {
    if (rpu != 1 && rpu != 4) throw std::logic_error("internal error: rows a unit not 1 or 4");
    int next = base;
    for (const Segment& seg : ps.segments) {
      for (int o = 0; o < seg.size; ++o) {
        col_base_.push_back(next + o / block * stride_);
        col_off_.push_back(o % block);
      }
      next += (seg.size + block - 1) / block * stride_;
    }
    words_ = next - base;
    base_ = base;
    filled_.assign(words_, false);
  }
  int words() const { return words_; }

  // Column c's walk (one entry a local row) into pe->stored and pe->circ_cols.
  void Store(int c, const std::vector<Entry>& col, PePlan* pe) {
    CirculantColumn cc;
    cc.first = !col.empty() && col.front().first;
    cc.quad = rpu_ == 4;
    cc.d0 = (block_ - col_off_[c]) % block_;
    cc.base = col_base_[c];
    for (size_t r = 0; r < col.size(); ++r) {
      const int u = static_cast<int>(r) / rpu_, g = static_cast<int>(r) % rpu_;
      const int word =
          cc.base + u / block_ * block_ * rpu_ + (u % block_ + cc.d0) % block_ * rpu_ + g;
      // Another row of the block may have stored this word: the same weight, or the weights are
      // not block-circulant (the model makes them so).
      Entry& w = pe->stored.at(word);
      if (col[r].first != cc.first || (filled_.at(word - base_) && w.weight != col[r].weight)) {
        throw std::logic_error("internal error: weights not block-circulant as the PE sees them");
      }
      filled_[word - base_] = true;
      w = {0, col[r].weight, false, col[r].code};
    }
    pe->circ_cols.push_back(cc);
  }

 private:
  int rpu_, block_, stride_, words_ = 0, base_ = 0;
  std::vector<int> col_base_, col_off_;  // by column of the pass
  std::vector<bool> filled_;             // by word from base_
};

}  // namespace

int Plan::EntryAddrBits() const { return std::max(1, CeilLog2(entry_depth)); }

int Plan::ColWordBits() const {
  return encoding->kind() == Encoding::kCirculant ? 2 + CeilLog2(unit_block) + EntryAddrBits() : 0;
}

Plan MakePlan(const Spec& spec, const Program& program) {
  Plan p;
  p.encoding = MakeEncoding(spec.sparsity);
  const WeightEncoding& encoding = *p.encoding;
  p.pe_count = spec.array.pe_count;
  p.input_size = program.vector_sizes[0];
  p.output_size = program.vector_sizes[program.output];
  p.fifo_depth = spec.array.fifo_depth;
  p.ew_group = spec.array.ew_group;
  p.unit_block = encoding.UnitBlock();
  const int pes = p.pe_count;
  const int block = p.unit_block;
  const bool circulant = encoding.kind() == Encoding::kCirculant;
  const int num_passes = static_cast<int>(program.passes.size());
  p.value_bits = program.arith.weight.bits;
  // Codes by weight, per pass.
  std::vector<std::map<int64_t, int>> code_of(num_passes);
  if (spec.weights.codebook > 0) {
    p.code_bits = CeilLog2(spec.weights.codebook);
    p.value_bits = p.code_bits;
    for (int n = 0; n < num_passes; ++n) {
      std::set<int64_t> values(program.passes[n].w.begin(), program.passes[n].w.end());
      values.erase(0);
      // The model shares each matrix's weights (ShareNetwork): a pass has at most N - 1.
      if (values.size() >= static_cast<size_t>(spec.weights.codebook)) {
        throw std::logic_error("internal error: a pass has more weights than its codebook");
      }
      std::vector<int64_t> book(size_t{1} << p.code_bits, 0);
      code_of[n][0] = 0;
      int code = 0;
      for (int64_t v : values) {
        book[++code] = v;
        code_of[n][v] = code;
      }
      p.codebooks.push_back(std::move(book));
    }
  }

  // Array-wide shapes: columns, units, accumulator rows, state banks.
  std::vector<int> bank_base(program.state_sizes.size(), 0);
  for (size_t b = 0; b < program.state_sizes.size(); ++b) {
    bank_base[b] = p.state_slots;
    p.state_slots += MaxUnitsPerPe(program.state_sizes[b], pes, block);
  }
  for (const Pass& ps : program.passes) {
    PassPlan pp;
    pp.first_col = p.cols;
    pp.cols = ps.cols;
    pp.max_units = MaxUnitsPerPe(ps.units, pes, block);
    pp.state_base = ps.state >= 0 ? bank_base[ps.state] : 0;
    p.cols += ps.cols;
    p.max_units = std::max(p.max_units, pp.max_units);
    p.rows = std::max(p.rows, RowsPerUnit(ps.op) * pp.max_units);
    p.passes.push_back(pp);
  }
  p.rows = (p.rows + 3) / 4 * 4;

  int64_t max_entries = 0, max_stored = 0, max_count = 0;
  for (int k = 0; k < pes; ++k) {
    PePlan pe;
    // Local rows some entry has touched since the last pass that started afresh.
    std::vector<bool> touched(p.rows, false);
    for (int n = 0; n < num_passes; ++n) {
      const Pass& ps = program.passes[n];
      const int rpu = RowsPerUnit(ps.op);
      const int units = UnitsOfPe(k, ps.units, pes, block);
      const int rows = rpu * units;
      pe.units.push_back(units);
      // Local row rpu*u + g is the pass's row g*units + GlobalUnit(k, u).
      auto pass_row = [&](int local) {
        return (local % rpu) * ps.units + GlobalUnit(k, local / rpu, pes, block);
      };
      std::vector<int64_t> bias(p.rows, 0);
      for (int r = 0; r < rows && ps.init; ++r) bias[r] = ps.bias[pass_row(r)];
      pe.bias.push_back(std::move(bias));
      std::vector<int64_t> peep(3 * p.max_units, 0);
      for (int u = 0; u < units && !ps.peep.empty(); ++u) {
        for (int g = 0; g < 3; ++g) {
          peep[3 * u + g] =
              ps.peep[static_cast<size_t>(g) * ps.units + GlobalUnit(k, u, pes, block)];
        }
      }
      pe.peep.push_back(std::move(peep));
      if (ps.init) std::fill(touched.begin(), touched.end(), false);
      // A row this pass's element-wise op reads must hold its bias at least: one no weight of
      // the run touches gets a padding entry in the pass's first column (a dense format touches
      // every row).
      std::vector<bool> keep(rows, false);
      if (encoding.Sparse()) {
        for (int r = 0; r < rows; ++r) {
          keep[r] = UsesGate(ps.op, r % rpu) && !touched[r];
          for (int c = 0; c < ps.cols && keep[r]; ++c) {
            keep[r] = ps.w[static_cast<size_t>(pass_row(r)) * ps.cols + c] == 0;
          }
        }
      }
      std::vector<int64_t> slice(rows);
      std::optional<CirculantLayout> layout;
      if (circulant) {
        layout.emplace(ps, rows, rpu, block, static_cast<int>(pe.stored.size()));
        pe.stored.resize(pe.stored.size() + layout->words());
      }
      for (int c = 0; c < ps.cols; ++c) {
        for (int r = 0; r < rows; ++r) {
          slice[r] = ps.w[static_cast<size_t>(pass_row(r)) * ps.cols + c];
        }
        const int64_t nz = std::count_if(slice.begin(), slice.end(), [](int64_t v) { return v; });
        pe.nonzeros += nz;
        p.passes[n].nonzeros += nz;
        std::vector<Entry> col = encoding.EncodeColumn(slice, c == 0 ? keep : std::vector<bool>());
        if (encoding.Sparse()) pe.padding += static_cast<int64_t>(col.size()) - nz;
        int row = -1;
        for (Entry& e : col) {
          if (p.code_bits > 0) e.code = code_of[n].at(e.weight);
          row += e.index + 1;
          e.first = !touched[row];
          touched[row] = true;
        }
        if (layout) layout->Store(c, col, &pe);
        max_count = std::max<int64_t>(max_count, col.size());
        pe.col_count.push_back(static_cast<int>(col.size()));
        pe.entries.insert(pe.entries.end(), col.begin(), col.end());
      }
    }
    max_entries = std::max<int64_t>(max_entries, pe.entries.size());
    max_stored = std::max<int64_t>(max_stored, circulant ? pe.stored.size() : pe.entries.size());
    p.total_nonzeros += pe.nonzeros;
    p.total_entries += pe.entries.size();
    p.pes.push_back(std::move(pe));
  }
  p.entry_depth = static_cast<int>(std::max<int64_t>(1, max_stored));
  // The FIFO and the count ROM (csc) hold one column's entries.
  p.ptr_bits = std::max(1, CeilLog2(max_count + 1));
  p.end_bits = std::max(1, CeilLog2(max_entries + 1));
  p.cycles = ModelStepCycles(p, program);
  return p;
}

std::vector<int64_t> PassEnds(const Plan& plan, int k) {
  std::vector<int64_t> ends;
  int64_t sum = 0;
  for (const PassPlan& pp : plan.passes) {
    for (int c = 0; c < pp.cols; ++c) sum += plan.pes[k].col_count[pp.first_col + c];
    ends.push_back(sum);
  }
  return ends;
}

namespace {

struct PeState {
  std::deque<int> fifo;  // entry counts of the queued columns
  int rem = 0;           // entries left in the column being walked
  bool s1 = false;       // decode/multiply stage valid
  bool s2 = false;       // accumulate stage valid
  int64_t ret = 0;       // entries retired in the step
  int ret_seq = 0;       // that step's number, mod 4
};

// Steps simulated at most while looking for the period.
constexpr int kMaxModelSteps = 256;

}  // namespace

int64_t CycleReport::StepCycles(int64_t t) const {
  if (t == 0) return first_step_cycles;
  const auto n = static_cast<int64_t>(transient.size());
  if (t - 1 < n) return transient[t - 1];
  return period[(t - 1 - n) % static_cast<int64_t>(period.size())];
}

CycleReport ModelStepCycles(const Plan& plan, const Program& program) {
  const int pes = plan.pe_count;
  const int num_passes = static_cast<int>(plan.passes.size());
  std::vector<PeState> pe(pes);
  std::vector<int64_t> entries(pes, 0);
  std::vector<std::vector<int64_t>> pass_end(pes);
  int busiest = 0;
  int64_t all_entries = 0;
  for (int k = 0; k < pes; ++k) {
    pass_end[k] = PassEnds(plan, k);
    entries[k] = pass_end[k].back();
    all_entries += entries[k];
    if (entries[k] > entries[busiest]) busiest = k;
  }
  // Per pass and column: reads the vector the previous pass writes (rnngen_ctrl SegDep), and
  // the element-wise slot of its element (element i is unit LocalUnit(i) of PE PeOfUnit(i); a cell
  // takes unit u of its G PEs in slots u*G .. u*G + G-1, PE k in slot u*G + k mod G).
  const int group = plan.ew_group;
  std::vector<std::vector<bool>> col_dep(num_passes);
  std::vector<std::vector<int>> col_slot(num_passes);
  for (int n = 0; n < num_passes; ++n) {
    const Pass& ps = program.passes[n];
    const int prev_dest = program.passes[(n + num_passes - 1) % num_passes].dest;
    for (const Segment& seg : ps.segments) {
      col_dep[n].insert(col_dep[n].end(), seg.size, seg.vector == prev_dest);
      for (int i = 0; i < seg.size; ++i) {
        const int b = plan.unit_block;
        col_slot[n].push_back(LocalUnit(i, pes, b) * group + PeOfUnit(i, pes, b) % group);
      }
    }
  }

  // rnngen_ctrl's registers. lead: passes the broadcaster entered minus element-wise phases
  // completed; ew_seq: the element-wise sequencer's step number, mod 4.
  bool bc_done = false, ew = false, out_busy = false;
  int bc_pass = 0, col = 0, lead = 0, ew_pass = 0, ew_seq = 0, ew_step = 0, out_idx = 0;
  std::vector<int64_t> done;          // cycle of each step_done
  std::deque<int64_t> entered = {0};  // first cycle of each pass entered, its phase not started
  std::vector<PassCycles> phases(num_passes);
  // The whole state at each step_done (step numbers relative to the sequencer's): a state seen
  // before means the steps since then repeat for ever.
  std::vector<std::vector<int64_t>> seen;
  int period_from = -1;
  for (int64_t cycle = 0; period_from < 0; ++cycle) {
    // A bound on any step (every column, entry and element-wise cycle one after another) keeps
    // a schedule that deadlocks from hanging the generator.
    if (static_cast<int>(done.size()) > kMaxModelSteps ||
        cycle > (kMaxModelSteps + 1) *
                    (plan.cols + 3 * all_entries + 5 * plan.max_units * group * num_passes +
                     plan.output_size + 64)) {
      throw std::logic_error("internal error: the cycle model found no periodic schedule");
    }
    const PassPlan& pp = plan.passes[bc_pass];
    // Combinational view of this cycle, from the registers.
    bool all_ready = true, all_done = true;
    std::vector<int> count(pes, 0);
    for (int k = 0; k < pes; ++k) {
      count[k] = bc_done ? 0 : plan.pes[k].col_count[pp.first_col + col];
      if (count[k] != 0 && static_cast<int>(pe[k].fifo.size()) >= plan.fifo_depth) {
        all_ready = false;
      }
      // A PE one or two steps ahead has all of this step in.
      all_done = all_done && (pe[k].ret_seq != ew_seq || pe[k].ret >= pass_end[k][ew_pass]);
    }
    // A column of the vector the running element-wise phase writes may follow it slot by slot:
    // a slot's result is written at the end of phase 0 of the next slot. Slot 0 starts after the
    // prologue.
    const EwOp ew_op = program.passes[ew_pass].op;
    const int ew_spu = StepsPerUnit(ew_op);
    const int ew_pro = EwPrologue(ew_op);
    const int slot_step = ew_step - ew_pro;
    const int written_slots =
        ew && slot_step > 0 ? slot_step / ew_spu - (slot_step % ew_spu == 0 ? 1 : 0) : 0;
    const bool dep_ok =
        !col_dep[bc_pass][col] || lead <= 0 || (ew && col_slot[bc_pass][col] < written_slots);
    const bool fire = !bc_done && all_ready && dep_ok;
    const int bc_next = (bc_pass + 1) % num_passes;
    const bool enter = bc_done && (program.passes[bc_next].init ? lead <= 0 : lead <= -1);
    const bool cols_fired = lead >= 1 || (lead == 0 && bc_done);
    const bool ew_start = !ew && cols_fired && all_done && !(ew_pass == num_passes - 1 && out_busy);
    const int last_ew_step = ew_pro + ew_spu * plan.passes[ew_pass].max_units * group;
    const bool ew_last = ew && ew_step == last_ew_step;
    // Register updates.
    for (int k = 0; k < pes; ++k) {
      PeState& s = pe[k];
      if (s.s2 && ++s.ret == entries[k]) {
        s.ret = 0;
        s.ret_seq = (s.ret_seq + 1) % 4;
      }
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
    if (enter) {
      bc_done = false;
      bc_pass = bc_next;
      entered.push_back(cycle + 1);
    }
    lead += (enter ? 1 : 0) - (ew_last ? 1 : 0);
    if (out_busy) {
      out_busy = out_idx != plan.output_size - 1;
      ++out_idx;
    }
    if (ew_start) {
      ew = true;
      phases[ew_pass].mac_cycles = cycle + 1 - entered.front();
      entered.pop_front();
    } else if (ew && !ew_last) {
      ++ew_step;
    }
    if (ew_last) {
      phases[ew_pass].ew_cycles = last_ew_step + 1;
      ew = false;
      ew_step = 0;
      if (ew_pass == num_passes - 1) {
        out_busy = true;
        out_idx = 0;
        ew_seq = (ew_seq + 1) % 4;
        done.push_back(cycle);
      }
      ew_pass = (ew_pass + 1) % num_passes;
      if (ew_pass == 0) {
        std::vector<int64_t> state = {bc_done, bc_pass, col,      lead,   ew,
                                      ew_pass, ew_step, out_busy, out_idx};
        for (const PeState& s : pe) {
          state.insert(state.end(), {s.rem, s.s1, s.s2, s.ret, (s.ret_seq - ew_seq + 4) % 4,
                                     static_cast<int64_t>(s.fifo.size())});
          state.insert(state.end(), s.fifo.begin(), s.fifo.end());
        }
        for (size_t j = 0; j < seen.size() && period_from < 0; ++j) {
          if (seen[j] == state) period_from = static_cast<int>(j);
        }
        seen.push_back(std::move(state));
      }
    }
  }
  CycleReport r;
  // The first step counts from its first column (cycle 0); every later one from the end of the
  // step before, as both testbenches measure. The state after step period_from recurred after
  // the last step.
  r.first_step_cycles = done[0] + 1;
  const int last = static_cast<int>(done.size()) - 1;
  for (int n = 1; n <= last; ++n) {
    (n <= period_from ? r.transient : r.period).push_back(done[n] - done[n - 1]);
  }
  // The same sequence with the shortest transient: a transient that ends like the period is
  // the period's tail, rotated in front.
  while (!r.transient.empty() && r.transient.back() == r.period.back()) {
    r.transient.pop_back();
    std::rotate(r.period.rbegin(), r.period.rbegin() + 1, r.period.rend());
  }
  int64_t period_sum = 0;
  for (int64_t c : r.period) period_sum += c;
  r.cycles_per_step = static_cast<double>(period_sum) / static_cast<double>(r.period.size());
  r.passes = phases;
  for (const PassCycles& pc : phases) {
    r.mac_cycles += pc.mac_cycles;
    r.ew_cycles += pc.ew_cycles;
  }
  r.busiest_pe_entries = entries[busiest];
  r.starved_cycles = r.cycles_per_step - static_cast<double>(entries[busiest]);
  return r;
}

}  // namespace rnngen
