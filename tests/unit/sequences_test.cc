// Input sequences from .npy files (tests/seq/, written by scripts/make_seq_fixtures.py), formats
// chosen by frac: auto, and the accuracy report.
#include "model/sequences.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "model/accuracy.h"
#include "model/fixed_point.h"
#include "model/formats.h"
#include "model/model.h"
#include "model/random.h"

namespace rnngen {
namespace {

const std::string kDir = std::string(RNNGEN_SOURCE_DIR) + "/tests/seq/";
const std::string kOnnx = std::string(RNNGEN_SOURCE_DIR) + "/tests/onnx/lstm_gemm_relu.onnx";

// A spec for tests/onnx/lstm_gemm_relu.onnx (LSTM 3 -> 4, relu head of 2), written in the
// fixture folder so that relative file names resolve there.
Spec SpecWith(const std::string& weights, const std::string& arithmetic, const std::string& sim) {
  const std::string text = fmt::format(
      "name: t\nmodel: {{cell: lstm, input_size: 3, hidden_size: 4, head: [{{size: 2, "
      "activation: relu}}]}}\nweights: {{source: onnx, path: ../onnx/lstm_gemm_relu.onnx{}}}\n"
      "arithmetic: {{lut_bits: 8{}}}\narray: {{pe_count: 2}}\nsim: {}\n",
      weights, arithmetic, sim);
  const ParseResult parsed = ParseSpecString(text, kDir + "t.yaml");
  EXPECT_TRUE(parsed.spec) << text << (parsed.errors.empty() ? "" : parsed.errors[0].message);
  return parsed.spec ? *parsed.spec : Spec();
}

// The message of the ModelError `f` throws, or "" when it does not throw.
template <typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const ModelError& e) {
    return e.diagnostics.at(0).message;
  }
  return "";
}

TEST(SequencesTest, RandomInputsAreOneSequenceDrawnInOrder) {
  Spec spec = SpecWith("", "", "{timesteps: 3, input_seed: 4}");
  const Sequences s = LoadSimSequences(spec);
  ASSERT_EQ(s.x.size(), 1u);
  ASSERT_EQ(s.x[0].size(), 3u);
  Rng rng(4);
  for (const auto& x : s.x[0]) {
    for (double v : x) EXPECT_EQ(v, rng.Uniform(-1.0, 1.0));
  }
  EXPECT_TRUE(s.labels.empty());
  const auto codes = QuantizeSequences(s, {16, 12});
  EXPECT_EQ(codes[0][2][1], Quantize(s.x[0][2][1], 16, 12));
}

TEST(SequencesTest, ReadsSequencesAndLabels) {
  const Sequences s = LoadSimSequences(SpecWith("", "", "{inputs: x.npy, labels: y_per_step.npy}"));
  ASSERT_EQ(s.x.size(), 5u);
  ASSERT_EQ(s.x[0].size(), 6u);
  ASSERT_EQ(s.x[0][0].size(), 3u);
  EXPECT_EQ(s.steps(), 30);
  EXPECT_TRUE(s.per_step_labels());
  ASSERT_EQ(s.labels.size(), 5u);
  ASSERT_EQ(s.labels[4].size(), 6u);
  const Sequences per_sequence =
      LoadSimSequences(SpecWith("", "", "{inputs: x.npy, labels: y.npy}"));
  EXPECT_FALSE(per_sequence.per_step_labels());
  ASSERT_EQ(per_sequence.labels[0].size(), 1u);
  // float32 in the file: every value is exactly a float.
  for (double v : s.x[3][5]) EXPECT_EQ(v, static_cast<double>(static_cast<float>(v)));
  // [timesteps, input_size]: one sequence.
  const Sequences one = LoadSimSequences(SpecWith("", "", "{inputs: one_sequence.npy}"));
  EXPECT_EQ(one.x.size(), 1u);
  EXPECT_EQ(one.x[0].size(), 4u);
}

