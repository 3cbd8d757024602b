// Spec loader: values and defaults of good specs, and the diagnostics corpus in tests/diag/.
#include "spec/spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "spec/identifiers.h"

namespace rnngen {
namespace {

namespace fs = std::filesystem;

// The example of docs/spec.md: every key given.
constexpr char kFullSpec[] = R"(name: lstm_small                 # Verilog identifier
model:
  cell: lstm
  input_size: 64
  hidden_size: 128
  layers: 1
weights:
  source: random
  seed: 7
  density: 0.125
  pruning: load_balanced
arithmetic:
  weight:     {bits: 8,  frac: 6}
  activation: {bits: 16, frac: 12}
  state:      {bits: 16, frac: 12}
  accumulator_bits: 32
  activation_fn: lut
  lut_bits: 10
array:
  pe_count: 8
  fifo_depth: 8
sparsity:
  encoding: csc
  index_bits: 4
sim:
  timesteps: 32
  input_seed: 1
)";

constexpr char kMinimalSpec[] = R"(name: tiny
model:
  cell: lstm
  input_size: 4
  hidden_size: 16
)";

// The diagnostics of a parse, as the CLI prints them.
std::string Formatted(const ParseResult& r) {
  std::string out;
  for (const Diagnostic& d : r.errors) out += FormatDiagnostic(d) + "\n";
  return out;
}

ParseResult Parse(const std::string& text) { return ParseSpecString(text, "t.yaml"); }

// Parses kMinimalSpec plus `extra` and expects exactly one error with this text.
void ExpectSingleError(const std::string& text, const std::string& expected) {
  const ParseResult r = Parse(text);
  EXPECT_FALSE(r.spec.has_value());
  ASSERT_EQ(r.errors.size(), 1u) << Formatted(r);
  EXPECT_EQ(FormatDiagnostic(r.errors[0]), expected);
}

