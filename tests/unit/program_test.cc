// The bit-accurate program: the LSTM and GRU element-wise operations against independent
// re-implementations of their documented narrowing points, hand-computed units, and the
// fixed-point network against the float one.
#include "model/program.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "model/fixed_point.h"
#include "model/model.h"
#include "reference_arith.h"

namespace rnngen {
namespace {

// ---- Fixed-point cell against an independent re-implementation ----

struct SatCounter {
  int64_t hits = 0;
  int64_t Sat(int64_t v, int bits) {
    const int64_t hi = (int64_t{1} << (bits - 1)) - 1;
    const int64_t lo = -(int64_t{1} << (bits - 1));
    if (v > hi || v < lo) ++hits;
    return v > hi ? hi : (v < lo ? lo : v);
  }
};

// Table address: floor(v / 2^shift) + L/2 clamped to [0, L-1].
int RefIndex(int64_t v, int shift, int lut_bits) {
  const int64_t half = int64_t{1} << (lut_bits - 1);
  return static_cast<int>(std::clamp<int64_t>(
      static_cast<int64_t>(FloorDiv(v, static_cast<Int128>(1) << shift)) + half, 0, 2 * half - 1));
}

// One step written out from the header's description: accumulate bias + W [x; h], look up the
// four gates with acc fraction bits wf + af, then
//   fc = Requantize(f*c, af, sb + 1), ig = Requantize(i*g, 2af - sf, sb + 1),
//   c = Saturate(fc + ig, sb), h = Requantize(o * tanh_table(c), af, ab).
void RefStep(const Program& m, const std::vector<int64_t>& x, std::vector<int64_t>* h,
             std::vector<int64_t>* c, SatCounter* sat) {
  const Spec::Arithmetic& a = m.arith;
  const Pass& ps = m.passes[0];
  const int in = m.vector_sizes[0], hid = ps.units, cols = in + hid;
  const int acc_shift = a.weight.frac + a.activation.frac - (a.lut_bits - 4);
  const int state_shift = a.state.frac - (a.lut_bits - 4);
  std::vector<int64_t> xh(x);
  xh.insert(xh.end(), h->begin(), h->end());
  std::vector<int64_t> h_next(hid);
  for (int j = 0; j < hid; ++j) {
    int64_t gate[4];
    for (int g = 0; g < 4; ++g) {
      const int row = g * hid + j;
      Int128 acc = ps.bias[row];
      for (int k = 0; k < cols; ++k) acc += static_cast<Int128>(ps.w[row * cols + k]) * xh[k];
      const auto acc64 = static_cast<int64_t>(acc);
      const std::vector<int64_t>& table = g == kRowC ? m.tables.tanh : m.tables.sigmoid;
      gate[g] = table[RefIndex(acc64, acc_shift, a.lut_bits)];
    }
    const int64_t fc =
        sat->Sat(RefRoundShift(gate[kRowF] * (*c)[j], a.activation.frac), a.state.bits + 1);
    const int64_t ig =
        sat->Sat(RefRoundShift(gate[kRowI] * gate[kRowC], 2 * a.activation.frac - a.state.frac),
                 a.state.bits + 1);
    (*c)[j] = sat->Sat(fc + ig, a.state.bits);
    const int64_t tc = m.tables.tanh[RefIndex((*c)[j], state_shift, a.lut_bits)];
    h_next[j] = sat->Sat(RefRoundShift(gate[kRowO] * tc, a.activation.frac), a.activation.bits);
  }
  *h = h_next;
}

struct Formats {
  FixedFormat weight, activation, state;
  int lut_bits;
};

// One layer of `op` (kLstm, or kGru with linear_before_reset) on [x ; y], random sparse
// weights and biases.
Program RandomProgram(const Formats& f, EwOp op, int in, int hid, std::mt19937_64* gen) {
  Program m;
  m.vector_names = {"x", "y"};
  m.vector_sizes = {in, hid};
  m.state_sizes = {hid};
  m.output = 1;
  m.arith.weight = f.weight;
  m.arith.activation = f.activation;
  m.arith.state = f.state;
  m.arith.lut_bits = f.lut_bits;
  m.arith.accumulator_bits = 64;
  m.tables = MakeActivationTables(m.arith);
  std::uniform_int_distribution<int64_t> w(MinSigned(f.weight.bits), MaxSigned(f.weight.bits));
  const int bias_bits = f.weight.bits + f.activation.bits - 1;
  std::uniform_int_distribution<int64_t> b(MinSigned(bias_bits), MaxSigned(bias_bits));
  std::bernoulli_distribution keep(0.6);
  Pass ps;
  ps.name = "layer 0";
  ps.op = op;
  ps.units = hid;
  ps.segments = {{0, in}, {1, hid}};
  ps.cols = in + hid;
  ps.w.resize(static_cast<size_t>(4) * hid * (in + hid));
  for (int64_t& v : ps.w) v = keep(*gen) ? w(*gen) : 0;
  ps.bias.resize(4 * hid);
  for (int64_t& v : ps.bias) v = b(*gen) / 4;  // mostly inside the tables' range
  ps.reset_after = true;
  ps.dest = 1;
  ps.state = 0;
  m.passes.push_back(std::move(ps));
  return m;
}

// The GRU update written out from the header's description (rows z, r, hx, hh):
//   r, z from the sigmoid table; hh' = RefRoundShift(r * hh, af) (linear_before_reset) or hh;
//   n = tanh_table(hx + hh'); h = Saturate(n + RefRoundShift(z * (h - n), af), ab).
void RefGruStep(const Program& m, const std::vector<int64_t>& x, std::vector<int64_t>* h) {
  const Spec::Arithmetic& a = m.arith;
  const Pass& ps = m.passes[0];
  const int in = m.vector_sizes[0], hid = ps.units, cols = in + hid;
  const int acc_shift = a.weight.frac + a.activation.frac - (a.lut_bits - 4);
  std::vector<int64_t> xh(x);
  xh.insert(xh.end(), h->begin(), h->end());
  SatCounter sat;
  for (int j = 0; j < hid; ++j) {
    int64_t acc[4];
    for (int g = 0; g < 4; ++g) {
      const int row = g * hid + j;
      Int128 sum = ps.bias[row];
      for (int k = 0; k < cols; ++k) sum += static_cast<Int128>(ps.w[row * cols + k]) * xh[k];
      acc[g] = static_cast<int64_t>(sum);
    }
    const int64_t r = m.tables.sigmoid[RefIndex(acc[kRowR], acc_shift, a.lut_bits)];
    const int64_t z = m.tables.sigmoid[RefIndex(acc[kRowZ], acc_shift, a.lut_bits)];
    const int64_t hh =
        ps.reset_after ? RefRoundShift(r * acc[kRowHh], a.activation.frac) : acc[kRowHh];
    const int64_t n = m.tables.tanh[RefIndex(acc[kRowHx] + hh, acc_shift, a.lut_bits)];
    (*h)[j] = sat.Sat(n + RefRoundShift(z * ((*h)[j] - n), a.activation.frac), a.activation.bits);
  }
}

const std::vector<Formats>& TestFormats() {
  static const std::vector<Formats> formats = {
      {{8, 6}, {16, 12}, {16, 12}, 10},  // defaults
      {{6, 4}, {10, 7}, {12, 9}, 8},
      {{8, 6}, {12, 6}, {16, 10}, 9},  // state finer than activation
      {{8, 6}, {8, 4}, {9, 8}, 8},     // state.frac = 2 * activation.frac: i*g shift 0
      {{4, 2}, {6, 3}, {5, 3}, 6},     // narrow: saturation everywhere
      {{8, 7}, {8, 7}, {8, 7}, 10},    // frac = bits - 1
  };
  return formats;
}

TEST(ProgramTest, LstmStepMatchesIndependentReimplementation) {
  std::mt19937_64 gen(424242);
  const auto& formats = TestFormats();
  for (size_t fi = 0; fi < formats.size(); ++fi) {
    const Formats& f = formats[fi];
    SatCounter sat;
    for (int model = 0; model < 12; ++model) {
      const int in = 1 + static_cast<int>(gen() % 5);
      const int hid = 1 + static_cast<int>(gen() % 6);
      const Program m = RandomProgram(f, EwOp::kLstm, in, hid, &gen);
      std::uniform_int_distribution<int64_t> act(MinSigned(f.activation.bits),
                                                 MaxSigned(f.activation.bits));
      std::uniform_int_distribution<int64_t> st(MinSigned(f.state.bits), MaxSigned(f.state.bits));
      ProgramState s = InitialProgramState(m);
      for (int64_t& v : s.vectors[1]) v = act(gen);
      for (int64_t& v : s.states[0]) v = st(gen);
      std::vector<int64_t> ref_h = s.vectors[1], ref_c = s.states[0];
      for (int step = 0; step < 10; ++step) {
        std::vector<int64_t> x(in);
        for (int64_t& v : x) v = act(gen);
        RefStep(m, x, &ref_h, &ref_c, &sat);
        ProgramStep(m, x, &s);
        ASSERT_EQ(s.vectors[1], ref_h) << "format " << fi << " model " << model << " step " << step;
        ASSERT_EQ(s.states[0], ref_c) << "format " << fi << " model " << model << " step " << step;
      }
    }
    if (fi == 4) {
      EXPECT_GT(sat.hits, 0) << "the narrow format should saturate somewhere";
    }
  }
}

TEST(ProgramTest, GruStepMatchesIndependentReimplementation) {
  std::mt19937_64 gen(171717);
  for (const Formats& f : TestFormats()) {
    for (int model = 0; model < 12; ++model) {
      const int in = 1 + static_cast<int>(gen() % 5);
      const int hid = 1 + static_cast<int>(gen() % 6);
      Program m = RandomProgram(f, EwOp::kGru, in, hid, &gen);
      m.passes[0].reset_after = model % 2 == 0;
      std::uniform_int_distribution<int64_t> act(MinSigned(f.activation.bits),
                                                 MaxSigned(f.activation.bits));
      ProgramState s = InitialProgramState(m);
      for (int64_t& v : s.vectors[1]) v = act(gen);
      s.states[0] = s.vectors[1];  // the PE keeps its own copy of h
      std::vector<int64_t> ref_h = s.vectors[1];
      for (int step = 0; step < 10; ++step) {
        std::vector<int64_t> x(in);
        for (int64_t& v : x) v = act(gen);
        RefGruStep(m, x, &ref_h);
        ProgramStep(m, x, &s);
        ASSERT_EQ(s.vectors[1], ref_h) << "model " << model << " step " << step;
        ASSERT_EQ(s.states[0], ref_h) << "model " << model << " step " << step;
      }
    }
  }
}

// Default formats: activation and state 16/12, lut 10, acc frac 18, acc shift 12. Accumulators
// 0 read bin 512 (midpoint 1/128): sigmoid(1/128) = 0.501953 -> 2056, tanh(1/128) -> 32.
Program DefaultFormats() {
  Program m;
  m.tables = MakeActivationTables(m.arith);
  return m;
}

TEST(ProgramTest, LstmUnitHandComputed) {
  // With c = 4096 (1.0): fc = round(2056 * 4096 / 4096) = 2056; ig = round(2056 * 32 / 4096) =
  // round(16.0625) = 16; c' = 2072; tanh(c') reads bin floor(2072 / 64) + 512 = 544, midpoint
  // 32.5/64 = 0.5078125: tanh = 0.4682391 -> 1918; h = round(2056 * 1918 / 4096) = 963.
  const Program m = DefaultFormats();
  ASSERT_EQ(m.tables.sigmoid[512], 2056);
  ASSERT_EQ(m.tables.tanh[512], 32);
  ASSERT_EQ(m.tables.tanh[544], 1918);
  const int64_t acc[4] = {0, 0, 0, 0};
  int64_t c = 4096;
  EXPECT_EQ(LstmUnit(m, acc, nullptr, &c), 963);
  EXPECT_EQ(c, 2072);
  // Peepholes that contribute nothing (zero weights) change nothing.
  const int64_t no_peep[3] = {0, 0, 0};
  c = 4096;
  EXPECT_EQ(LstmUnit(m, acc, no_peep, &c), 963);
  EXPECT_EQ(c, 2072);
}

TEST(ProgramTest, PeepholeTermInAccumulatorFraction) {
  // Weight 6 fraction bits, activation 12, so the accumulator has 18. State 12: w * c has
  // 6 + 12 = 18 already. State 14: two bits too many, rounded half up. State 10: two too few.
  Program m = DefaultFormats();
  EXPECT_EQ(PeepholeTerm(m, 32, 4096), 32 * 4096);
  m.arith.state.frac = 14;
  EXPECT_EQ(PeepholeTerm(m, 3, 6), 5);    // 18 / 4 = 4.5 -> 5
  EXPECT_EQ(PeepholeTerm(m, -3, 6), -4);  // -4.5 -> -4 (half up)
  m.arith.state.frac = 10;
  EXPECT_EQ(PeepholeTerm(m, -3, 6), -72);
}

TEST(ProgramTest, GruUnitHandComputed) {
  // All accumulators 0: r = z = 2056 (0.50195), n = tanh(bin 512) = 32. h = 4096 (1.0):
  // h' = 32 + round(2056 * (4096 - 32) / 4096) = 32 + round(2039.87) = 2072, with or without
  // linear_before_reset (r * 0 = 0).
  const Program m = DefaultFormats();
  const int64_t zero[4] = {0, 0, 0, 0};
  int64_t h = 4096;
  EXPECT_EQ(GruUnit(m, zero, true, &h), 2072);
  // hh = 2^18 (1.0): linear_before_reset scales it by r = 0.50195 first.
  // lbr: hx + hh' = round(2056 * 262144 / 4096) = 131584 -> bin floor(131584 / 4096) + 512 = 544
  //      -> tanh 1918; h' = 1918 + round(2056 * (0 - 1918) / 4096) = 1918 - 963 = 955.
  // not: hx + hh = 262144 -> bin 576, midpoint 64.5/64 -> tanh(1.0078125) = 0.7650 -> 3133.
  const int64_t acc[4] = {0, 0, 0, 262144};
  h = 0;
  EXPECT_EQ(GruUnit(m, acc, true, &h), 955);
  h = 0;
  const int64_t n = m.tables.tanh[576];
  EXPECT_EQ(GruUnit(m, acc, false, &h), n + RoundShift(2056 * (0 - n), 12));
  EXPECT_EQ(GruResetUnit(m, 0, 4096), 2056);  // r * 1.0
}

TEST(ProgramTest, DenseUnitActivations) {
  const Program m = DefaultFormats();
  // Accumulator fraction 18, activation 12: linear drops 6 bits, rounding half up.
  EXPECT_EQ(DenseUnit(m, 96, HeadActivation::kNone), 2);    // 1.5 -> 2
  EXPECT_EQ(DenseUnit(m, -96, HeadActivation::kNone), -1);  // -1.5 -> -1
  EXPECT_EQ(DenseUnit(m, -96, HeadActivation::kRelu), 0);
  EXPECT_EQ(DenseUnit(m, int64_t{1} << 40, HeadActivation::kNone), 32767);  // saturates
  EXPECT_EQ(DenseUnit(m, 0, HeadActivation::kSigmoid), 2056);
  EXPECT_EQ(DenseUnit(m, 0, HeadActivation::kTanh), 32);
}

// ---- Fixed point against float ----

// The fixed-point network follows the float reference (itself checked against ONNX, see
// conformance_test.cc) for default formats, for every cell and head. This is a structural check,
// not a quantisation budget: a weight in the wrong row or a gate in the wrong order moves the
// outputs by 0.1 to 1, while the tables alone (docs/arithmetic.md: 2.1e-3 sigmoid, 7.9e-3 tanh
// per lookup) and their accumulation through the recurrence stay near 0.01 to 0.04 here.
TEST(ProgramTest, FixedPointTracksFloatForDefaultFormats) {
  const char* const kModels[] = {
      "{cell: lstm, input_size: 8, hidden_size: 16}",
      "{cell: lstm, input_size: 32, hidden_size: 64}",
      "{cell: lstm, input_size: 8, hidden_size: 16, peepholes: true}",
      "{cell: lstm, input_size: 8, hidden_size: 16, proj_size: 6}",
      "{cell: gru, input_size: 8, hidden_size: 16}",
      "{cell: gru, input_size: 8, hidden_size: 16, linear_before_reset: true}",
      "{cell: lstm, input_size: 6, hidden_size: 12, layers: 3, layer_overrides: [{layer: 1, "
      "cell: gru}, {layer: 2, proj_size: 4}], head: [{size: 5, activation: relu}, {size: 3, "
      "activation: tanh}, {size: 2, activation: sigmoid}, {size: 2}]}",
  };
  const double kDensity[] = {1.0, 0.25, 0.1};
  for (const char* model : kModels) {
    for (double density : kDensity) {
      const std::string text = fmt::format(
          "name: t\nmodel: {}\nweights: {{seed: 3, density: {}, pruning: load_balanced}}\n"
          "array: {{pe_count: 4}}\nsim: {{timesteps: 20, input_seed: 9}}\n",
          model, density);
      const ParseResult parsed = ParseSpecString(text, "t.yaml");
      ASSERT_TRUE(parsed.spec) << text << (parsed.errors.empty() ? "" : parsed.errors[0].message);
      const Spec& spec = *parsed.spec;
      const Model m = BuildModel(spec);
      const auto xs = QuantizeSequences(LoadSimSequences(spec), spec.arithmetic.activation)[0];
      const auto fixed = ProgramRun(m.quant, xs);
      const auto real = FloatRun(m.real, CodesToReal({xs}, 12))[0];
      double worst = 0.0;
      for (size_t t = 0; t < xs.size(); ++t) {
        ASSERT_EQ(fixed[t].size(), real[t].size());
        for (size_t j = 0; j < fixed[t].size(); ++j) {
          worst = std::max(worst, std::fabs(ToReal(fixed[t][j], 12) - real[t][j]));
        }
      }
      EXPECT_LT(worst, 0.05) << model << " density " << density;
      std::printf("[ info ] %s density %.2f: max |y_fixed - y_float| = %.5f\n", model, density,
                  worst);
    }
  }
}

}  // namespace
}  // namespace rnngen