TEST(SequencesTest, RejectsFilesThatDoNotFit) {
  const std::pair<const char*, const char*> kCases[] = {
      {"{inputs: bad_width.npy}",
       "sim.inputs: array of shape [2, 4, 5] does not hold input sequences (expected [sequences, "
       "timesteps, 3] or [timesteps, 3] for model.input_size 3, at least one step)"},
      {"{inputs: bad_nan.npy}", "sim.inputs: element 18 is nan (expected finite numbers)"},
      {"{inputs: missing.npy}", "sim.inputs: "},
      {"{inputs: x.npy, labels: bad_float_labels.npy}",
       "sim.labels: a floating-point array (expected integer class labels)"},
      {"{inputs: x.npy, labels: bad_label_range.npy}",
       "sim.labels: element 2 is 2 (expected a class 0..1, the index of the largest of the "
       "network's 2 outputs)"},
      {"{inputs: x.npy, labels: bad_label_shape.npy}",
       "sim.labels: array of shape [5, 2] does not match sim.inputs' 5 sequences of 6 steps "
       "(expected [5] or [5, 6])"},
  };
  for (const auto& [sim, message] : kCases) {
    const Spec spec = SpecWith("", "", sim);
    const std::string got = ErrorOf([&] { LoadSimSequences(spec); });
    EXPECT_EQ(got.substr(0, std::string(message).size()), message) << sim;
    EXPECT_NE(got.find("expected"), std::string::npos) << got;
  }
  // Located at the key that names the file.
  const Spec spec = SpecWith("", "", "{inputs: bad_width.npy}");
  try {
    LoadSimSequences(spec);
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_EQ(e.diagnostics[0].loc.line, 6);
    EXPECT_EQ(e.diagnostics[0].loc.col, 15);
  }
}

TEST(FormatsTest, FracForIsTheWidestFractionThatHolds) {
  EXPECT_EQ(FracFor(1.0, 16, 1), 14);   // 1.0 needs one integer bit
  EXPECT_EQ(FracFor(0.99, 16, 1), 15);  // within (2^15 - 1) / 2^15
  EXPECT_EQ(FracFor(3.9, 8, 0), 5);     // 127 / 32 = 3.97
  EXPECT_EQ(FracFor(3.98, 8, 0), 4);    // more than 3.97
  EXPECT_EQ(FracFor(0.0, 8, 0), 7);     // nothing to hold
  EXPECT_EQ(FracFor(200.0, 8, 0), -1);  // not even with 0 fraction bits
  EXPECT_EQ(FracFor(127.0, 8, 0), 0);
}

TEST(FormatsTest, ChoosesFromRanges) {
  Spec spec = SpecWith("",
                       ", weight: {bits: 8, frac: auto}, activation: {bits: 12, frac: auto}, "
                       "state: {bits: 14, frac: auto}",
                       "{timesteps: 4}");
  spec.arithmetic.lut_bits = 0;  // as the loader leaves a default lut_bits with auto formats
  ValueRanges r;
  r.weight = 1.7;      // 8 bits: 127/64 = 1.98 -> frac 6
  r.bias = 0.3;        // fits
  r.activation = 2.6;  // 12 bits: 2047/512 = 4.0 -> frac 9
  r.state = 5.0;       // 14 bits: 8191/1024 = 8.0 -> frac 10
  EXPECT_TRUE(ChooseFormats(r, &spec).empty());
  EXPECT_EQ(spec.arithmetic.weight.frac, 6);
  EXPECT_EQ(spec.arithmetic.activation.frac, 9);
  EXPECT_EQ(spec.arithmetic.state.frac, 10);
  EXPECT_EQ(spec.arithmetic.lut_bits, 10);  // min(10, min(6 + 9, 10) + 4)
  EXPECT_TRUE(spec.arithmetic.weight.frac_auto);

  // A bias larger than one product's range lowers the weight frac: 19 bits with 6 + 9
  // fraction bits hold up to 8.0.
  r.bias = 9.0;
  Spec b = SpecWith("", ", weight: {bits: 8, frac: auto}, activation: {bits: 12, frac: auto}",
                    "{timesteps: 4}");
  EXPECT_TRUE(ChooseFormats(r, &b).empty());
  EXPECT_EQ(b.arithmetic.weight.frac, 5);
  // State at most 2 * activation.frac; activations at least 1.
  Spec c = SpecWith("", ", activation: {bits: 6, frac: auto}, state: {bits: 24, frac: auto}",
                    "{timesteps: 4}");
  r.activation = 0.1;
  r.state = 0.1;
  EXPECT_TRUE(ChooseFormats(r, &c).empty());
  EXPECT_EQ(c.arithmetic.activation.frac, 4);  // 31/16 holds 1.0
  EXPECT_EQ(c.arithmetic.state.frac, 8);
}

