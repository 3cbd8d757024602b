#include "tb_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/fixed_point.h"
#include "model/model.h"
#include "model/model_probe.h"
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
  ParseResult parsed = ParseSpecFile(manifest["spec"].get<std::string>(), DesignFolderProbe("."));
  if (!parsed.spec) {
    for (const auto& d : parsed.errors) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    return false;
  }
  Spec given = *parsed.spec;
  // The files the spec read travel with the folder (the spec's own paths are relative to where
  // the spec was).
  for (const auto& [key, path] : SpecInputFiles(&given)) {
    *path = manifest["input_files"][key].get<std::string>();
  }
  try {
    const Model model = BuildModel(given);
    const Spec& spec = model.spec;
    s->name = manifest["name"].get<std::string>();
    s->input_size = spec.model.input_size;
    s->output_size = spec.model.output_size();
    s->act_bits = spec.arithmetic.activation.bits;
    s->act_frac = spec.arithmetic.activation.frac;
    s->pe_count = manifest["array"]["pe_count"].get<int>();
    const auto& perf = manifest["performance"];
    CycleReport& c = s->predicted;
    c.cycles_per_step = perf["predicted_cycles_per_step"].get<double>();
    c.first_step_cycles = perf["predicted_first_step_cycles"].get<int64_t>();
    c.transient = perf["predicted_transient_step_cycles"].get<std::vector<int64_t>>();
    c.period = perf["predicted_period_step_cycles"].get<std::vector<int64_t>>();
    if (perf.contains("step_cycles_bound")) {
      s->step_bound = perf["step_cycles_bound"].get<std::vector<int64_t>>();
    }
    s->ideal_cycles = perf["ideal_cycles_per_step"].get<int64_t>();
    s->nonzeros = perf["nonzeros"].get<int64_t>();
    const auto& act = manifest["activity"];
    if (act["events"].get<std::vector<std::string>>() !=
        std::vector<std::string>(kEventNames.begin(), kEventNames.end())) {
      std::fprintf(stderr, "tb: manifest.json activity events are not this testbench's\n");
      return false;
    }
    s->activity = act["per_pe_per_step"].get<std::vector<EventCounts>>();
    s->stimulus = QuantizeSequences(LoadSimSequences(spec), spec.arithmetic.activation);
    // Expected outputs: the bit-accurate model, and the float reference on the same inputs.
    s->expected = FixedRun(model.quant, s->stimulus);
    s->reference = FloatRun(model.real, CodesToReal(s->stimulus, s->act_frac));
  } catch (const ModelError& e) {
    for (const auto& d : e.diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    return false;
  }
  return true;
}

int64_t Setup::steps() const {
  int64_t n = 0;
  for (const auto& seq : stimulus) n += static_cast<int64_t>(seq.size());
  return n;
}

std::vector<Mismatch> FindMismatches(const Setup& s, const Run& run, int64_t* missing) {
  std::vector<Mismatch> found;
  int64_t absent = 0;
  int64_t step = 0;  // over all sequences
  for (size_t n = 0; n < s.expected.size(); ++n) {
    for (size_t t = 0; t < s.expected[n].size(); ++t, ++step) {
      const std::vector<int64_t>& want = s.expected[n][t];
      const size_t k = static_cast<size_t>(step);
      static const std::vector<int64_t> kNone;
      const std::vector<int64_t>& got = k < run.h.size() ? run.h[k] : kNone;
      const std::vector<int64_t>& cycles = k < run.h_cycle.size() ? run.h_cycle[k] : kNone;
      if (got.size() < want.size()) absent += static_cast<int64_t>(want.size() - got.size());
      for (size_t j = 0; j < got.size() && j < want.size(); ++j) {
        if (got[j] == want[j]) continue;
        Mismatch m;
        m.step = step;
        m.sequence = n;
        m.timestep = t;
        m.element = j;
        m.got = got[j];
        m.want = want[j];
        m.cycle = j < cycles.size() ? cycles[j] : -1;
        found.push_back(m);
      }
    }
  }
  if (missing != nullptr) *missing = absent;
  return found;
}

std::string FormatMismatch(const Mismatch& m) {
  std::string line =
      fmt::format("MISMATCH step {} (sequence {} timestep {}) h[{}]: rtl {}, model {}", m.step,
                  m.sequence, m.timestep, m.element, m.got, m.want);
  if (m.cycle >= 0) {
    line += fmt::format("; h_valid_o at cycle {}, t={}", m.cycle, EdgeTime(m.cycle));
  }
  return line;
}

std::vector<ActivityMismatch> FindActivityMismatches(const Setup& s, const Run& run) {
  std::vector<ActivityMismatch> found;
  const int64_t steps = s.steps();
  for (size_t k = 0; k < s.activity.size(); ++k) {
    for (int e = 0; e < kEventCount; ++e) {
      const int64_t want = s.activity[k][e] * steps;
      const int64_t got = k < run.activity.size() ? run.activity[k][e] : -1;
      if (got != want) found.push_back({static_cast<int>(k), static_cast<Event>(e), got, want});
    }
  }
  return found;
}

std::string FormatActivityMismatch(const ActivityMismatch& m, int64_t steps) {
  const int64_t per_step = steps > 0 ? m.predicted / steps : 0;
  return fmt::format("ACTIVITY PE {} {}: measured {}, predicted {} ({} per step x {} steps)", m.pe,
                     kEventNames[static_cast<int>(m.event)], m.measured, m.predicted, per_step,
                     steps);
}

