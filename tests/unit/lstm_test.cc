// The LSTM cell: float reference (ONNX semantics) against hand-computed values, the fixed-point
// cell against an independent re-implementation of its documented narrowing points, and the
// fixed-point cell against the float one for default-like formats.
#include "model/lstm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "model/fixed_point.h"
#include "model/model.h"

namespace rnngen {
namespace {

// ---- Float reference ----

TEST(LstmTest, FloatSingleUnitHandComputed) {
  // H = 1, I = 1, x = 2, h = 0.5, c = 0.4. Rows in ONNX order i, o, f, c. Pre-activations:
  //   i: 0.25*2 - 1*0.5 + 0.1 - 0.1 = 0        -> sigmoid = 0.5
  //   o: ln3/2 + ln3/2 = ln3                    -> sigmoid = 3/4
  //   f: -ln3/2 * 2 = -ln3                      -> sigmoid = 1/4
  //   c: 2ln2 * 0.5 = ln2                       -> tanh = (4-1)/(4+1) = 0.6
  // c' = 1/4 * 0.4 + 0.5 * 0.6 = 0.4; h' = 3/4 * tanh(0.4) = 0.75 * 0.379948962255225
  //    = 0.28496172169141875.
  const double ln2 = std::log(2.0), ln3 = std::log(3.0);
  LstmFloatWeights m;
  m.input_size = 1;
  m.hidden_size = 1;
  m.w = {0.25, 0.0, -ln3 / 2, 0.0};
  m.r = {-1.0, 0.0, 0.0, 2 * ln2};
  m.wb = {0.1, ln3 / 2, 0.0, 0.0};
  m.rb = {-0.1, ln3 / 2, 0.0, 0.0};
  LstmFloatState s{{0.5}, {0.4}};
  LstmFloatStep(m, {2.0}, &s);
  EXPECT_NEAR(s.c[0], 0.4, 1e-14);
  EXPECT_NEAR(s.h[0], 0.28496172169141875, 1e-14);
  // Second step, x = 0: i pre = -h' = -0.28496..., o = ln3, f = 0, c pre = 2ln2 * h'.
  const double h1 = s.h[0];
  const double i2 = 1 / (1 + std::exp(h1));
  const double g2 = std::tanh(2 * ln2 * h1);
  const double c2 = 0.5 * 0.4 + i2 * g2;
  LstmFloatStep(m, {0.0}, &s);
  EXPECT_NEAR(s.c[0], c2, 1e-14);
  EXPECT_NEAR(s.h[0], 0.75 * std::tanh(c2), 1e-14);
}

TEST(LstmTest, FloatRowLayoutIsGateMajor) {
  // H = 2, I = 1: row g*H + j is gate g of unit j. Only three weights are non-zero:
  //   W[row 2 = o of unit 0][0] = 1 with x = ln3        -> o0 = 3/4
  //   R[row 5 = f of unit 1][h0] = 2ln3 with h0 = 1/2  -> f1 = 3/4
  //   Wb[row 7 = c of unit 1] = ln2                     -> g1 = 0.6
  // Every other pre-activation is 0: sigmoid 1/2, tanh 0.
  //   unit 0: c = 1/2 * 0.8 + 1/2 * 0 = 0.4, h = 3/4 * tanh(0.4)
  //   unit 1: c = 3/4 * 0.4 + 1/2 * 0.6 = 0.6, h = 1/2 * tanh(0.6)
  // A unit-major layout (row 4j + g) would read these as other gates and give other values.
  const double ln2 = std::log(2.0), ln3 = std::log(3.0);
  LstmFloatWeights m;
  m.input_size = 1;
  m.hidden_size = 2;
  m.w.assign(8, 0.0);
  m.r.assign(16, 0.0);
  m.wb.assign(8, 0.0);
  m.rb.assign(8, 0.0);
  m.w[2] = 1.0;
  m.r[5 * 2 + 0] = 2 * ln3;
  m.wb[7] = ln2;
  LstmFloatState s{{0.5, 0.0}, {0.8, 0.4}};
  LstmFloatStep(m, {ln3}, &s);
  EXPECT_NEAR(s.c[0], 0.4, 1e-14);
  EXPECT_NEAR(s.c[1], 0.6, 1e-14);
  EXPECT_NEAR(s.h[0], 0.75 * 0.379948962255225, 1e-14);
  EXPECT_NEAR(s.h[1], 0.5 * 0.5370495669980353, 1e-14);  // tanh(0.6)
}

// ---- Fixed-point cell against an independent re-implementation ----

using Int128 = __int128;

int64_t FloorDiv(Int128 a, Int128 b) {
  Int128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return static_cast<int64_t>(q);
}

// Round half up to `shift` fewer fraction bits: floor(v / 2^shift + 1/2).
int64_t RefRound(int64_t v, int shift) {
  if (shift == 0) return v;
  return FloorDiv(2 * static_cast<Int128>(v) + (static_cast<Int128>(1) << shift),
                  static_cast<Int128>(1) << (shift + 1));
}

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
  return static_cast<int>(
      std::clamp<int64_t>(FloorDiv(v, static_cast<Int128>(1) << shift) + half, 0, 2 * half - 1));
}

// One step written out from the header's description: accumulate bias + W [x; h], look up the
// four gates with acc fraction bits wf + af, then
//   fc = Requantize(f*c, af, sb + 1), ig = Requantize(i*g, 2af - sf, sb + 1),
//   c = Saturate(fc + ig, sb), h = Requantize(o * tanh_table(c), af, ab).
void RefStep(const LstmQuantWeights& m, const std::vector<int64_t>& x, std::vector<int64_t>* h,
             std::vector<int64_t>* c, SatCounter* sat) {
  const Spec::Arithmetic& a = m.arith;
  const int in = m.input_size, hid = m.hidden_size, cols = in + hid;
  const int acc_shift = a.weight.frac + a.activation.frac - (a.lut_bits - 4);
  const int state_shift = a.state.frac - (a.lut_bits - 4);
  std::vector<int64_t> xh(x);
  xh.insert(xh.end(), h->begin(), h->end());
  std::vector<int64_t> h_next(hid);
  for (int j = 0; j < hid; ++j) {
    int64_t gate[4];
    for (int g = 0; g < 4; ++g) {
      const int row = g * hid + j;
      Int128 acc = m.bias[row];
      for (int k = 0; k < cols; ++k) acc += static_cast<Int128>(m.w[row * cols + k]) * xh[k];
      const auto acc64 = static_cast<int64_t>(acc);
      EXPECT_EQ(GateAccumulator(m, row, x, *h), acc64);
      const std::vector<int64_t>& table = g == kGateC ? m.tables.tanh : m.tables.sigmoid;
      gate[g] = table[RefIndex(acc64, acc_shift, a.lut_bits)];
    }
    const int64_t fc =
        sat->Sat(RefRound(gate[kGateF] * (*c)[j], a.activation.frac), a.state.bits + 1);
    const int64_t ig =
        sat->Sat(RefRound(gate[kGateI] * gate[kGateC], 2 * a.activation.frac - a.state.frac),
                 a.state.bits + 1);
    (*c)[j] = sat->Sat(fc + ig, a.state.bits);
    const int64_t tc = m.tables.tanh[RefIndex((*c)[j], state_shift, a.lut_bits)];
    h_next[j] = sat->Sat(RefRound(gate[kGateO] * tc, a.activation.frac), a.activation.bits);
  }
  *h = h_next;
}

struct Formats {
  FixedFormat weight, activation, state;
  int lut_bits;
};

LstmQuantWeights RandomQuantModel(const Formats& f, int in, int hid, std::mt19937_64* gen) {
  LstmQuantWeights m;
  m.input_size = in;
  m.hidden_size = hid;
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
  m.w.resize(static_cast<size_t>(4) * hid * (in + hid));
  for (int64_t& v : m.w) v = keep(*gen) ? w(*gen) : 0;
  m.bias.resize(4 * hid);
  for (int64_t& v : m.bias) v = b(*gen) / 4;  // mostly inside the tables' range
  return m;
}

TEST(LstmTest, QuantStepMatchesIndependentReimplementation) {
  const std::vector<Formats> formats = {
      {{8, 6}, {16, 12}, {16, 12}, 10},  // defaults
      {{6, 4}, {10, 7}, {12, 9}, 8},
      {{8, 6}, {12, 6}, {16, 10}, 9},  // state finer than activation
      {{8, 6}, {8, 4}, {9, 8}, 8},     // state.frac = 2 * activation.frac: i*g shift 0
      {{4, 2}, {6, 3}, {5, 3}, 6},     // narrow: saturation everywhere
      {{8, 7}, {8, 7}, {8, 7}, 10},    // frac = bits - 1
  };
  std::mt19937_64 gen(424242);
  for (size_t fi = 0; fi < formats.size(); ++fi) {
    const Formats& f = formats[fi];
    SatCounter sat;
    for (int model = 0; model < 12; ++model) {
      const int in = 1 + static_cast<int>(gen() % 5);
      const int hid = 1 + static_cast<int>(gen() % 6);
      const LstmQuantWeights m = RandomQuantModel(f, in, hid, &gen);
      std::uniform_int_distribution<int64_t> act(MinSigned(f.activation.bits),
                                                 MaxSigned(f.activation.bits));
      std::uniform_int_distribution<int64_t> st(MinSigned(f.state.bits), MaxSigned(f.state.bits));
      LstmQuantState s;
      s.h.resize(hid);
      s.c.resize(hid);
      for (int64_t& v : s.h) v = act(gen);
      for (int64_t& v : s.c) v = st(gen);
      std::vector<int64_t> ref_h = s.h, ref_c = s.c;
      for (int step = 0; step < 10; ++step) {
        std::vector<int64_t> x(in);
        for (int64_t& v : x) v = act(gen);
        RefStep(m, x, &ref_h, &ref_c, &sat);
        LstmQuantStep(m, x, &s);
        ASSERT_EQ(s.h, ref_h) << "format " << fi << " model " << model << " step " << step;
        ASSERT_EQ(s.c, ref_c) << "format " << fi << " model " << model << " step " << step;
      }
    }
    if (fi == 4) {
      EXPECT_GT(sat.hits, 0) << "the narrow format should saturate somewhere";
    }
  }
}

TEST(LstmTest, QuantCellUpdateHandComputed) {
  // Default formats (activation and state 16/12, lut 10, acc frac 18, acc shift 12).
  // Accumulators 0 read bin 512 (midpoint 1/128): sigmoid(1/128) = 0.501953 -> 2056,
  // tanh(1/128) = 0.0078123 -> 32. With c = 4096 (1.0):
  //   fc = round(2056 * 4096 / 4096) = 2056; ig = round(2056 * 32 / 4096) = round(16.0625) = 16;
  //   c' = 2072; tanh(c') reads bin floor(2072 / 64) + 512 = 544, midpoint 32.5/64 = 0.5078125:
  //   tanh = 0.4682391 -> 1917.907 -> 1918; h = round(2056 * 1918 / 4096) = round(962.746) = 963.
  LstmQuantWeights m;
  m.input_size = 1;
  m.hidden_size = 1;
  m.tables = MakeActivationTables(m.arith);
  ASSERT_EQ(m.tables.sigmoid[512], 2056);
  ASSERT_EQ(m.tables.tanh[512], 32);
  ASSERT_EQ(m.tables.tanh[544], 1918);
  const int64_t acc[kNumGates] = {0, 0, 0, 0};
  int64_t c = 4096;
  EXPECT_EQ(LstmQuantCellUpdate(m, acc, &c), 963);
  EXPECT_EQ(c, 2072);
}

// ---- Fixed point against float ----

TEST(LstmTest, FixedPointTracksFloatForDefaultFormats) {
  struct Case {
    int input, hidden;
    double density;
    uint64_t seed;
  };
  const std::vector<Case> cases = {
      {8, 16, 1.0, 1}, {8, 16, 0.25, 2}, {16, 32, 0.125, 3}, {4, 8, 0.5, 4}, {32, 64, 0.1, 5},
  };
  for (const Case& c : cases) {
    Spec spec;
    spec.model.input_size = c.input;
    spec.model.hidden_size = c.hidden;
    spec.weights.density = c.density;
    spec.weights.seed = c.seed;
    spec.weights.pruning = Pruning::kLoadBalanced;
    spec.array.pe_count = 4;
    spec.sim.timesteps = 20;
    spec.sim.input_seed = c.seed + 100;
    const Model m = BuildModel(spec);
    const auto xs = MakeStimulus(spec);
    ASSERT_EQ(xs.size(), 20u);
    LstmFloatState fs{std::vector<double>(c.hidden, 0.0), std::vector<double>(c.hidden, 0.0)};
    LstmQuantState qs{std::vector<int64_t>(c.hidden, 0), std::vector<int64_t>(c.hidden, 0)};
    double worst = 0.0;
    for (const auto& x : xs) {
      std::vector<double> xf(x.size());
      for (size_t k = 0; k < x.size(); ++k) xf[k] = ToReal(x[k], spec.arithmetic.activation.frac);
      LstmFloatStep(m.real, xf, &fs);
      LstmQuantStep(m.quant, x, &qs);
      for (int j = 0; j < c.hidden; ++j) {
        worst =
            std::max(worst, std::fabs(ToReal(qs.h[j], spec.arithmetic.activation.frac) - fs.h[j]));
      }
    }
    EXPECT_LT(worst, 0.05) << c.input << "x" << c.hidden << " density " << c.density;
    std::printf("[ info ] %dx%d density %.3f: max |h_fixed - h_float| = %.5f\n", c.input, c.hidden,
                c.density, worst);
  }
}

}  // namespace
}  // namespace rnngen
