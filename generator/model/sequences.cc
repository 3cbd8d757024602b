#include "model/sequences.h"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "model/fixed_point.h"
#include "model/model_error.h"
#include "model/npy.h"
#include "model/random.h"

namespace rnngen {
namespace {

std::string ShapeText(const std::vector<size_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

NpyArray Read(const Spec& spec, const std::string& key, const std::string& path) {
  try {
    return ReadNpy(path);
  } catch (const NpyError& e) {
    ThrowAt(spec, key, {fmt::format("{}: {}", key, e.what())});
  }
}

// An .npy of input sequences for `key`: [N][T][input_size] or [T][input_size].
Sequences ReadSequences(const Spec& spec, const std::string& key, const std::string& path) {
  const NpyArray a = Read(spec, key, path);
  const size_t in = spec.model.input_size;
  std::vector<size_t> shape = a.shape;
  if (shape.size() == 2) shape.insert(shape.begin(), 1);
  if (shape.size() != 3 || shape[2] != in || shape[0] == 0 || shape[1] == 0) {
    ThrowAt(spec, key,
            {fmt::format("{}: array of shape {} does not hold input sequences (expected "
                         "[sequences, timesteps, {}] or [timesteps, {}] for model.input_size {}, "
                         "at least one step)",
                         key, ShapeText(a.shape), in, in, in)});
  }
  Sequences s;
  s.x.assign(shape[0], std::vector<std::vector<double>>(shape[1], std::vector<double>(in)));
  size_t k = 0;
  for (auto& seq : s.x) {
    for (auto& x : seq) {
      for (double& v : x) {
        v = a.data[k++];
        if (!std::isfinite(v)) {
          ThrowAt(spec, key,
                  {fmt::format("{}: element {} is {} (expected finite numbers)", key, k - 1, v)});
        }
      }
    }
  }
  return s;
}

void ReadLabels(const Spec& spec, Sequences* s) {
  const std::string key = "sim.labels";
  const NpyArray a = Read(spec, key, spec.sim.labels);
  const size_t n = s->x.size(), t = s->x[0].size();
  const int classes = spec.model.output_size();
  if (!a.integral) {
    ThrowAt(spec, key,
            {fmt::format("{}: a floating-point array (expected integer class labels)", key)});
  }
  const bool per_step = a.shape == std::vector<size_t>{n, t};
  if (a.shape != std::vector<size_t>{n} && !per_step) {
    ThrowAt(spec, key,
            {fmt::format("{}: array of shape {} does not match sim.inputs' {} sequences of {} "
                         "steps (expected [{}] or [{}, {}])",
                         key, ShapeText(a.shape), n, t, n, n, t)});
  }
  if (classes < 2) {
    ThrowAt(spec, key,
            {fmt::format("{}: the network has a single output, and labels are the index of the "
                         "largest output (expected an output_size of at least 2)",
                         key)});
  }
  s->labels.assign(n, std::vector<int64_t>(per_step ? t : 1));
  size_t k = 0;
  for (auto& row : s->labels) {
    for (int64_t& label : row) {
      const double v = a.data[k++];
      if (!(v >= 0 && v < classes)) {
        ThrowAt(spec, key,
                {fmt::format("{}: element {} is {} (expected a class 0..{}, the index of the "
                             "largest of the network's {} outputs)",
                             key, k - 1, v, classes - 1, classes)});
      }
      label = static_cast<int64_t>(v);
    }
  }
}

}  // namespace

int64_t Sequences::steps() const {
  int64_t n = 0;
  for (const auto& seq : x) n += static_cast<int64_t>(seq.size());
  return n;
}

Sequences LoadSimSequences(const Spec& spec) {
  Sequences s;
  if (spec.sim.inputs.empty()) {
    Rng rng(spec.sim.input_seed);
    s.x.assign(1, std::vector<std::vector<double>>(spec.sim.timesteps));
    for (auto& x : s.x[0]) {
      x.resize(spec.model.input_size);
      for (double& v : x) v = rng.Uniform(-1.0, 1.0);
    }
    return s;
  }
  s = ReadSequences(spec, "sim.inputs", spec.sim.inputs);
  const int64_t values = s.steps() * (spec.model.input_size + spec.model.output_size());
  if (values > kMaxSimValues) {
    ThrowAt(spec, "sim.inputs",
            {fmt::format("sim.inputs: {} sequences of {} steps need {} test vector values = "
                         "steps x (input_size {} + output_size {}) (expected at most {})",
                         s.x.size(), s.x[0].size(), values, spec.model.input_size,
                         spec.model.output_size(), kMaxSimValues)});
  }
  if (!spec.sim.labels.empty()) ReadLabels(spec, &s);
  return s;
}

Sequences LoadCalibrationSequences(const Spec& spec) {
  if (spec.weights.calibration.empty()) return LoadSimSequences(spec);
  return ReadSequences(spec, "weights.calibration", spec.weights.calibration);
}

std::vector<CodeSequence> QuantizeSequences(const Sequences& s, FixedFormat format) {
  std::vector<CodeSequence> codes;
  for (const auto& seq : s.x) {
    CodeSequence& c = codes.emplace_back();
    for (const auto& x : seq) {
      std::vector<int64_t>& row = c.emplace_back();
      for (double v : x) row.push_back(Quantize(v, format.bits, format.frac));
    }
  }
  return codes;
}

}  // namespace rnngen
