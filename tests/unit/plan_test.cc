// Model -> Plan: row ownership, encoded weight streams, pruning per PE, bias layout, and the
// cycle model checked against schedules derived by hand from the RTL.
#include "plan/plan.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "model/model.h"

namespace rnngen {
namespace {

Spec MakeSpec(int input, int hidden, int pes, double density, Pruning pruning,
              Encoding encoding = Encoding::kCsc, int index_bits = 4, uint64_t seed = 11) {
  Spec s;
  s.name = "plan_test";
  s.model.input_size = input;
  s.model.hidden_size = hidden;
  Spec::Recurrent layer;
  layer.input_size = input;
  layer.hidden_size = hidden;
  s.model.stack = {layer};
  s.weights.seed = seed;
  s.weights.density = density;
  s.weights.pruning = pruning;
  s.array.pe_count = pes;
  s.array.fifo_depth = 4;
  s.sparsity.encoding = encoding;
  s.sparsity.index_bits = index_bits;
  return s;
}

int64_t CountNonzero(const std::vector<int64_t>& v) {
  int64_t n = 0;
  for (int64_t x : v) n += x != 0;
  return n;
}

int64_t CountNonzero(const std::vector<double>& v) {
  int64_t n = 0;
  for (double x : v) n += x != 0.0;
  return n;
}

// Walks every PE's entries pass by pass and column by column (col_count gives the split),
// decodes them without the code under test and checks every non-zero of each pass's quantised
// matrix appears exactly once at its (pass row, column), and nothing else does.
void CheckEntriesCoverMatrix(const Plan& plan, const Model& model) {
  const int pes = plan.pe_count;
  std::map<std::tuple<int, int, int>, int64_t> seen;  // (pass, row, col) -> weight
  for (int k = 0; k < pes; ++k) {
    const PePlan& pe = plan.pes[k];
    ASSERT_EQ(static_cast<int>(pe.col_count.size()), plan.cols);
    size_t pos = 0;
    int64_t nonzeros = 0;
    int64_t padding = 0;
    for (size_t n = 0; n < model.quant.passes.size(); ++n) {
      const Pass& ps = model.quant.passes[n];
      const int rpu = RowsPerUnit(ps.op);
      const int local_rows = rpu * pe.units[n];
      for (int c = 0; c < ps.cols; ++c) {
        const int count = pe.col_count[plan.passes[n].first_col + c];
        int row = -1;
        for (int e_n = 0; e_n < count; ++e_n, ++pos) {
          ASSERT_LT(pos, pe.entries.size());
          const Entry& e = pe.entries[pos];
          if (plan.encoding->kind() == Encoding::kDense) {
            ASSERT_EQ(e.index, 0);
            row = e_n;
          } else {
            ASSERT_GE(e.index, 0);
            ASSERT_LT(e.index, 1 << plan.encoding->RowFieldBits());
            row += e.index + 1;
          }
          ASSERT_LT(row, local_rows) << "pe " << k << " pass " << n << " col " << c;
          if (e.weight == 0) {
            if (plan.encoding->kind() == Encoding::kCsc) ++padding;
            continue;
          }
          ++nonzeros;
          const int pass_row = (row % rpu) * ps.units + (k + row / rpu * pes);
          const bool fresh =
              seen.emplace(std::make_tuple(static_cast<int>(n), pass_row, c), e.weight).second;
          ASSERT_TRUE(fresh) << "pass " << n << " row " << pass_row << " col " << c << " twice";
        }
        if (plan.encoding->kind() == Encoding::kDense) {
          ASSERT_EQ(count, local_rows);
        }
      }
    }
    EXPECT_EQ(pos, pe.entries.size()) << "pe " << k;
    EXPECT_EQ(pe.nonzeros, nonzeros) << "pe " << k;
    EXPECT_EQ(pe.padding, padding) << "pe " << k;
  }
  int64_t expected = 0;
  for (size_t n = 0; n < model.quant.passes.size(); ++n) {
    const Pass& ps = model.quant.passes[n];
    for (int r = 0; r < ps.rows(); ++r) {
      for (int c = 0; c < ps.cols; ++c) {
        const int64_t w = ps.w[static_cast<size_t>(r) * ps.cols + c];
        if (w == 0) continue;
        ++expected;
        const auto it = seen.find({static_cast<int>(n), r, c});
        ASSERT_NE(it, seen.end()) << "pass " << n << " row " << r << " col " << c << " missing";
        EXPECT_EQ(it->second, w) << "pass " << n << " row " << r << " col " << c;
      }
    }
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), expected);
  EXPECT_EQ(plan.total_nonzeros, expected);
}

TEST(PlanTest, EntriesCoverEveryNonzeroOnce) {
  struct Case {
    int input, hidden, pes;
    double density;
    Pruning pruning;
    Encoding encoding;
    int index_bits;
  };
  const std::vector<Case> cases = {
      {5, 7, 3, 0.3, Pruning::kMagnitude, Encoding::kCsc, 4},
      {5, 7, 3, 0.3, Pruning::kMagnitude, Encoding::kCsc, 1},  // lots of padding
      {6, 10, 4, 0.1, Pruning::kLoadBalanced, Encoding::kCsc, 2},
      {3, 9, 2, 1.0, Pruning::kMagnitude, Encoding::kCsc, 3},
      {4, 6, 4, 0.5, Pruning::kLoadBalanced, Encoding::kDense, 4},
      {2, 5, 5, 0.05, Pruning::kMagnitude, Encoding::kCsc, 4},
      {8, 8, 1, 0.2, Pruning::kMagnitude, Encoding::kCsc, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.input << "x" << c.hidden << " P=" << c.pes
                                    << " d=" << c.density << " b=" << c.index_bits);
    const Spec spec =
        MakeSpec(c.input, c.hidden, c.pes, c.density, c.pruning, c.encoding, c.index_bits);
    const Model m = BuildModel(spec);
    const Plan plan = MakePlan(spec, m.quant);
    CheckEntriesCoverMatrix(plan, m);
    // Plan-level totals.
    int64_t entries = 0, max_entries = 0;
    for (const PePlan& pe : plan.pes) {
      entries += static_cast<int64_t>(pe.entries.size());
      max_entries = std::max<int64_t>(max_entries, pe.entries.size());
      int64_t sum = 0;
      for (int n : pe.col_count) sum += n;
      EXPECT_EQ(sum, static_cast<int64_t>(pe.entries.size()));
    }
    EXPECT_EQ(plan.total_entries, entries);
    EXPECT_EQ(plan.entry_depth, std::max<int64_t>(1, max_entries));
    EXPECT_EQ(plan.cols, c.input + c.hidden);
    EXPECT_EQ(plan.IdealCyclesPerStep(), (plan.total_nonzeros + c.pes - 1) / c.pes);
    // ptr_bits: smallest width holding the largest entry count of a PE's column.
    int64_t max_count = 0;
    for (const PePlan& pe : plan.pes) {
      for (int n : pe.col_count) max_count = std::max<int64_t>(max_count, n);
    }
    if (c.encoding == Encoding::kDense) {
      EXPECT_EQ(max_count, 4 * plan.max_units);
    }
    EXPECT_LT(max_count, int64_t{1} << plan.ptr_bits);
    if (plan.ptr_bits > 1) {
      EXPECT_GE(max_count, int64_t{1} << (plan.ptr_bits - 1));
    }
  }
}

TEST(PlanTest, UnitsPerPe) {
  struct Case {
    int hidden, pes;
    std::vector<int> units;
    int max_units;
  };
  const std::vector<Case> cases = {
      {7, 3, {3, 2, 2}, 3},       {8, 4, {2, 2, 2, 2}, 2}, {10, 4, {3, 3, 2, 2}, 3},
      {5, 5, {1, 1, 1, 1, 1}, 1}, {9, 1, {9}, 9},          {6, 5, {2, 1, 1, 1, 1}, 2},
  };
  for (const Case& c : cases) {
    const Spec spec = MakeSpec(3, c.hidden, c.pes, 0.5, Pruning::kMagnitude);
    const Plan plan = MakePlan(spec, BuildModel(spec).quant);
    EXPECT_EQ(plan.max_units, c.max_units) << c.hidden << "/" << c.pes;
    ASSERT_EQ(static_cast<int>(plan.pes.size()), c.pes);
    for (int k = 0; k < c.pes; ++k) {
      EXPECT_EQ(plan.pes[k].units[0], c.units[k]) << c.hidden << "/" << c.pes << " pe " << k;
    }
  }
}

TEST(PlanTest, LoadBalancedPruningEqualizesPes) {
  // H = 10 over 4 PEs: units 3, 3, 2, 2; cols = 6 + 10 = 16. A PE owns 4 * units * 16 weights:
  // 192 or 128. Density 0.25 keeps 48 / 32; density 0.3 keeps round(57.6) = 58 / round(38.4) =
  // 38. Kept weights are the largest quarter (or 30%) of a uniform draw of range >= 1.3 >> one
  // 8/6 LSB, so none of them quantises to zero.
  struct Case {
    double density;
    std::vector<int64_t> per_pe;
  };
  for (const Case& c :
       {Case{0.25, {48, 48, 32, 32}}, Case{0.3, {58, 58, 38, 38}}, Case{0.5, {96, 96, 64, 64}}}) {
    for (uint64_t seed : {1, 2, 3}) {
      Spec spec = MakeSpec(6, 10, 4, c.density, Pruning::kLoadBalanced);
      spec.weights.seed = seed;
      const Model m = BuildModel(spec);
      const Plan plan = MakePlan(spec, m.quant);
      for (int k = 0; k < 4; ++k) {
        EXPECT_EQ(plan.pes[k].nonzeros, c.per_pe[k])
            << "density " << c.density << " seed " << seed << " pe " << k;
      }
      int64_t total = 0;
      for (int64_t n : c.per_pe) total += n;
      EXPECT_EQ(CountNonzero(m.quant.passes[0].w), total);
      EXPECT_EQ(CountNonzero(m.real.stack[0].w) + CountNonzero(m.real.stack[0].r), total);
    }
  }
}

TEST(PlanTest, MagnitudePruningKeepsRoundedDensity) {
  // 4H x (I + H) weights: H = 7, I = 5 -> 28 x 12 = 336. round(0.3 * 336) = round(100.8) = 101;
  // round(0.125 * 336) = 42; round(0.5 * 336) = 168.
  for (const auto& [density, keep] :
       std::vector<std::pair<double, int64_t>>{{0.3, 101}, {0.125, 42}, {0.5, 168}}) {
    const Spec spec = MakeSpec(5, 7, 3, density, Pruning::kMagnitude);
    const Model m = BuildModel(spec);
    EXPECT_EQ(CountNonzero(m.real.stack[0].w) + CountNonzero(m.real.stack[0].r), keep) << density;
    EXPECT_EQ(CountNonzero(m.quant.passes[0].w), keep) << density;
    EXPECT_EQ(MakePlan(spec, m.quant).total_nonzeros, keep) << density;
  }
}

TEST(PlanTest, BiasLayout) {
  const Spec spec = MakeSpec(4, 7, 3, 0.5, Pruning::kMagnitude);
  const Model m = BuildModel(spec);
  const Plan plan = MakePlan(spec, m.quant);
  const int hid = 7, pes = 3;
  ASSERT_EQ(plan.max_units, 3);
  for (int k = 0; k < pes; ++k) {
    const PePlan& pe = plan.pes[k];
    ASSERT_EQ(pe.bias.size(), 1u);
    ASSERT_EQ(static_cast<int>(pe.bias[0].size()), 4 * plan.max_units);
    ASSERT_EQ(plan.rows, 4 * plan.max_units);
    for (int u = 0; u < plan.max_units; ++u) {
      for (int g = 0; g < 4; ++g) {
        const int64_t want = u < pe.units[0] ? m.quant.passes[0].bias[g * hid + k + u * pes] : 0;
        EXPECT_EQ(pe.bias[0][4 * u + g], want) << "pe " << k << " unit " << u << " gate " << g;
      }
    }
  }
  // Unit 6 is PE 0's third unit: its forget-gate bias is global row 2H + 6 = 20.
  EXPECT_EQ(plan.pes[0].bias[0][4 * 2 + 2], m.quant.passes[0].bias[20]);
  // PE 1 owns units 1 and 4 only: its third unit slot is padding.
  EXPECT_EQ(plan.pes[1].bias[0][8], 0);
}

// ---- Cycle model ----
//
// RTL semantics used in the derivations below (rnngen_ctrl.v, rnngen_pe_mac.v, rnngen_fifo.v,
// rnngen_vbuf.v), cycle 0 being the cycle the first column fires:
//  * The broadcaster fires column col in a cycle when every PE is ready and, for a column that
//    reads the vector the previous pass writes (an LSTM's y), that pass's element-wise phase has
//    completed. A PE is ready when its count for col is 0 or its FIFO (count_q, registered) is
//    not full. Full is judged on the registered count, so a FIFO that pops in the same cycle
//    still blocks the push.
//  * On a fire the PE pushes {count, x} if count != 0; it is visible from the next cycle.
//  * The MAC engine issues one entry per cycle: if rem_q != 0 it decrements, else if the FIFO is
//    not empty it pops and sets rem_q = count - 1. So a column of count n pushed in cycle t is
//    first issued at t+1 at the earliest, and columns follow each other without a bubble.
//  * An issue in cycle t sets s1 in t+1 and s2 in t+2, and the entry is retired (counted) at the
//    end of t+2: a PE has a pass's entries in at the earliest t+3 after its last issue.
//  * The cycle after a pass's last column fired the broadcaster enters the next pass, if the
//    element-wise phase of the pass before the previous one has completed (two accumulator
//    sets). The element-wise phase of a pass starts (a registered cycle, counted in its MAC
//    phase) in the first cycle with all its columns fired and every PE's entries of it in, then
//    runs ew_step 0..3 + 4*max_units: a prologue of 3 (EwPrologue), 4*max_units, and 1 cycles.
//  * The first step counts from cycle 0 to its step_done, inclusive; every later step from the
//    step_done before. The first step is what a step cost without overlap (the earlier figures
//    of these tests: MAC phase + element-wise phase); later steps overlap x_{t+1}'s columns with
//    the element-wise phase of step t.
Plan HandPlan(int pes, int max_units, int hidden, std::vector<std::vector<int>> counts,
              int fifo_depth) {
  Plan p;
  p.pe_count = pes;
  p.max_units = max_units;
  p.output_size = hidden;
  p.cols = static_cast<int>(counts[0].size());
  p.input_size = p.cols - hidden;
  p.fifo_depth = fifo_depth;
  PassPlan pass;
  pass.cols = p.cols;
  pass.max_units = max_units;
  p.passes = {pass};
  for (auto& c : counts) {
    PePlan pe;
    pe.col_count = std::move(c);
    p.pes.push_back(std::move(pe));
  }
  return p;
}

// One LSTM pass on [x ; y] writing y (vector 1): what the hand plans above describe.
CycleReport ModelStepCycles(const Plan& plan) {
  Program program;
  program.passes.resize(1);
  Pass& ps = program.passes[0];
  ps.op = EwOp::kLstm;
  ps.dest = 1;
  if (plan.input_size > 0) ps.segments.push_back({0, plan.input_size});
  ps.segments.push_back({1, plan.output_size});
  return rnngen::ModelStepCycles(plan, program);
}

struct Expected {
  int64_t first_mac, ew, busiest_entries;
};

// The first step, hand-derived as a MAC phase and an element-wise phase; later steps overlap
// and are never longer.
void ExpectCycles(const CycleReport& r, const Expected& e) {
  EXPECT_EQ(r.first_step_cycles, e.first_mac + e.ew);
  EXPECT_LE(r.cycles_per_step, r.first_step_cycles);
  EXPECT_EQ(r.ew_cycles, e.ew);
  EXPECT_EQ(r.busiest_pe_entries, e.busiest_entries);
  EXPECT_EQ(r.starved_cycles, r.cycles_per_step - e.busiest_entries);
}

TEST(PlanTest, CyclesOnePeOneEntryPerColumn) {
  // 1 PE, 1 unit, I = 1, H = 1: cols 2, each count 1. Fires at 0, 1; issues at 1, 2; s2 at 3, 4
  // (retired at their ends) -> the element-wise phase starts at 5 (MAC 6) and runs 3 + 4*1 + 1
  // = 8 cycles, 6..13: step_done at 13, first step 14.
  // The broadcaster enters the next step's pass at 2 (lead 1), fires its x at 3, and waits with
  // y (the vector the pass itself writes) until the phase has ended: y fires at 14, issues at
  // 15, retired at the end of 17 -> start at 18, step_done at 26: 13 cycles a step. The pass
  // entered at 2 (counted from 3) started its phase at 18: MAC 16.
  const CycleReport r = ModelStepCycles(HandPlan(1, 1, 1, {{1, 1}}, 8));
  ExpectCycles(r, {6, 8, 2});
  EXPECT_EQ(r.cycles_per_step, 13);
  EXPECT_EQ(r.mac_cycles, 16);
  // Same with N = 10 columns (I = 9): first step MAC N + 4 = 14, element-wise 14..21. The next
  // step's x fires at 11..19 (entered at 10), y at 22 once the phase ended at 21; issues 12..20
  // and 23, retired by the end of 25 -> start 26, step_done 34: 13 cycles; MAC 27 - 11 = 16.
  const CycleReport r10 = ModelStepCycles(HandPlan(1, 1, 1, {std::vector<int>(10, 1)}, 8));
  ExpectCycles(r10, {14, 8, 10});
  EXPECT_EQ(r10.cycles_per_step, 13);
  EXPECT_EQ(r10.mac_cycles, 16);
}

TEST(PlanTest, CyclesAllColumnsEmpty) {
  // No entries at all, no x (I = 0): fires at 0, 1, 2 (cols 3); the phase starts at 3 (MAC 4),
  // max_units 2 -> 3 + 8 + 1 = 12 cycles, 4..15. Every column is y; the last (element 2, PE0's
  // unit 1) fires at 16, after the phase, and the next phase starts at 19, once the 3 outputs
  // have streamed (16..18): step_done 31, 16 a step.
  const CycleReport r = ModelStepCycles(HandPlan(2, 2, 3, {{0, 0, 0}, {0, 0, 0}}, 2));
  ExpectCycles(r, {4, 12, 0});
  EXPECT_EQ(r.cycles_per_step, 16);
}

TEST(PlanTest, CyclesFifoFillsButIssuesStayBackToBack) {
  // 1 PE, fifo_depth 1, 3 columns of 5 entries (I = 2, H = 1).
  // c0: fire col0 (FIFO [5]).          c1: full -> stall; pop col0, issue 1/5.
  // c2: fire col1; issue 2/5.         c3..c5: full -> stall; issues 3..5 of col0.
  // c6: still full (the pop happens now) -> stall; pop col1.   c7: fire col2 (last).
  // Issues run back to back 1..15; all retired by the end of 17 -> first MAC phase 19.
  ExpectCycles(ModelStepCycles(HandPlan(1, 1, 1, {{5, 5, 5}}, 1)), {19, 8, 15});
  // Depth 2, 4 columns of 5: issues 1..20, retired by the end of 22 -> 24.
  ExpectCycles(ModelStepCycles(HandPlan(1, 1, 2, {{5, 5, 5, 5}}, 2)), {24, 8, 20});
}

TEST(PlanTest, CyclesFullFifoDelaysAnotherPe) {
  // 2 PEs, I = 2, H = 2 (cols 4), 1 unit each. PE0 {5, 5, 5, 0}, PE1 {0, 0, 0, 20}.
  // fifo_depth 1 (see CyclesFifoFills for PE0's side): col0 @0, stall @1, col1 @2, stall @3..6
  // (PE0 pops col1 @6, still full then), col2 @7, col3 @8 (PE0 count 0: ready).
  // PE1 pops col3 @9 and issues 9..28 -> in @31 -> first MAC phase 32. PE1 is the busiest (20).
  ExpectCycles(ModelStepCycles(HandPlan(2, 1, 2, {{5, 5, 5, 0}, {0, 0, 0, 20}}, 1)), {32, 8, 20});
  // fifo_depth 2: col0 @0, col1 @1 (PE0 pops col0 @1), col2 @2 (FIFO now 2), col3 @3 (PE0
  // count 0). PE1 issues 4..23 -> in @26 -> 27. Same with a deep FIFO.
  ExpectCycles(ModelStepCycles(HandPlan(2, 1, 2, {{5, 5, 5, 0}, {0, 0, 0, 20}}, 2)), {27, 8, 20});
  ExpectCycles(ModelStepCycles(HandPlan(2, 1, 2, {{5, 5, 5, 0}, {0, 0, 0, 20}}, 8)), {27, 8, 20});
}

TEST(PlanTest, CyclesEmptyPeColumn) {
  // 2 PEs, 1 unit each, I = 1, H = 2 (cols 3). PE0 counts {1, 1, 1}, PE1 {0, 3, 0}.
  // Fires at 0, 1, 2. PE0 issues 1, 2, 3 -> in at 6. PE1 gets col1 at fire 1 and issues
  // 2, 3, 4 -> in at 7. Phase starts at 7 -> MAC 8; EW 8; first step 16. Busiest: a tie (3),
  // PE0.
  ExpectCycles(ModelStepCycles(HandPlan(2, 1, 2, {{1, 1, 1}, {0, 3, 0}}, 8)), {8, 8, 3});
  // PE1 with {0, 2, 0}: issues 2, 3 -> in at 6 like PE0: MAC 7.
  ExpectCycles(ModelStepCycles(HandPlan(2, 1, 2, {{1, 1, 1}, {0, 2, 0}}, 8)), {7, 8, 3});
}

TEST(PlanTest, CyclesFullFifoDoesNotBlockAColumnItDoesNotUse) {
  // 2 PEs, fifo_depth 1, 4 columns (I = 2, H = 2). PE0 {5, 0, 0, 0}, PE1 {0, 1, 1, 10}.
  // c0: fire col0 -> PE0 FIFO [5] (full).
  // c1: col1: PE0's count is 0, so it is ready although full; PE1 empty -> fire. PE1 [1].
  // c2: col2: PE1 full -> stall; PE1 pops col1.      c3: fire col2 -> PE1 [1].
  // c4: col3: PE1 full -> stall; PE1 pops col2.      c5: fire col3 (last) -> PE1 [10].
  // PE1 issues 6..15 -> in @18 -> MAC 19. (Were a full FIFO to block every column, col1 would
  // wait until c2 and everything after it one cycle more: 20.)
  ExpectCycles(ModelStepCycles(HandPlan(2, 1, 2, {{5, 0, 0, 0}, {0, 1, 1, 10}}, 1)), {19, 8, 12});
}

TEST(PlanTest, CyclesDensePlanFromSpec) {
  // Dense, H = 4 over 4 PEs (1 unit each), I = 2: 6 columns of 4 entries per PE, all PEs alike.
  // Depth 8 >= 6 columns: fires 0..5 without a stall, issues 1..24, in at 27 -> MAC 28, EW 8.
  // The next step's x (2 columns of 4) is walked during the phase, so it costs 8 cycles less:
  // y fires at 36 (after the phase 28..35), 16 entries issued 37..52, in by the end of 54:
  // start at 55, phase 56..63, step_done 63: 28 cycles.
  Spec spec = MakeSpec(2, 4, 4, 1.0, Pruning::kMagnitude, Encoding::kDense);
  spec.array.fifo_depth = 8;
  Plan plan = MakePlan(spec, BuildModel(spec).quant);
  ExpectCycles(plan.cycles, {28, 8, 24});
  EXPECT_EQ(plan.cycles.cycles_per_step, 28);
  // Depth 1: col k fires the cycle after col k-1 is popped (pops at 1, 5, 9, ...): fires at
  // 0, 2, 6, 10, 14, 18. Issues are still back to back, so the first step is as long.
  spec.array.fifo_depth = 1;
  plan = MakePlan(spec, BuildModel(spec).quant);
  ExpectCycles(plan.cycles, {28, 8, 24});
  // H = 6 over 4 PEs: PEs 0, 1 own 2 units (8 rows), 2, 3 own 1; max_units 2. 8 columns of 8
  // entries on PE0: issues 1..64, in at 67 -> 68; EW 3 + 8 + 1 = 12.
  spec = MakeSpec(2, 6, 4, 1.0, Pruning::kMagnitude, Encoding::kDense);
  spec.array.fifo_depth = 8;
  plan = MakePlan(spec, BuildModel(spec).quant);
  ExpectCycles(plan.cycles, {68, 12, 64});
  // The plan's own report equals the model run on it.
  const CycleReport again = ModelStepCycles(plan);
  EXPECT_EQ(again.cycles_per_step, plan.cycles.cycles_per_step);
  EXPECT_EQ(again.mac_cycles, plan.cycles.mac_cycles);
}

TEST(PlanTest, StepCyclesFollowTransientThenPeriod) {
  CycleReport r;
  r.first_step_cycles = 10;
  r.transient = {9};
  r.period = {7, 8};
  const std::vector<int64_t> want = {10, 9, 7, 8, 7, 8, 7};
  for (size_t t = 0; t < want.size(); ++t) EXPECT_EQ(r.StepCycles(t), want[t]) << t;
}

TEST(PlanTest, CyclesShortestTransient) {
  // The whole state of the array may take many steps to recur although every step takes the
  // same time (FIFO contents drift): the transient is then folded into the period.
  Spec spec = MakeSpec(64, 128, 8, 0.125, Pruning::kLoadBalanced, Encoding::kCsc, 4, 7);
  const Plan plan = MakePlan(spec, BuildModel(spec).quant);
  const CycleReport& c = plan.cycles;
  ASSERT_FALSE(c.period.empty());
  if (!c.transient.empty()) {
    EXPECT_NE(c.transient.back(), c.period.back());
  }
  EXPECT_TRUE(c.transient.empty());
  EXPECT_EQ(c.period.size(), 1u);
}

TEST(PlanTest, CyclesTwoPassesWaitForTheOutputStream) {
  // 20 PEs, no entries. Pass 0: an LSTM of 1 unit on [x ; y] (2 columns, 1 x) writing y; pass 1:
  // a dense layer of 20 units (1 per PE) on y, whose output is the step's.
  // First step: pass 0 fires at 0, 1, its phase starts at 2 (MAC 3) and runs 3..10 (3 + 4 + 1);
  // pass 1 (entered at 2) waits for y until 11, fires, starts at 12 and runs 13..15 (1 + 1 + 1):
  // 16 cycles. Step 2: pass 0 fires at 13, 14 and runs 16..23; pass 1 fires at 24 but may not
  // start its phase while the 20 outputs stream (16..35): starts at 36, done at 39: 24 cycles.
  // Later steps: pass 0 waits for pass 1's phase to end (one set each): MAC 14, pass 1 MAC 20.
  Plan p;
  p.pe_count = 20;
  p.input_size = 1;
  p.output_size = 20;
  p.cols = 3;
  p.fifo_depth = 2;
  p.passes = {PassPlan{0, 2, 1, 0, 0}, PassPlan{2, 1, 1, 0, 0}};
  p.pes.resize(20);
  for (PePlan& pe : p.pes) pe.col_count = {0, 0, 0};
  Program program;
  program.passes.resize(2);
  program.passes[0].op = EwOp::kLstm;
  program.passes[0].dest = 1;
  program.passes[0].segments = {{0, 1}, {1, 1}};
  program.passes[1].op = EwOp::kDense;
  program.passes[1].dest = 2;
  program.passes[1].segments = {{1, 1}};
  const CycleReport r = rnngen::ModelStepCycles(p, program);
  EXPECT_EQ(r.first_step_cycles, 16);
  EXPECT_EQ(r.cycles_per_step, 24);
  ASSERT_EQ(r.passes.size(), 2u);
  EXPECT_EQ(r.passes[0].mac_cycles, 14);
  EXPECT_EQ(r.passes[0].ew_cycles, 8);
  EXPECT_EQ(r.passes[1].mac_cycles, 20);
  EXPECT_EQ(r.passes[1].ew_cycles, 3);
  EXPECT_EQ(r.mac_cycles, 34);
  EXPECT_EQ(r.ew_cycles, 11);
}

TEST(PlanTest, EntriesCoverEveryPassOfANetwork) {
  // GRU without linear_before_reset (two passes), an LSTMP with peepholes (two passes), a head:
  // every pass's matrix is stored exactly once, in both encodings.
  for (const char* encoding : {"{encoding: csc, index_bits: 2}", "{encoding: dense}"}) {
    const std::string text = fmt::format(
        "name: t\nmodel: {{cell: gru, input_size: 5, hidden_size: 7, layers: 2, "
        "layer_overrides: [{{layer: 1, cell: lstm, hidden_size: 6, proj_size: 4, peepholes: "
        "true}}], head: [{{size: 3, activation: relu}}]}}\nweights: {{density: 0.4}}\n"
        "array: {{pe_count: 3}}\nsparsity: {}\n",
        encoding);
    const ParseResult parsed = ParseSpecString(text, "t.yaml");
    ASSERT_TRUE(parsed.spec);
    const Model m = BuildModel(*parsed.spec);
    ASSERT_EQ(m.quant.passes.size(), 5u);
    const Plan plan = MakePlan(*parsed.spec, m.quant);
    CheckEntriesCoverMatrix(plan, m);
    EXPECT_EQ(plan.cols, (5 + 7) + 7 + (7 + 4) + 6 + 4);
    EXPECT_EQ(plan.rows, 12);        // 4 rows x 3 units of the GRU on PE 0
    EXPECT_EQ(plan.state_slots, 5);  // 3 GRU units + 2 LSTM units on PE 0
  }
}

}  // namespace
}  // namespace rnngen
