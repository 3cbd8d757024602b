// Verilator testbench for a design folder written by rnngen.
//
// Reads manifest.json and spec.yaml from the current folder, rebuilds the model with the same
// library the generator used (tb_check.cc), streams every input sequence through the design,
// resetting it before each, and checks every h_t element bit-exact against the fixed-point model
// and every step's cycle count against the prediction. Writes sim_result.json; the last line
// printed is the verdict.
//
// A design with voltage islands: sim/tb_clocks.h gives each island clock's period and phase;
// +phase_shift_ps=N shifts the phases.
//
// Built with TRACE=1 (tb/CMakeLists.txt: TB_TRACE), it also writes an FST of the whole hierarchy
// for a window of steps: +trace_from=N +trace_to=M (steps over the whole run, inclusive; default
// the whole run), +trace_file=PATH (default sim/wave.fst).
#include <verilated.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "Vtop.h"
#include "tb_check.h"
#include "tb_clocks.h"  // the design folder's sim/: RNNGEN_ISLAND_CLOCKS

#ifndef VM_TRACE_FST
#define VM_TRACE_FST 0
#endif
#if VM_TRACE_FST
#include <verilated_fst_c.h>
#endif

namespace {

using rnngen::tb::EdgeTime;
using rnngen::tb::kClockPeriod;
constexpr int64_t kPsPerNs = 1000;
// The island clocks' periods are in ratio to this array clock (emit/output.h kSimArrayHalfPs).
static_assert(RNNGEN_ARRAY_HALF_PS == kClockPeriod * kPsPerNs / 2,
              "sim/tb_clocks.h was written for another array clock period");

// A clock the testbench drives besides clk_i (a voltage island's): it rises first at `next`
// and toggles every `half` picoseconds.
struct IslandClock {
  uint8_t* port;
  int64_t half;
  int64_t next;
};

// Sign-extends a `bits`-wide port value.
int64_t FromPort(uint64_t raw, int bits) {
  const uint64_t sign = uint64_t{1} << (bits - 1);
  const uint64_t mask = (sign << 1) - 1;
  raw &= mask;
  return static_cast<int64_t>(raw ^ sign) - static_cast<int64_t>(sign);
}

// The text after "+name=" on the command line, or nullptr when it is not there.
const char* PlusArg(VerilatedContext* context, const char* name) {
  const std::string prefix = std::string(name) + "=";
  const char* arg = context->commandArgsPlusMatch(prefix.c_str());
  return *arg ? arg + 1 + prefix.size() : nullptr;
}

// +name=N as a step number into *value; false (after saying why) when it is not one.
bool StepArg(VerilatedContext* context, const char* name, int64_t* value) {
  const char* text = PlusArg(context, name);
  if (text == nullptr) return true;
  char* end = nullptr;
  const long long n = std::strtoll(text, &end, 10);
  if (*text == '\0' || *end != '\0' || n < 0) {
    std::fprintf(stderr, "tb: +%s=%s is not a step number (0, 1, ...)\n", name, text);
    return false;
  }
  *value = n;
  return true;
}

// The FST trace of a window of steps. Without TRACE=1 every member is an empty inline function:
// the default testbench carries no tracing code at all.
class Tracer {
 public:
  static constexpr bool kEnabled = VM_TRACE_FST;

#if VM_TRACE_FST
  // Call after the model exists and before the first eval.
  void Open(Vtop* top, const std::string& file, int64_t from, int64_t to) {
    from_ = from;
    to_ = to;
    file_ = file;
    fst_.set_time_unit("1ps");
    fst_.set_time_resolution("1ps");
    top->trace(&fst_, 99);  // every level of the hierarchy
    fst_.open(file.c_str());
  }
  // A cycle is traced when the step being fed in has reached `from` and the step being put out
  // has not passed `to`: from the first x of step `from` (or the reset before it, for the first
  // step of a sequence) to the last h of step `to`.
  void Steps(int64_t x_step, int64_t h_step) { on_ = x_step >= from_ && h_step <= to_; }
  void Dump(int64_t time) {
    if (!on_) return;
    fst_.dump(static_cast<uint64_t>(time));
    if (first_ < 0) first_ = time;
    last_ = time;
  }
  void Close() {
    fst_.close();
    const auto n = [](int64_t v) { return static_cast<long long>(v); };
    if (first_ < 0) {
      std::printf("trace: %s is empty (no cycle of steps %lld..%lld ran)\n", file_.c_str(),
                  n(from_), n(to_));
    } else {
      std::printf(
          "trace: %s steps %lld..%lld t=%lld..%lld (ps; run cycle c rises at t=%lldc+%lld)\n",
          file_.c_str(), n(from_), n(to_), n(first_), n(last_), n(kClockPeriod * kPsPerNs),
          n(kClockPeriod / 2 * kPsPerNs));
    }
  }