// Where `key` was written, as (line, col); (-1, -1) and a failure when it was not recorded.
std::pair<int, int> LocOf(const Spec& s, const std::string& key) {
  const auto it = s.locs.find(key);
  EXPECT_NE(it, s.locs.end()) << key;
  return it == s.locs.end() ? std::pair<int, int>{-1, -1}
                            : std::pair<int, int>{it->second.line, it->second.col};
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The corpus paths are relative to the repo root, which is ctest's working directory.
void EnterSourceDir() {
  if (!fs::is_directory("tests/diag")) fs::current_path(RNNGEN_SOURCE_DIR);
}

TEST(SpecTest, FullExampleParsesEveryValue) {
  const ParseResult r = ParseSpecString(kFullSpec, "full.yaml");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  ASSERT_TRUE(r.spec.has_value());
  const Spec& s = *r.spec;
  EXPECT_EQ(s.path, "full.yaml");
  EXPECT_EQ(s.name, "lstm_small");
  EXPECT_EQ(s.model.cell, CellType::kLstm);
  EXPECT_EQ(s.model.input_size, 64);
  EXPECT_EQ(s.model.hidden_size, 128);
  EXPECT_EQ(s.model.layers, 1);
  EXPECT_EQ(s.weights.source, "random");
  EXPECT_EQ(s.weights.seed, 7u);
  EXPECT_DOUBLE_EQ(s.weights.density, 0.125);
  EXPECT_EQ(s.weights.pruning, Pruning::kLoadBalanced);
  EXPECT_EQ(s.arithmetic.weight.bits, 8);
  EXPECT_EQ(s.arithmetic.weight.frac, 6);
  EXPECT_EQ(s.arithmetic.activation.bits, 16);
  EXPECT_EQ(s.arithmetic.activation.frac, 12);
  EXPECT_EQ(s.arithmetic.state.bits, 16);
  EXPECT_EQ(s.arithmetic.state.frac, 12);
  EXPECT_EQ(s.arithmetic.accumulator_bits, 32);
  EXPECT_EQ(s.arithmetic.activation_fn, ActivationFn::kLut);
  EXPECT_EQ(s.arithmetic.lut_bits, 10);
  EXPECT_EQ(s.array.pe_count, 8);
  EXPECT_EQ(s.array.fifo_depth, 8);
  EXPECT_EQ(s.sparsity.encoding, Encoding::kCsc);
  EXPECT_EQ(s.sparsity.index_bits, 4);
  EXPECT_EQ(s.sim.timesteps, 32);
  EXPECT_EQ(s.sim.input_seed, 1u);
  // Every key is located at its value; sections at their mapping.
  EXPECT_EQ(s.locs.size(), 33u);
  EXPECT_EQ(LocOf(s, "name"), std::make_pair(1, 7));
  EXPECT_EQ(LocOf(s, "model"), std::make_pair(3, 3));
  EXPECT_EQ(LocOf(s, "model.cell"), std::make_pair(3, 9));
  EXPECT_EQ(LocOf(s, "model.hidden_size"), std::make_pair(5, 16));
  EXPECT_EQ(LocOf(s, "weights.density"), std::make_pair(10, 12));
  EXPECT_EQ(LocOf(s, "arithmetic.weight"), std::make_pair(13, 15));
  EXPECT_EQ(LocOf(s, "arithmetic.weight.frac"), std::make_pair(13, 32));
  EXPECT_EQ(LocOf(s, "arithmetic.lut_bits"), std::make_pair(18, 13));
  EXPECT_EQ(LocOf(s, "array.pe_count"), std::make_pair(20, 13));
  EXPECT_EQ(LocOf(s, "sim.input_seed"), std::make_pair(27, 15));
  EXPECT_EQ(s.locs.at("array.pe_count").file, "full.yaml");
}

TEST(SpecTest, MinimalSpecGetsEveryDefault) {
  const ParseResult r = Parse(kMinimalSpec);
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec& s = *r.spec;
  EXPECT_EQ(s.name, "tiny");
  EXPECT_EQ(s.model.input_size, 4);
  EXPECT_EQ(s.model.hidden_size, 16);
  EXPECT_EQ(s.model.layers, 1);
  EXPECT_EQ(s.weights.source, "random");
  EXPECT_EQ(s.weights.seed, 1u);
  EXPECT_DOUBLE_EQ(s.weights.density, 1.0);
  EXPECT_EQ(s.weights.pruning, Pruning::kMagnitude);
  EXPECT_EQ(s.arithmetic.weight.bits, 8);
  EXPECT_EQ(s.arithmetic.weight.frac, 6);
  EXPECT_EQ(s.arithmetic.activation.bits, 16);
  EXPECT_EQ(s.arithmetic.activation.frac, 12);
  EXPECT_EQ(s.arithmetic.state.bits, 16);
  EXPECT_EQ(s.arithmetic.state.frac, 12);
  EXPECT_EQ(s.arithmetic.accumulator_bits, 32);
  EXPECT_EQ(s.arithmetic.activation_fn, ActivationFn::kLut);
  EXPECT_EQ(s.arithmetic.lut_bits, 10);
  EXPECT_EQ(s.array.pe_count, 8);
  EXPECT_EQ(s.array.fifo_depth, 8);
  EXPECT_EQ(s.sparsity.encoding, Encoding::kCsc);
  EXPECT_EQ(s.sparsity.index_bits, 4);
  EXPECT_EQ(s.sim.timesteps, 32);
  EXPECT_EQ(s.sim.input_seed, 1u);
  // Only keys that were written have a location.
  EXPECT_EQ(s.locs.size(), 5u);
  EXPECT_EQ(s.locs.count("array.pe_count"), 0u);
}

TEST(SpecTest, PowerDefaultsWithoutTheSection) {
  const ParseResult r = Parse(kMinimalSpec);
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec::Power& p = r.spec->power;
  EXPECT_DOUBLE_EQ(p.clock_mhz, 200);
  EXPECT_TRUE(p.vf_points.empty());  // the documented default table
  EXPECT_EQ(p.island_count, 1);
  EXPECT_TRUE(p.islands.empty());
  EXPECT_DOUBLE_EQ(p.deadline_us, 0);
  EXPECT_TRUE(p.energy_pj.empty());
  EXPECT_EQ(p.target, Spec::Power::Target::kAsic);
  EXPECT_EQ(r.spec->locs.count("power"), 0u);
  // An empty section takes the same defaults.
  const ParseResult empty = Parse(std::string(kMinimalSpec) + "power: {}\n");
  ASSERT_TRUE(empty.errors.empty()) << Formatted(empty);
  EXPECT_EQ(empty.spec->power.island_count, 1);
  EXPECT_DOUBLE_EQ(empty.spec->power.clock_mhz, 200);
}

TEST(SpecTest, PowerSectionParsesEveryKey) {
  const std::string text = std::string(kMinimalSpec) + R"(power:
  clock_mhz: 250.5
  vf_points: [[0.9, 200], [0.8, 160], [0.7, 118], [0.6, 75]]
  islands: 3
  deadline_us: 2.0
  energy_pj: {mac: 0.9, sram_read: 5}
  target: fpga
)";
  const ParseResult r = Parse(text);
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec& s = *r.spec;
  const Spec::Power& p = s.power;
  EXPECT_DOUBLE_EQ(p.clock_mhz, 250.5);
  const std::vector<std::pair<double, double>> vf = {{0.6, 75}, {0.7, 118}, {0.8, 160}, {0.9, 200}};
  EXPECT_EQ(p.vf_points, vf);
  EXPECT_EQ(p.island_count, 3);
  EXPECT_TRUE(p.islands.empty());  // a count: the generator groups the PEs
  EXPECT_DOUBLE_EQ(p.deadline_us, 2.0);
  EXPECT_EQ(p.energy_pj, (std::map<std::string, double>{{"mac", 0.9}, {"sram_read", 5}}));
  EXPECT_EQ(p.target, Spec::Power::Target::kFpga);
  // Every key is located at its value, for the power stage's messages.
  EXPECT_EQ(LocOf(s, "power"), std::make_pair(7, 3));
  EXPECT_EQ(LocOf(s, "power.clock_mhz"), std::make_pair(7, 14));
  EXPECT_EQ(LocOf(s, "power.vf_points"), std::make_pair(8, 14));
  EXPECT_EQ(LocOf(s, "power.islands"), std::make_pair(9, 12));
  EXPECT_EQ(LocOf(s, "power.deadline_us"), std::make_pair(10, 16));
  EXPECT_EQ(LocOf(s, "power.energy_pj"), std::make_pair(11, 14));
  EXPECT_EQ(LocOf(s, "power.energy_pj.mac"), std::make_pair(11, 20));
  EXPECT_EQ(LocOf(s, "power.energy_pj.sram_read"), std::make_pair(11, 36));
  EXPECT_EQ(LocOf(s, "power.target"), std::make_pair(12, 11));
}