TEST(FormatsTest, RangesNoFormatHoldsAreErrorsAtTheFrac) {
  Spec spec = SpecWith("", ", activation: {bits: 8, frac: auto}", "{timesteps: 4}");
  ValueRanges r;
  r.activation = 100.0;
  const std::vector<Diagnostic> errors = ChooseFormats(r, &spec);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "arithmetic.activation.frac: auto: the calibration activations reach 100, more than "
            "8 bits with 1 fraction bits hold (expected more bits, or smaller values)");
  EXPECT_EQ(errors[0].loc.line, 4);

  // A given state.frac that the chosen activation.frac cannot carry.
  Spec s = SpecWith("", ", activation: {bits: 8, frac: auto}, state: {bits: 16, frac: 12}",
                    "{timesteps: 4}");
  r.activation = 7.0;  // frac 4
  const std::vector<Diagnostic> state = ChooseFormats(r, &s);
  ASSERT_EQ(state.size(), 1u);
  EXPECT_NE(state[0].message.find("arithmetic.state.frac: value 12 is more than twice the "
                                  "activation.frac 4 chosen by auto"),
            std::string::npos);
  EXPECT_EQ(state[0].loc.line, 4);
  // The default state: at the activation's frac.
  Spec d = SpecWith("", ", activation: {bits: 8, frac: auto}", "{timesteps: 4}");
  const std::vector<Diagnostic> by_default = ChooseFormats(r, &d);
  ASSERT_EQ(by_default.size(), 1u);
  EXPECT_NE(by_default[0].message.find("arithmetic.state.frac: default 12 is more than twice"),
            std::string::npos);
  EXPECT_EQ(by_default[0].loc.line, 4);
  EXPECT_GT(by_default[0].loc.col, 0);
}

TEST(FormatsTest, BuildModelCalibratesOnTheGivenSequences) {
  const Spec spec = SpecWith(", calibration: calib.npy",
                             ", weight: {bits: 8, frac: auto}, activation: {bits: 12, frac: auto}, "
                             "state: {bits: 14, frac: auto}",
                             "{inputs: x.npy}");
  const Model m = BuildModel(spec);
  EXPECT_EQ(m.ranges.steps, 18);        // 3 sequences of 6 steps
  EXPECT_GT(m.ranges.activation, 2.0);  // the inputs reach 2.5
  const Spec::Arithmetic& a = m.spec.arithmetic;
  EXPECT_EQ(a.activation.frac, FracFor(std::max(1.0, m.ranges.activation), 12, 1));
  EXPECT_EQ(a.state.frac, std::min(FracFor(m.ranges.state, 14, 1), 2 * a.activation.frac));
  EXPECT_LE(m.ranges.weight, ToReal(MaxSigned(8), a.weight.frac));
  EXPECT_GT(m.ranges.weight, ToReal(MaxSigned(8), a.weight.frac + 1));
  EXPECT_EQ(m.quant.arith.activation.frac, a.activation.frac);
  // The spec as given is unchanged.
  EXPECT_TRUE(spec.arithmetic.activation.frac_auto);
}

TEST(AccuracyTest, ComparesTheThreeModels) {
  const Spec spec = SpecWith(", density: 0.5", "", "{inputs: x.npy, labels: y_per_step.npy}");
  const Model m = BuildModel(spec);
  const Sequences data = LoadSimSequences(spec);
  const AccuracyReport r = MeasureAccuracy(
      m, data, FixedRun(m.quant, QuantizeSequences(data, spec.arithmetic.activation)));
  EXPECT_EQ(r.sequences, 5);
  EXPECT_EQ(r.steps, 30);
  ASSERT_EQ(r.per_step.size(), 6u);
  EXPECT_EQ(r.all.fixed_vs_float.count, 60);  // 30 steps x 2 outputs
  EXPECT_EQ(r.per_step[0].fixed_vs_float.count, 10);
  EXPECT_GT(r.all.pruned_vs_float.max, 0.0);  // half the weights are gone
  EXPECT_LE(r.all.fixed_vs_pruned.mean(), r.all.fixed_vs_pruned.max);
  // Quantisation alone costs little with 16-bit activations: the structural bound of
  // ProgramTest.FixedPointTracksFloatForDefaultFormats.
  EXPECT_LT(r.all.fixed_vs_pruned.max, 0.05);
  EXPECT_EQ(r.labelled, 30);
  // Recount the pruned float's hits by hand.
  const auto pruned = FloatRun(m.real, data.x);
  int64_t hits = 0;
  for (size_t n = 0; n < 5; ++n) {
    for (size_t t = 0; t < 6; ++t) {
      hits += static_cast<int64_t>(ArgMax(pruned[n][t])) == data.labels[n][t];
    }
  }
  EXPECT_EQ(r.correct_pruned, hits);

  // Density 1: nothing pruned, so pruned float is float.
  const Spec dense = SpecWith("", "", "{inputs: x.npy, labels: y.npy}");
  const Model d = BuildModel(dense);
  const Sequences dd = LoadSimSequences(dense);
  const AccuracyReport dr =
      MeasureAccuracy(d, dd, FixedRun(d.quant, QuantizeSequences(dd, dense.arithmetic.activation)));
  EXPECT_EQ(dr.all.pruned_vs_float.max, 0.0);
  EXPECT_EQ(dr.labelled, 5);  // one label per sequence, at its last step
  EXPECT_EQ(dr.correct_float, dr.correct_pruned);
}

}  // namespace
}  // namespace rnngen
