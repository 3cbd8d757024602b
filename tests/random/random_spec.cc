// random_spec SEED: prints a random valid rnngen spec, the same one for the same seed.
//
// Draws every option the spec accepts (LSTM and GRU cells, peepholes, projections, both
// linear_before_reset, stacks of up to 3 layers through layer_overrides, heads with every
// activation, sizes including 1 and primes, PE counts up to one unit per PE of the largest layer,
// densities from 1% to dense, both prunings, the three encodings (circulant unpruned, blocks of
// 2..16), index widths 1..16, narrow to wide formats, accumulators from the overflow bound to 64
// bits, LUT sizes up to the format limit, FIFO depths 1..256, codebooks, shared element-wise
// cells, voltage islands), skewed towards small designs so that one spec simulates and synthesises
// in seconds. The spec is parsed back before it is printed: a draw the loader rejects is a bug in
// one of the two, and exits with status 2.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "model/fixed_point.h"
#include "spec/spec.h"

namespace {

class Draw {
 public:
  explicit Draw(uint64_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  T Pick(std::initializer_list<T> xs) {
    return *(xs.begin() + Int(0, static_cast<int>(xs.size()) - 1));
  }
  // Mostly small, sometimes anywhere up to `hi`.
  int Size(int hi) {
    if (Chance(0.15)) return 1;
    if (Chance(0.3)) return std::min(hi, Pick({2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}));
    if (Chance(0.15)) return Int(1, hi);
    return Int(1, std::min(hi, 24));
  }
  double LogUniform(double lo, double hi) {
    return std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng_));
  }
  uint64_t Seed() { return rng_() >> 1; }
  // first, first + 1, ..., last - 1 in a random order (Fisher-Yates).
  std::vector<int> Shuffled(int first, int last) {
    std::vector<int> v;
    for (int k = first; k < last; ++k) v.push_back(k);
    for (int k = static_cast<int>(v.size()) - 1; k > 0; --k) std::swap(v[k], v[Int(0, k)]);
    return v;
  }

 private:
  std::mt19937_64 rng_;
};

// A recurrent layer's cell-specific keys (", key: value" each); *out gets its output size.
std::string CellKeys(Draw* d, bool lstm, int hidden, int* out) {
  std::string keys;
  *out = hidden;
  if (lstm) {
    if (d->Chance(0.3)) keys += ", peepholes: true";
    if (hidden > 1 && d->Chance(0.25)) {
      *out = d->Int(1, hidden - 1);
      keys += fmt::format(", proj_size: {}", *out);
    }
  } else if (d->Chance(0.5)) {
    keys += fmt::format(", linear_before_reset: {}", d->Pick({"true", "1"}));
  }
  return keys;
}

// A power section (drawn last, so earlier seeds keep every other value): islands as a count or
// a list, the array clock, a V-f corner, a deadline, energy overrides, the FPGA target. Every draw
// is one the power stage must accept: the clock stays within the corner, and a deadline is long
// enough for any design this generator draws (at most some 10^4 cycles a step).
std::string RandomPower(Draw& d, int pes) {
  std::string y = "power:\n";
  const int islands = d.Int(1, std::min(4, pes));
  if (d.Chance(0.3)) {
    const std::vector<int> order = d.Shuffled(0, pes);
    // Cut the shuffled PEs at islands - 1 distinct places: every island gets at least one.
    std::vector<int> cuts = d.Shuffled(1, pes);
    cuts.resize(islands - 1);
    cuts.push_back(pes);
    std::sort(cuts.begin(), cuts.end());
    y += "  islands:\n";
    int from = 0;
    for (int g = 0; g < islands; ++g) {
      std::vector<int> group(order.begin() + from, order.begin() + cuts[g]);
      y += fmt::format("    - {{name: i{}, pes: [{}]}}\n", g, fmt::join(group, ", "));
      from = cuts[g];
    }
  } else {
    y += fmt::format("  islands: {}\n", islands);
  }
  double top_mhz = 200;  // the default corner's highest clock
  if (d.Chance(0.3)) {
    const int points = d.Int(2, 5);
    double volts = d.Pick({0.5, 0.6, 0.7});
    double mhz = d.Int(20, 80);
    std::vector<std::string> vf;
    for (int i = 0; i < points; ++i) {
      vf.push_back(fmt::format("[{:.2f}, {}]", volts, mhz));
      top_mhz = mhz;
      volts += d.Pick({0.05, 0.1, 0.15});
      mhz += d.Int(10, 90);
    }
    y += fmt::format("  vf_points: [{}]\n", fmt::join(vf, ", "));
  }
  // A corner below the default clock needs a clock of its own.
  if (d.Chance(0.6) || top_mhz < 200) {
    y += fmt::format("  clock_mhz: {}\n", d.Int(10, static_cast<int>(top_mhz)));
  }
  if (d.Chance(0.2)) y += fmt::format("  deadline_us: {}\n", d.Int(5000, 100000));
  if (d.Chance(0.2)) y += fmt::format("  energy_pj: {{mac: {:.3g}}}\n", d.LogUniform(0.05, 5.0));
  if (d.Chance(0.2)) y += "  target: fpga\n";
  return y;
}

