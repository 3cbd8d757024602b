#include "model/activation.h"

#include <algorithm>
#include <cmath>

#include "model/fixed_point.h"

namespace rnngen {

double ActFnReal(ActFn fn, double x) {
  return fn == ActFn::kSigmoid ? 1.0 / (1.0 + std::exp(-x)) : std::tanh(x);
}

int LutIndex(int64_t v, int shift, int lut_bits) {
  const int64_t half = int64_t{1} << (lut_bits - 1);
  const int64_t bin = v >> shift;  // arithmetic shift: floor
  return static_cast<int>(std::clamp(bin + half, int64_t{0}, 2 * half - 1));
}

ActivationTables MakeActivationTables(const Spec::Arithmetic& arith) {
  ActivationTables t;
  t.lut_bits = arith.lut_bits;
  const int entries = 1 << arith.lut_bits;
  const int half = entries / 2;
  t.sigmoid.resize(entries);
  t.tanh.resize(entries);
  for (int k = 0; k < entries; ++k) {
    const double x = std::ldexp(k - half + 0.5, 4 - arith.lut_bits);
    const FixedFormat& a = arith.activation;
    t.sigmoid[k] = Quantize(ActFnReal(ActFn::kSigmoid, x), a.bits, a.frac);
    t.tanh[k] = Quantize(ActFnReal(ActFn::kTanh, x), a.bits, a.frac);
  }
  return t;
}

double MaxTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac, int out_frac) {
  const std::vector<int64_t>& table = fn == ActFn::kSigmoid ? t.sigmoid : t.tanh;
  const int shift = in_frac - (t.lut_bits - 4);
  double worst = 0.0;
  for (int64_t v = MinSigned(in_bits); v <= MaxSigned(in_bits); ++v) {
    const double got = ToReal(table[LutIndex(v, shift, t.lut_bits)], out_frac);
    worst = std::max(worst, std::abs(got - ActFnReal(fn, ToReal(v, in_frac))));
  }
  return worst;
}

}  // namespace rnngen
