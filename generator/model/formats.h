// `frac: auto`: fixed-point formats chosen from the weights' ranges and, for activations and the
// LSTM cell state, from the float model run on calibration sequences (docs/arithmetic.md).
#ifndef RNNGEN_MODEL_FORMATS_H_
#define RNNGEN_MODEL_FORMATS_H_

#include <vector>

#include "model/network.h"
#include "model/sequences.h"
#include "spec/spec.h"

namespace rnngen {

// Largest magnitudes the formats must hold.
struct ValueRanges {
  double weight = 0;      // every weight matrix and peephole
  double bias = 0;        // biases as the array stores them (docs/arithmetic.md)
  double activation = 0;  // every vector the array stores: inputs, layer and head outputs
  double state = 0;       // LSTM cell states
  int64_t steps = 0;      // calibration steps run (0: activation and state not measured)
};

// The weight and bias ranges of `net`; with `calibration`, also the activation and state
// ranges of the float model over every step of every sequence (state reset per sequence).
ValueRanges MeasureRanges(const NetworkFloat& net, const Sequences* calibration);

// The largest fraction width in [lo, bits - 1] whose range holds +-max, or -1 when none does.
int FracFor(double max, int bits, int lo);

// Sets every frac: auto of spec->arithmetic to a chosen value (frac_auto stays set, saying so), and
// a defaulted lut_bits with its default for the chosen formats. Returns the problems (a range that
// no fraction width of the given bits holds, a given frac or lut_bits the chosen ones contradict),
// located at the keys; spec is then unusable.
std::vector<Diagnostic> ChooseFormats(const ValueRanges& r, Spec* spec);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_FORMATS_H_