TEST(SpecTest, PowerIslandsAsCountOrList) {
  const std::string pes4 = "array:\n  pe_count: 4\n";
  for (const int n : {1, 4}) {  // 1..pe_count
    const ParseResult r =
        Parse(std::string(kMinimalSpec) + pes4 + fmt::format("power:\n  islands: {}\n", n));
    ASSERT_TRUE(r.errors.empty()) << Formatted(r);
    EXPECT_EQ(r.spec->power.island_count, n);
    EXPECT_TRUE(r.spec->power.islands.empty());
  }
  const ParseResult r = Parse(std::string(kMinimalSpec) + pes4 + R"(power:
  islands:
    - {name: fast, pes: [2, 0]}
    - name: slow
      pes: [1, 3]
)");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec::Power& p = r.spec->power;
  EXPECT_EQ(p.island_count, 2);
  ASSERT_EQ(p.islands.size(), 2u);
  EXPECT_EQ(p.islands[0].name, "fast");
  EXPECT_EQ(p.islands[0].pes, (std::vector<int>{2, 0}));  // as written
  EXPECT_EQ(p.islands[1].name, "slow");
  EXPECT_EQ(p.islands[1].pes, (std::vector<int>{1, 3}));
  EXPECT_EQ(LocOf(*r.spec, "power.islands"), std::make_pair(10, 5));
  EXPECT_EQ(LocOf(*r.spec, "power.islands[0]"), std::make_pair(10, 7));
  EXPECT_EQ(LocOf(*r.spec, "power.islands[1].name"), std::make_pair(11, 13));
  EXPECT_EQ(LocOf(*r.spec, "power.islands[1].pes"), std::make_pair(12, 12));
  // One island per PE is the most there can be.
  const ParseResult each = Parse(std::string(kMinimalSpec) + pes4 + R"(power:
  islands: [{name: a, pes: [0]}, {name: b, pes: [1]}, {name: c, pes: [2]}, {name: d, pes: [3]}]
)");
  ASSERT_TRUE(each.errors.empty()) << Formatted(each);
  EXPECT_EQ(each.spec->power.island_count, 4);
}

TEST(SpecTest, PowerVfPointsAreStoredSortedByVolts) {
  const ParseResult r = Parse(std::string(kMinimalSpec) + R"(power:
  vf_points:
    - [0.8, 160]
    - [1, 250]
    - [.6, 75]
)");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const std::vector<std::pair<double, double>> vf = {{0.6, 75}, {0.8, 160}, {1.0, 250}};
  EXPECT_EQ(r.spec->power.vf_points, vf);
  // "power.vf_points[k]" locates stored point k, whatever its place in the file.
  EXPECT_EQ(LocOf(*r.spec, "power.vf_points[0]"), std::make_pair(10, 7));
  EXPECT_EQ(LocOf(*r.spec, "power.vf_points[1]"), std::make_pair(8, 7));
  EXPECT_EQ(LocOf(*r.spec, "power.vf_points[2]"), std::make_pair(9, 7));
  // Two points are enough to interpolate between.
  const ParseResult two =
      Parse(std::string(kMinimalSpec) + "power:\n  vf_points: [[0.9, 200], [0.6, 75]]\n");
  ASSERT_TRUE(two.errors.empty()) << Formatted(two);
  EXPECT_EQ(two.spec->power.vf_points.size(), 2u);
}

TEST(SpecTest, LutBitsDefaultFollowsTheFormats) {
  // min(10, weight.frac + activation.frac + 4, state.frac + 4)
  auto lut = [](const std::string& arith) {
    const ParseResult r = Parse(std::string(kMinimalSpec) + "arithmetic:\n" + arith);
    EXPECT_TRUE(r.errors.empty()) << Formatted(r);
    return r.spec ? r.spec->arithmetic.lut_bits : -1;
  };
  EXPECT_EQ(lut("  weight: {bits: 8, frac: 2}\n  activation: {bits: 8, frac: 3}\n"
                "  state: {bits: 16, frac: 6}\n"),
            9);
  EXPECT_EQ(lut("  weight: {bits: 8, frac: 6}\n  state: {bits: 8, frac: 3}\n"), 7);
  EXPECT_EQ(lut("  weight: {bits: 2, frac: 0}\n  activation: {bits: 4, frac: 1}\n"
                "  state: {bits: 4, frac: 1}\n"),
            5);
  // At the limit is fine; one over is an error.
  EXPECT_EQ(lut("  weight: {bits: 8, frac: 2}\n  activation: {bits: 8, frac: 3}\n"
                "  state: {bits: 16, frac: 6}\n  lut_bits: 9\n"),
            9);
  EXPECT_EQ(lut("  lut_bits: 14\n"), 14);
  ExpectSingleError(std::string(kMinimalSpec) +
                        "arithmetic:\n  weight: {bits: 8, frac: 2}\n  activation: {bits: 8, frac: "
                        "3}\n  state: {bits: 16, frac: 6}\n  lut_bits: 10\n",
                    "t.yaml:10:13: error: arithmetic.lut_bits: value 10 is too large for the "
                    "formats (expected <= min(weight.frac + activation.frac, state.frac) + 4 = 9)");
}

TEST(SpecTest, AccumulatorBitsBoundIsExact) {
  // input 64 + hidden 128 = fan-in 192 of 8x16-bit products: 193 * 2^22 <= 2^30 - 1 needs 31.
  const std::string base =
      "name: a\nmodel: {cell: lstm, input_size: 64, hidden_size: 128}\narithmetic:\n";
  EXPECT_TRUE(Parse(base + "  accumulator_bits: 31\n").errors.empty());
  ExpectSingleError(base + "  accumulator_bits: 30\n",
                    "t.yaml:4:21: error: arithmetic.accumulator_bits: value 30 can overflow: "
                    "layer 0 (lstm) fan-in 192 of 8-bit weights x 16-bit activations plus bias "
                    "needs at least 31 bits (expected >= 31)");
}

TEST(SpecTest, BoundaryValuesAreAccepted) {
  const ParseResult r = Parse(R"(name: _
model: {cell: lstm, input_size: 4096, hidden_size: 2048}
weights: {seed: 9223372036854775807, density: 1}
arithmetic:
  weight: {bits: 16, frac: 15}
  activation: {bits: 16, frac: 15}
  state: {bits: 24, frac: 23}
  accumulator_bits: 64
  lut_bits: 4
array: {pe_count: 256, fifo_depth: 256}
sparsity: {encoding: dense, index_bits: 16}
sim: {timesteps: 2730, input_seed: 0}
)");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec& s = *r.spec;
  EXPECT_EQ(s.name, "_");
  EXPECT_EQ(s.model.input_size, 4096);
  EXPECT_EQ(s.weights.seed, 9223372036854775807u);
  EXPECT_DOUBLE_EQ(s.weights.density, 1.0);
  EXPECT_EQ(s.arithmetic.state.bits, 24);
  EXPECT_EQ(s.arithmetic.state.frac, 23);
  EXPECT_EQ(s.arithmetic.accumulator_bits, 64);
  EXPECT_EQ(s.arithmetic.lut_bits, 4);
  EXPECT_EQ(s.array.pe_count, 256);
  EXPECT_EQ(s.sparsity.encoding, Encoding::kDense);
  EXPECT_EQ(s.sparsity.index_bits, 16);
  EXPECT_EQ(s.sim.timesteps, 2730);
  EXPECT_EQ(s.sim.input_seed, 0u);
}

