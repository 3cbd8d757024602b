#include "model/fixed_point.h"

#include <cmath>

namespace rnngen {

int64_t Quantize(double x, int bits, int frac) {
  const double scaled = std::floor(std::ldexp(x, frac) + 0.5);
  if (scaled >= static_cast<double>(MaxSigned(bits))) return MaxSigned(bits);
  if (scaled <= static_cast<double>(MinSigned(bits))) return MinSigned(bits);
  return static_cast<int64_t>(scaled);
}

double ToReal(int64_t code, int frac) { return std::ldexp(static_cast<double>(code), -frac); }

int MinAccumulatorBits(int weight_bits, int act_bits, int64_t fan_in) {
  // Both sides are multiples of 2^p, so "<= 2^(acc-1) - 1" is "(fan_in+1) < 2^(acc-1-p)".
  const int p = weight_bits + act_bits - 2;
  int acc = p + 1;
  while ((int64_t{1} << (acc - 1 - p)) <= fan_in + 1) ++acc;
  return acc;
}

}  // namespace rnngen
