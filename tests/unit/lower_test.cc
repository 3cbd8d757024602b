// Lowering of the IR to the top module: properties of the emitted text that every tool needs.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "emit/lower.h"
#include "emit/vast.h"
#include "ir/design.h"
#include "model/model.h"
#include "plan/plan.h"
#include "spec/spec.h"

namespace rnngen {
namespace {

std::string LowerSpec(const std::string& yaml) {
  const ParseResult parsed = ParseSpecString(yaml, "lower_test.yaml");
  EXPECT_TRUE(parsed.spec.has_value());
  const Spec& spec = *parsed.spec;
  const Model model = BuildModel(spec);
  const Plan plan = MakePlan(spec, model.quant);
  return vast::EmitModule(*LowerTop(ir::BuildDesign(spec, model, plan)));
}

// One PE owning 256 units with 64-bit accumulators has 65536 bits of biases. As one literal
// that is a 16384-digit token, which Icarus Verilog's scanner cannot read; one literal per row
// keeps every token short.
TEST(LowerTest, BiasLiteralsStayShort) {
  const std::string top = LowerSpec(
      "name: wide_bias\n"
      "model: {cell: lstm, input_size: 2, hidden_size: 256}\n"
      "weights: {density: 0.01}\n"
      "arithmetic: {accumulator_bits: 64}\n"
      "array: {pe_count: 1}\n");
  EXPECT_FALSE(std::regex_search(top, std::regex("'h[0-9a-f]{17}")));
  EXPECT_TRUE(std::regex_search(top, std::regex("\\.Bias +\\(\\{64'h[0-9a-f]{16}, 64'h")));
}

}  // namespace
}  // namespace rnngen