TEST(SpecTest, TestVectorsAreBoundedByMemory) {
  // timesteps x (input_size + hidden_size) <= 2^24.
  const ParseResult r = Parse(
      "name: a\nmodel: {cell: lstm, input_size: 4, hidden_size: 8}\n"
      "sim: {timesteps: 1000000}\n");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  EXPECT_EQ(r.spec->sim.timesteps, 1000000);
  ExpectSingleError(
      "name: a\nmodel: {cell: lstm, input_size: 4088, hidden_size: 8}\n"
      "arithmetic: {accumulator_bits: 40}\nsim: {timesteps: 4097}\n",
      "t.yaml:4:18: error: sim.timesteps: value 4097 needs 16781312 test vector values "
      "= timesteps x (input_size 4088 + hidden_size 8) (expected at most 16777216, so "
      "timesteps <= 4096)");
}

TEST(SpecTest, PeCountMayEqualHiddenSize) {
  const ParseResult r =
      Parse("name: a\nmodel: {cell: lstm, input_size: 3, hidden_size: 5}\narray: {pe_count: 5}\n");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  EXPECT_EQ(r.spec->array.pe_count, 5);
}

// Every field of one resolved recurrent layer.
void ExpectLayer(const Spec::Recurrent& r, CellType cell, int input, int hidden, int proj,
                 bool peepholes, bool linear_before_reset) {
  EXPECT_EQ(r.cell, cell);
  EXPECT_EQ(r.input_size, input);
  EXPECT_EQ(r.hidden_size, hidden);
  EXPECT_EQ(r.proj_size, proj);
  EXPECT_EQ(r.peepholes, peepholes);
  EXPECT_EQ(r.linear_before_reset, linear_before_reset);
}

TEST(SpecTest, DefaultNetworkIsOneLstmLayerWithoutHead) {
  const ParseResult r = Parse(kMinimalSpec);
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec::Model& m = r.spec->model;
  EXPECT_EQ(m.cell, CellType::kLstm);
  EXPECT_EQ(m.layers, 1);
  EXPECT_EQ(m.proj_size, 0);
  EXPECT_FALSE(m.peepholes);
  EXPECT_FALSE(m.linear_before_reset);
  ASSERT_EQ(m.stack.size(), 1u);
  ExpectLayer(m.stack[0], CellType::kLstm, 4, 16, 0, false, false);
  EXPECT_TRUE(m.head.empty());
  EXPECT_EQ(m.output_size(), 16);
}

TEST(SpecTest, StackChainsLayersAndAppliesOverrides) {
  const ParseResult r = Parse(R"(name: a
model:
  cell: lstm
  input_size: 10
  hidden_size: 32
  layers: 3
  peepholes: true
  layer_overrides:
    - {layer: 1, hidden_size: 24, peepholes: false}
    - layer: 2
      cell: gru
      hidden_size: 16
array: {pe_count: 4}
)");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec::Model& m = r.spec->model;
  // The top-level fields keep what was written there.
  EXPECT_EQ(m.layers, 3);
  EXPECT_EQ(m.hidden_size, 32);
  EXPECT_TRUE(m.peepholes);
  ASSERT_EQ(m.stack.size(), 3u);
  ExpectLayer(m.stack[0], CellType::kLstm, 10, 32, 0, true, false);
  ExpectLayer(m.stack[1], CellType::kLstm, 32, 24, 0, false, false);
  // A layer whose cell an override changes does not take the other cell's defaults.
  ExpectLayer(m.stack[2], CellType::kGru, 24, 16, 0, false, false);
  EXPECT_EQ(m.output_size(), 16);
  EXPECT_EQ(r.spec->locs.at("model.layer_overrides[1].hidden_size").line, 12);
}

TEST(SpecTest, ProjectionChainsIntoTheNextLayerAndTheHead) {
  const ParseResult r = Parse(R"(name: a
model:
  cell: lstm
  input_size: 40
  hidden_size: 64
  proj_size: 16
  layers: 2
  layer_overrides: [{layer: 1, hidden_size: 48, proj_size: 12}]
  head: [{size: 5}]
)");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const Spec::Model& m = r.spec->model;
  EXPECT_EQ(m.proj_size, 16);
  ASSERT_EQ(m.stack.size(), 2u);
  ExpectLayer(m.stack[0], CellType::kLstm, 40, 64, 16, false, false);
  EXPECT_EQ(m.stack[0].output_size(), 16);
  ExpectLayer(m.stack[1], CellType::kLstm, 16, 48, 12, false, false);
  ASSERT_EQ(m.head.size(), 1u);
  EXPECT_EQ(m.head[0].input_size, 12);
  EXPECT_EQ(m.head[0].size, 5);
  EXPECT_EQ(m.output_size(), 5);
}

