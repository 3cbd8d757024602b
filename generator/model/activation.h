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

// Largest |table(v) - f(v)| over every input code of `in_bits`/`in_frac` (exhaustive).
double MaxTableError(const ActivationTables& t, ActFn fn, int in_bits, int in_frac, int out_frac);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_ACTIVATION_H_
