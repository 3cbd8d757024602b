// PredictActivity on hand-built programs whose counts are worked out below from the encoding
// rules and rnngen_pe_ew's schedule, plus sums that must agree with the plan on real specs.
#include "plan/activity.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/model.h"

namespace rnngen {
namespace {

// {mac, pad_mac, entry_read, ptr_read, fifo_push, fifo_pop, acc_update, table_read, vbuf_read,
// vbuf_write}, the order of Event.
using Row = EventCounts;

// The activity of a hand-built program on `pes` PEs.
std::vector<EventCounts> Predict(const Program& p, int pes, Encoding encoding, int index_bits) {
  Spec s;
  s.name = "activity_test";
  s.array.pe_count = pes;
  s.array.fifo_depth = 4;
  s.sparsity.encoding = encoding;
  s.sparsity.index_bits = index_bits;
  return PredictActivity(MakePlan(s, p), p);
}

// Weight codes of a pass, [rows][cols], from rows written out.
std::vector<int64_t> Flatten(const std::vector<std::vector<int64_t>>& rows) {
  std::vector<int64_t> w;
  for (const auto& r : rows) w.insert(w.end(), r.begin(), r.end());
  return w;
}

TEST(ActivityTest, EventNamesFollowTheEnum) {
  EXPECT_EQ(kEventNames[static_cast<int>(Event::kMac)], "mac");
  EXPECT_EQ(kEventNames[static_cast<int>(Event::kPadMac)], "pad_mac");
  EXPECT_EQ(kEventNames[static_cast<int>(Event::kVbufWrite)], "vbuf_write");
}

// One LSTM layer, x of 3, 2 units on 2 PEs (one unit each), csc with 1-bit indices: a gap of
// more than one zero row needs a padding entry (index 1, covering two rows), and so does a row
// with no weight (its bias is loaded by a padding entry in the pass's first column).
TEST(ActivityTest, LstmCscByHand) {
  Program p;
  p.vector_names = {"x", "y"};
  p.vector_sizes = {3, 2};
  p.state_sizes = {2};
  p.output = 1;
  Pass ps;
  ps.op = EwOp::kLstm;
  ps.units = 2;
  ps.segments = {{0, 3}, {1, 2}};
  ps.cols = 5;
  ps.bias.assign(8, 0);
  ps.dest = 1;
  ps.state = 0;
  // Row g * 2 + j: PE 0 owns rows 0, 2, 4, 6 (unit 0), PE 1 rows 1, 3, 5, 7 (unit 1).
  ps.w = Flatten({{1, 0, 0, 3, 0},    // PE 0 local 0
                  {0, 5, 0, 0, 0},    // PE 1 local 0
                  {0, 0, 0, 4, 0},    // PE 0 local 1
                  {0, 0, 8, 0, 0},    // PE 1 local 1
                  {0, 0, 0, 0, 0},    // PE 0 local 2
                  {0, 0, 0, 0, 0},    // PE 1 local 2
                  {0, 0, 2, 0, 0},    // PE 0 local 3
                  {0, 6, 0, 0, 9}});  // PE 1 local 3
  p.passes = {ps};
  const std::vector<EventCounts> got = Predict(p, 2, Encoding::kCsc, 1);
  ASSERT_EQ(got.size(), 2u);
  // PE 0, by column: [1,0,f,0] entry + row f's padding; empty; [0,0,0,2] padding + entry;
  // [3,4,0,0] 2; empty. 6 entries, 4 weights, 3 columns pushed. 5 pointer reads (every column
  // fires). LSTM: 5 table reads a unit. y is broadcast and is the output: 2 writes (bank and
  // output copy) and 2 reads (broadcast of element 0, output stream) for its one unit.
  EXPECT_EQ(got[0], (Row{4, 2, 6, 5, 3, 3, 6, 5, 2, 2}));
  // PE 1: [0,0,f,0] padding over 2 rows + row f's padding; [5,0,0,6] entry, padding, entry;
  // [0,8,0,0] 1; empty; [0,0,0,9] padding + entry. 4 columns pushed.
  EXPECT_EQ(got[1], (Row{4, 4, 8, 5, 4, 4, 8, 5, 2, 2}));
}

// GRU without linear_before_reset (two passes), x of 1, 3 units on 2 PEs (PE 0 owns units 0 and
// 2, PE 1 unit 1), dense: every weight of a PE's rows is an entry, zeros included.
TEST(ActivityTest, GruTwoPassDenseByHand) {
  Program p;
  p.vector_names = {"x", "y", "rh"};
  p.vector_sizes = {1, 3, 3};
  p.state_sizes = {3};
  p.output = 1;
  Pass first;
  first.op = EwOp::kGruReset;
  first.units = 3;
  first.segments = {{0, 1}, {1, 3}};
  first.cols = 4;
  first.w.assign(12 * 4, 1);
  first.w[0] = 0;  // row 0 (z of unit 0, PE 0), column 0
  first.bias.assign(12, 0);
  first.dest = 2;
  first.state = 0;
  Pass second;
  second.op = EwOp::kGru;
  second.units = 3;
  second.segments = {{2, 3}};
  second.cols = 3;
  second.w.assign(12 * 3, 0);
  for (int j = 0; j < 3; ++j) {
    for (int c = 0; c < 3; ++c) second.w[(kRowHh * 3 + j) * 3 + c] = 1;  // the hh rows only
  }
  second.init = false;
  second.bias.assign(12, 0);
  second.dest = 1;
  second.state = 0;
  p.passes = {first, second};
  const std::vector<EventCounts> got = Predict(p, 2, Encoding::kDense, 4);
  ASSERT_EQ(got.size(), 2u);
  // PE 0: 8 rows x 4 columns + 8 rows x 3 columns = 56 entries; weights 31 + 6 (hh of units 0
  // and 2). No pointers; all 7 columns pushed. Tables: gru_reset 1 + gru 3 per unit, 2 units.
  // Writes: rh (broadcast) 2, y (broadcast and output) 2 x 2. Reads: y in pass 0 (elements 0,
  // 2), rh in pass 1 (0, 2), the output stream (0, 2).
  EXPECT_EQ(got[0], (Row{37, 19, 56, 0, 7, 7, 56, 8, 6, 6}));
  // PE 1: 4 x 4 + 4 x 3 = 28 entries, 16 + 3 weights; one unit.
  EXPECT_EQ(got[1], (Row{19, 9, 28, 0, 7, 7, 28, 4, 3, 3}));
}

// A head with a sigmoid reads one table entry a unit, one with relu none; a head narrower than
// the array leaves PEs without units (and without table reads, writes or output reads).
TEST(ActivityTest, HeadTablesAndIdlePes) {
  const ParseResult parsed = ParseSpecString(
      "name: t\nmodel: {cell: gru, input_size: 3, hidden_size: 5, linear_before_reset: true, "
      "head: [{size: 2, activation: sigmoid}, {size: 1, activation: relu}]}\n"
      "weights: {density: 1.0}\narray: {pe_count: 4}\nsparsity: {encoding: csc, "
      "index_bits: 4}\n",
      "t.yaml");
  ASSERT_TRUE(parsed.spec);
  const Model m = BuildModel(*parsed.spec);
  ASSERT_EQ(m.quant.passes.size(), 3u);
  const Plan plan = MakePlan(*parsed.spec, m.quant);
  const std::vector<EventCounts> got = PredictActivity(plan, m.quant);
  const auto tables = [&](int k) { return got[k][static_cast<int>(Event::kTableRead)]; };
  // GRU units: PE 0 has 2 (units 0, 4), the others 1; head 0: PEs 0, 1; head 1: PE 0.
  EXPECT_EQ(tables(0), 2 * 3 + 1 + 0);
  EXPECT_EQ(tables(1), 3 + 1);
  EXPECT_EQ(tables(2), 3);
  EXPECT_EQ(tables(3), 3);
  // y (5) and head 0's output (2) are broadcast; head 1's (1) is only the output.
  const auto writes = [&](int k) { return got[k][static_cast<int>(Event::kVbufWrite)]; };
  EXPECT_EQ(writes(0), 2 + 1 + 1);
  EXPECT_EQ(writes(1), 1 + 1);
  EXPECT_EQ(writes(3), 1);
  // Reads: y_{t-1} and y in the GRU and head 0 passes, head 0's output in head 1's, the stream.
  const auto reads = [&](int k) { return got[k][static_cast<int>(Event::kVbufRead)]; };
  EXPECT_EQ(reads(0), 2 + 2 + 1 + 1);
  EXPECT_EQ(reads(1), 1 + 1 + 1 + 0);
  EXPECT_EQ(reads(3), 1 + 1 + 0 + 0);
}

// On shipped specs: MACs add up to the plan's non-zeros, entries to its entries.
TEST(ActivityTest, SumsMatchThePlan) {
  for (const char* name :
       {"configs/lstm_csc.yaml", "configs/gru_kws.yaml", "configs/lstm_dense.yaml"}) {
    SCOPED_TRACE(name);
    const ParseResult parsed = ParseSpecFile(std::string(RNNGEN_SOURCE_DIR) + "/" + name);
    ASSERT_TRUE(parsed.spec);
    const Model m = BuildModel(*parsed.spec);
    const Plan plan = MakePlan(*parsed.spec, m.quant);
    const std::vector<EventCounts> got = PredictActivity(plan, m.quant);
    int64_t macs = 0, entries = 0, pads = 0;
    for (int k = 0; k < plan.pe_count; ++k) {
      const EventCounts& c = got[k];
      macs += c[static_cast<int>(Event::kMac)];
      entries += c[static_cast<int>(Event::kEntryRead)];
      pads += c[static_cast<int>(Event::kPadMac)];
      EXPECT_EQ(c[static_cast<int>(Event::kMac)], plan.pes[k].nonzeros);
      if (plan.encoding->kind() == Encoding::kCsc) {
        EXPECT_EQ(c[static_cast<int>(Event::kPadMac)], plan.pes[k].padding);
      }
      EXPECT_EQ(c[static_cast<int>(Event::kFifoPush)], c[static_cast<int>(Event::kFifoPop)]);
    }
    EXPECT_EQ(macs, plan.total_nonzeros);
    EXPECT_EQ(entries, plan.total_entries);
    EXPECT_EQ(macs + pads, entries);
  }
}

}  // namespace
}  // namespace rnngen