int Judge(const Setup& s, const Run& run) {
  const int hid = s.output_size;
  int64_t missing = 0;
  const std::vector<Mismatch> wrong = FindMismatches(s, run, &missing);
  const int64_t mismatches = static_cast<int64_t>(wrong.size()) + missing;
  // The first few are what one looks at in the waveform; the verdict line has the total.
  constexpr size_t kShown = 10;
  for (size_t i = 0; i < wrong.size() && i < kShown; ++i) {
    std::printf("%s\n", FormatMismatch(wrong[i]).c_str());
  }
  if (wrong.size() > kShown) {
    std::printf("MISMATCH ... %zu more not shown\n", wrong.size() - kShown);
  }
  if (missing > 0) {
    std::printf("MISSING %lld h elements never left the design\n", static_cast<long long>(missing));
  }
  int64_t cycle_errors = 0;
  double max_err = 0.0;
  int64_t step = 0;  // over all sequences
  for (size_t n = 0; n < s.stimulus.size(); ++n) {
    for (size_t t = 0; t < s.stimulus[n].size(); ++t, ++step) {
      const std::vector<int64_t>& got = run.h[step];
      for (size_t j = 0; j < got.size() && j < s.reference[n][t].size(); ++j) {
        max_err = std::max(max_err, std::abs(ToReal(got[j], s.act_frac) - s.reference[n][t][j]));
      }
      const bool bounded = t < s.step_bound.size();
      const int64_t predicted =
          bounded ? s.step_bound[t] : s.predicted.StepCycles(static_cast<int64_t>(t));
      if (bounded ? run.step_cycles[step] > predicted || run.step_cycles[step] < 0
                  : run.step_cycles[step] != predicted) {
        if (cycle_errors < 5) {
          std::printf("CYCLES sequence %zu step %zu: measured %lld, %s %lld\n", n, t,
                      static_cast<long long>(run.step_cycles[step]),
                      bounded ? "bound" : "predicted", static_cast<long long>(predicted));
        }
        ++cycle_errors;
      }
    }
  }
  const int64_t steps = step;
  // The measured throughput: the mean over the last whole periods of the last sequence's steady
  // steps (after its first step and the transient), or over whatever steps it has.
  double measured = 0;
  if (!run.step_cycles.empty()) {
    const auto len = static_cast<int64_t>(s.stimulus.back().size());
    const auto total = static_cast<int64_t>(run.step_cycles.size());
    const auto period = static_cast<int64_t>(s.predicted.period.size());
    int64_t steady = len - 1 - static_cast<int64_t>(s.predicted.transient.size());
    if (steady >= period) steady = steady / period * period;
    if (steady <= 0) steady = std::max<int64_t>(1, len - 1);
    steady = std::min(steady, total);
    for (int64_t t = total - steady; t < total; ++t) measured += double(run.step_cycles[t]);
    measured /= double(steady);
  }
  const double util =
      measured > 0 ? static_cast<double>(s.nonzeros) / (s.pe_count * measured) : 0.0;
  const bool bit_exact = mismatches == 0 && !run.timed_out && !run.protocol_error;
  const std::vector<ActivityMismatch> act_wrong = FindActivityMismatches(s, run);
  for (size_t i = 0; i < act_wrong.size() && i < kShown; ++i) {
    std::printf("%s\n", FormatActivityMismatch(act_wrong[i], steps).c_str());
  }
  const bool pass = bit_exact && cycle_errors == 0 && act_wrong.empty();

  nlohmann::ordered_json result;
  result["bit_exact"] = bit_exact;
  result["mismatches"] = mismatches;
  result["sequences"] = s.stimulus.size();
  result["timesteps"] = steps;
  result["outputs_compared"] = steps * hid;
  result["cycles_per_step"] = measured;
  result["predicted_cycles_per_step"] = s.predicted.cycles_per_step;
  result["ideal_cycles_per_step"] = s.ideal_cycles;
  result["cycle_mismatched_steps"] = cycle_errors;
  result["mac_utilization"] = util;
  result["max_abs_err_vs_float"] = max_err;
  result["timed_out"] = run.timed_out;
  result["protocol_error"] = run.protocol_error;
  // Measured over the run, and predicted per step (manifest.json "activity").
  auto& act = result["activity"];
  act["events"] = kEventNames;
  act["measured_per_pe"] = run.activity;
  act["predicted_per_pe_per_step"] = s.activity;
  act["mismatched_counters"] = act_wrong.size();
  result["pass"] = pass;
  std::ofstream("sim_result.json") << result.dump(2) << "\n";

  std::printf(
      "%s: %s bit_exact=%s mismatches=%lld timesteps=%lld cycles_per_step=%g predicted=%g "
      "ideal=%lld mac_utilization=%.4f max_abs_err_vs_float=%.6f activity_mismatches=%zu\n",
      pass ? "PASS" : "FAIL", s.name.c_str(), bit_exact ? "true" : "false",
      static_cast<long long>(mismatches), static_cast<long long>(steps), measured,
      s.predicted.cycles_per_step, static_cast<long long>(s.ideal_cycles), util, max_err,
      act_wrong.size());
  return pass ? 0 : 1;
}

}  // namespace rnngen::tb
