// weights.source: npz, on files written by scripts/make_npz_fixtures.py. A two-layer LSTMP with
// peepholes and a head must import value for value as the script laid it out; GRU and LSTM+GRU
// files must import exactly as their ONNX twins (same weights) do; each bad file must be rejected
// with a message naming the array and what was expected.
#include "model/npz_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "model/onnx_import.h"

namespace rnngen {
namespace {

const std::string kDir = std::string(RNNGEN_SOURCE_DIR) + "/tests/npz/";
const char kGru[] =
    "{cell: gru, input_size: 2, hidden_size: 5, linear_before_reset: true, head: [{size: 3, "
    "activation: sigmoid}]}";

Spec SpecOf(const std::string& model) {
  const std::string text = fmt::format("name: t\nmodel: {}\narray: {{pe_count: 1}}\n", model);
  const ParseResult parsed = ParseSpecString(text, "t.yaml");
  EXPECT_TRUE(parsed.spec) << text;
  return parsed.spec ? *parsed.spec : Spec();
}

NetworkFloat Imported(const std::string& file, const Spec& spec) {
  NpzImport imported = ImportNpz(kDir + file, spec);
  EXPECT_TRUE(imported.net) << file << ": " << (imported.errors.empty() ? "" : imported.errors[0]);
  return imported.net ? *imported.net : NetworkFloat();
}

void ExpectSameNetwork(const NetworkFloat& a, const NetworkFloat& b, const std::string& what) {
  ASSERT_EQ(a.stack.size(), b.stack.size()) << what;
  for (size_t l = 0; l < a.stack.size(); ++l) {
    EXPECT_EQ(a.stack[l].w, b.stack[l].w) << what << " layer " << l;
    EXPECT_EQ(a.stack[l].r, b.stack[l].r) << what << " layer " << l;
    EXPECT_EQ(a.stack[l].wb, b.stack[l].wb) << what << " layer " << l;
    EXPECT_EQ(a.stack[l].rb, b.stack[l].rb) << what << " layer " << l;
    EXPECT_EQ(a.stack[l].p, b.stack[l].p) << what << " layer " << l;
    EXPECT_EQ(a.stack[l].proj, b.stack[l].proj) << what << " layer " << l;
  }
  ASSERT_EQ(a.head.size(), b.head.size()) << what;
  for (size_t k = 0; k < a.head.size(); ++k) {
    EXPECT_EQ(a.head[k].w, b.head[k].w) << what << " head " << k;
    EXPECT_EQ(a.head[k].b, b.head[k].b) << what << " head " << k;
  }
}

TEST(NpzImportTest, LstmpWithPeepholesAndHeadValueForValue) {
  const Spec spec = SpecOf(
      "{cell: lstm, input_size: 3, hidden_size: 4, proj_size: 3, peepholes: true, layers: 2, "
      "head: [{size: 2, activation: relu}]}");
  const NetworkFloat net = Imported("lstmp.npz", spec);
  std::ifstream in(kDir + "lstmp.json");
  nlohmann::json want;
  in >> want;
  NetworkFloat expected;
  for (size_t l = 0; l < want["stack"].size(); ++l) {
    const nlohmann::json& j = want["stack"][l];
    RecurrentFloat r;
    r.shape = spec.model.stack[l];
    for (const auto& [key, field] :
         {std::pair{"w", &r.w}, std::pair{"r", &r.r}, std::pair{"wb", &r.wb},
          std::pair{"rb", &r.rb}, std::pair{"p", &r.p}, std::pair{"proj", &r.proj}}) {
      *field = j[key].get<std::vector<double>>();
    }
    expected.stack.push_back(r);
  }
  DenseFloat d;
  d.w = want["head"][0]["w"].get<std::vector<double>>();
  d.b = want["head"][0]["b"].get<std::vector<double>>();
  expected.head.push_back(d);
  ExpectSameNetwork(net, expected, "lstmp");
  // And it runs.
  NetworkFloatState s = InitialFloatState(net);
  EXPECT_EQ(NetworkFloatStep(net, {0.5, -0.25, 1.0}, &s).size(), 2u);
}

TEST(NpzImportTest, SameNetworkAsTheOnnxTwin) {
  const std::pair<const char*, std::string> kCases[] = {
      {"gru", kGru},
      {"lstm_gru",
       "{cell: lstm, input_size: 3, hidden_size: 4, peepholes: true, layers: 2, layer_overrides: "
       "[{layer: 1, cell: gru, hidden_size: 3}], head: [{size: 2}]}"},
  };
  for (const auto& [name, model] : kCases) {
    const Spec spec = SpecOf(model);
    const OnnxImport onnx = ImportOnnx(kDir + name + ".onnx", spec);
    ASSERT_TRUE(onnx.net) << name << ": " << (onnx.errors.empty() ? "" : onnx.errors[0]);
    ExpectSameNetwork(Imported(std::string(name) + ".npz", spec), *onnx.net, name);
  }
}

TEST(NpzImportTest, RejectsBadWeightsNamingTheArray) {
  const std::pair<const char*, const char*> kCases[] = {
      {"missing",
       "array 'layer0.R': missing (expected shape (15, 5) or (1, 15, 5): rows 3 gru gates (z, r, "
       "h) x hidden_size 5, columns hidden_size 5)"},
      {"typo",
       "array 'layer0.w': not a name rnngen reads (expected layer<l>.W, .R, .B, .P or .proj, or "
       "head<k>.W or .b"},
      {"extra_layer",
       "array 'layer1.W': the spec has 1 recurrent layer(s), layer0 to layer0 (expected no "
       "layer1 arrays, or more model.layers)"},
      {"extra_head", "array 'head1.b': the spec has 1 head layer(s) (expected no head1 arrays"},
      {"peepholes",
       "array 'layer0.P': layer 0 is a gru layer, which has no peepholes (expected no layer0.P)"},
      {"projection", "array 'layer0.proj': a projection, and the spec's layer 0 has no proj_size"},
      {"shape",
       "array 'layer0.W': shape (2, 15) (expected (15, 2) or (1, 15, 2): rows 3 gru gates (z, "
       "r, h) x hidden_size 5, columns model.input_size 2)"},
      {"integer",
       "array 'head0.W': an integer or bool dtype (expected float16, float32 or float64 "
       "weights)"},
      {"nan", "array 'layer0.R': element [0, 1, 2] is nan, and 1 more (expected finite values)"},
  };
  const Spec spec = SpecOf(kGru);
  for (const auto& [name, message] : kCases) {
    const NpzImport imported = ImportNpz(kDir + "bad_weights_" + name + ".npz", spec);
    EXPECT_FALSE(imported.net) << name;
    ASSERT_FALSE(imported.errors.empty()) << name;
    EXPECT_EQ(imported.errors[0].find(message), 0u) << imported.errors[0];
  }
  // The shape case also has a bias of the wrong shape: every problem is reported.
  const NpzImport shape = ImportNpz(kDir + "bad_weights_shape.npz", spec);
  ASSERT_EQ(shape.errors.size(), 2u);
  EXPECT_EQ(shape.errors[1].find("array 'layer0.B': shape (2, 30) (expected (30,) or (1, 30): "
                                 "2 x 3 gru gates"),
            0u)
      << shape.errors[1];
  // A file that is not an .npz: the reader's message.
  const NpzImport not_zip = ImportNpz(kDir + "bad_not_zip.npz", spec);
  ASSERT_EQ(not_zip.errors.size(), 1u);
  EXPECT_NE(not_zip.errors[0].find("not a readable .npz (zip) archive"), std::string::npos);
  // The LSTMP file against a spec without peepholes or projection.
  const NpzImport plain =
      ImportNpz(kDir + "lstmp.npz", SpecOf("{cell: lstm, input_size: 3, hidden_size: 4, "
                                           "layers: 2, head: [{size: 2}]}"));
  ASSERT_FALSE(plain.errors.empty());
  EXPECT_NE(plain.errors[0].find("columns hidden_size 4)"), std::string::npos) << plain.errors[0];
  bool peephole_message = false;
  for (const std::string& e : plain.errors) {
    peephole_message |= e.find(
                            "array 'layer0.P': peepholes, and the spec's layer 0 has none "
                            "(expected peepholes: true in the spec, or no layer0.P)") == 0;
  }
  EXPECT_TRUE(peephole_message) << fmt::format("{}", fmt::join(plain.errors, "\n"));
}

}  // namespace
}  // namespace rnngen