 private:
  VerilatedFstC fst_;
  std::string file_;
  int64_t from_ = 0, to_ = 0;
  bool on_ = false;
  int64_t first_ = -1, last_ = -1;  // times dumped
#else
  void Open(Vtop*, const std::string&, int64_t, int64_t) {}
  void Steps(int64_t, int64_t) {}
  void Dump(int64_t) {}
  void Close() {}
#endif
};

}  // namespace

int main(int argc, char** argv) {
  auto context = std::make_unique<VerilatedContext>();
  context->commandArgs(argc, argv);  // +verilator+seed+N, +verilator+rand+reset+2 ...

  int64_t trace_from = 0;
  int64_t trace_to = std::numeric_limits<int64_t>::max();
  if (!StepArg(context.get(), "trace_from", &trace_from) ||
      !StepArg(context.get(), "trace_to", &trace_to)) {
    return 2;
  }
  const char* trace_file = PlusArg(context.get(), "trace_file");
  if (!Tracer::kEnabled && (PlusArg(context.get(), "trace_from") != nullptr ||
                            PlusArg(context.get(), "trace_to") != nullptr || trace_file)) {
    std::fprintf(stderr,
                 "tb: built without tracing, +trace_* ignored (make verilate test TRACE=1)\n");
  }
  if (Tracer::kEnabled) context->traceEverOn(true);  // before the model is built

  rnngen::tb::Setup s;
  if (!rnngen::tb::LoadSetup(&s)) return 2;
  const uint32_t mask = (1u << s.act_bits) - 1;
  if (Tracer::kEnabled && (trace_from > trace_to || trace_from >= s.steps())) {
    std::fprintf(stderr, "tb: no trace window in steps %lld..%lld (the run has steps 0..%lld)\n",
                 static_cast<long long>(trace_from), static_cast<long long>(trace_to),
                 static_cast<long long>(s.steps() - 1));
    return 2;
  }
  trace_to = std::min(trace_to, s.steps() - 1);

  auto top = std::make_unique<Vtop>(context.get());
  Tracer tracer;
  tracer.Open(top.get(), trace_file ? trace_file : "sim/wave.fst", trace_from, trace_to);
  int64_t cycle = 0;      // since this sequence's reset ended: the cycle model's count
  int64_t run_cycle = 0;  // rising edges since the run started: the time base of the trace
  std::vector<IslandClock> islands = RNNGEN_ISLAND_CLOCKS(top.get());
  for (IslandClock& c : islands) *c.port = 0;  // low until the first rising edge
  // +phase_shift_ps=N moves island k's first rising edge by N * (k + 1) ps (within a period):
  // the outputs must not change with the phases (tests/e2e/run_e2e.sh).
  if (const char* shift = PlusArg(context.get(), "phase_shift_ps")) {
    const int64_t n = std::strtoll(shift, nullptr, 10);
    for (size_t k = 0; k < islands.size(); ++k) {
      const int64_t period = 2 * islands[k].half;
      islands[k].next = 1 + ((islands[k].next - 1 + n * static_cast<int64_t>(k + 1)) % period +
                             period) % period;
    }
  }
  // Sets clk_i to `level` at time `t` (ps), after every island clock edge before it; edges at
  // the same instant are applied together, then evaluated once (as in one simulator time step).
  auto clock_to = [&](int64_t t, uint8_t level) {
    for (;;) {
      int64_t next = t;
      for (const IslandClock& c : islands) next = std::min(next, c.next);
      for (IslandClock& c : islands) {
        if (c.next == next) {
          *c.port = !*c.port;
          c.next += c.half;
        }
      }
      if (next == t) top->clk_i = level;
      top->eval();
      tracer.Dump(next);
      if (next == t) return;
    }
  };
  auto tick = [&]() {
    clock_to(kClockPeriod * run_cycle * kPsPerNs, 0);
    clock_to(EdgeTime(run_cycle) * kPsPerNs, 1);
    ++cycle;
    ++run_cycle;
  };

  rnngen::tb::Run run;
  bool timed_out = false;
  for (const auto& stimulus : s.stimulus) {
    const int steps = static_cast<int>(stimulus.size());
    const int64_t first = static_cast<int64_t>(run.h.size());  // this sequence's first step
    // Reset before every sequence, for RNNGEN_RESET_CYCLES (emit/output.h SimResetCycles).
    // It falls on an edge of its own: the reset synchronisers assert asynchronously, and a
    // 2-state simulator starting at 0 would see no fall. x_valid_i is already high during
    // reset: the design must ignore its inputs until it is out of reset (AXI4-Stream masters
    // are not required to hold TVALID low that early).
    top->clk_i = 0;
    top->rst_ni = 1;
    top->eval();
    top->rst_ni = 0;
    top->x_valid_i = 1;
    top->x_data_i = static_cast<uint32_t>(stimulus[0][0]) & mask;
    top->h_ready_i = 1;
    top->eval();
    tracer.Steps(first, first);
    for (int n = 0; n < RNNGEN_RESET_CYCLES; ++n) tick();
    top->rst_ni = 1;
    top->eval();
    cycle = 0;

    run.h.resize(first + steps);
    run.h_cycle.resize(first + steps);
    run.step_cycles.resize(first + steps, -1);
    std::vector<int64_t> step_start(steps, -1);
    int x_step = 0, x_idx = 0, done_steps = 0, h_step = 0;
    int64_t last_done = 0;
    // With islands on clocks of their own, the steps' bounds instead of the prediction.
    const int64_t longest_bound =
        s.step_bound.empty() ? 0 : *std::max_element(s.step_bound.begin(), s.step_bound.end());
    const int64_t limit =
        (std::max(static_cast<int64_t>(s.predicted.cycles_per_step) +
                      s.predicted.first_step_cycles,
                  longest_bound) +
         4 * (s.input_size + s.output_size) + 100) *
        (steps + 1);
    while (h_step < steps && cycle < limit) {
      tracer.Steps(first + x_step, first + h_step);
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
        // A sequence's first step counts from its first x element; every later one from the
        // step before (steps overlap: x_{t+1} enters while step t still runs).
        run.step_cycles[first + done_steps] =
            done_steps == 0 ? cycle - step_start[0] + 1 : cycle - last_done;
        last_done = cycle;
        ++done_steps;
      }
      if (top->h_valid_o) {
        std::vector<int64_t>& got = run.h[first + h_step];
        got.push_back(FromPort(top->h_data_o, s.act_bits));
        run.h_cycle[first + h_step].push_back(run_cycle);
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
    // Idle cycles before the next reset (RNNGEN_DRAIN_CYCLES, emit/output.h SimDrainCycles), as
    // in sim/rnngen_tb.v: run cycles, and so the times in mismatch messages and traces, are the
    // same in both testbenches.
    top->x_valid_i = 0;
    for (int n = 0; n < RNNGEN_DRAIN_CYCLES; ++n) tick();
  }
  // The activity counters of sim/rnngen_act_top.v, read out one at a time.
  run.activity.assign(s.pe_count, rnngen::EventCounts{});
  for (int k = 0; k < s.pe_count; ++k) {
    for (int e = 0; e < rnngen::kEventCount; ++e) {
      top->act_sel_i = static_cast<uint32_t>(k * rnngen::kEventCount + e);
      top->eval();
      run.activity[k][e] = static_cast<int64_t>(top->act_count_o);
    }
  }
  top->final();
  tracer.Close();
  run.timed_out = timed_out;
  run.h.resize(s.steps());
  run.h_cycle.resize(s.steps());
  run.step_cycles.resize(s.steps(), -1);
  return rnngen::tb::Judge(s, run);
}