TEST(SpecTest, GruTakesLinearBeforeReset) {
  for (const auto& [text, value] : std::vector<std::pair<std::string, bool>>{{"true", true},
                                                                             {"True", true},
                                                                             {"TRUE", true},
                                                                             {"1", true},
                                                                             {"false", false},
                                                                             {"FALSE", false},
                                                                             {"0", false}}) {
    const ParseResult r = Parse(
        "name: a\nmodel: {cell: gru, input_size: 4, hidden_size: 8, layers: 2, "
        "linear_before_reset: " +
        text + "}\n");
    ASSERT_TRUE(r.errors.empty()) << text << "\n" << Formatted(r);
    const Spec::Model& m = r.spec->model;
    EXPECT_EQ(m.cell, CellType::kGru);
    EXPECT_EQ(m.linear_before_reset, value);
    ASSERT_EQ(m.stack.size(), 2u);
    ExpectLayer(m.stack[0], CellType::kGru, 4, 8, 0, false, value);
    ExpectLayer(m.stack[1], CellType::kGru, 8, 8, 0, false, value);
  }
  // The other cell's keys are harmless when they say "off".
  EXPECT_TRUE(Parse("name: a\nmodel: {cell: gru, input_size: 4, hidden_size: 8, peepholes: "
                    "false}\n")
                  .errors.empty());
  EXPECT_TRUE(Parse("name: a\nmodel: {cell: lstm, input_size: 4, hidden_size: 8, "
                    "linear_before_reset: 0}\n")
                  .errors.empty());
}

TEST(SpecTest, HeadActivationsAndChaining) {
  const ParseResult r = Parse(R"(name: a
model:
  cell: gru
  input_size: 4
  hidden_size: 8
  head:
    - {size: 32, activation: relu}
    - {size: 16, activation: sigmoid}
    - {size: 12, activation: tanh}
    - {size: 3, activation: none}
    - size: 2
)");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  const std::vector<Spec::Dense>& h = r.spec->model.head;
  ASSERT_EQ(h.size(), 5u);
  const std::vector<HeadActivation> acts = {HeadActivation::kRelu, HeadActivation::kSigmoid,
                                            HeadActivation::kTanh, HeadActivation::kNone,
                                            HeadActivation::kNone};
  const std::vector<int> inputs = {8, 32, 16, 12, 3};
  for (size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(h[i].activation, acts[i]) << i;
    EXPECT_EQ(h[i].input_size, inputs[i]) << i;
  }
  EXPECT_EQ(r.spec->model.output_size(), 2);
}

TEST(SpecTest, NetworkBoundsCoverEveryLayer) {
  // pe_count may equal the largest hidden_size anywhere in the stack.
  EXPECT_TRUE(Parse("name: a\nmodel: {cell: lstm, input_size: 4, hidden_size: 8, layers: 2, "
                    "layer_overrides: [{layer: 1, hidden_size: 16}]}\narray: {pe_count: 16}\n")
                  .errors.empty());
  // The head's fan-in alone: 254 inputs fit a 31-bit accumulator, 255 do not.
  const auto head = [](const std::string& size) {
    return "name: a\nmodel: {cell: lstm, input_size: 4, hidden_size: 8, head: [{size: " + size +
           "}, {size: 2}]}\narithmetic: {accumulator_bits: 31}\n";
  };
  EXPECT_TRUE(Parse(head("254")).errors.empty());
  ExpectSingleError(head("255"),
                    "t.yaml:3:32: error: arithmetic.accumulator_bits: value 31 can overflow: head "
                    "1 fan-in 255 of 8-bit weights x 16-bit activations plus bias needs at least "
                    "32 bits (expected >= 32)");
  // Two LSTM layers of 2^25 weights each fill 2^26 exactly; a one-unit head is one layer too many.
  const std::string stack =
      "name: a\nmodel: {cell: lstm, input_size: 2048, hidden_size: 2048, layers: 2";
  const std::string arith = "}\narithmetic: {accumulator_bits: 40}\n";
  EXPECT_TRUE(Parse(stack + arith).errors.empty());
  ExpectSingleError(stack + ", head: [{size: 1}]" + arith,
                    "t.yaml:2:52: error: model too large: 67110912 weights = layer 0 (lstm) "
                    "33554432 + layer 1 (lstm) 33554432 + head 0 2048 (expected at most "
                    "67108864)");
  // A long network is summed in full but listed in part.
  std::string heads;
  for (int i = 0; i < 10; ++i) heads += ", {size: 4096}";
  ExpectSingleError("name: a\nmodel: {cell: lstm, input_size: 4096, hidden_size: 2048, head: [" +
                        heads.substr(2) + "]}\narithmetic: {accumulator_bits: 40}\n",
                    "t.yaml:2:52: error: model too large: 209715200 weights = layer 0 (lstm) "
                    "50331648 + head 0 8388608 + head 1 16777216 + head 2 16777216 + head 3 "
                    "16777216 + head 4 16777216 + head 5 16777216 + head 6 16777216 + 50331648 in "
                    "3 more layers (expected at most 67108864)");
}

TEST(SpecTest, DensityAcceptsDecimalForms) {
  for (const auto& [text, value] : std::vector<std::pair<std::string, double>>{
           {"1", 1.0}, {"0.5", 0.5}, {".25", 0.25}, {"5e-1", 0.5}, {"1.0E0", 1.0}, {"1.", 1.0}}) {
    const ParseResult r = Parse(std::string(kMinimalSpec) + "weights: {density: " + text + "}\n");
    ASSERT_TRUE(r.errors.empty()) << text << "\n" << Formatted(r);
    EXPECT_DOUBLE_EQ(r.spec->weights.density, value) << text;
  }
  for (const std::string text : {".inf", ".nan", "0x1", "-0.5", "1e400", "1e-400", "+0.5", "1e"}) {
    EXPECT_FALSE(
        Parse(std::string(kMinimalSpec) + "weights: {density: " + text + "}\n").errors.empty())
        << text;
  }
}

TEST(SpecTest, IntegersAreDecimalOnly) {
  for (const std::string text : {"010", "-0", "16"}) {
    const ParseResult r = Parse(std::string(kMinimalSpec) + "array: {fifo_depth: " + text + "}\n");
    EXPECT_EQ(r.errors.size(), text == "-0" ? 1u : 0u) << text << Formatted(r);
  }
  EXPECT_EQ(Parse(std::string(kMinimalSpec) + "array: {fifo_depth: 010}\n").spec->array.fifo_depth,
            10);
  for (const std::string text : {"0x10", "0o10", "+8", "8.0", "1_000", "8 c", "~", "\"8\""}) {
    EXPECT_FALSE(
        Parse(std::string(kMinimalSpec) + "array:\n  fifo_depth: " + text + "\n").errors.empty())
        << text;
  }
  ExpectSingleError(std::string(kMinimalSpec) + "sim: {timesteps: -9223372036854775809}\n",
                    "t.yaml:6:18: error: sim.timesteps: value -9223372036854775809 is out of "
                    "range (expected an integer 1..1000000)");
}

