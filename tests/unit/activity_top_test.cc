// sim/rnngen_act_top.v: one probe per PE wired to that PE's strobes, and the encodings' and
// output banks' differences (the e2e sim step builds it under verilator -Wall and checks counts).
#include "emit/activity_top.h"

#include <gtest/gtest.h>

#include <string>

#include "model/model.h"
#include "plan/plan.h"
#include "spec/spec.h"

namespace rnngen {
namespace {

std::string ActivityTop(const std::string& sparsity) {
  const ParseResult parsed = ParseSpecString(
      "name: t\nmodel: {cell: lstm, input_size: 3, hidden_size: 8, head: [{size: 2}]}\n"
      "weights: {density: 0.5}\narray: {pe_count: 4}\nsparsity: " +
          sparsity + "\n",
      "activity_top_test.yaml");
  EXPECT_TRUE(parsed.spec.has_value());
  const Spec& spec = *parsed.spec;
  const Model model = BuildModel(spec);
  const Plan plan = MakePlan(spec, model.quant);
  return ActivityTopVerilog(ir::BuildDesign(spec, model, plan));
}

TEST(ActivityTopTest, OneProbePerPeOnItsOwnStrobes) {
  const std::string v = ActivityTop("{encoding: csc, index_bits: 3}");
  EXPECT_NE(v.find("module rnngen_act_top ("), std::string::npos);
  EXPECT_NE(v.find("  t_top dut ("), std::string::npos);
  EXPECT_NE(v.find("input  wire [5:0] act_sel_i"), std::string::npos);  // 40 counters
  for (int k = 0; k < 4; ++k) {
    EXPECT_NE(v.find("u_probe_" + std::to_string(k) + " ("), std::string::npos);
    EXPECT_NE(v.find("(dut.u_pe_" + std::to_string(k) + ".u_mac_engine.s1_valid_q)"),
              std::string::npos);
    EXPECT_NE(v.find("dut.u_ctrl.bank_q == 2'd" + std::to_string(k)), std::string::npos);
  }
  EXPECT_NE(v.find(".ptr_read_i   (dut.u_pe_0.u_mac_engine.bc_fire_i)"), std::string::npos);
  // The head's 2 outputs live in banks 0 and 1: only those have an output copy.
  EXPECT_NE(v.find("dut.u_vbuf.gen_bank[1].gen_out.out_we"), std::string::npos);
  EXPECT_EQ(v.find("dut.u_vbuf.gen_bank[2].gen_out"), std::string::npos);
  EXPECT_NE(v.find("assign count[39] = counts_3[576 +: 64];"), std::string::npos);
}

TEST(ActivityTopTest, DenseHasNoPointerReads) {
  const std::string v = ActivityTop("{encoding: dense}");
  EXPECT_NE(v.find(".ptr_read_i   (1'b0)"), std::string::npos);
  EXPECT_EQ(v.find("bc_fire_i"), std::string::npos);
}

}  // namespace
}  // namespace rnngen
