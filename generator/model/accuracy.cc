#include "model/accuracy.h"

#include <algorithm>
#include <cmath>

namespace rnngen {

void ErrorStats::Add(double e) {
  max = std::max(max, e);
  sum += e;
  ++count;
}

size_t ArgMax(const std::vector<double>& v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

ModelOutputs RunModels(const Model& m, const Sequences& data,
                       const std::vector<CodeSequence>& fixed) {
  return {FloatRun(m.dense, data.x), FloatRun(m.real, data.x),
          CodesToReal(fixed, m.spec.arithmetic.activation.frac)};
}

AccuracyReport MeasureAccuracy(const Model& m, const Sequences& data,
                               const std::vector<CodeSequence>& fixed) {
  return MeasureAccuracy(RunModels(m, data, fixed), data);
}

AccuracyReport MeasureAccuracy(const ModelOutputs& out, const Sequences& data) {
  const auto& dense = out.float_net;
  const auto& pruned = out.pruned;
  const auto& quant = out.fixed;
  AccuracyReport r;
  r.sequences = static_cast<int64_t>(data.x.size());
  for (size_t n = 0; n < data.x.size(); ++n) {
    const size_t steps = data.x[n].size();
    if (r.per_step.size() < steps) r.per_step.resize(steps);
    for (size_t t = 0; t < steps; ++t) {
      ++r.steps;
      for (size_t j = 0; j < dense[n][t].size(); ++j) {
        const double f = dense[n][t][j], p = pruned[n][t][j], q = quant[n][t][j];
        for (StepErrors* e : {&r.per_step[t], &r.all}) {
          e->pruned_vs_float.Add(std::abs(p - f));
          e->fixed_vs_float.Add(std::abs(q - f));
          e->fixed_vs_pruned.Add(std::abs(q - p));
        }
      }
      // A label per step, or one for the last step of the sequence.
      if (data.labels.empty() || (!data.per_step_labels() && t + 1 != steps)) continue;
      const int64_t label = data.labels[n][data.per_step_labels() ? t : 0];
      ++r.labelled;
      r.correct_float += static_cast<int64_t>(ArgMax(dense[n][t])) == label;
      r.correct_pruned += static_cast<int64_t>(ArgMax(pruned[n][t])) == label;
      r.correct_fixed += static_cast<int64_t>(ArgMax(quant[n][t])) == label;
    }
  }
  return r;
}

}  // namespace rnngen
