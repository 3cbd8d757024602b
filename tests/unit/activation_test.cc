// Activation lookup tables: addressing, contents, symmetry and the worst-case table error.
#include "model/activation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "model/fixed_point.h"

namespace rnngen {
namespace {

struct TableFormat {
  int bits;
  int frac;
  int lut_bits;
};

Spec::Arithmetic MakeArith(const TableFormat& f) {
  Spec::Arithmetic a;
  a.activation = {f.bits, f.frac};
  a.lut_bits = f.lut_bits;
  return a;
}

// Formats in which 1.0 is representable (frac <= bits - 2), so no table entry saturates.
const std::vector<TableFormat>& UnsaturatedFormats() {
  static const std::vector<TableFormat> kFormats = {
      {16, 12, 10}, {16, 12, 4}, {16, 12, 14}, {16, 14, 10}, {8, 6, 8},
      {12, 8, 9},   {6, 4, 6},   {4, 2, 5},    {10, 3, 7},   {16, 1, 4}};
  return kFormats;
}

// floor(v / 2^shift) + 2^(lut-1), clamped to the table: the documented address, computed with
// integer division instead of a shift.
int RefLutIndex(int64_t v, int shift, int lut_bits) {
  const int64_t d = int64_t{1} << shift;
  int64_t q = v / d;
  if (v % d != 0 && v < 0) --q;
  const int64_t idx = q + (int64_t{1} << (lut_bits - 1));
  return static_cast<int>(std::clamp<int64_t>(idx, 0, (int64_t{1} << lut_bits) - 1));
}

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(ActivationTest, ActFnReal) {
  EXPECT_DOUBLE_EQ(ActFnReal(ActFn::kSigmoid, 0.0), 0.5);
  EXPECT_NEAR(ActFnReal(ActFn::kSigmoid, std::log(3.0)), 0.75, 1e-15);
  EXPECT_NEAR(ActFnReal(ActFn::kSigmoid, -std::log(3.0)), 0.25, 1e-15);
  EXPECT_DOUBLE_EQ(ActFnReal(ActFn::kTanh, 0.0), 0.0);
  EXPECT_NEAR(ActFnReal(ActFn::kTanh, std::log(2.0)), 0.6, 1e-15);  // (4-1)/(4+1)
}

TEST(ActivationTest, LutIndexBinEdgesAndClamping) {
  // lut_bits 3: 8 bins of width 2 over [-8, 8). Shift 4 means the input has
  // frac = shift + lut_bits - 4 = 3 fraction bits, so 1.0 is 8 codes and a bin is 16 codes.
  const int shift = 4;
  const int lut = 3;
  EXPECT_EQ(LutIndex(0, shift, lut), 4);    // 0.0 is the lower edge of bin 4
  EXPECT_EQ(LutIndex(15, shift, lut), 4);   // just below the edge at 2.0
  EXPECT_EQ(LutIndex(16, shift, lut), 5);   // exactly on the edge: upper bin
  EXPECT_EQ(LutIndex(-1, shift, lut), 3);   // just below 0
  EXPECT_EQ(LutIndex(-16, shift, lut), 3);  // exactly -2.0: lower edge of bin 3
  EXPECT_EQ(LutIndex(-17, shift, lut), 2);
  EXPECT_EQ(LutIndex(63, shift, lut), 7);  // just below 8.0
  EXPECT_EQ(LutIndex(64, shift, lut), 7);  // 8.0 clamps to the top bin
  EXPECT_EQ(LutIndex(1000, shift, lut), 7);
  EXPECT_EQ(LutIndex(-64, shift, lut), 0);  // exactly -8.0: bin 0
  EXPECT_EQ(LutIndex(-65, shift, lut), 0);  // below -8.0 clamps
  EXPECT_EQ(LutIndex(-1000, shift, lut), 0);
  EXPECT_EQ(LutIndex(std::numeric_limits<int64_t>::max(), shift, lut), 7);
  EXPECT_EQ(LutIndex(std::numeric_limits<int64_t>::min(), shift, lut), 0);
  // Shift 0: every code is a bin.
  EXPECT_EQ(LutIndex(-1, 0, 10), 511);
  EXPECT_EQ(LutIndex(0, 0, 10), 512);
  EXPECT_EQ(LutIndex(511, 0, 10), 1023);
  EXPECT_EQ(LutIndex(512, 0, 10), 1023);
  EXPECT_EQ(LutIndex(-512, 0, 10), 0);
  EXPECT_EQ(LutIndex(-513, 0, 10), 0);
}

TEST(ActivationTest, LutIndexMatchesFloorDivision) {
  for (int lut = 4; lut <= 12; ++lut) {
    for (int shift = 0; shift <= 8; ++shift) {
      const int64_t span = int64_t{1} << (shift + lut + 1);  // twice the table range
      for (int64_t v = -span; v <= span; v += 1 + (span >> 12)) {
        ASSERT_EQ(LutIndex(v, shift, lut), RefLutIndex(v, shift, lut))
            << "v=" << v << " shift=" << shift << " lut=" << lut;
      }
    }
  }
}

TEST(ActivationTest, TableSizes) {
  for (int lut = 4; lut <= 14; ++lut) {
    const ActivationTables t = MakeActivationTables(MakeArith({16, 12, lut}));
    EXPECT_EQ(t.lut_bits, lut);
    EXPECT_EQ(t.sigmoid.size(), size_t{1} << lut);
    EXPECT_EQ(t.tanh.size(), size_t{1} << lut);
  }
}

TEST(ActivationTest, TableEntriesHandComputed) {
  // lut_bits 4: 16 bins of width 1, midpoints -7.5 .. 7.5; 16/12 output codes.
  const ActivationTables t = MakeActivationTables(MakeArith({16, 12, 4}));
  // sigmoid(0.5) = 0.6224593 -> 2549.59 -> 2550; sigmoid(-0.5) = 0.3775407 -> 1546.41 -> 1546.
  EXPECT_EQ(t.sigmoid[8], 2550);
  EXPECT_EQ(t.sigmoid[7], 1546);
  // tanh(0.5) = 0.4621172 -> 1892.83 -> 1893.
  EXPECT_EQ(t.tanh[8], 1893);
  EXPECT_EQ(t.tanh[7], -1893);
  // sigmoid(-7.5) = 1 / (1 + 1808.04) = 5.5278e-4 -> 2.264 -> 2; sigmoid(7.5) -> 4093.74 -> 4094.
  EXPECT_EQ(t.sigmoid[0], 2);
  EXPECT_EQ(t.sigmoid[15], 4094);
  // tanh(+-7.5) = +-(1 - 6.1e-7) -> +-4095.9975 -> +-4096.
  EXPECT_EQ(t.tanh[15], 4096);
  EXPECT_EQ(t.tanh[0], -4096);
  // sigmoid(1.5) = 0.8175745 -> 3348.79 -> 3349; tanh(1.5) = 0.9051483 -> 3707.49 -> 3707.
  EXPECT_EQ(t.sigmoid[9], 3349);
  EXPECT_EQ(t.tanh[9], 3707);
}

TEST(ActivationTest, TanhTableIsAntisymmetric) {
  // Midpoints are symmetric: x_(L-1-k) = -x_k. tanh is odd, and Q(-y) = -Q(y) under round half
  // up unless y * 2^frac is an exact half-integer, which a tanh value never is (it is
  // transcendental at a non-zero dyadic point). So t[k] == -t[L-1-k] exactly.
  for (const TableFormat& f : UnsaturatedFormats()) {
    const ActivationTables t = MakeActivationTables(MakeArith(f));
    const size_t n = t.tanh.size();
    for (size_t k = 0; k < n; ++k) {
      ASSERT_EQ(t.tanh[k], -t.tanh[n - 1 - k])
          << "bits=" << f.bits << " frac=" << f.frac << " lut=" << f.lut_bits << " k=" << k;
    }
  }
}

TEST(ActivationTest, SigmoidTableIsPointSymmetric) {
  // sigmoid(-x) = 1 - sigmoid(x). With a = sigmoid(x_k) * 2^frac = n + r, 0 <= r < 1:
  // Q(a) + Q(2^frac - a) = 2^frac + floor(a + 1/2) + floor(1/2 - a), which is 2^frac for r != 1/2
  // (r < 1/2: n + (-n); r > 1/2: (n + 1) + (-n - 1)) and 2^frac + 1 only at an exact tie, which a
  // sigmoid value never is. So s[k] + s[L-1-k] == 2^frac exactly, not merely within one LSB.
  for (const TableFormat& f : UnsaturatedFormats()) {
    const ActivationTables t = MakeActivationTables(MakeArith(f));
    const size_t n = t.sigmoid.size();
    for (size_t k = 0; k < n; ++k) {
      ASSERT_EQ(t.sigmoid[k] + t.sigmoid[n - 1 - k], int64_t{1} << f.frac)
          << "bits=" << f.bits << " frac=" << f.frac << " lut=" << f.lut_bits << " k=" << k;
    }
  }
}

TEST(ActivationTest, SymmetryBreaksOnlyBySaturationWhenOneIsNotRepresentable) {
  // activation.frac = bits - 1 is a legal format, but +1.0 is not representable: the top tanh
  // entry (tanh(8 - w/2) > 1 - 2^-(frac+1) for these formats) saturates to MaxSigned while the
  // bottom one reaches MinSigned = -1.0 exactly. The top sigmoid entry saturates only when
  // 1 - sigmoid(8 - w/2) < half an LSB:
  //   8/7, lut 10:  sigmoid(7.9921875) * 128 = 127.957 -> 128 -> saturates to 127
  //   16/15, lut 10: * 32768 = 32756.9 -> 32757, no saturation
  //   4/3, lut 4:   sigmoid(7.5) * 8 = 7.9956 -> 8 -> saturates to 7
  struct Case {
    TableFormat f;
    bool sigmoid_saturates;
  };
  for (const Case& c : {Case{{8, 7, 10}, true}, Case{{16, 15, 10}, false}, Case{{4, 3, 4}, true}}) {
    const TableFormat& f = c.f;
    const ActivationTables t = MakeActivationTables(MakeArith(f));
    const size_t n = t.tanh.size();
    const int64_t one = int64_t{1} << f.frac;
    EXPECT_EQ(t.tanh[n - 1], MaxSigned(f.bits));
    EXPECT_EQ(t.tanh[0], MinSigned(f.bits));
    EXPECT_EQ(t.tanh[0] + t.tanh[n - 1], -1);
    EXPECT_EQ(t.sigmoid[n - 1] == MaxSigned(f.bits), c.sigmoid_saturates) << f.bits;
    EXPECT_EQ(t.sigmoid[0] + t.sigmoid[n - 1], c.sigmoid_saturates ? one - 1 : one) << f.bits;
    // Away from saturation the symmetry holds again.
    for (size_t k = 0; k < n; ++k) {
      if (t.tanh[k] == MaxSigned(f.bits) || t.tanh[n - 1 - k] == MaxSigned(f.bits)) continue;
      ASSERT_EQ(t.tanh[k], -t.tanh[n - 1 - k]) << k;
    }
    for (size_t k = 0; k < n; ++k) {
      if (t.sigmoid[k] == MaxSigned(f.bits) || t.sigmoid[n - 1 - k] == MaxSigned(f.bits)) continue;
      ASSERT_EQ(t.sigmoid[k] + t.sigmoid[n - 1 - k], one) << k;
    }
  }
}

TEST(ActivationTest, TablesAreMonotonic) {
  std::vector<TableFormat> formats = UnsaturatedFormats();
  formats.push_back({8, 7, 10});
  for (const TableFormat& f : formats) {
    const ActivationTables t = MakeActivationTables(MakeArith(f));
    for (size_t k = 1; k < t.sigmoid.size(); ++k) {
      ASSERT_LE(t.sigmoid[k - 1], t.sigmoid[k]) << k;
      ASSERT_LE(t.tanh[k - 1], t.tanh[k]) << k;
    }
    // Within the output range, and the ends are where they must be.
    EXPECT_GE(t.sigmoid.front(), 0);
    EXPECT_LE(t.sigmoid.back(), int64_t{1} << f.frac);
    EXPECT_GE(t.tanh.front(), -(int64_t{1} << f.frac));
    EXPECT_LE(t.tanh.back(), int64_t{1} << f.frac);
  }
}

// Bound on max |table(v) - f(v)|, derived per input v:
//  * v in [-8, 8) lies in bin k = floor(v / w) + L/2 of width w = 2^(4 - lut_bits), whose entry is
//    f at the bin midpoint m, so |v - m| <= w/2 and |f(v) - f(m)| <= max|f'| * w/2
//    (max|f'| = 1/4 for sigmoid, 1 for tanh).
//  * The entry is Q(f(m)) with round half up and no saturation: |Q(f(m)) / 2^frac - f(m)| <=
//    2^-(frac+1), half an output LSB.
//  * v >= 8 reads the last entry (midpoint 8 - w/2): |f(v) - f(8 - w/2)| <=
//    |f(inf) - f(8)| + |f(8) - f(8 - w/2)| <= tail + max|f'| * w/2, with tail = 1 - sigmoid(8) for
//    sigmoid and 1 - tanh(8) for tanh. v < -8 is the mirror image (sigmoid(-8) = 1 - sigmoid(8)).
// So the error is at most max|f'| * w/2 + tail + 2^-(frac+1).
double DerivedBound(ActFn fn, int lut_bits, int out_frac) {
  const double w = std::ldexp(1.0, 4 - lut_bits);
  const double slope = fn == ActFn::kSigmoid ? 0.25 : 1.0;
  const double tail = fn == ActFn::kSigmoid ? 1.0 - Sigmoid(8.0) : 1.0 - std::tanh(8.0);
  return slope * w / 2 + tail + std::ldexp(1.0, -(out_frac + 1)) + 1e-12;
}

TEST(ActivationTest, MaxTableErrorWithinDerivedBound) {
  struct Case {
    TableFormat out;
    int in_bits;
    int in_frac;
  };
  const std::vector<Case> cases = {
      {{16, 12, 10}, 16, 12},  // tanh(c) on the default state format
      {{16, 12, 10}, 22, 18},  // gates on a default-like accumulator (narrowed for run time)
      {{16, 12, 14}, 20, 12}, {{16, 12, 4}, 16, 12}, {{8, 6, 8}, 12, 6},
      {{12, 8, 9}, 14, 10},   {{6, 4, 6}, 8, 4},
  };
  for (const Case& c : cases) {
    const ActivationTables t = MakeActivationTables(MakeArith(c.out));
    for (ActFn fn : {ActFn::kSigmoid, ActFn::kTanh}) {
      const double err = MaxTableError(t, fn, c.in_bits, c.in_frac, c.out.frac);
      const double bound = DerivedBound(fn, c.out.lut_bits, c.out.frac);
      EXPECT_LE(err, bound) << "fn=" << static_cast<int>(fn) << " lut=" << c.out.lut_bits
                            << " in=" << c.in_bits << "/" << c.in_frac;
      // The bin-width term is nearly attained near x = 0, where the slope is largest, whenever
      // the input resolves points inside a bin: the error is not trivially small.
      if (c.in_frac > c.out.lut_bits - 4) {
        const double w = std::ldexp(1.0, 4 - c.out.lut_bits);
        const double slope = fn == ActFn::kSigmoid ? 0.25 : 1.0;
        EXPECT_GE(err, 0.8 * slope * w / 2 - std::ldexp(1.0, -(c.out.frac + 1)));
      }
    }
  }
}

TEST(ActivationTest, MaxTableErrorMatchesExhaustiveSearch) {
  // Independent exhaustive maximum over every input code of a small format.
  const TableFormat out{12, 8, 7};
  const ActivationTables t = MakeActivationTables(MakeArith(out));
  for (int in_bits : {8, 10}) {
    for (int in_frac : {3, 5, 7}) {
      const int shift = in_frac - (out.lut_bits - 4);
      for (ActFn fn : {ActFn::kSigmoid, ActFn::kTanh}) {
        const std::vector<int64_t>& table = fn == ActFn::kSigmoid ? t.sigmoid : t.tanh;
        double worst = 0.0;
        for (int64_t v = -(int64_t{1} << (in_bits - 1)); v < (int64_t{1} << (in_bits - 1)); ++v) {
          const double x = static_cast<double>(v) / static_cast<double>(int64_t{1} << in_frac);
          const double exact = fn == ActFn::kSigmoid ? Sigmoid(x) : std::tanh(x);
          const double got = static_cast<double>(table[RefLutIndex(v, shift, out.lut_bits)]) /
                             static_cast<double>(int64_t{1} << out.frac);
          worst = std::max(worst, std::fabs(got - exact));
        }
        EXPECT_NEAR(MaxTableError(t, fn, in_bits, in_frac, out.frac), worst, 1e-15)
            << in_bits << "/" << in_frac;
      }
    }
  }
}

// Brute force over every code: the reference for MeasureTableError's run-end search.
TableError ExhaustiveTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac,
                                int out_frac) {
  const std::vector<int64_t>& table = fn == ActFn::kSigmoid ? t.sigmoid : t.tanh;
  const int shift = in_frac - (t.lut_bits - 4);
  TableError e{-1.0, 0};
  for (int64_t v = MinSigned(in_bits); v <= MaxSigned(in_bits); ++v) {
    const double got = ToReal(table[RefLutIndex(v, shift, t.lut_bits)], out_frac);
    const double err = std::fabs(got - ActFnReal(fn, ToReal(v, in_frac)));
    if (err > e.max_abs_error) e = {err, v};
  }
  return e;
}

TEST(ActivationTest, MeasureTableErrorMatchesBruteForce) {
  // Inputs whose range is wider than the table (clamped codes on both sides), narrower than it
  // (some entries never read), exactly as wide, shift 0, and in_bits below lut_bits.
  struct Case {
    TableFormat out;
    int in_bits;
    int in_frac;
  };
  const std::vector<Case> cases = {
      {{16, 12, 10}, 16, 12}, {{16, 12, 10}, 18, 14}, {{4, 1, 5}, 10, 1},    {{4, 1, 5}, 4, 2},
      {{16, 15, 14}, 20, 19}, {{16, 14, 9}, 16, 14},  {{16, 12, 4}, 14, 12}, {{12, 9, 10}, 16, 11},
      {{8, 7, 6}, 7, 3},      {{16, 12, 12}, 13, 8},  {{6, 4, 8}, 5, 4},
  };
  for (const Case& c : cases) {
    const ActivationTables t = MakeActivationTables(MakeArith(c.out));
    for (ActFn fn : {ActFn::kSigmoid, ActFn::kTanh}) {
      const TableError fast = MeasureTableError(t, fn, c.in_bits, c.in_frac, c.out.frac);
      const TableError slow = ExhaustiveTableError(t, fn, c.in_bits, c.in_frac, c.out.frac);
      const std::string where =
          "fn=" + std::to_string(static_cast<int>(fn)) + " in=" + std::to_string(c.in_bits) + "/" +
          std::to_string(c.in_frac) + " lut=" + std::to_string(c.out.lut_bits);
      EXPECT_NEAR(fast.max_abs_error, slow.max_abs_error, 1e-15) << where;
      EXPECT_EQ(fast.worst_code, slow.worst_code) << where;
      EXPECT_EQ(MaxTableError(t, fn, c.in_bits, c.in_frac, c.out.frac), fast.max_abs_error);
    }
  }
}

TEST(ActivationTest, ActivationUnitErrorsDefaultFormats) {
  const Spec::Arithmetic a;  // 8/6 weights, 16/12 activations and state, 32-bit acc, lut 10
  const std::vector<ActUnitError> units = ActivationUnitErrors(a);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_STREQ(units[0].unit, "gate_sigmoid");
  EXPECT_STREQ(units[1].unit, "gate_tanh");
  EXPECT_STREQ(units[2].unit, "state_tanh");
  EXPECT_EQ(units[0].fn, ActFn::kSigmoid);
  EXPECT_EQ(units[1].fn, ActFn::kTanh);
  EXPECT_EQ(units[2].fn, ActFn::kTanh);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(units[k].in_bits, 32);
    EXPECT_EQ(units[k].in_frac, 18);
    EXPECT_EQ(units[k].shift, 12);
  }
  EXPECT_EQ(units[2].in_bits, 16);
  EXPECT_EQ(units[2].in_frac, 12);
  EXPECT_EQ(units[2].shift, 6);
  const ActivationTables t = MakeActivationTables(a);
  for (const ActUnitError& u : units) {
    EXPECT_EQ(u.lut_bits, 10);
    EXPECT_EQ(u.out_bits, 16);
    EXPECT_EQ(u.out_frac, 12);
    EXPECT_LE(u.error.max_abs_error, DerivedBound(u.fn, 10, 12)) << u.unit;
    EXPECT_EQ(u.worst_input, ToReal(u.error.worst_code, u.in_frac));
    // The figure is attained at the reported code.
    const std::vector<int64_t>& table = u.fn == ActFn::kSigmoid ? t.sigmoid : t.tanh;
    const double at = std::fabs(ToReal(table[LutIndex(u.error.worst_code, u.shift, 10)], 12) -
                                ActFnReal(u.fn, u.worst_input));
    EXPECT_EQ(at, u.error.max_abs_error) << u.unit;
  }
  // The state unit's input is narrow enough to check by brute force.
  const TableError state = ExhaustiveTableError(t, ActFn::kTanh, 16, 12, 12);
  EXPECT_NEAR(units[2].error.max_abs_error, state.max_abs_error, 1e-15);
  // Near x = 0 the 2^-7 bins dominate: about (1/4 or 1) * 2^-8 plus rounding.
  EXPECT_GT(units[0].error.max_abs_error, 0.9e-3);
  EXPECT_GT(units[1].error.max_abs_error, 3.5e-3);
}

