#include "model/formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/fixed_point.h"
#include "model/model_error.h"

namespace rnngen {
namespace {

double MaxAbs(const std::vector<double>& v, double m = 0) {
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// Largest magnitude of the biases the array stores: LSTM and GRU z, r rows hold Wb + Rb; a GRU's
// candidate rows keep Wb_h and Rb_h apart.
double BiasRange(const RecurrentFloat& f) {
  const int h = f.shape.hidden_size;
  const int fused = f.shape.cell == CellType::kLstm ? 4 * h : 2 * h;
  double m = 0;
  for (size_t r = 0; r < f.wb.size(); ++r) {
    m = static_cast<int>(r) < fused ? std::max(m, std::abs(f.wb[r] + f.rb[r]))
                                    : std::max({m, std::abs(f.wb[r]), std::abs(f.rb[r])});
  }
  return m;
}

}  // namespace

ValueRanges MeasureRanges(const NetworkFloat& net, const Sequences* calibration) {
  ValueRanges r;
  for (const RecurrentFloat& f : net.stack) {
    r.weight = MaxAbs(f.proj, MaxAbs(f.p, MaxAbs(f.r, MaxAbs(f.w, r.weight))));
    r.bias = std::max(r.bias, BiasRange(f));
  }
  for (const DenseFloat& d : net.head) {
    r.weight = MaxAbs(d.w, r.weight);
    r.bias = MaxAbs(d.b, r.bias);
  }
  if (calibration == nullptr) return r;
  for (const auto& seq : calibration->x) {
    NetworkFloatState s = InitialFloatState(net);
    for (const auto& x : seq) {
      r.activation = MaxAbs(x, r.activation);
      std::vector<double> v = x;
      for (size_t l = 0; l < net.stack.size(); ++l) {
        RecurrentFloatStep(net.stack[l], v, &s.y[l], &s.c[l]);
        v = s.y[l];
        r.activation = MaxAbs(v, r.activation);
        r.state = MaxAbs(s.c[l], r.state);
      }
      for (const DenseFloat& d : net.head) {
        v = DenseFloatStep(d, v);
        r.activation = MaxAbs(v, r.activation);
      }
      ++r.steps;
    }
  }
  return r;
}

int FracFor(double max, int bits, int lo) {
  for (int frac = bits - 1; frac >= lo; --frac) {
    if (max <= ToReal(MaxSigned(bits), frac)) return frac;
  }
  return -1;
}

std::vector<Diagnostic> ChooseFormats(const ValueRanges& r, Spec* spec) {
  Spec::Arithmetic& a = spec->arithmetic;
  std::vector<Diagnostic> errors;
  const auto fail = [&](const std::string& key, std::string message) {
    errors.push_back({KeyLoc(*spec, key), std::move(message)});
  };
  const auto too_wide = [&](const char* name, const char* what, double max, int bits, int lo) {
    fail(fmt::format("arithmetic.{}.frac", name),
         fmt::format("arithmetic.{}.frac: auto: {} reach {:.6g}, more than {} bits with {} "
                     "fraction bits hold (expected more bits, or smaller values)",
                     name, what, max, bits, lo));
  };
  // Activations: every stored vector, and the sigmoid/tanh outputs (up to 1).
  if (a.activation.frac_auto) {
    const double max = std::max(1.0, r.activation);
    a.activation.frac = FracFor(max, a.activation.bits, 1);
    if (a.activation.frac < 0) {
      too_wide("activation", "the calibration activations", max, a.activation.bits, 1);
      return errors;
    }
  }
  if (a.weight.frac_auto) {
    a.weight.frac = FracFor(r.weight, a.weight.bits, 0);
    // A bias is stored in accumulator precision, bounded like one product (BiasBits).
    const int bias_frac = FracFor(r.bias, BiasBits(a.weight.bits, a.activation.bits), 0);
    if (a.weight.frac >= 0) a.weight.frac = std::min(a.weight.frac, bias_frac - a.activation.frac);
    if (a.weight.frac < 0) {
      too_wide("weight", "the weights and biases", std::max(r.weight, r.bias), a.weight.bits, 0);
      return errors;
    }
  }
  if (a.state.frac_auto) {
    // Unused without an LSTM layer (r.state is then 0): the widest fraction allowed.
    const int frac = FracFor(r.state, a.state.bits, 1);
    if (frac < 0) {
      too_wide("state", "the calibration cell states", r.state, a.state.bits, 1);
      return errors;
    }
    a.state.frac = std::min(frac, 2 * a.activation.frac);
  } else if (a.activation.frac_auto && a.state.frac > 2 * a.activation.frac) {
    // At the state's frac if written, else at the activation's (the state is the default).
    const bool written = spec->locs.count("arithmetic.state.frac") > 0;
    fail(written ? "arithmetic.state.frac" : "arithmetic.activation.frac",
         fmt::format("arithmetic.state.frac: {} {} is more than twice the activation.frac {} "
                     "chosen by auto for activations up to {:.6g} (expected <= {}, or state frac: "
                     "auto)",
                     written ? "value" : "default", a.state.frac, a.activation.frac,
                     std::max(1.0, r.activation), 2 * a.activation.frac));
  }
  const bool chosen = a.weight.frac_auto || a.activation.frac_auto || a.state.frac_auto;
  if (!chosen) return errors;
  const int lut_limit = std::min(a.weight.frac + a.activation.frac, a.state.frac) + 4;
  if (a.lut_bits == 0) {
    a.lut_bits = std::clamp(lut_limit, 4, Spec::Arithmetic{}.lut_bits);
  } else if (a.lut_bits > lut_limit) {
    fail("arithmetic.lut_bits",
         fmt::format("arithmetic.lut_bits: value {} is too large for the formats chosen by auto "
                     "(expected <= min(weight.frac {} + activation.frac {}, state.frac {}) + 4 = "
                     "{})",
                     a.lut_bits, a.weight.frac, a.activation.frac, a.state.frac, lut_limit));
  }
  return errors;
}

}  // namespace rnngen
