// Spec -> weights: random draw (seeded) or an ONNX import, pruning to the target density,
// formats (given or chosen), quantisation into the program the array runs.
#ifndef RNNGEN_MODEL_MODEL_H_
#define RNNGEN_MODEL_MODEL_H_

#include <vector>

#include "model/formats.h"
#include "model/model_error.h"
#include "model/network.h"
#include "model/program.h"
#include "model/sequences.h"
#include "spec/spec.h"

namespace rnngen {

struct Model {
  Spec spec;           // the spec with every frac: auto chosen (what the hardware is built for)
  ValueRanges ranges;  // what the choice measured
  NetworkFloat dense;  // float weights as drawn or imported, before pruning
  NetworkFloat real;   // pruned float weights (the float reference)
  Program quant;       // what the hardware stores and computes
};

// The spec's weights (random, docs/arithmetic.md gives the distribution; or imported from
// weights.path), pruned per spec.weights.pruning, formats chosen where frac is auto, then
// quantised. Deterministic in the spec and its files. Throws ModelError.
Model BuildModel(const Spec& spec);
// The same from float weights already drawn or imported for `spec` (m.dense of a model of the
// same network): another pruning of the same weights without drawing or importing them again.
Model BuildModelFrom(const Spec& spec, NetworkFloat dense);

// The program's output codes for each sequence of input codes, from the zero state.
std::vector<CodeSequence> FixedRun(const Program& p, const std::vector<CodeSequence>& xs);

// The float network's outputs for each sequence of `xs`, from the zero state.
std::vector<std::vector<std::vector<double>>> FloatRun(
    const NetworkFloat& net, const std::vector<std::vector<std::vector<double>>>& xs);

// The real values of fixed-point codes with `frac` fraction bits.
std::vector<std::vector<std::vector<double>>> CodesToReal(const std::vector<CodeSequence>& codes,
                                                          int frac);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_MODEL_H_