TEST(SpecTest, NameRules) {
  const std::string model = "model: {cell: lstm, input_size: 4, hidden_size: 8}\n";
  EXPECT_TRUE(Parse("name: Module\n" + model).errors.empty());  // keywords are case-sensitive
  EXPECT_TRUE(Parse("name: \"quoted_ok\"\n" + model).errors.empty());
  EXPECT_TRUE(Parse("name: rnngen\n" + model).errors.empty());
  EXPECT_TRUE(Parse("name: " + std::string(48, 'n') + "\n" + model).errors.empty());
  ExpectSingleError("name: " + std::string(49, 'n') + "\n" + model,
                    "t.yaml:1:7: error: name: '" + std::string(49, 'n') +
                        "' is 49 characters long (expected 1..48 characters)");
  ExpectSingleError("name: \"\"\n" + model,
                    "t.yaml:1:7: error: name: '' is 0 characters long (expected 1..48 "
                    "characters)");
  ExpectSingleError("name: a$b\n" + model,
                    "t.yaml:1:7: error: name: 'a$b' is not a Verilog identifier (expected a letter "
                    "or '_' followed by letters, digits or '_')");
  ExpectSingleError("name: endmodule\n" + model,
                    "t.yaml:1:7: error: name: 'endmodule' is a reserved Verilog/SystemVerilog "
                    "keyword (expected a name that is not a keyword)");
  // Control characters never break the one-line format.
  ExpectSingleError("name: \"a\\nb\\tc\\x01\"\n" + model,
                    "t.yaml:1:7: error: name: 'a\\nb\\tc\\x01' is not a Verilog identifier "
                    "(expected a letter or '_' followed by letters, digits or '_')");
  ExpectSingleError("name:\n" + model,
                    "t.yaml:1:1: error: name: missing value (expected a Verilog identifier of "
                    "1..48 characters)");
}

TEST(SpecTest, EmptyInputsAreEmptySpecs) {
  for (const std::string text : {"", "\n\n", "# c\n# d\n", "---\n", "~\n", "null\n"}) {
    ExpectSingleError(text,
                      "t.yaml:1:1: error: empty spec (expected a mapping with keys name, model, "
                      "weights, arithmetic, array, sparsity, sim, power)");
  }
  ExpectSingleError("lstm\n",
                    "t.yaml:1:1: error: top level is 'lstm' (expected a mapping with keys name, "
                    "model, weights, arithmetic, array, sparsity, sim, power)");
}

TEST(SpecTest, FileLevelErrors) {
  EnterSourceDir();
  ParseResult r = ParseSpecFile("tests/diag");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_FALSE(r.spec.has_value());
  EXPECT_EQ(FormatDiagnostic(r.errors[0]),
            "tests/diag: error: cannot read spec: it is a directory (expected a YAML file)");
  r = ParseSpecFile("tests/diag/no_such_file.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(r.errors[0]),
            "tests/diag/no_such_file.yaml: error: cannot open spec: No such file or directory "
            "(expected a readable YAML file)");
  r = ParseSpecString(std::string((1 << 20) + 1, '#'), "big.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(FormatDiagnostic(r.errors[0]),
            "big.yaml: error: spec is too large: 1048577 bytes (expected at most 1048576)");
}

TEST(SpecTest, ParseSpecFileReadsAGoodFile) {
  const fs::path p = fs::temp_directory_path() / "rnngen_spec_test_good.yaml";
  {
    std::ofstream out(p, std::ios::binary);
    out << kFullSpec;
  }
  const ParseResult r = ParseSpecFile(p.string());
  fs::remove(p);
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  EXPECT_EQ(r.spec->path, p.string());
  EXPECT_EQ(r.spec->locs.at("name").file, p.string());
  EXPECT_EQ(r.spec->model.hidden_size, 128);
}

TEST(SpecTest, FormatDiagnosticShapes) {
  EXPECT_EQ(FormatDiagnostic({SourceLoc{"a.yaml", 3, 14}, "boom"}), "a.yaml:3:14: error: boom");
  EXPECT_EQ(FormatDiagnostic({SourceLoc{"a.yaml", 0, 0}, "boom"}), "a.yaml: error: boom");
}

TEST(SpecTest, BillionLaughsIsRejectedWithoutExpansion) {
  std::string text = "name: a\nmodel: {cell: lstm, input_size: 4, hidden_size: 8}\nl0: &l0 [lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *l" : "*l") + std::to_string(i - 1);
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const ParseResult r = Parse(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  EXPECT_FALSE(r.spec.has_value());
  // Ten unknown keys l0..l9 and ninety aliases.
  EXPECT_EQ(r.errors.size(), 100u);
  EXPECT_EQ(std::count_if(r.errors.begin(), r.errors.end(),
                          [](const Diagnostic& d) {
                            return d.message.rfind("anchors and aliases are not supported", 0) == 0;
                          }),
            90);
}

TEST(SpecTest, ErrorsStopAfterAHundred) {
  std::string text;
  for (int i = 0; i < 150; ++i) text += "k" + std::to_string(i) + ": 1\n";
  const ParseResult r = Parse(text);
  // Two missing keys (at 1:1) and 150 unknown ones: the first 100 by position are kept.
  ASSERT_EQ(r.errors.size(), 101u);
  EXPECT_EQ(r.errors[99].loc.line, 98);
  EXPECT_EQ(FormatDiagnostic(r.errors[100]),
            "t.yaml: error: 52 more errors not shown (expected at most 100 errors; fix these "
            "first)");
}