TEST(ActivationTest, ActivationUnitErrorsSixtyFourBitAccumulator) {
  // tests/e2e/max_widths.yaml: 2^64 accumulator codes, still exact and immediate. Far beyond +-8
  // the clamped end entries are compared with f(+-2^33) = 0, 1 or -1.
  Spec::Arithmetic a;
  a.weight = {16, 15};
  a.activation = {16, 15};
  a.state = {24, 23};
  a.accumulator_bits = 64;
  a.lut_bits = 14;
  const std::vector<ActUnitError> units = ActivationUnitErrors(a);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].in_bits, 64);
  EXPECT_EQ(units[0].in_frac, 30);
  EXPECT_EQ(units[0].shift, 20);
  EXPECT_EQ(units[2].shift, 13);
  const ActivationTables t = MakeActivationTables(a);
  // sigmoid: the top entry is 1 - sigmoid(8 - 2^-11) rounded; at 2^33 the error is 1 - entry.
  const double top_sigmoid_err = 1.0 - ToReal(t.sigmoid.back(), 15);
  EXPECT_GE(units[0].error.max_abs_error, top_sigmoid_err);
  EXPECT_LE(units[0].error.max_abs_error, DerivedBound(ActFn::kSigmoid, 14, 15));
  EXPECT_LE(units[1].error.max_abs_error, DerivedBound(ActFn::kTanh, 14, 15));
  // +1.0 is not representable in 16/15: the top tanh entry saturates to 1 - 2^-15.
  EXPECT_GE(units[1].error.max_abs_error, std::ldexp(1.0, -15) - 1e-12);
  // The state (range [-1, 1)) never reaches the clamp; brute force over its 2^24 codes agrees.
  const TableError state = ExhaustiveTableError(t, ActFn::kTanh, 24, 23, 15);
  EXPECT_NEAR(units[2].error.max_abs_error, state.max_abs_error, 1e-15);
}

}  // namespace
}  // namespace rnngen
