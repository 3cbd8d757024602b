#include "tb_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/fixed_point.h"
#include "model/model.h"
#include "spec/spec.h"

namespace rnngen::tb {

bool LoadSetup(Setup* s) {
  nlohmann::json manifest;
  {
    std::ifstream in("manifest.json");
    if (!in) {
      std::fprintf(stderr, "tb: no manifest.json in the current folder\n");
      return false;
    }
    in >> manifest;
  }
  ParseResult parsed = ParseSpecFile(manifest["spec"].get<std::string>());
  if (!parsed.spec) {
    for (const auto& d : parsed.errors) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    return false;
  }
  Spec spec = *parsed.spec;
  // An imported model travels with the folder (the spec's own path is relative to where the
  // spec was).
  if (!spec.weights.path.empty()) spec.weights.path = manifest["weights"]["file"];
  const Model model = BuildModel(spec);
  s->name = manifest["name"].get<std::string>();
  s->input_size = spec.model.input_size;
  s->output_size = spec.model.output_size();
  s->timesteps = spec.sim.timesteps;
  s->act_bits = spec.arithmetic.activation.bits;
  s->act_frac = spec.arithmetic.activation.frac;
  s->pe_count = manifest["array"]["pe_count"].get<int>();
  s->predicted_cycles = manifest["performance"]["predicted_cycles_per_step"].get<int64_t>();
  s->predicted_first_cycles = manifest["performance"]["predicted_first_step_cycles"].get<int64_t>();
  s->ideal_cycles = manifest["performance"]["ideal_cycles_per_step"].get<int64_t>();
  s->nonzeros = manifest["performance"]["nonzeros"].get<int64_t>();
  s->stimulus = MakeStimulus(spec);

  // Expected outputs: the bit-accurate model, and the float reference on the same inputs.
  s->expected = ProgramRun(model.quant, s->stimulus);
  s->reference = FloatRun(spec, model.real, s->stimulus);
  return true;
}

int Judge(const Setup& s, const Run& run) {
  const int steps = s.timesteps;
  const int hid = s.output_size;
  int64_t mismatches = 0, cycle_errors = 0;
  double max_err = 0.0;
  for (int t = 0; t < steps; ++t) {
    const std::vector<int64_t>& got = run.h[t];
    if (static_cast<int>(got.size()) != hid) mismatches += hid - static_cast<int64_t>(got.size());
    for (size_t j = 0; j < got.size() && j < s.expected[t].size(); ++j) {
      if (got[j] != s.expected[t][j]) {
        if (mismatches < 10) {
          std::printf("MISMATCH step %d h[%zu]: rtl %lld, model %lld\n", t, j,
                      static_cast<long long>(got[j]), static_cast<long long>(s.expected[t][j]));
        }
        ++mismatches;
      }
      max_err = std::max(max_err, std::abs(ToReal(got[j], s.act_frac) - s.reference[t][j]));
    }
    const int64_t predicted = t == 0 ? s.predicted_first_cycles : s.predicted_cycles;
    if (run.step_cycles[t] != predicted) {
      if (cycle_errors < 5) {
        std::printf("CYCLES step %d: measured %lld, predicted %lld\n", t,
                    static_cast<long long>(run.step_cycles[t]), static_cast<long long>(predicted));
      }
      ++cycle_errors;
    }
  }
  const int64_t measured = run.step_cycles.empty() ? 0 : run.step_cycles.back();
  const double util =
      measured > 0 ? static_cast<double>(s.nonzeros) / (double(s.pe_count) * measured) : 0.0;
  const bool bit_exact = mismatches == 0 && !run.timed_out && !run.protocol_error;
  const bool pass = bit_exact && cycle_errors == 0;

  nlohmann::ordered_json result;
  result["bit_exact"] = bit_exact;
  result["mismatches"] = mismatches;
  result["timesteps"] = steps;
  result["outputs_compared"] = int64_t{steps} * hid;
  result["cycles_per_step"] = measured;
  result["predicted_cycles_per_step"] = s.predicted_cycles;
  result["ideal_cycles_per_step"] = s.ideal_cycles;
  result["cycle_mismatched_steps"] = cycle_errors;
  result["mac_utilization"] = util;
  result["max_abs_err_vs_float"] = max_err;
  result["timed_out"] = run.timed_out;
  result["protocol_error"] = run.protocol_error;
  result["pass"] = pass;
  std::ofstream("sim_result.json") << result.dump(2) << "\n";

  std::printf(
      "%s: %s bit_exact=%s mismatches=%lld timesteps=%d cycles_per_step=%lld predicted=%lld "
      "ideal=%lld mac_utilization=%.4f max_abs_err_vs_float=%.6f\n",
      pass ? "PASS" : "FAIL", s.name.c_str(), bit_exact ? "true" : "false",
      static_cast<long long>(mismatches), steps, static_cast<long long>(measured),
      static_cast<long long>(s.predicted_cycles), static_cast<long long>(s.ideal_cycles), util,
      max_err);
  return pass ? 0 : 1;
}

}  // namespace rnngen::tb
