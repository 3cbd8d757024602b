// Verilator testbench for a design folder written by rnngen.
//
// Reads manifest.json and spec.yaml from the current folder, rebuilds the model with the same
// library the generator used, streams sim.timesteps input vectors through the design, and checks
// every h_t element bit-exact against the fixed-point model and every step's cycle count against
// the prediction. Writes sim_result.json; the last line printed is the verdict.
#include <verilated.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "Vtop.h"
#include "model/fixed_point.h"
#include "model/model.h"
#include "spec/spec.h"

namespace {

// Sign-extends a `bits`-wide port value.
int64_t FromPort(uint64_t raw, int bits) {
  const uint64_t sign = uint64_t{1} << (bits - 1);
  const uint64_t mask = (sign << 1) - 1;
  raw &= mask;
  return static_cast<int64_t>(raw ^ sign) - static_cast<int64_t>(sign);
}

}  // namespace

int main(int argc, char** argv) {
  auto context = std::make_unique<VerilatedContext>();
  context->commandArgs(argc, argv);  // +verilator+seed+N, +verilator+rand+reset+2 ...

  nlohmann::json manifest;
  {
    std::ifstream in("manifest.json");
    if (!in) {
      std::fprintf(stderr, "tb: no manifest.json in the current folder\n");
      return 2;
    }
    in >> manifest;
  }
  rnngen::ParseResult parsed = rnngen::ParseSpecFile(manifest["spec"].get<std::string>());
  if (!parsed.spec) {
    for (const auto& d : parsed.errors) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    return 2;
  }
  const rnngen::Spec& spec = *parsed.spec;
  const rnngen::Model model = rnngen::BuildModel(spec);
  const auto xs = rnngen::MakeStimulus(spec);
  const int in = spec.model.input_size;
  const int hid = spec.model.hidden_size;
  const int steps = spec.sim.timesteps;
  const int act_bits = spec.arithmetic.activation.bits;
  const int act_frac = spec.arithmetic.activation.frac;
  const int64_t predicted = manifest["performance"]["predicted_cycles_per_step"].get<int64_t>();
  const int64_t ideal = manifest["performance"]["ideal_cycles_per_step"].get<int64_t>();
  const int64_t nonzeros = manifest["performance"]["nonzeros"].get<int64_t>();
  const int pes = manifest["array"]["pe_count"].get<int>();

  // Expected outputs: the bit-accurate model, and the float reference on the same inputs.
  std::vector<std::vector<int64_t>> expect(steps);
  std::vector<std::vector<double>> reference(steps);
  {
    rnngen::LstmQuantState q{std::vector<int64_t>(hid, 0), std::vector<int64_t>(hid, 0)};
    rnngen::LstmFloatState f{std::vector<double>(hid, 0.0), std::vector<double>(hid, 0.0)};
    for (int t = 0; t < steps; ++t) {
      rnngen::LstmQuantStep(model.quant, xs[t], &q);
      expect[t] = q.h;
      std::vector<double> x(in);
      for (int k = 0; k < in; ++k) x[k] = rnngen::ToReal(xs[t][k], act_frac);
      rnngen::LstmFloatStep(model.real, x, &f);
      reference[t] = f.h;
    }
  }

  auto top = std::make_unique<Vtop>(context.get());
  int64_t cycle = 0;
  auto tick = [&]() {
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
    ++cycle;
  };
  // x_valid_i is already high during reset: the design must ignore its inputs until it is out
  // of reset (AXI4-Stream masters are not required to hold TVALID low that early).
  top->clk_i = 0;
  top->rst_ni = 0;
  top->x_valid_i = steps > 0;
  top->x_data_i = steps > 0 ? static_cast<uint32_t>(xs[0][0]) & ((1u << act_bits) - 1) : 0;
  top->h_ready_i = 1;
  top->eval();
  for (int n = 0; n < 4; ++n) tick();
  top->rst_ni = 1;
  top->eval();
  cycle = 0;

  std::vector<std::vector<int64_t>> got(steps);
  std::vector<int64_t> step_start(steps, -1), step_cycles(steps, -1);
  int x_step = 0, x_idx = 0, done_steps = 0, h_step = 0;
  const int64_t limit = (predicted + 4 * (in + hid) + 100) * (steps + 1);
  bool protocol_error = false;
  while (h_step < steps && cycle < limit) {
    // Drive this cycle's inputs, look at the outputs, then clock.
    const bool x_valid = x_step < steps;
    top->x_valid_i = x_valid;
    top->x_data_i = x_valid ? static_cast<uint32_t>(xs[x_step][x_idx]) & ((1u << act_bits) - 1) : 0;
    top->h_ready_i = 1;
    top->eval();
    if (x_valid && top->x_ready_o) {
      if (x_idx == 0) step_start[x_step] = cycle;
      if (++x_idx == in) {
        x_idx = 0;
        ++x_step;
      }
    }
    if (top->step_done_o && done_steps < steps) {
      if (step_start[done_steps] < 0) protocol_error = true;
      step_cycles[done_steps] = cycle - step_start[done_steps] + 1;
      ++done_steps;
    }
    if (top->h_valid_o) {
      got[h_step].push_back(FromPort(top->h_data_o, act_bits));
      const bool last = top->h_last_o;
      if (last != (static_cast<int>(got[h_step].size()) == hid)) protocol_error = true;
      if (last) ++h_step;
    }
    tick();
  }
  top->final();

  int64_t mismatches = 0, cycle_errors = 0;
  double max_err = 0.0;
  for (int t = 0; t < steps; ++t) {
    if (static_cast<int>(got[t].size()) != hid) {
      mismatches += hid - static_cast<int64_t>(got[t].size());
    }
    for (size_t j = 0; j < got[t].size() && j < expect[t].size(); ++j) {
      if (got[t][j] != expect[t][j]) {
        if (mismatches < 10) {
          std::printf("MISMATCH step %d h[%zu]: rtl %lld, model %lld\n", t, j,
                      static_cast<long long>(got[t][j]), static_cast<long long>(expect[t][j]));
        }
        ++mismatches;
      }
      max_err = std::max(max_err, std::abs(rnngen::ToReal(got[t][j], act_frac) - reference[t][j]));
    }
    if (step_cycles[t] != predicted) {
      if (cycle_errors < 5) {
        std::printf("CYCLES step %d: measured %lld, predicted %lld\n", t,
                    static_cast<long long>(step_cycles[t]), static_cast<long long>(predicted));
      }
      ++cycle_errors;
    }
  }
  const bool timed_out = h_step < steps;
  const int64_t measured = step_cycles.empty() ? 0 : step_cycles.back();
  const double util = measured > 0 ? double(nonzeros) / (double(pes) * measured) : 0.0;
  const bool bit_exact = mismatches == 0 && !timed_out && !protocol_error;
  const bool pass = bit_exact && cycle_errors == 0;

  nlohmann::ordered_json result;
  result["bit_exact"] = bit_exact;
  result["mismatches"] = mismatches;
  result["timesteps"] = steps;
  result["outputs_compared"] = int64_t{steps} * hid;
  result["cycles_per_step"] = measured;
  result["predicted_cycles_per_step"] = predicted;
  result["ideal_cycles_per_step"] = ideal;
  result["cycle_mismatched_steps"] = cycle_errors;
  result["mac_utilization"] = util;
  result["max_abs_err_vs_float"] = max_err;
  result["timed_out"] = timed_out;
  result["protocol_error"] = protocol_error;
  result["pass"] = pass;
  std::ofstream("sim_result.json") << result.dump(2) << "\n";

  std::printf(
      "%s: %s bit_exact=%s mismatches=%lld timesteps=%d cycles_per_step=%lld predicted=%lld "
      "ideal=%lld mac_utilization=%.4f max_abs_err_vs_float=%.6f\n",
      pass ? "PASS" : "FAIL", manifest["name"].get<std::string>().c_str(),
      bit_exact ? "true" : "false", static_cast<long long>(mismatches), steps,
      static_cast<long long>(measured), static_cast<long long>(predicted),
      static_cast<long long>(ideal), util, max_err);
  return pass ? 0 : 1;
}