TEST(SpecTest, ErrorsAreCollectedAndSorted) {
  const ParseResult r = Parse(R"(sim: {timesteps: 0}
array:
  fifo_depth: 0
  pe_count: 0
model: {hidden_size: 0, input_size: 0, cell: rnn}
)");
  // missing name (at the top mapping, 1:1), then file order.
  EXPECT_EQ(Formatted(r),
            "t.yaml:1:1: error: missing required key 'name' (expected a Verilog identifier of "
            "1..48 characters)\n"
            "t.yaml:1:18: error: sim.timesteps: value 0 is out of range (expected an integer "
            "1..1000000)\n"
            "t.yaml:3:15: error: array.fifo_depth: value 0 is out of range (expected an integer "
            "1..256)\n"
            "t.yaml:4:13: error: array.pe_count: value 0 is out of range (expected an integer "
            "1..256)\n"
            "t.yaml:5:22: error: model.hidden_size: value 0 is out of range (expected an integer "
            "1..4096)\n"
            "t.yaml:5:37: error: model.input_size: value 0 is out of range (expected an integer "
            "1..4096)\n"
            "t.yaml:5:46: error: model.cell: unknown cell 'rnn' (expected lstm or gru)\n");
  for (size_t i = 1; i < r.errors.size(); ++i) {
    EXPECT_LE(std::make_pair(r.errors[i - 1].loc.line, r.errors[i - 1].loc.col),
              std::make_pair(r.errors[i].loc.line, r.errors[i].loc.col));
  }
}

TEST(SpecTest, TextThatIsValidYamlStillLoads) {
  // A UTF-8 byte order mark, CRLF line ends, tabs between tokens, UTF-8 in comments and
  // quoted strings with escaped quotes: none of these is an error.
  const ParseResult r = Parse(
      "\xEF\xBB\xBFname:\t'lstm_small' # caf\xC3\xA9\r\n"
      "model: {cell: \"lstm\",\tinput_size: 4, hidden_size: 8}\r\n"
      "weights: {source: 'random', pruning: \"magnitude\"}  # \"\\q ''\r\n");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  EXPECT_EQ(r.spec->name, "lstm_small");
  EXPECT_EQ(r.spec->model.hidden_size, 8);
}

TEST(SpecTest, QuotesAreCheckedForTheirEnd) {
  const std::string model = "model: {cell: lstm, input_size: 4, hidden_size: 8}\n";
  EXPECT_TRUE(Parse(model + "name: 'a''b'\n").errors.size() == 1u);  // not an identifier
  EXPECT_TRUE(Parse(model + "name: \"a\\\"\"\n").errors.size() == 1u);
  ExpectSingleError(model + "name: \"a\\\"\n",
                    "t.yaml:2:7: error: quoted string is not closed (expected a closing \" before "
                    "the end of the file)");
  ExpectSingleError(model + "name: 'a''\n",
                    "t.yaml:2:7: error: quoted string is not closed (expected a closing ' before "
                    "the end of the file)");
}

TEST(SpecTest, EncodingErrorsPointAtTheByte) {
  const std::string model = "model: {cell: lstm, input_size: 4, hidden_size: 8}\n";
  ExpectSingleError(model + "name: ab\xF4\x90\x80\x80\n",  // above U+10FFFF
                    "t.yaml:2:9: error: invalid UTF-8 byte 0xF4 (expected UTF-8 text)");
  ExpectSingleError(model + "name: ab\x80\n",  // a lone continuation byte
                    "t.yaml:2:9: error: invalid UTF-8 byte 0x80 (expected UTF-8 text)");
  ExpectSingleError(model + "name: \x7F\n",
                    "t.yaml:2:7: error: control character 0x7F in the file (expected UTF-8 text "
                    "without control characters other than tab and newline)");
  ExpectSingleError(std::string("\xFF\xFE\0\0n\0\0\0", 8),
                    "t.yaml:1:1: error: the file starts with a UTF-32 byte order mark FF FE "
                    "(expected UTF-8 text)");
  // Long names are measured and cut in characters, never inside a UTF-8 sequence.
  std::string euros;
  for (int i = 0; i < 61; ++i) euros += "\xE2\x82\xAC";
  ExpectSingleError(model + "name: " + euros + "\n",
                    "t.yaml:2:7: error: name: '" + euros.substr(0, 180) +
                        "...' is 61 characters long (expected 1..48 characters)");
  // Valid multi-byte UTF-8 passes the check and reaches the name rules.
  ExpectSingleError(model + "name: \xE2\x82\xAC\xF0\x9F\x98\x80\n",
                    "t.yaml:2:7: error: name: '\xE2\x82\xAC\xF0\x9F\x98\x80' is not a "
                    "Verilog identifier (expected a letter or '_' followed by letters, digits or "
                    "'_')");
}

TEST(SpecTest, AnchorsWithoutAliasesAreHarmless) {
  const ParseResult r = Parse(std::string(kMinimalSpec) + "array: &a {pe_count: &p 4}\n");
  ASSERT_TRUE(r.errors.empty()) << Formatted(r);
  EXPECT_EQ(r.spec->array.pe_count, 4);
}

// Arbitrary bytes and damaged specs must give diagnostics, never an exception or a crash.
TEST(SpecTest, NoExceptionEscapesOnGarbage) {
  std::mt19937 rng(12345);
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz_0123456789 :-[]{},&*!|>'\"#?%@`\n\t\r.~";
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text = kFullSpec;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const size_t pos = rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0:
          text.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 1:
          if (pos < text.size()) text.erase(pos, 1 + rng() % 8);
          break;
        default:
          if (pos < text.size()) text[pos] = static_cast<char>(rng() % 256);
          break;
      }
    }
    ParseResult r;
    ASSERT_NO_THROW(r = ParseSpecString(text, "fuzz.yaml")) << text;
    EXPECT_NE(r.spec.has_value(), !r.errors.empty());
    for (const Diagnostic& d : r.errors) {
      const std::string line = FormatDiagnostic(d);
      EXPECT_EQ(line.find('\n'), std::string::npos) << line;
      EXPECT_EQ(line.rfind("fuzz.yaml", 0), 0u) << line;
      EXPECT_NE(line.find("expected"), std::string::npos) << line;
    }
  }
}

