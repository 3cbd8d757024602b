// Lowering of the IR to the top module: properties of the emitted text that every tool needs.
#include "emit/lower.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "emit/vast.h"
#include "ir/design.h"
#include "model/model.h"
#include "plan/plan.h"
#include "spec/spec.h"

namespace rnngen {
namespace {

// Longest run of hex digits right after a "'h" in `text`.
size_t LongestHexLiteral(const std::string& text) {
  size_t longest = 0;
  for (size_t at = text.find("'h"); at != std::string::npos; at = text.find("'h", at + 2)) {
    size_t n = 0;
    while (at + 2 + n < text.size() &&
           std::isxdigit(static_cast<unsigned char>(text[at + 2 + n]))) {
      ++n;
    }
    longest = std::max(longest, n);
  }
  return longest;
}

// One PE owning 256 units with 64-bit accumulators has 65536 bits of biases: they are a ROM
// image, word {pass, row}, not a parameter (a literal that long is a token Icarus Verilog's
// scanner cannot read).
TEST(LowerTest, BiasesAreARomImage) {
  const ParseResult parsed = ParseSpecString(
      "name: wide_bias\n"
      "model: {cell: lstm, input_size: 2, hidden_size: 256}\n"
      "weights: {density: 0.01}\n"
      "arithmetic: {accumulator_bits: 64}\n"
      "array: {pe_count: 1}\n",
      "lower_test.yaml");
  ASSERT_TRUE(parsed.spec.has_value());
  const Model model = BuildModel(*parsed.spec);
  const Plan plan = MakePlan(*parsed.spec, model.quant);
  const ir::Design d = ir::BuildDesign(*parsed.spec, model, plan);
  const std::string top = vast::EmitModule(*LowerTop(d));
  EXPECT_LE(LongestHexLiteral(top), 16u);
  EXPECT_NE(top.find(".BiasFile      (\"wide_bias_pe0_bias.hex\")"), std::string::npos);
  const auto image = std::find_if(d.memories.begin(), d.memories.end(), [](const auto& m) {
    return m.file == "wide_bias_pe0_bias.hex";
  });
  ASSERT_NE(image, d.memories.end());
  EXPECT_EQ(image->width, 64);
  ASSERT_EQ(image->depth, 1024);  // one pass, 1024 rows
  for (int r = 0; r < 1024; ++r) {
    EXPECT_EQ(image->words[r], static_cast<uint64_t>(plan.pes[0].bias[0][r])) << "row " << r;
  }
}

constexpr const char* kIslandSpec =
    "name: isl\n"
    "model: {cell: lstm, input_size: 3, hidden_size: 6}\n"
    "weights: {density: 0.5, seed: 2}\n"
    "array: {pe_count: 3}\n";

ir::Design IslandDesign(std::vector<ir::Island> islands) {
  const ParseResult parsed = ParseSpecString(kIslandSpec, "lower_test.yaml");
  EXPECT_TRUE(parsed.spec.has_value());
  const Model model = BuildModel(*parsed.spec);
  const Plan plan = MakePlan(model.spec, model.quant);
  return ir::BuildDesign(model.spec, model, plan, std::move(islands), 200, 0.9);
}

// Several islands: each PE's MAC engine in its island's module on its own clock; the top keeps
// the crossings and element-wise cells, and no rnngen_pe.
TEST(LowerTest, IslandsSplitThePes) {
  const ir::Design d = IslandDesign({{"fast", {1}, 150, 0.8}, {"slow", {0, 2}, 100, 0.7}});
  EXPECT_TRUE(ir::Verify(d).empty());
  const std::string top = vast::EmitModule(*LowerTop(d));
  EXPECT_NE(top.find("input  wire        clk_slow_i"), std::string::npos) << top;
  EXPECT_NE(top.find("isl_top_island_slow u_island_slow"), std::string::npos);
  EXPECT_NE(top.find("rnngen_rst_sync u_rst_sync_fast"), std::string::npos);
  for (const char* inst : {"u_xing_0", "u_xing_1", "u_xing_2", "u_ew_0", "u_ew_1", "u_ew_2"}) {
    EXPECT_NE(top.find(inst), std::string::npos) << inst;
  }
  EXPECT_EQ(top.find("rnngen_pe "), std::string::npos);
  EXPECT_EQ(std::count(d.leaf_cells.begin(), d.leaf_cells.end(), "rnngen_pe"), 0);
  const std::string slow = vast::EmitModule(*LowerIsland(d, d.islands[1]));
  EXPECT_NE(slow.find("rnngen_pe_mac #("), std::string::npos);
  EXPECT_NE(slow.find("u_mac_0"), std::string::npos);
  EXPECT_NE(slow.find("u_mac_2"), std::string::npos);
  EXPECT_EQ(slow.find("u_mac_1"), std::string::npos);
  EXPECT_NE(slow.find(".Async      (1)"), std::string::npos) << slow;
}

// An island the power model runs at the array clock is part of the array domain: its PEs are
// whole rnngen_pe instances on clk_i, with no crossing.
TEST(LowerTest, IslandAtTheArrayClockIsSynchronous) {
  const ir::Design d = IslandDesign({{"fast", {1}, 200, 0.9}, {"slow", {0, 2}, 100, 0.7}});
  ASSERT_EQ(d.islands.size(), 1u);
  EXPECT_EQ(d.islands[0].name, "slow");
  EXPECT_EQ(d.IslandOf(1), -1);
  EXPECT_FALSE(d.AllPesInIslands());
  const std::string top = vast::EmitModule(*LowerTop(d));
  EXPECT_NE(top.find("rnngen_pe #("), std::string::npos);
  EXPECT_NE(top.find("u_pe_1"), std::string::npos);
  EXPECT_EQ(top.find("u_xing_1"), std::string::npos);
  EXPECT_EQ(top.find("clk_fast_i"), std::string::npos);
  EXPECT_NE(top.find("u_xing_2"), std::string::npos);
}

// One island is no island: the single-clock top.
TEST(LowerTest, OneIslandIsTheSingleClockDesign) {
  const ir::Design one = IslandDesign({{"all", {0, 1, 2}, 200, 0.9}});
  const ir::Design none = IslandDesign({});
  EXPECT_TRUE(one.islands.empty());
  EXPECT_EQ(vast::EmitModule(*LowerTop(one)), vast::EmitModule(*LowerTop(none)));
}

// The crossing's counts: a pass's done count adds the init tokens of the step's later passes,
// a step's events all of them (the first pass's token counts in the step before).
TEST(LowerTest, IslandDoneCounts) {
  const ir::Design d = IslandDesign({{"a", {0}, 150, 0.8}, {"b", {1, 2}, 150, 0.8}});
  int64_t inits = 0;
  for (const ir::PassInfo& p : d.passes) inits += p.init ? 1 : 0;
  for (const ir::PeInstance& pe : d.pes) {
    EXPECT_EQ(pe.step_events, pe.entries + inits);
    EXPECT_EQ(pe.pass_done.front(), pe.pass_end.front());
    EXPECT_EQ(pe.pass_done.back(), pe.entries + inits - (d.passes[0].init ? 1 : 0));
    EXPECT_GT(int64_t{1} << d.done_bits, 4 * pe.step_events);
  }
  EXPECT_EQ(d.async_fifo_depth, 8);
}

// The step bound: r = array clock / slowest island clock, r x P plus the crossings per pass.
TEST(LowerTest, IslandStepBound) {
  const ir::Design d = IslandDesign({{"a", {0}, 200, 0.9}, {"b", {1, 2}, 80, 0.7}});
  ASSERT_EQ(d.islands.size(), 1u);  // "a" is on the array clock
  const int64_t passes = static_cast<int64_t>(d.passes.size());
  EXPECT_EQ(d.StepCyclesBound(100), 250 + passes * (3 + 13));  // r = 2.5
  const ir::Design single = IslandDesign({});
  EXPECT_EQ(single.StepCyclesBound(100), 100);
}

TEST(LowerTest, IslandsMustNotShareAPe) {
  ir::Design d = IslandDesign({{"a", {0, 1}, 120, 0.8}, {"b", {1, 2}, 100, 0.7}});
  EXPECT_FALSE(ir::Verify(d).empty());
  d = IslandDesign({{"a", {0}, 120, 0.8}, {"b", {2}, 100, 0.7}});
  EXPECT_TRUE(ir::Verify(d).empty());
  d.islands[0].clock_mhz = 250;  // not below the array clock
  EXPECT_FALSE(ir::Verify(d).empty());
}

}  // namespace
}  // namespace rnngen
