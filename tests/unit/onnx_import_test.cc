// ONNX import: small models written by scripts/make_onnx_fixtures.py. The good ones, imported and
// run through the float network, must give what ONNX's own numpy helpers gave; each bad one must
// be rejected with a message naming the node and what it uses.
#include "model/onnx_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace rnngen {
namespace {

const std::string kDir = std::string(RNNGEN_SOURCE_DIR) + "/tests/onnx/";

Spec SpecOf(const std::string& model) {
  const std::string text = fmt::format("name: t\nmodel: {}\narray: {{pe_count: 1}}\n", model);
  const ParseResult parsed = ParseSpecString(text, "t.yaml");
  EXPECT_TRUE(parsed.spec) << text;
  return parsed.spec ? *parsed.spec : Spec();
}

TEST(OnnxImportTest, GoodModelsMatchOnnxReference) {
  const std::pair<const char*, const char*> kCases[] = {
      {"lstm_gemm_relu",
       "{cell: lstm, input_size: 3, hidden_size: 4, head: [{size: 2, activation: relu}]}"},
      {"gru_matmul_add",
       "{cell: gru, input_size: 2, hidden_size: 5, linear_before_reset: true, head: [{size: 3, "
       "activation: sigmoid}]}"},
      {"lstm_peep_gru",
       "{cell: lstm, input_size: 3, hidden_size: 4, peepholes: true, layers: 2, layer_overrides: "
       "[{layer: 1, cell: gru, hidden_size: 3}]}"},
      // As torch.onnx.export writes nn.LSTM / nn.GRU(batch_first) + nn.Linear: zero initial
      // states built by Expand or ConstantOfShape from the input's shape.
      {"torch_lstm_expand", "{cell: lstm, input_size: 3, hidden_size: 4, head: [{size: 2}]}"},
      {"torch_gru_batch_first",
       "{cell: gru, input_size: 2, hidden_size: 5, linear_before_reset: true, head: [{size: "
       "3}]}"},
  };
  for (const auto& [name, model] : kCases) {
    const Spec spec = SpecOf(model);
    const OnnxImport imported = ImportOnnx(kDir + name + ".onnx", spec);
    ASSERT_TRUE(imported.net) << name << ": "
                              << (imported.errors.empty() ? "" : imported.errors[0]);
    std::ifstream in(kDir + name + ".json");
    nlohmann::json fixture;
    in >> fixture;
    NetworkFloatState s = InitialFloatState(*imported.net);
    double worst = 0.0;
    for (size_t t = 0; t < fixture["x"].size(); ++t) {
      const auto x = fixture["x"][t].get<std::vector<double>>();
      const auto want = fixture["y"][t].get<std::vector<double>>();
      const std::vector<double> got = NetworkFloatStep(*imported.net, x, &s);
      ASSERT_EQ(got.size(), want.size()) << name;
      for (size_t j = 0; j < got.size(); ++j) worst = std::max(worst, std::fabs(got[j] - want[j]));
    }
    EXPECT_LE(worst, 1e-5) << name;
    std::printf("onnx import %-21s max|ours - onnx| = %.3g\n", name, worst);
  }
}

TEST(OnnxImportTest, RejectsWhatTheArrayDoesNotCompute) {
  const std::string lstm = "{cell: lstm, input_size: 3, hidden_size: 4}";
  const std::pair<const char*, const char*> kCases[] = {
      {"bad_clip", "(LSTM): attribute clip: not supported"},
      {"bad_reverse", "attribute direction: reverse (expected forward)"},
      {"bad_activations", "attribute activations: [Sigmoid, Relu, Tanh]"},
      {"bad_input_forget", "attribute input_forget: 1 (expected 0)"},
      {"bad_operator", "node 'conv0' (Conv): operator not supported"},
      // Initial states: only provably all-zero ones are skipped; an Expand elsewhere is not.
      {"bad_init_expand",
       "node 'lstm43' (LSTM): input 5 (initial_h): a non-zero or non-constant initial state, "
       "computed by node 'expand23' (Expand)"},
      {"bad_init_constant_of_shape",
       "node 'lstm23' (LSTM): input 5 (initial_h): a non-zero or non-constant initial state, "
       "computed by node 'constantofshape21' (ConstantOfShape)"},
      {"bad_expand_data", "node 'expand_data12' (Expand): operator not supported"},
  };
  for (const auto& [name, message] : kCases) {
    const OnnxImport imported = ImportOnnx(kDir + name + ".onnx", SpecOf(lstm));
    EXPECT_FALSE(imported.net) << name;
    ASSERT_FALSE(imported.errors.empty()) << name;
    EXPECT_NE(imported.errors[0].find(message), std::string::npos) << imported.errors[0];
  }
  const OnnxImport input = ImportOnnx(kDir + "bad_init_input.onnx",
                                      SpecOf("{cell: gru, input_size: 3, hidden_size: 4}"));
  ASSERT_EQ(input.errors.size(), 1u);
  EXPECT_NE(input.errors[0].find("node 'gru5' (GRU): input 5 (initial_h): a non-zero or "
                                 "non-constant initial state, graph input 'H1'"),
            std::string::npos)
      << input.errors[0];
  const OnnxImport lbr =
      ImportOnnx(kDir + "bad_lbr.onnx", SpecOf("{cell: gru, input_size: 3, hidden_size: 4}"));
  ASSERT_FALSE(lbr.errors.empty());
  EXPECT_NE(lbr.errors[0].find("attribute linear_before_reset: 1 (expected 0"), std::string::npos)
      << lbr.errors[0];
  // Shapes that contradict the spec, and a model with fewer layers than the spec.
  const OnnxImport shape = ImportOnnx(kDir + "lstm_gemm_relu.onnx",
                                      SpecOf("{cell: lstm, input_size: 3, hidden_size: 5, head: "
                                             "[{size: 2, activation: relu}]}"));
  ASSERT_FALSE(shape.errors.empty());
  EXPECT_NE(shape.errors[0].find("attribute hidden_size: 4 (expected 5"), std::string::npos)
      << shape.errors[0];
  const OnnxImport missing = ImportOnnx(kDir + "lstm_gemm_relu.onnx", SpecOf(lstm));
  ASSERT_FALSE(missing.errors.empty());
  EXPECT_NE(missing.errors.back().find("1 fully connected layer(s)"), std::string::npos)
      << missing.errors.back();
  const OnnxImport none = ImportOnnx(kDir + "no_such_file.onnx", SpecOf(lstm));
  ASSERT_EQ(none.errors.size(), 1u);
  EXPECT_NE(none.errors[0].find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace rnngen
