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
  EXPECT_EQ(LongestHexLiteral(top), 16u);  // one 64-bit row each
  const size_t bias = top.find(".Bias");
  ASSERT_NE(bias, std::string::npos);
  const size_t open = top.find_first_not_of(' ', bias + 5);
  EXPECT_EQ(top.compare(open, 6, "({64'h"), 0) << top.substr(bias, 40);
}

}  // namespace
}  // namespace rnngen
