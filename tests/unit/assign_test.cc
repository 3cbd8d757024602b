#include "model/assign.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/partition.h"
#include "spec/spec.h"

namespace rnngen {
namespace {

Model Build(const std::string& yaml) {
  ParseResult r = ParseSpecString(yaml, "assign_test.yaml");
  EXPECT_TRUE(r.spec.has_value()) << (r.errors.empty() ? "" : r.errors[0].message);
  return BuildModel(*r.spec);
}

std::vector<CodeSequence> RandomInputs(const Program& p, int steps, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const int64_t hi = (int64_t{1} << (p.arith.activation.bits - 1)) - 1;
  std::uniform_int_distribution<int64_t> code(-hi, hi);
  CodeSequence seq(steps, std::vector<int64_t>(p.vector_sizes[0]));
  for (auto& x : seq) std::generate(x.begin(), x.end(), [&] { return code(rng); });
  return {seq};
}

// Each case: a network with a layer that is not streamed out (a head, a projection, a stack),
// pruned unevenly; balanced relabels it and the output codes stay the same, step for step.
struct Case {
  const char* name;
  const char* model;
};
const Case kCases[] = {
    {"lstm_head", "model: {cell: lstm, input_size: 7, hidden_size: 23, head: [{size: 5}]}"},
    {"gru_lbr0_stack",
     "model: {cell: gru, input_size: 6, hidden_size: 19, layers: 2, linear_before_reset: false}"},
    {"gru_lbr1_head",
     "model: {cell: gru, input_size: 6, hidden_size: 17, linear_before_reset: true, head: [{size: "
     "3, activation: relu}]}"},
    {"lstmp_peep",
     "model: {cell: lstm, input_size: 5, hidden_size: 21, proj_size: 9, peepholes: "
     "true}"},
};

TEST(AssignTest, BalancedKeepsTheOutputsAndLowersTheBusiestPe) {
  for (const Case& c : kCases) {
    const std::string spec = std::string("name: t\n") + c.model +
                             "\nweights: {density: 0.3, pruning: magnitude, seed: 5}\n";
    const Model modulo = Build(spec + "array: {pe_count: 4}\n");
    const Model balanced = Build(spec + "array: {pe_count: 4, assignment: balanced}\n");
    SCOPED_TRACE(c.name);
    const auto xs = RandomInputs(modulo.quant, 6, 9);
    EXPECT_EQ(FixedRun(modulo.quant, xs), FixedRun(balanced.quant, xs));
    const auto a = PeNonzeros(modulo.quant, 4), b = PeNonzeros(balanced.quant, 4);
    EXPECT_LE(*std::max_element(b.begin(), b.end()), *std::max_element(a.begin(), a.end()));
    EXPECT_EQ(std::accumulate(a.begin(), a.end(), int64_t{0}),
              std::accumulate(b.begin(), b.end(), int64_t{0}));
  }
}

TEST(AssignTest, LongestFirstOntoTheLightestPe) {
  // One dense pass of 4 units on 2 PEs writing a vector the output head (4 non-zeros, fixed on
  // PE 0) reads. Unit loads 5, 1, 4, 2 are dealt largest first onto the lighter PE with room:
  // 5 -> PE 1, 4 -> PE 0, 2 -> PE 1, 1 -> PE 0 (PE 1 is full): loads 9 and 7 instead of 13 and 3.
  Program p;
  p.vector_sizes = {6, 4, 1};
  Pass ps;
  ps.op = EwOp::kDense;
  ps.units = 4;
  ps.segments = {{0, 6}};
  ps.cols = 6;
  ps.dest = 1;
  const int nz[4] = {5, 1, 4, 2};
  for (int j = 0; j < 4; ++j) {
    for (int c = 0; c < 6; ++c) ps.w.push_back(c < nz[j] ? j + 1 : 0);
  }
  ps.bias = {10, 11, 12, 13};
  Pass head;
  head.op = EwOp::kDense;
  head.units = 1;
  head.segments = {{1, 4}};
  head.cols = 4;
  head.w = {1, 2, 3, 4};
  head.bias = {0};
  head.dest = 2;
  p.passes = {ps, head};
  p.output = 2;
  const UnitOrder orders = BalanceUnits(&p, 2);
  // PE 0 holds positions 0 and 2: units 1 and 2; PE 1 positions 1 and 3: units 0 and 3.
  EXPECT_EQ(orders[1], (std::vector<int>{1, 0, 2, 3}));
  EXPECT_EQ(p.passes[0].bias, (std::vector<int64_t>{11, 10, 12, 13}));
  EXPECT_EQ(p.passes[1].w, (std::vector<int64_t>{2, 1, 3, 4}));
  EXPECT_EQ(PeNonzeros(p, 2), (std::vector<int64_t>{9, 7}));
  EXPECT_EQ(orders[2], (std::vector<int>{0}));  // the output keeps its order
}

}  // namespace
}  // namespace rnngen
