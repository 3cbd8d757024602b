// Spec -> weights: random draw (seeded) or an ONNX import, pruning to the target density,
// quantisation into the program the array runs.
#ifndef RNNGEN_MODEL_MODEL_H_
#define RNNGEN_MODEL_MODEL_H_

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "model/network.h"
#include "model/program.h"
#include "spec/spec.h"

namespace rnngen {

struct Model {
  NetworkFloat real;  // pruned float weights (the float reference)
  Program quant;      // what the hardware stores and computes
};

// Weights that cannot be built from the spec (an ONNX model that does not fit it): every
// problem, located at the spec's weights.path.
struct ModelError : std::runtime_error {
  explicit ModelError(std::vector<Diagnostic> diagnostics);
  std::vector<Diagnostic> diagnostics;
};

// The spec's weights (random, docs/arithmetic.md gives the distribution; or imported from
// weights.path), pruned per spec.weights.pruning, then quantised. Deterministic in the spec and
// the model file. Throws ModelError.
Model BuildModel(const Spec& spec);

// Input sequence for the testbench: sim.timesteps vectors of input_size activation codes, uniform
// in [-1, 1) from sim.input_seed.
std::vector<std::vector<int64_t>> MakeStimulus(const Spec& spec);

// The float reference's outputs for the same inputs (codes read as real numbers).
std::vector<std::vector<double>> FloatRun(const Spec& spec, const NetworkFloat& net,
                                          const std::vector<std::vector<int64_t>>& xs);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_MODEL_H_
