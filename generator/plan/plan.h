// Program -> Plan: which rows each PE owns in each pass, each PE's encoded weight stream (dense or
// EIE CSC) over all passes, memory sizes, and the exact cycle count of a step from a cycle model
// of the array.
#ifndef RNNGEN_PLAN_PLAN_H_
#define RNNGEN_PLAN_PLAN_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "model/program.h"
#include "plan/encoding.h"
#include "spec/spec.h"

namespace rnngen {

// Circulant: what a column tells the MAC engine (rnngen_pe_mac BlockBits) to address its
// weights. The engine walks local rows r = rpu*u + g, u = lb*k + a (rpu rows a unit: 4, or 1
// with `quad` clear) and reads word base + lb*k*rpu + ((a + d0) mod k)*rpu + g: block vector
// element (a - b) mod k of the column's block, b = the column's offset in its block.
struct CirculantColumn {
  bool first = false;  // its entries are the first of their rows (plan/encoding.h Entry)
  bool quad = false;   // 4 rows a unit
  int d0 = 0;          // (-b) mod k
  int base = 0;        // word of the column's block for local block 0, element 0
};

// One PE's share of the program.
struct PePlan {
  std::vector<int> units;      // per pass: output units owned (pe, pe + P, pe + 2P, ...)
  std::vector<Entry> entries;  // every pass's columns, in broadcast order
  // Circulant: the stored words (each block's vector, k words a block and gate row) and what
  // each broadcast column tells the engine; other formats store `entries`.
  std::vector<Entry> stored;
  std::vector<CirculantColumn> circ_cols;
  std::vector<int> col_count;  // entries per broadcast column (all passes)
  // Per pass, by local row RowsPerUnit * u + gate: accumulator start values, plan.rows long
  // (zeros for a pass that keeps the previous pass's sums).
  std::vector<std::vector<int64_t>> bias;
  // Per pass: peephole weight codes by local unit, {P_i, P_o, P_f}, 3 * plan.max_units long
  // (zeros without peepholes).
  std::vector<std::vector<int64_t>> peep;
  int64_t nonzeros = 0;  // non-zero weights (entries minus padding, or minus zeros)
  int64_t padding = 0;   // csc padding entries (gaps, and rows no weight of a pass touches)
};

// The array-wide shape of one pass.
struct PassPlan {
  int first_col = 0;  // broadcast column index of its first column
  int cols = 0;
  int max_units = 0;   // units of the PE with the most
  int state_base = 0;  // first state slot of its state bank in every PE
  int64_t nonzeros = 0;
};

struct PassCycles {
  int64_t mac_cycles = 0;  // broadcast + MAC + pipeline drain
  int64_t ew_cycles = 0;   // element-wise phase: EwPrologue + StepsPerUnit * max_units *
                           // ew_group + 1
};

// Steps overlap, so a step is counted from the end of the step before (the first from its first
// column). The schedule settles into a period of one or more steps, sometimes after a few steps
// of transient: step t of a sequence takes StepCycles(t).
struct CycleReport {
  std::vector<PassCycles> passes;  // in the period's last step
  int64_t mac_cycles = 0;          // sums over the passes
  int64_t ew_cycles = 0;
  int64_t first_step_cycles = 0;   // the first step (no earlier step to overlap)
  std::vector<int64_t> transient;  // the steps after it, before the period
  std::vector<int64_t> period;     // then repeated for ever
  double cycles_per_step = 0;      // mean over the period: the throughput
  int64_t busiest_pe_entries = 0;  // entries of the PE with the most
  double starved_cycles = 0;       // cycles a step in which that PE issues nothing

  int64_t StepCycles(int64_t t) const;
};

struct Plan {
  std::shared_ptr<const WeightEncoding> encoding;  // sparsity.encoding
  int pe_count = 0;
  int input_size = 0;
  int output_size = 0;
  int cols = 0;         // broadcast columns per step, all passes
  int rows = 0;         // accumulator rows per PE (a multiple of 4)
  int max_units = 0;    // most units of any PE in any pass
  int state_slots = 0;  // state registers per PE, all banks
  int value_bits = 0;  // an entry's weight field: the weight, or its code with a codebook
  int code_bits = 0;   // weights.codebook: ceil(log2 N); 0 without a codebook
  // With a codebook, per pass: the weight of each code, 1 << code_bits long. Code 0 is the zero
  // weight, codes 1.. the pass's distinct non-zero weights ascending, unused codes 0.
  std::vector<std::vector<int64_t>> codebooks;
  int fifo_depth = 0;
  int ew_group = 1;     // PEs per element-wise cell
  int unit_block = 1;   // units that stay together on a PE (model/partition.h)
  int entry_depth = 0;  // stored weight words per PE (max over PEs, at least 1)
  int ptr_bits = 0;     // a column's entry count (count ROM, FIFO)
  int end_bits = 0;     // width of a PE's entry count over a step
  std::vector<PassPlan> passes;
  std::vector<PePlan> pes;
  int64_t total_nonzeros = 0;
  int64_t total_entries = 0;
  CycleReport cycles;

  // Bits of a stored word: {first, index, weight or code} (csc), {first, weight or code}
  // (dense), the weight or code (circulant), as the decoder cells' (rnngen_dec_*).
  int EntryBits() const { return encoding->StoredBits(value_bits); }
  // Circulant: bits of a column's word for the engine, {first, quad, d0, base}; 0 otherwise.
  int ColWordBits() const;
  int EntryAddrBits() const;  // a word of the weight memory (rnngen_dec_* EAddrBits)
  int64_t IdealCyclesPerStep() const { return (total_nonzeros + pe_count - 1) / pe_count; }
  // Non-zeros over PE-cycles, at the steady throughput.
  double MacUtilization() const {
    return static_cast<double>(total_nonzeros) / (pe_count * cycles.cycles_per_step);
  }
};

Plan MakePlan(const Spec& spec, const Program& program);

// Cycle-by-cycle model of the controller, the FIFOs and the MAC engines (rnngen_ctrl.v,
// rnngen_pe_mac.v) over every pass of two steps, with x always valid and the output always ready.
// Data never changes the schedule, so this is exact.
CycleReport ModelStepCycles(const Plan& plan, const Program& program);

// PE k's entries up to the end of each pass, from its column counts (rnngen_pe_mac PassEnd).
std::vector<int64_t> PassEnds(const Plan& plan, int k);

int CeilLog2(int64_t n);  // smallest b with 2^b >= n

}  // namespace rnngen

#endif  // RNNGEN_PLAN_PLAN_H_
