// The testbench's side that does not depend on the design: reads the folder, rebuilds the model,
// and judges a run. Kept apart from tb_main.cc (which includes the verilated model) so that a
// new design recompiles only the small driver.
#ifndef RNNGEN_TB_TB_CHECK_H_
#define RNNGEN_TB_TB_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "plan/activity.h"
#include "plan/plan.h"

namespace rnngen::tb {

// What a run must reproduce, from manifest.json and spec.yaml in the current folder. Sequences
// are independent: the design is reset before each.
struct Setup {
  std::string name;
  int input_size = 0;
  int output_size = 0;
  int act_bits = 0;
  int act_frac = 0;
  int pe_count = 0;
  // The predicted schedule as the manifest gives it: the first step, the transient, the period
  // and its mean (predicted.StepCycles(t) is step t of a sequence).
  CycleReport predicted;
  // A design with voltage islands: an upper bound for step t of a sequence instead (manifest
  // performance.step_cycles_bound); empty otherwise.
  std::vector<int64_t> step_bound;
  int64_t ideal_cycles = 0;
  int64_t nonzeros = 0;
  // Predicted activity per PE per step (manifest "activity"), in Event order.
  std::vector<EventCounts> activity;
  using Codes = std::vector<std::vector<int64_t>>;  // [step][element]
  std::vector<Codes> stimulus;                      // x_t codes, per sequence
  std::vector<Codes> expected;  // output codes of the bit-accurate model, per sequence
  // Outputs of the (pruned) float model on the same inputs, per sequence.
  std::vector<std::vector<std::vector<double>>> reference;
  int64_t steps() const;  // over all sequences
};

// What the design did, step after step over all sequences.
struct Run {
  std::vector<std::vector<int64_t>> h;  // output codes as received, per step
  // The run cycle (rising edges since the run started, reset included) at which each element of
  // h left the design, so that a mismatch can be found in the waveform.
  std::vector<std::vector<int64_t>> h_cycle;
  std::vector<int64_t> step_cycles;  // first x accepted .. step_done, per step (-1: none)
  // Activity counted over the whole run, per PE (sim/rnngen_act_top.v); empty: not read.
  std::vector<EventCounts> activity;
  bool timed_out = false;
  bool protocol_error = false;
};

// The clock of both testbenches and of the FST trace: 10 time units per cycle, low first, so the
// rising edge of run cycle c is at 10c + 5.
constexpr int64_t kClockPeriod = 10;
inline int64_t EdgeTime(int64_t cycle) { return kClockPeriod * cycle + kClockPeriod / 2; }

// One output element that differs from the model.
struct Mismatch {
  int64_t step = 0;     // over all sequences
  size_t sequence = 0;  // and within its sequence
  size_t timestep = 0;
  size_t element = 0;  // h[element]
  int64_t got = 0;     // rtl
  int64_t want = 0;    // model
  int64_t cycle = -1;  // run cycle of its h_valid_o handshake (-1: unknown)
};

// Every element of the run that differs from the model, in output order. Elements that never
// came out are not listed; `missing` (if given) counts them.
std::vector<Mismatch> FindMismatches(const Setup& setup, const Run& run, int64_t* missing);

// One line naming the step, the element, both values, the cycle and its time in the trace.
std::string FormatMismatch(const Mismatch& m);

// One counter whose run total differs from its prediction per step times the steps.
struct ActivityMismatch {
  int pe = 0;
  Event event = Event::kMac;
  int64_t measured = 0;
  int64_t predicted = 0;  // over the run
};
// Every such counter, PE by PE; a run without counts (or with the wrong PE count) is one
// mismatch per predicted counter.
std::vector<ActivityMismatch> FindActivityMismatches(const Setup& setup, const Run& run);
std::string FormatActivityMismatch(const ActivityMismatch& m, int64_t steps);

// False (after printing why) when the folder cannot be read.
bool LoadSetup(Setup* setup);

// Compares the run with the model and the prediction, writes sim_result.json and prints the
// verdict line. Returns the process exit status.
int Judge(const Setup& setup, const Run& run);

}  // namespace rnngen::tb

#endif  // RNNGEN_TB_TB_CHECK_H_
