// The Verilator testbench's mismatch report (tb/tb_check.cc): which elements it names, and the
// line a hardware engineer reads to find the element in the waveform.
#include "tb_check.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace rnngen::tb {
namespace {

// Two sequences (2 and 3 timesteps) of 2 outputs; every element's value is unique, and the run
// reproduces them, leaving the design at run cycle 100 + 10 * index.
struct Fixture {
  Setup setup;
  Run run;
  Fixture() {
    setup.output_size = 2;
    int64_t code = 1;
    for (int steps : {2, 3}) {
      Setup::Codes seq;
      for (int t = 0; t < steps; ++t) {
        seq.push_back({code, -code});
        ++code;
      }
      setup.expected.push_back(seq);
      setup.stimulus.push_back(Setup::Codes(steps, {0}));
    }
    int64_t cycle = 100;
    for (const auto& seq : setup.expected) {
      for (const auto& h : seq) {
        run.h.push_back(h);
        run.h_cycle.push_back({cycle, cycle + 10});
        cycle += 20;
      }
    }
  }
};

TEST(TbCheck, EdgeTimeIsTheRisingEdgeOfTheCycle) {
  EXPECT_EQ(EdgeTime(0), 5);
  EXPECT_EQ(EdgeTime(1234), 12345);
}

TEST(TbCheck, ExactRunHasNoMismatches) {
  Fixture f;
  int64_t missing = -1;
  EXPECT_TRUE(FindMismatches(f.setup, f.run, &missing).empty());
  EXPECT_EQ(missing, 0);
}

TEST(TbCheck, MismatchNamesStepSequenceTimestepElementAndCycle) {
  Fixture f;
  f.run.h[3][1] = 99;  // sequence 1, timestep 1 (the fourth step of the run), h[1]
  f.run.h[0][0] = -7;  // sequence 0, timestep 0, h[0]
  int64_t missing = -1;
  const std::vector<Mismatch> found = FindMismatches(f.setup, f.run, &missing);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(missing, 0);
  const Mismatch& m = found[1];
  EXPECT_EQ(m.step, 3);
  EXPECT_EQ(m.sequence, 1u);
  EXPECT_EQ(m.timestep, 1u);
  EXPECT_EQ(m.element, 1u);
  EXPECT_EQ(m.got, 99);
  EXPECT_EQ(m.want, -4);
  EXPECT_EQ(m.cycle, 170);
  EXPECT_EQ(FormatMismatch(m),
            "MISMATCH step 3 (sequence 1 timestep 1) h[1]: rtl 99, model -4; "
            "h_valid_o at cycle 170, t=1705");
  EXPECT_EQ(FormatMismatch(found[0]),
            "MISMATCH step 0 (sequence 0 timestep 0) h[0]: rtl -7, model 1; "
            "h_valid_o at cycle 100, t=1005");
}

TEST(TbCheck, ElementsThatNeverCameOutAreCountedNotListed) {
  Fixture f;
  f.run.h[4].pop_back();
  f.run.h[4].pop_back();
  f.run.h[2].pop_back();
  int64_t missing = -1;
  EXPECT_TRUE(FindMismatches(f.setup, f.run, &missing).empty());
  EXPECT_EQ(missing, 3);
}

TEST(TbCheck, UnknownCycleIsLeftOut) {
  Fixture f;
  f.run.h[1][0] = 0;
  f.run.h_cycle.clear();
  const std::vector<Mismatch> found = FindMismatches(f.setup, f.run, nullptr);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].cycle, -1);
  EXPECT_EQ(FormatMismatch(found[0]),
            "MISMATCH step 1 (sequence 0 timestep 1) h[0]: rtl 0, model 2");
}

// Activity: run totals against the prediction per step times the steps (5 here).
TEST(TbCheck, ActivityCountersMatchPredictionTimesSteps) {
  Fixture f;
  EventCounts per_step{};
  for (int e = 0; e < kEventCount; ++e) per_step[e] = e + 1;
  f.setup.activity = {per_step, per_step};
  EventCounts total = per_step;
  for (int64_t& n : total) n *= 5;
  f.run.activity = {total, total};
  EXPECT_TRUE(FindActivityMismatches(f.setup, f.run).empty());

  f.run.activity[1][static_cast<int>(Event::kTableRead)] += 1;
  const std::vector<ActivityMismatch> found = FindActivityMismatches(f.setup, f.run);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].pe, 1);
  EXPECT_EQ(found[0].event, Event::kTableRead);
  EXPECT_EQ(FormatActivityMismatch(found[0], 5),
            "ACTIVITY PE 1 table_read: measured 41, predicted 40 (8 per step x 5 steps)");

  f.run.activity.clear();  // counters never read: every predicted one is missing
  EXPECT_EQ(FindActivityMismatches(f.setup, f.run).size(), 2u * kEventCount);
}

}  // namespace
}  // namespace rnngen::tb
