// Fixed-point primitives: rounding ties, saturation edges, quantisation of reals and the
// accumulator-width rule, each checked against an independent exact definition.
#include "model/fixed_point.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "reference_arith.h"

namespace rnngen {
namespace {

Int128 RefMax(int bits) { return (static_cast<Int128>(1) << (bits - 1)) - 1; }
Int128 RefMin(int bits) { return -(static_cast<Int128>(1) << (bits - 1)); }

// The smallest acc with (fan_in + 1) * 2^(wb + ab - 2) <= 2^(acc - 1) - 1, by search.
int RefMinAccumulatorBits(int wb, int ab, int64_t fan_in) {
  const Int128 need = static_cast<Int128>(fan_in + 1) << (wb + ab - 2);
  for (int acc = 1; acc < 126; ++acc) {
    if (need <= (static_cast<Int128>(1) << (acc - 1)) - 1) return acc;
  }
  return -1;
}

TEST(FixedPointTest, RoundShiftDirectedTies) {
  // Exact halves go toward +infinity.
  EXPECT_EQ(RoundShift(3, 1), 2);    // 1.5 -> 2
  EXPECT_EQ(RoundShift(-3, 1), -1);  // -1.5 -> -1
  EXPECT_EQ(RoundShift(-1, 1), 0);   // -0.5 -> 0
  EXPECT_EQ(RoundShift(1, 1), 1);    // 0.5 -> 1
  EXPECT_EQ(RoundShift(5, 2), 1);    // 1.25 -> 1
  EXPECT_EQ(RoundShift(6, 2), 2);    // 1.5 -> 2
  EXPECT_EQ(RoundShift(7, 2), 2);    // 1.75 -> 2
  EXPECT_EQ(RoundShift(-6, 2), -1);  // -1.5 -> -1
  EXPECT_EQ(RoundShift(-7, 2), -2);  // -1.75 -> -2
  EXPECT_EQ(RoundShift(-5, 2), -1);  // -1.25 -> -1
  EXPECT_EQ(RoundShift(-2, 2), 0);   // -0.5 -> 0
  EXPECT_EQ(RoundShift(-3, 2), -1);  // -0.75 -> -1
  EXPECT_EQ(RoundShift(2048, 12), 1);
  EXPECT_EQ(RoundShift(2047, 12), 0);
  EXPECT_EQ(RoundShift(-2048, 12), 0);
  EXPECT_EQ(RoundShift(-2049, 12), -1);
}

TEST(FixedPointTest, RoundShiftZeroShiftIsIdentity) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{12345}, int64_t{-98765},
                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(RoundShift(v, 0), v);
  }
}

TEST(FixedPointTest, RoundShiftMatchesExactDefinitionSmallRange) {
  for (int s = 0; s <= 12; ++s) {
    for (int64_t v = -5000; v <= 5000; ++v) {
      ASSERT_EQ(RoundShift(v, s), RefRoundShift(v, s)) << "v=" << v << " s=" << s;
    }
  }
}

TEST(FixedPointTest, RoundShiftMatchesExactDefinitionWideRandom) {
  std::mt19937_64 gen(20240611);
  const int64_t lim = int64_t{1} << 61;
  std::uniform_int_distribution<int64_t> value(-lim, lim);
  std::uniform_int_distribution<int> shift(1, 61);
  for (int n = 0; n < 200000; ++n) {
    const int64_t v = value(gen);
    const int s = shift(gen);
    ASSERT_EQ(RoundShift(v, s), RefRoundShift(v, s)) << "v=" << v << " s=" << s;
  }
  // Exact ties at every shift, both signs: k*2^s + 2^(s-1) rounds to k+1.
  for (int s = 1; s <= 40; ++s) {
    for (int64_t k = -3; k <= 3; ++k) {
      const int64_t tie = k * (int64_t{1} << s) + (int64_t{1} << (s - 1));
      EXPECT_EQ(RoundShift(tie, s), k + 1) << "s=" << s << " k=" << k;
      EXPECT_EQ(RoundShift(tie - 1, s), k) << "s=" << s << " k=" << k;
    }
  }
}

TEST(FixedPointTest, MaxMinSignedMatchTwoPower) {
  EXPECT_EQ(MaxSigned(2), 1);
  EXPECT_EQ(MinSigned(2), -2);
  EXPECT_EQ(MaxSigned(8), 127);
  EXPECT_EQ(MinSigned(8), -128);
  EXPECT_EQ(MaxSigned(16), 32767);
  EXPECT_EQ(MinSigned(16), -32768);
  for (int bits = 2; bits <= 63; ++bits) {
    EXPECT_EQ(static_cast<Int128>(MaxSigned(bits)), RefMax(bits)) << bits;
    EXPECT_EQ(static_cast<Int128>(MinSigned(bits)), RefMin(bits)) << bits;
  }
}

