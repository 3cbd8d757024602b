// What pruning and quantisation cost, before synthesis: on the spec's input sequences, the
// outputs of the float network as given, of the pruned float network and of the fixed-point
// program, compared per timestep, and task accuracy when labels are given.
#ifndef RNNGEN_MODEL_ACCURACY_H_
#define RNNGEN_MODEL_ACCURACY_H_

#include <cstdint>
#include <vector>

#include "model/model.h"
#include "model/sequences.h"

namespace rnngen {

// Absolute errors of one comparison.
struct ErrorStats {
  double max = 0;
  double sum = 0;
  int64_t count = 0;
  void Add(double e);
  double mean() const { return count > 0 ? sum / static_cast<double>(count) : 0.0; }
};

// Each comparison over the outputs of one timestep (or all of them).
struct StepErrors {
  ErrorStats pruned_vs_float;  // what pruning costs
  ErrorStats fixed_vs_float;   // what pruning and quantisation cost
  ErrorStats fixed_vs_pruned;  // what quantisation costs
};

struct AccuracyReport {
  int64_t sequences = 0;
  int64_t steps = 0;                 // over all sequences
  std::vector<StepErrors> per_step;  // by timestep index t (over every sequence and output)
  StepErrors all;
  // Task accuracy: predictions (the index of the largest output) that equal the label.
  int64_t labelled = 0;  // predictions compared (0: no labels)
  int64_t correct_float = 0;
  int64_t correct_pruned = 0;
  int64_t correct_fixed = 0;
  // Share of the labels a model got right.
  double rate(int64_t correct) const {
    return labelled > 0 ? static_cast<double>(correct) / static_cast<double>(labelled) : 0.0;
  }
};

// `fixed` is ProgramRun()'s output codes for QuantizeSequences(data) of each sequence.
// The network's outputs y_t on the sequences, [sequence][timestep][output], as real values: the
// float network as drawn or imported, the same pruned (and shared, with a codebook), and the
// fixed-point model's output codes `fixed` scaled by the activation format.
struct ModelOutputs {
  std::vector<std::vector<std::vector<double>>> float_net, pruned, fixed;
};
ModelOutputs RunModels(const Model& m, const Sequences& data,
                       const std::vector<CodeSequence>& fixed);

AccuracyReport MeasureAccuracy(const ModelOutputs& out, const Sequences& data);
AccuracyReport MeasureAccuracy(const Model& m, const Sequences& data,
                               const std::vector<CodeSequence>& fixed);

// Index of the largest value (the first of equals).
size_t ArgMax(const std::vector<double>& v);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_ACCURACY_H_
