// Verilator testbench for a design folder written by rnngen.
//
// Reads manifest.json and spec.yaml from the current folder, rebuilds the model with the same
// library the generator used (tb_check.cc), streams every input sequence through the design,
// resetting it before each, and checks every h_t element bit-exact against the fixed-point model
// and every step's cycle count against the prediction. Writes sim_result.json; the last line
// printed is the verdict.
#include <verilated.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "Vtop.h"
#include "tb_check.h"

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

  rnngen::tb::Setup s;
  if (!rnngen::tb::LoadSetup(&s)) return 2;
  const uint32_t mask = (1u << s.act_bits) - 1;

  auto top = std::make_unique<Vtop>(context.get());
  int64_t cycle = 0;
  auto tick = [&]() {
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
    ++cycle;
  };

  rnngen::tb::Run run;
  bool timed_out = false;
  for (const auto& stimulus : s.stimulus) {
    const int steps = static_cast<int>(stimulus.size());
    // Reset before every sequence. x_valid_i is already high during reset: the design must
    // ignore its inputs until it is out of reset (AXI4-Stream masters are not required to hold
    // TVALID low that early).
    top->clk_i = 0;
    top->rst_ni = 0;
    top->x_valid_i = 1;
    top->x_data_i = static_cast<uint32_t>(stimulus[0][0]) & mask;
    top->h_ready_i = 1;
    top->eval();
    for (int n = 0; n < 4; ++n) tick();
    top->rst_ni = 1;
    top->eval();
    cycle = 0;

    const size_t first = run.h.size();
    run.h.resize(first + steps);
    run.step_cycles.resize(first + steps, -1);
    std::vector<int64_t> step_start(steps, -1);
    int x_step = 0, x_idx = 0, done_steps = 0, h_step = 0;
    const int64_t limit =
        (s.predicted_cycles + 4 * (s.input_size + s.output_size) + 100) * (steps + 1);
    while (h_step < steps && cycle < limit) {
      // Drive this cycle's inputs, look at the outputs, then clock.
      const bool x_valid = x_step < steps;
      top->x_valid_i = x_valid;
      top->x_data_i = x_valid ? static_cast<uint32_t>(stimulus[x_step][x_idx]) & mask : 0;
      top->h_ready_i = 1;
      top->eval();
      if (x_valid && top->x_ready_o) {
        if (x_idx == 0) step_start[x_step] = cycle;
        if (++x_idx == s.input_size) {
          x_idx = 0;
          ++x_step;
        }
      }
      if (top->step_done_o && done_steps < steps) {
        if (step_start[done_steps] < 0) run.protocol_error = true;
        run.step_cycles[first + done_steps] = cycle - step_start[done_steps] + 1;
        ++done_steps;
      }
      if (top->h_valid_o) {
        std::vector<int64_t>& got = run.h[first + h_step];
        got.push_back(FromPort(top->h_data_o, s.act_bits));
        const bool last = top->h_last_o;
        if (last != (static_cast<int>(got.size()) == s.output_size)) run.protocol_error = true;
        if (last) ++h_step;
      }
      tick();
    }
    if (h_step < steps) {
      timed_out = true;
      break;
    }
  }
  top->final();
  run.timed_out = timed_out;
  run.h.resize(s.steps());
  run.step_cycles.resize(s.steps(), -1);
  return rnngen::tb::Judge(s, run);
}