TEST(FixedPointTest, SaturateEdges) {
  for (int bits = 2; bits <= 63; ++bits) {
    const auto hi = static_cast<int64_t>(RefMax(bits));
    const auto lo = static_cast<int64_t>(RefMin(bits));
    EXPECT_EQ(Saturate(hi, bits), hi) << bits;
    EXPECT_EQ(Saturate(hi - 1, bits), hi - 1) << bits;
    EXPECT_EQ(Saturate(hi + 1, bits), hi) << bits;
    EXPECT_EQ(Saturate(lo, bits), lo) << bits;
    EXPECT_EQ(Saturate(lo + 1, bits), lo + 1) << bits;
    EXPECT_EQ(Saturate(lo - 1, bits), lo) << bits;
    EXPECT_EQ(Saturate(0, bits), 0) << bits;
    EXPECT_EQ(Saturate(std::numeric_limits<int64_t>::max(), bits), hi) << bits;
    EXPECT_EQ(Saturate(std::numeric_limits<int64_t>::min(), bits), lo) << bits;
  }
  EXPECT_EQ(Saturate(-1, 2), -1);
  EXPECT_EQ(Saturate(1, 2), 1);
  EXPECT_EQ(Saturate(2, 2), 1);
  EXPECT_EQ(Saturate(-3, 2), -2);
}

TEST(FixedPointTest, RequantizeRoundsThenSaturates) {
  // 8-bit result of a shift by 4: 2039 / 16 = 127.4375 -> 127; 2040 / 16 = 127.5 -> 128 -> 127.
  EXPECT_EQ(Requantize(2039, 4, 8), 127);
  EXPECT_EQ(Requantize(2040, 4, 8), 127);
  EXPECT_EQ(Requantize(2031, 4, 8), 127);  // 126.9375 -> 127
  EXPECT_EQ(Requantize(2023, 4, 8), 126);  // 126.4375 -> 126
  // Negative edge: -2056 / 16 = -128.5 -> -128 (toward +inf, not saturated);
  // -2057 / 16 = -128.5625 -> -129 -> saturates to -128; -2040 / 16 = -127.5 -> -127.
  EXPECT_EQ(Requantize(-2056, 4, 8), -128);
  EXPECT_EQ(Requantize(-2057, 4, 8), -128);
  EXPECT_EQ(Requantize(-2040, 4, 8), -127);
  EXPECT_EQ(Requantize(-2041, 4, 8), -128);
  // A 4-bit result (-8..7): 23/4 = 5.75 -> 6; 31/4 = 7.75 -> 8 -> 7.
  EXPECT_EQ(Requantize(23, 2, 4), 6);
  EXPECT_EQ(Requantize(31, 2, 4), 7);
  EXPECT_EQ(Requantize(-34, 2, 4), -8);  // -8.5 -> -8
  EXPECT_EQ(Requantize(-35, 2, 4), -8);  // -8.75 -> -9 -> -8
  // Against the composition of the exact references.
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int64_t> value(-(int64_t{1} << 40), int64_t{1} << 40);
  std::uniform_int_distribution<int> shift(0, 30);
  std::uniform_int_distribution<int> bits(2, 40);
  for (int n = 0; n < 100000; ++n) {
    const int64_t v = value(gen);
    const int s = shift(gen);
    const int b = bits(gen);
    Int128 r = RefRoundShift(v, s);
    if (r > RefMax(b)) r = RefMax(b);
    if (r < RefMin(b)) r = RefMin(b);
    ASSERT_EQ(static_cast<Int128>(Requantize(v, s, b)), r) << v << " " << s << " " << b;
  }
}

TEST(FixedPointTest, QuantizeHalvesRoundUp) {
  EXPECT_EQ(Quantize(0.5, 8, 0), 1);
  EXPECT_EQ(Quantize(-0.5, 8, 0), 0);
  EXPECT_EQ(Quantize(2.5, 8, 0), 3);
  EXPECT_EQ(Quantize(-2.5, 8, 0), -2);
  EXPECT_EQ(Quantize(-2.5000001, 8, 0), -3);
  EXPECT_EQ(Quantize(2.4999999, 8, 0), 2);
  // 1.5 LSB of a 6-fraction-bit format is 0.0234375.
  EXPECT_EQ(Quantize(0.0234375, 8, 6), 2);
  EXPECT_EQ(Quantize(-0.0234375, 8, 6), -1);
  EXPECT_EQ(Quantize(0.0078125, 8, 6), 1);  // half an LSB
  EXPECT_EQ(Quantize(-0.0078125, 8, 6), 0);
  EXPECT_EQ(Quantize(0.25, 16, 12), 1024);
  EXPECT_EQ(Quantize(-1.0, 16, 12), -4096);
  EXPECT_EQ(Quantize(0.1, 16, 12), 410);  // 409.6 -> 410
  EXPECT_EQ(Quantize(-0.1, 16, 12), -410);
}

