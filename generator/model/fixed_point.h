// Fixed-point primitives that define the hardware's arithmetic. Every narrowing point in the
// datapath calls one of these; the RTL implements exactly the same operations (docs/arithmetic.md).
#ifndef RNNGEN_MODEL_FIXED_POINT_H_
#define RNNGEN_MODEL_FIXED_POINT_H_

#include <cassert>
#include <cstdint>
#include <limits>

namespace rnngen {

// Largest and smallest values of a `bits`-wide two's complement number.
constexpr int64_t MaxSigned(int bits) {
  return bits >= 64 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << (bits - 1)) - 1;
}
constexpr int64_t MinSigned(int bits) {
  return bits >= 64 ? std::numeric_limits<int64_t>::min() : -(int64_t{1} << (bits - 1));
}

// Clamps v into `bits`-wide two's complement.
constexpr int64_t Saturate(int64_t v, int bits) {
  return v > MaxSigned(bits) ? MaxSigned(bits) : (v < MinSigned(bits) ? MinSigned(bits) : v);
}

// Arithmetic shift right by `shift` >= 0, rounding half up (toward +infinity):
// floor((v + 2^(shift-1)) / 2^shift). The RTL adds the half and shifts with >>>.
constexpr int64_t RoundShift(int64_t v, int shift) {
  assert(shift >= 0 && shift < 62);
  if (shift == 0) return v;
  return (v + (int64_t{1} << (shift - 1))) >> shift;
}

// Round-half-up to `shift` fewer fraction bits, then saturate to `bits`.
constexpr int64_t Requantize(int64_t v, int shift, int bits) {
  return Saturate(RoundShift(v, shift), bits);
}

// Quantises a real number to `frac` fraction bits (round half up) saturated to `bits`.
int64_t Quantize(double x, int bits, int frac);

// The real value of a fixed-point code.
double ToReal(int64_t code, int frac);

// Width of a stored bias: bounded like one product, |bias| <= 2^(weight_bits + act_bits - 2),
// which is what MinAccumulatorBits assumes.
constexpr int BiasBits(int weight_bits, int act_bits) { return weight_bits + act_bits - 1; }

// Smallest accumulator width that cannot overflow when `fan_in` products of a `weight_bits`
// weight and an `act_bits` activation are summed onto a bias bounded like one product:
// (fan_in + 1) * 2^(weight_bits + act_bits - 2) <= 2^(acc - 1) - 1.
int MinAccumulatorBits(int weight_bits, int act_bits, int64_t fan_in);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_FIXED_POINT_H_