std::string RandomSpec(uint64_t seed) {
  Draw d(seed);
  const int input = d.Size(40);
  // The network: 1 to 3 recurrent layers, then maybe a head. The largest fan-in of any pass
  // bounds the accumulator.
  const int layers = d.Chance(0.65) ? 1 : d.Int(2, 3);
  std::string model_keys, overrides;
  int in = input, fan_in = 0, max_hidden = 0;
  for (int l = 0; l < layers; ++l) {
    const int hidden = l == 0 ? d.Size(48) : d.Size(24);
    const bool lstm = d.Chance(0.6);
    int out = 0;
    const std::string extra = CellKeys(&d, lstm, hidden, &out);
    const std::string keys =
        fmt::format("cell: {}, hidden_size: {}", lstm ? "lstm" : "gru", hidden);
    // Top-level cell keys are every later layer's defaults: in a stack they go in overrides.
    if (l == 0) {
      model_keys = keys + (layers == 1 ? extra : "");
      if (layers > 1 && !extra.empty()) {
        overrides += fmt::format("    - {{layer: 0{}}}\n", extra);
      }
    } else {
      overrides += fmt::format("    - {{layer: {}, {}{}}}\n", l, keys, extra);
    }
    fan_in = std::max({fan_in, in + out, hidden});
    max_hidden = std::max(max_hidden, hidden);
    in = out;
  }
  std::string head;
  const int head_layers = d.Chance(0.7) ? 0 : d.Int(1, 2);
  for (int k = 0; k < head_layers; ++k) {
    const int size = d.Size(16);
    head += fmt::format("    - {{size: {}, activation: {}}}\n", size,
                        d.Pick({"none", "relu", "sigmoid", "tanh"}));
    fan_in = std::max(fan_in, in);
    in = size;
  }
  // Up to 8 PEs mostly, 16 now and then: synthesis time grows with the PE count.
  int pes = 1;
  if (max_hidden > 1) {
    const int most = std::min(max_hidden, d.Chance(0.1) ? 16 : 8);
    pes = d.Pick({0, 1, 2}) == 0 ? most : d.Int(1, most);
    if (d.Chance(0.2)) pes = 1;
  }
  const double density = d.Chance(0.2) ? 1.0 : d.LogUniform(0.01, 1.0);
  const bool csc = d.Chance(0.7);
  const int index_bits = d.Chance(0.8) ? d.Int(1, 6) : d.Int(7, 16);

  const int wbits = d.Chance(0.7) ? d.Int(4, 10) : d.Int(2, 16);
  const int wfrac = d.Int(0, wbits - 1);
  const int abits = d.Chance(0.7) ? d.Int(6, 12) : d.Int(4, 16);
  const int afrac = d.Int(1, abits - 1);
  const int sbits = d.Chance(0.7) ? d.Int(abits, std::min(24, abits + 6)) : d.Int(4, 24);
  const int sfrac = d.Int(1, std::min(sbits - 1, 2 * afrac));
  const int need = rnngen::MinAccumulatorBits(wbits, abits, fan_in);
  const int acc = d.Pick({0, 1, 2}) == 0 ? need : (d.Chance(0.2) ? 64 : d.Int(need, 64));
  const int lut_limit = std::min({14, wfrac + afrac + 4, sfrac + 4});
  // Tables are per PE and Yosys turns ROMs into logic: large tables only on small arrays.
  const int lut_bits =
      d.Chance(0.85) || pes > 4 ? d.Int(4, std::min(lut_limit, 8)) : d.Int(4, lut_limit);
  const int fifo = d.Chance(0.8) ? d.Int(1, 8) : d.Pick({16, 31, 64, 256});

  std::string y = fmt::format("# random_spec {}\nname: fz{}\n", seed, seed);
  y += fmt::format("model:\n  input_size: {}\n", input);
  // The first layer's keys are the model's defaults; a one-layer model says so now and then.
  for (size_t at = 0; (at = model_keys.find(", ", at)) != std::string::npos;) {
    model_keys.replace(at, 2, "\n  ");
  }
  y += "  " + model_keys + "\n";
  if (layers > 1 || d.Chance(0.5)) y += fmt::format("  layers: {}\n", layers);
  if (!overrides.empty()) y += "  layer_overrides:\n" + overrides;
  if (!head.empty()) y += "  head:\n" + head;
  // The remaining draws in the order the spec text used to make them (GCC evaluated the format
  // arguments last to first), then frac: auto, drawn last so that the specs of earlier seeds
  // keep every other value.
  const char* pruning = d.Chance(0.5) ? "magnitude" : "load_balanced";
  const uint64_t weight_seed = d.Seed();
  const bool write_lut = d.Chance(0.8) || lut_bits != std::min(10, lut_limit);
  const bool write_act_fn = d.Chance(0.5);
  const uint64_t input_seed = d.Seed();
  const int timesteps = d.Int(1, 10);
  // auto needs room for what random weights and data reach: activations (heads without a
  // squashing function) and cell states grow beyond 1. The state follows an auto activation so
  // that the 2 * activation.frac rule cannot fail.
  const bool wauto = d.Chance(0.15);
  const bool aauto = abits >= 8 && sbits >= 8 && d.Chance(0.15);
  const bool sauto = aauto || (sbits >= 8 && d.Chance(0.1));
  const auto frac = [](bool automatic, int f) {
    return automatic ? std::string("auto") : std::to_string(f);
  };
  y += fmt::format("weights: {{source: random, seed: {}, density: {:.6g}, pruning: {}}}\n",
                   weight_seed, density, pruning);
  y += "arithmetic:\n";
  y += fmt::format("  weight: {{bits: {}, frac: {}}}\n", wbits, frac(wauto, wfrac));
  y += fmt::format("  activation: {{bits: {}, frac: {}}}\n", abits, frac(aauto, afrac));
  y += fmt::format("  state: {{bits: {}, frac: {}}}\n", sbits, frac(sauto, sfrac));
  y += fmt::format("  accumulator_bits: {}\n", acc);
  // Left out now and then: the loader's derived default must be valid too. With auto formats
  // the limit is known only once they are chosen, but never below 5 (a frac of at least 1).
  if (wauto || aauto || sauto) {
    y += fmt::format("  lut_bits: {}\n", std::min(lut_bits, 5));
  } else if (write_lut) {
    y += fmt::format("  lut_bits: {}\n", lut_bits);
  }
  if (write_act_fn) y += "  activation_fn: lut\n";
  y += fmt::format("array: {{pe_count: {}, fifo_depth: {}}}\n", pes, fifo);
  y += csc ? fmt::format("sparsity: {{encoding: csc, index_bits: {}}}\n", index_bits)
           : "sparsity: {encoding: dense}\n";
  y += fmt::format("sim: {{timesteps: {}, input_seed: {}}}\n", timesteps, input_seed);
  if (d.Chance(0.4)) y += RandomPower(d, pes);
  // Drawn last, so that a seed's other keys stay what they were before the key existed.
  std::vector<int> groups;
  for (int g = 2; g <= pes; g *= 2) {
    if (pes % g == 0) groups.push_back(g);
  }
  if (!groups.empty() && d.Chance(0.3)) {
    const int group = groups[d.Int(0, static_cast<int>(groups.size()) - 1)];
    const std::string array = fmt::format("array: {{pe_count: {}, fifo_depth: {}", pes, fifo);
    y.replace(y.find(array), array.size(), fmt::format("{}, ew_group: {}", array, group));
  }
  if (d.Chance(0.3)) {
    // Powers of two fill the codes; other sizes leave codes unused.
    const int book =
        d.Chance(0.5) ? 1 << d.Int(1, 8) : d.Int(rnngen::kMinCodebook, rnngen::kMaxCodebook);
    const std::string weights = fmt::format("pruning: {}}}", pruning);
    y.replace(y.find(weights), weights.size(),
              fmt::format("pruning: {}, codebook: {}}}", pruning, book));
  }
  if (d.Chance(0.2)) {
    // Block-circulant weights: not pruned, blocks of 2..16 (E-RNN's 4..16 and a small one).
    const std::string sparsity =
        csc ? fmt::format("sparsity: {{encoding: csc, index_bits: {}}}", index_bits)
            : "sparsity: {encoding: dense}";
    y.replace(y.find(sparsity), sparsity.size(),
              fmt::format("sparsity: {{encoding: circulant, block_size: {}}}", 1 << d.Int(1, 4)));
    const std::string pruned = fmt::format("density: {:.6g}", density);
    y.replace(y.find(pruned), pruned.size(), "density: 1");
  }
  return y;
}

}  // namespace

int main(int argc, char** argv) {
  char* end = nullptr;
  const unsigned long long seed = argc == 2 ? std::strtoull(argv[1], &end, 10) : 0;
  if (argc != 2 || end == argv[1] || *end != '\0') {
    std::fprintf(stderr, "usage: random_spec SEED\n");
    return 1;
  }
  const std::string text = RandomSpec(seed);
  const rnngen::ParseResult parsed = rnngen::ParseSpecString(text, "random_spec");
  if (!parsed.spec) {
    std::fprintf(stderr, "random_spec %llu drew a spec the loader rejects:\n%s", seed,
                 text.c_str());
    for (const auto& e : parsed.errors) {
      std::fprintf(stderr, "%s\n", rnngen::FormatDiagnostic(e).c_str());
    }
    return 2;
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}
