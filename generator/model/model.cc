#include "model/model.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/fixed_point.h"
#include "model/partition.h"
#include "model/random.h"

namespace rnngen {
namespace {

// Keeps the `keep` largest magnitudes among `candidates` (indices into the [4H][I+H] matrix),
// ties to the lower index, and zeroes the rest.
void KeepLargest(std::vector<size_t> candidates, size_t keep, std::vector<double>* all) {
  std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
    const double ma = std::abs((*all)[a]);
    const double mb = std::abs((*all)[b]);
    return ma != mb ? ma > mb : a < b;
  });
  for (size_t n = keep; n < candidates.size(); ++n) (*all)[candidates[n]] = 0.0;
}

}  // namespace

Model BuildModel(const Spec& spec) {
  const int in = spec.model.input_size;
  const int hid = spec.model.hidden_size;
  const int cols = in + hid;
  const int rows = kNumGates * hid;
  const Spec::Arithmetic& arith = spec.arithmetic;
  const double density = spec.weights.density;

  // Draw [W | R] and the biases. The scale keeps the kept weights' pre-activations O(1):
  // about density*cols terms of magnitude ~range, inputs within [-1, 1).
  Rng rng(spec.weights.seed);
  const double w_max = ToReal(MaxSigned(arith.weight.bits), arith.weight.frac);
  const double range = std::min(w_max, 2.6 / std::sqrt(density * cols));
  std::vector<double> combined(static_cast<size_t>(rows) * cols);
  for (double& v : combined) v = rng.Uniform(-range, range);
  std::vector<double> wb(rows), rb(rows);
  for (int r = 0; r < rows; ++r) {
    wb[r] = rng.Uniform(-0.25, 0.25);
    rb[r] = rng.Uniform(-0.25, 0.25);
  }

  // Prune: globally by magnitude, or (ESE) to the same density inside every PE's rows.
  if (density < 1.0) {
    const int pes = spec.array.pe_count;
    std::vector<std::vector<size_t>> groups(spec.weights.pruning == Pruning::kLoadBalanced ? pes
                                                                                           : 1);
    for (int r = 0; r < rows; ++r) {
      const int group = groups.size() == 1 ? 0 : PeOfUnit(r % hid, pes);
      for (int c = 0; c < cols; ++c) groups[group].push_back(static_cast<size_t>(r) * cols + c);
    }
    for (auto& group : groups) {
      const auto keep = static_cast<size_t>(std::llround(density * group.size()));
      KeepLargest(std::move(group), keep, &combined);
    }
  }

  Model m;
  LstmFloatWeights& f = m.real;
  f.input_size = in;
  f.hidden_size = hid;
  f.w.resize(static_cast<size_t>(rows) * in);
  f.r.resize(static_cast<size_t>(rows) * hid);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const double v = combined[static_cast<size_t>(r) * cols + c];
      if (c < in) {
        f.w[static_cast<size_t>(r) * in + c] = v;
      } else {
        f.r[static_cast<size_t>(r) * hid + c - in] = v;
      }
    }
  }
  f.wb = wb;
  f.rb = rb;

  LstmQuantWeights& q = m.quant;
  q.input_size = in;
  q.hidden_size = hid;
  q.arith = arith;
  q.w.resize(combined.size());
  for (size_t n = 0; n < combined.size(); ++n) {
    q.w[n] = Quantize(combined[n], arith.weight.bits, arith.weight.frac);
  }
  // Biases in accumulator precision, bounded like one product (the accumulator-width rule).
  const int bias_bits = BiasBits(arith.weight.bits, arith.activation.bits);
  q.bias.resize(rows);
  for (int r = 0; r < rows; ++r) q.bias[r] = Quantize(wb[r] + rb[r], bias_bits, q.acc_frac());
  q.tables = MakeActivationTables(arith);
  return m;
}

std::vector<std::vector<int64_t>> MakeStimulus(const Spec& spec) {
  Rng rng(spec.sim.input_seed);
  const FixedFormat& a = spec.arithmetic.activation;
  std::vector<std::vector<int64_t>> xs(spec.sim.timesteps);
  for (auto& x : xs) {
    x.resize(spec.model.input_size);
    for (auto& v : x) v = Quantize(rng.Uniform(-1.0, 1.0), a.bits, a.frac);
  }
  return xs;
}

}  // namespace rnngen
