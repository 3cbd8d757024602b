// The float network model against ONNX's own reference: each fixture in tests/conformance/ holds
// random layers, an input sequence and the Y of every timestep from ONNX's numpy LSTM/GRU helpers
// (LSTMP from PyTorch's definition). Written by scripts/make_conformance_fixtures.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/network.h"

namespace rnngen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<double> Flat(const json& j) {
  std::vector<double> v;
  if (j.is_array() && !j.empty() && j[0].is_array()) {
    for (const json& row : j) v.insert(v.end(), row.begin(), row.end());
  } else {
    v = j.get<std::vector<double>>();
  }
  return v;
}

RecurrentFloat LayerFromJson(const json& j) {
  RecurrentFloat l;
  l.shape.cell = j.at("cell") == "lstm" ? CellType::kLstm : CellType::kGru;
  l.shape.input_size = j.at("input_size");
  l.shape.hidden_size = j.at("hidden_size");
  l.shape.proj_size = j.at("proj_size");
  l.shape.peepholes = j.at("peepholes");
  l.shape.linear_before_reset = j.at("linear_before_reset");
  l.w = Flat(j.at("w"));
  l.r = Flat(j.at("r"));
  l.wb = Flat(j.at("wb"));
  l.rb = Flat(j.at("rb"));
  l.p = Flat(j.at("p"));
  l.proj = Flat(j.at("proj"));
  return l;
}

std::vector<fs::path> Fixtures() {
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(fs::path(RNNGEN_SOURCE_DIR) / "tests/conformance")) {
    if (e.path().extension() == ".json") paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(ConformanceTest, FloatModelMatchesOnnxReference) {
  const std::vector<fs::path> paths = Fixtures();
  ASSERT_GE(paths.size(), 12u);
  double worst = 0.0;
  for (const fs::path& path : paths) {
    std::ifstream in(path);
    const json fx = json::parse(in);
    NetworkFloat net;
    for (const json& l : fx.at("layers")) net.stack.push_back(LayerFromJson(l));
    NetworkFloatState s = InitialFloatState(net);
    const json& xs = fx.at("x");
    const json& ys = fx.at("y");
    ASSERT_EQ(xs.size(), ys.size()) << path;
    double max_diff = 0.0;
    for (size_t t = 0; t < xs.size(); ++t) {
      const std::vector<double> x = xs[t].get<std::vector<double>>();
      const std::vector<double> want = ys[t].get<std::vector<double>>();
      // A single layer goes straight through RecurrentFloatStep; a stack through the network.
      std::vector<double> got;
      if (net.stack.size() == 1) {
        RecurrentFloatStep(net.stack[0], x, &s.y[0], &s.c[0]);
        got = s.y[0];
      } else {
        got = NetworkFloatStep(net, x, &s);
      }
      ASSERT_EQ(got.size(), want.size()) << path << " t=" << t;
      for (size_t k = 0; k < got.size(); ++k) {
        max_diff = std::max(max_diff, std::abs(got[k] - want[k]));
      }
    }
    std::printf("conformance %-22s T=%zu max|ours - reference| = %.3g\n",
                fx.at("name").get<std::string>().c_str(), xs.size(), max_diff);
    EXPECT_LE(max_diff, 1e-5) << path;
    worst = std::max(worst, max_diff);
  }
  std::printf("conformance: %zu fixtures, worst max|ours - reference| = %.3g\n", paths.size(),
              worst);
}

}  // namespace
}  // namespace rnngen
