// Seeded random numbers that give the same sequence on every platform (std distributions do not).
#ifndef RNNGEN_MODEL_RANDOM_H_
#define RNNGEN_MODEL_RANDOM_H_

#include <cstdint>
#include <random>

namespace rnngen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace rnngen

#endif  // RNNGEN_MODEL_RANDOM_H_
