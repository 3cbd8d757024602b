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

}  // namespace
}  // namespace rnngen::tb