TEST(FixedPointTest, QuantizeSaturatesBeyondRange) {
  // 8 bits, 6 fraction bits: codes -128..127 are -2.0 .. 1.984375.
  EXPECT_EQ(Quantize(1.984375, 8, 6), 127);
  EXPECT_EQ(Quantize(127.4 / 64, 8, 6), 127);
  EXPECT_EQ(Quantize(127.5 / 64, 8, 6), 127);  // rounds to 128, saturates
  EXPECT_EQ(Quantize(2.0, 8, 6), 127);
  EXPECT_EQ(Quantize(1e300, 8, 6), 127);
  EXPECT_EQ(Quantize(-2.0, 8, 6), -128);
  EXPECT_EQ(Quantize(-128.5 / 64, 8, 6), -128);  // tie -> -128
  EXPECT_EQ(Quantize(-128.6 / 64, 8, 6), -128);  // -129 -> saturates
  EXPECT_EQ(Quantize(-127.6 / 64, 8, 6), -128);
  EXPECT_EQ(Quantize(-127.5 / 64, 8, 6), -127);
  EXPECT_EQ(Quantize(-1e300, 8, 6), -128);
  EXPECT_EQ(Quantize(8.0, 16, 12), 32767);
  EXPECT_EQ(Quantize(-8.0, 16, 12), -32768);
  EXPECT_EQ(Quantize(-9.0, 16, 12), -32768);
}

TEST(FixedPointTest, QuantizeMatchesExactRoundingOnDyadicValues) {
  // x = n / 2^(frac+2) is exact in double, so round half up is floor((n + 2) / 4).
  for (int frac : {0, 3, 6, 12}) {
    for (int bits : {4, 8, 16}) {
      for (int64_t n = -5000; n <= 5000; ++n) {
        const double x = std::ldexp(static_cast<double>(n), -(frac + 2));
        Int128 want = FloorDiv(n + 2, 4);
        if (want > RefMax(bits)) want = RefMax(bits);
        if (want < RefMin(bits)) want = RefMin(bits);
        ASSERT_EQ(static_cast<Int128>(Quantize(x, bits, frac)), want)
            << "n=" << n << " bits=" << bits << " frac=" << frac;
      }
    }
  }
}

TEST(FixedPointTest, ToReal) {
  EXPECT_EQ(ToReal(5, 2), 1.25);
  EXPECT_EQ(ToReal(-1, 12), -1.0 / 4096);
  EXPECT_EQ(ToReal(MinSigned(16), 12), -8.0);
  EXPECT_EQ(ToReal(MaxSigned(8), 6), 127.0 / 64);
  EXPECT_EQ(ToReal(3, 0), 3.0);
  EXPECT_EQ(ToReal(0, 30), 0.0);
  // Every code of a format survives ToReal then Quantize.
  for (int64_t c = MinSigned(12); c <= MaxSigned(12); ++c) {
    ASSERT_EQ(Quantize(ToReal(c, 7), 12, 7), c);
  }
}

TEST(FixedPointTest, MinAccumulatorBitsWorkedExamples) {
  // 8-bit weights x 16-bit activations: one product is below 2^(8+16-2) = 2^22 in magnitude.
  // Fan-in 192 plus the bias: 193 * 2^22 = 809500672 must be <= 2^(acc-1) - 1. 30 bits give
  // 2^29 - 1 = 536870911 (too small), 31 bits give 2^30 - 1 = 1073741823: acc = 31, not 30.
  EXPECT_EQ(MinAccumulatorBits(8, 16, 192), 31);
  // docs/spec.md: 31 bits up to fan-in 254, 32 bits up to 510.
  EXPECT_EQ(MinAccumulatorBits(8, 16, 254), 31);
  EXPECT_EQ(MinAccumulatorBits(8, 16, 255), 32);
  EXPECT_EQ(MinAccumulatorBits(8, 16, 510), 32);
  EXPECT_EQ(MinAccumulatorBits(8, 16, 511), 33);
  // 2-bit x 2-bit: products |p| <= 4 = 2^2; fan-in 0 (bias only): 4 <= 2^(acc-1) - 1 -> acc = 4.
  EXPECT_EQ(MinAccumulatorBits(2, 2, 0), 4);
  // Fan-in 2: 3 * 4 = 12 <= 15 -> acc = 5.
  EXPECT_EQ(MinAccumulatorBits(2, 2, 2), 5);
  EXPECT_EQ(MinAccumulatorBits(2, 2, 3), 6);  // 16 > 15
}

TEST(FixedPointTest, MinAccumulatorBitsMatchesBruteForce) {
  std::vector<int64_t> fan_ins;
  for (int64_t f = 0; f <= 300; ++f) fan_ins.push_back(f);
  for (int k = 2; k <= 40; ++k) {
    const int64_t p = int64_t{1} << k;
    for (int64_t d = -2; d <= 1; ++d) fan_ins.push_back(p + d);
  }
  std::mt19937_64 gen(99);
  std::uniform_int_distribution<int64_t> big(0, int64_t{1} << 40);
  for (int n = 0; n < 100; ++n) fan_ins.push_back(big(gen));
  for (int wb = 1; wb <= 24; ++wb) {
    for (int ab = 1; ab <= 24; ++ab) {
      if (wb + ab < 2) continue;
      for (int64_t f : fan_ins) {
        ASSERT_EQ(MinAccumulatorBits(wb, ab, f), RefMinAccumulatorBits(wb, ab, f))
            << "wb=" << wb << " ab=" << ab << " fan_in=" << f;
      }
    }
  }
}

}  // namespace
}  // namespace rnngen
