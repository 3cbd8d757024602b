// Input sequences: the testbench's stimulus and the accuracy report's data (sim.inputs with
// sim.labels, or one random sequence), and the calibration data of `frac: auto`.
#ifndef RNNGEN_MODEL_SEQUENCES_H_
#define RNNGEN_MODEL_SEQUENCES_H_

#include <cstdint>
#include <vector>

#include "spec/spec.h"

namespace rnngen {

// x_t codes of one sequence, t = 0..T-1.
using CodeSequence = std::vector<std::vector<int64_t>>;

struct Sequences {
  std::vector<std::vector<std::vector<double>>> x;  // [sequence][step][input], as given
  // Integer classes: [sequence][step] (a label per step), or [sequence][1] (a label per
  // sequence, for the output at its last step). Empty without labels.
  std::vector<std::vector<int64_t>> labels;
  bool per_step_labels() const { return !labels.empty() && labels[0].size() == x[0].size(); }
  int64_t steps() const;  // over all sequences
};

// sim.inputs (.npy, [N][T][input_size] or [T][input_size]) with sim.labels (.npy, integers in
// 0..output_size-1, [N] or [N][T]), or one sequence of sim.timesteps vectors uniform in [-1, 1)
// from sim.input_seed. Throws ModelError at the key of a file that cannot be read or does not
// fit the model.
Sequences LoadSimSequences(const Spec& spec);

// weights.calibration (.npy, shaped like sim.inputs), or LoadSimSequences(spec) without one.
Sequences LoadCalibrationSequences(const Spec& spec);

// Every input quantised to `format` (round half up, saturating), as the testbench streams it.
std::vector<CodeSequence> QuantizeSequences(const Sequences& s, FixedFormat format);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_SEQUENCES_H_