TEST(SpecDiagTest, CorpusMatchesExpectedErrors) {
  EnterSourceDir();
  std::vector<std::string> cases;
  for (const fs::directory_entry& e : fs::directory_iterator("tests/diag")) {
    if (e.path().extension() == ".yaml") cases.push_back(e.path().stem().string());
  }
  std::sort(cases.begin(), cases.end());
  EXPECT_GE(cases.size(), 100u);
  for (const std::string& name : cases) {
    SCOPED_TRACE(name);
    const std::string path = "tests/diag/" + name + ".yaml";
    const fs::path err = "tests/diag/" + name + ".err";
    ASSERT_TRUE(fs::exists(err)) << err << " is missing";
    const ParseResult r = ParseSpecFile(path);
    EXPECT_FALSE(r.spec.has_value());
    EXPECT_FALSE(r.errors.empty());
    EXPECT_EQ(Formatted(r), ReadFile(err));
    for (const Diagnostic& d : r.errors) {
      EXPECT_NE(d.message.find("expected"), std::string::npos) << d.message;
    }
  }
}

// Inputs the fuzzer (tests/fuzz/spec_fuzzer.cc) once crashed or hung on, replayed with the
// normal build: each must give a spec or one-line diagnostics that say what was expected.
TEST(SpecFuzzRegressionTest, EveryFindingLoadsCleanly) {
  EnterSourceDir();
  ASSERT_TRUE(fs::exists("tests/fuzz/regressions/README.md"));
  for (const fs::directory_entry& e : fs::directory_iterator("tests/fuzz/regressions")) {
    if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
    SCOPED_TRACE(e.path().string());
    const auto start = std::chrono::steady_clock::now();
    ParseResult r;
    ASSERT_NO_THROW(r = ParseSpecFile(e.path().string()));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_NE(r.spec.has_value(), !r.errors.empty());
    for (const Diagnostic& d : r.errors) {
      const std::string line = FormatDiagnostic(d);
      EXPECT_EQ(line.find('\n'), std::string::npos) << line;
      EXPECT_NE(line.find("expected"), std::string::npos) << line;
    }
  }
}

TEST(SpecDiagTest, EveryExpectationHasASpec) {
  EnterSourceDir();
  for (const fs::directory_entry& e : fs::directory_iterator("tests/diag")) {
    if (e.path().extension() != ".err") continue;
    fs::path yaml = e.path();
    yaml.replace_extension(".yaml");
    EXPECT_TRUE(fs::exists(yaml)) << e.path() << " has no spec";
  }
}

TEST(SpecIdentifiersTest, VerilogIdentifiers) {
  for (const char* ok : {"a", "_", "A1", "lstm_small", "_x9", "Z"}) {
    EXPECT_TRUE(IsVerilogIdentifier(ok)) << ok;
  }
  for (const char* bad : {"", "1a", "a-b", "a$", "$a", "a b", "\\esc", "a.b", "ä"}) {
    EXPECT_FALSE(IsVerilogIdentifier(bad)) << bad;
  }
}

TEST(SpecIdentifiersTest, KeywordsCoverVerilog2005AndSystemVerilog2017) {
  // IEEE 1364-2005 reserved words.
  // clang-format off
  const std::vector<std::string> verilog_2005 = {
      "always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1", "case", "casex",
      "casez", "cell", "cmos", "config", "deassign", "default", "defparam", "design", "disable",
      "edge", "else", "end", "endcase", "endconfig", "endfunction", "endgenerate", "endmodule",
      "endprimitive", "endspecify", "endtable", "endtask", "event", "for", "force", "forever",
      "fork", "function", "generate", "genvar", "highz0", "highz1", "if", "ifnone", "incdir",
      "include", "initial", "inout", "input", "instance", "integer", "join", "large", "liblist",
      "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor",
      "noshowcancelled", "not", "notif0", "notif1", "or", "output", "parameter", "pmos",
      "posedge", "primitive", "pull0", "pull1", "pulldown", "pullup", "pulsestyle_onevent",
      "pulsestyle_ondetect", "rcmos", "real", "realtime", "reg", "release", "repeat", "rnmos",
      "rpmos", "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "signed", "small",
      "specify", "specparam", "strong0", "strong1", "supply0", "supply1", "table", "task", "time",
      "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg",
      "unsigned", "use", "uwire", "vectored", "wait", "wand", "weak0", "weak1", "while", "wire",
      "wor", "xnor", "xor"};
  // clang-format on
  for (const std::string& w : verilog_2005) EXPECT_TRUE(IsVerilogKeyword(w)) << w;
  // A sample of words SystemVerilog added, through 1800-2017.
  for (const char* w :
       {"logic",        "bit",     "int",       "byte",         "interface",      "modport",
        "class",        "package", "always_ff", "always_comb",  "unique0",        "implements",
        "interconnect", "nettype", "soft",      "s_until_with", "sync_reject_on", "untyped",
        "eventually",   "checker", "let",       "string",       "type",           "var",
        "null"}) {
    EXPECT_TRUE(IsVerilogKeyword(w)) << w;
  }
  for (const char* w : {"Module", "WIRE", "lstm", "randomize", "std", "sample", "clk", ""}) {
    EXPECT_FALSE(IsVerilogKeyword(w)) << w;
  }
  const std::vector<std::string_view>& all = VerilogKeywords();
  EXPECT_EQ(all.size(), 248u);  // the size of IEEE 1800-2017 Annex B
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
  for (std::string_view w : all) EXPECT_TRUE(IsVerilogIdentifier(w)) << w;
}

}  // namespace
}  // namespace rnngen
