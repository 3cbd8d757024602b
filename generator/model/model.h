// Spec -> weights: random draw (seeded), pruning to the target density, quantisation.
#ifndef RNNGEN_MODEL_MODEL_H_
#define RNNGEN_MODEL_MODEL_H_

#include <cstdint>
#include <vector>

#include "model/lstm.h"
#include "spec/spec.h"

namespace rnngen {

struct Model {
  LstmFloatWeights real;   // pruned float weights (the float reference)
  LstmQuantWeights quant;  // what the hardware stores
};

// Random weights (docs/arithmetic.md gives the distribution), pruned per spec.weights.pruning,
// then quantised. Deterministic in the spec.
Model BuildModel(const Spec& spec);

// Input sequence for the testbench: sim.timesteps vectors of input_size activation codes, uniform
// in [-1, 1) from sim.input_seed.
std::vector<std::vector<int64_t>> MakeStimulus(const Spec& spec);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_MODEL_H_
