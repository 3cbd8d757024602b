// Completing a spec's model section from the model file it imports (spec/complete.h with
// model/model_probe.h): what is taken, what stays as written, and what a bad file says.
#include "spec/complete.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/model_probe.h"
#include "spec/spec.h"

namespace rnngen {
namespace {

// Specs parsed as if they were tests/unit/x.yaml, so that ../onnx/... names a fixture.
ParseResult Parse(const std::string& text) {
  return ParseSpecString(text, std::string(RNNGEN_SOURCE_DIR) + "/tests/unit/x.yaml",
                         ProbeModelFile);
}

std::string Errors(const ParseResult& r) {
  std::string s;
  for (const Diagnostic& d : r.errors) s += FormatDiagnostic(d) + "\n";
  return s;
}

TEST(CompleteTest, APyTorchGruNeedsNoModelSection) {
  const ParseResult r = Parse(
      "name: g\n"
      "weights: {source: onnx, path: ../onnx/gru_matmul_add.onnx, pruning: keep}\n"
      "array: {pe_count: 2}\n");
  ASSERT_TRUE(r.spec) << Errors(r);
  const Spec::Model& m = r.spec->model;
  ASSERT_EQ(m.stack.size(), 1u);
  EXPECT_EQ(m.stack[0].cell, CellType::kGru);
  EXPECT_EQ(m.stack[0].input_size, 2);
  EXPECT_EQ(m.stack[0].hidden_size, 5);
  EXPECT_TRUE(m.stack[0].linear_before_reset);
  ASSERT_EQ(m.head.size(), 1u);
  EXPECT_EQ(m.head[0].size, 3);
  EXPECT_EQ(m.head[0].activation, HeadActivation::kSigmoid);
  EXPECT_EQ(r.spec->from_model, (std::vector<std::string>{
                                    "model.cell: gru", "model.input_size: 2",
                                    "model.hidden_size: 5", "model.linear_before_reset: true",
                                    "model.head[0].size: 3", "model.head[0].activation: sigmoid"}));
}

TEST(CompleteTest, WrittenKeysStayAndDeeperLayersBecomeOverrides) {
  const ParseResult r = Parse(
      "name: g\n"
      "model: {hidden_size: 6}\n"
      "weights: {source: onnx, path: ../onnx/lstm_peep_gru.onnx, pruning: keep}\n"
      "array: {pe_count: 2}\n");
  ASSERT_TRUE(r.spec) << Errors(r);
  const Spec::Model& m = r.spec->model;
  ASSERT_EQ(m.stack.size(), 2u);
  // The spec's hidden_size stays (the importer then reports that the file says 4).
  EXPECT_EQ(m.stack[0].hidden_size, 6);
  EXPECT_TRUE(m.stack[0].peepholes);
  EXPECT_EQ(m.stack[1].cell, CellType::kGru);
  EXPECT_EQ(m.stack[1].hidden_size, 3);
  EXPECT_FALSE(m.stack[1].linear_before_reset);
  EXPECT_TRUE(m.head.empty());
  EXPECT_EQ(
      r.spec->from_model,
      (std::vector<std::string>{"model.cell: lstm", "model.input_size: 3", "model.peepholes: true",
                                "model.layers: 2", "model.layer_overrides[layer 1].cell: gru",
                                "model.layer_overrides[layer 1].hidden_size: 3"}));
}

TEST(CompleteTest, AFileItCannotReadIsAnErrorAtThePath) {
  const ParseResult r = Parse(
      "name: g\n"
      "weights: {source: npz, path: ../npz/no_such.npz}\n");
  ASSERT_FALSE(r.spec);
  EXPECT_NE(Errors(r).find("x.yaml:2:30: error: weights.path: cannot read the network's shape "
                           "from ../npz/no_such.npz to complete model:"),
            std::string::npos)
      << Errors(r);
}

TEST(CompleteTest, WithoutAProbeTheKeysAreRequired) {
  const ParseResult r = ParseSpecString(
      "name: g\nmodel: {cell: gru, hidden_size: 5}\n"
      "weights: {source: onnx, path: ../onnx/gru_matmul_add.onnx}\n",
      "x.yaml");
  ASSERT_FALSE(r.spec);
  EXPECT_NE(Errors(r).find("missing required key 'input_size'"), std::string::npos) << Errors(r);
}

}  // namespace
}  // namespace rnngen
