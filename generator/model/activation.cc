#include "model/activation.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "model/fixed_point.h"
#include "model/program.h"

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

TableError MeasureTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac,
                             int out_frac) {
  const std::vector<int64_t>& table = fn == ActFn::kSigmoid ? t.sigmoid : t.tanh;
  const int shift = in_frac - (t.lut_bits - 4);
  assert(in_bits >= 1 && in_bits <= 64 && shift >= 0 && shift < 63);
  TableError e;
  e.worst_code = MinSigned(in_bits);
  e.max_abs_error = -1.0;
  auto visit = [&](int64_t v) {
    const double got = ToReal(table[LutIndex(v, shift, t.lut_bits)], out_frac);
    const double err = std::abs(got - ActFnReal(fn, ToReal(v, in_frac)));
    if (err > e.max_abs_error) e = {err, v};
  };
  // Runs of one address end where the bin q = v >> shift crosses a table edge: the codes
  // q * 2^shift - 1 and q * 2^shift for q = -L/2 + 1 .. L/2 - 1, plus the two ends of the range.
  visit(MinSigned(in_bits));
  const int64_t half = int64_t{1} << (t.lut_bits - 1);
  const int64_t q_min = std::max(-half + 1, MinSigned(in_bits) >> shift);
  const int64_t q_max = std::min(half - 1, MaxSigned(in_bits) >> shift);
  for (int64_t q = q_min; q <= q_max; ++q) {
    const int64_t first = q * (int64_t{1} << shift);  // within the range: |q| <= range >> shift
    if (first <= MinSigned(in_bits)) continue;
    visit(first - 1);
    visit(first);
  }
  visit(MaxSigned(in_bits));
  return e;
}

double MaxTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac, int out_frac) {
  return MeasureTableError(t, fn, in_bits, in_frac, out_frac).max_abs_error;
}

std::vector<ActUnitError> ActivationUnitErrors(const Spec::Arithmetic& arith) {
  Program formats;  // the one place the accumulator format and the shifts are defined
  formats.arith = arith;
  const ActivationTables t = MakeActivationTables(arith);
  const FixedFormat acc{arith.accumulator_bits, formats.acc_frac()};
  struct Unit {
    const char* unit;
    const char* what;
    ActFn fn;
    FixedFormat in;
    int shift;
  };
  const Unit units[] = {
      {"gate_sigmoid", "sigmoid of the i, o, f accumulators", ActFn::kSigmoid, acc,
       formats.acc_shift()},
      {"gate_tanh", "tanh of the cell-gate accumulator", ActFn::kTanh, acc, formats.acc_shift()},
      {"state_tanh", "tanh of the cell state", ActFn::kTanh, arith.state, formats.state_shift()},
  };
  std::vector<ActUnitError> out;
  for (const Unit& u : units) {
    ActUnitError r;
    r.unit = u.unit;
    r.what = u.what;
    r.fn = u.fn;
    r.in_bits = u.in.bits;
    r.in_frac = u.in.frac;
    r.shift = u.shift;
    r.lut_bits = arith.lut_bits;
    r.out_bits = arith.activation.bits;
    r.out_frac = arith.activation.frac;
    r.error = MeasureTableError(t, u.fn, u.in.bits, u.in.frac, arith.activation.frac);
    r.worst_input = ToReal(r.error.worst_code, u.in.frac);
    out.push_back(r);
  }
  return out;
}

}  // namespace rnngen
