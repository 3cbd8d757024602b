// Activation lookup tables: the one definition of sigmoid and tanh used by the hardware.
//
// A table has 2^lut_bits entries covering [-8, 8) in equal bins of 2^(4 - lut_bits). Entry k holds
// f at the bin's midpoint, (k - 2^(lut_bits-1) + 0.5) * 2^(4 - lut_bits), quantised to the
// activation format (round half up, saturate). A value v with `frac` fraction bits reads entry
// clamp(floor(v / 2^(frac - lut_bits + 4)) + 2^(lut_bits-1), 0, 2^lut_bits - 1).
#ifndef RNNGEN_MODEL_ACTIVATION_H_
#define RNNGEN_MODEL_ACTIVATION_H_

#include <cstdint>
#include <vector>

#include "spec/spec.h"

namespace rnngen {

enum class ActFn { kSigmoid, kTanh };

double ActFnReal(ActFn fn, double x);

// LUT address of value `v`; `shift` = frac - (lut_bits - 4) >= 0.
int LutIndex(int64_t v, int shift, int lut_bits);

struct ActivationTables {
  int lut_bits = 0;
  std::vector<int64_t> sigmoid;  // activation-format codes
  std::vector<int64_t> tanh;
};

ActivationTables MakeActivationTables(const Spec::Arithmetic& arith);

// Largest |table(v) - f(v)| over every input code v of `in_bits` (<= 64) / `in_frac`, f in
// double, and a code where it occurs. Exact without visiting every code: the address is constant
// on runs of consecutive codes and f is monotonic, so on each run |entry - f(v)| peaks at the
// run's first or last code; only those (at most 2^(lut_bits+1) codes) are evaluated. Of equal
// maxima the lowest such code is reported.
struct TableError {
  double max_abs_error = 0.0;
  int64_t worst_code = 0;
};
TableError MeasureTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac,
                             int out_frac);
double MaxTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac, int out_frac);

// One of the three activation units of a PE (templates/rnngen_pe_ew.v), its input format and its
// table's error against the true function over every input code.
struct ActUnitError {
  const char* unit = "";  // "gate_sigmoid", "gate_tanh", "state_tanh"
  const char* what = "";  // what it computes, for people
  ActFn fn = ActFn::kSigmoid;
  int in_bits = 0;  // input format: accumulator or state
  int in_frac = 0;
  int shift = 0;  // LUT index shift, rnngen_act_index's Shift
  int lut_bits = 0;
  int out_bits = 0;  // activation format
  int out_frac = 0;
  TableError error;
  double worst_input = 0.0;  // error.worst_code as a real number
};

// The three units in PE order: sigmoid on the gate accumulators (i, o, f), tanh on the cell-gate
// accumulator, tanh on the cell state. For reports: `ActivationUnitErrors(spec.arithmetic)`.
std::vector<ActUnitError> ActivationUnitErrors(const Spec::Arithmetic& arith);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_ACTIVATION_H_
