// Model -> Plan: which rows each PE owns, each PE's encoded weight stream (dense or EIE CSC),
// memory sizes, and the exact cycle count of one step from a cycle model of the array.
#ifndef RNNGEN_PLAN_PLAN_H_
#define RNNGEN_PLAN_PLAN_H_

#include <cstdint>
#include <vector>

#include "model/lstm.h"
#include "spec/spec.h"

namespace rnngen {

// One stored entry. Csc: `index` = zero rows skipped before it within its column slice (since
// the previous entry, or since row 0); a padding entry has weight 0. Dense: index is 0.
struct Entry {
  int index = 0;
  int64_t weight = 0;
};

// EIE relative-index encoding of one column slice. A gap longer than 2^index_bits - 1 zeros is
// bridged by padding entries (weight 0, index 2^index_bits - 1), each covering index+1 rows.
std::vector<Entry> EncodeCscColumn(const std::vector<int64_t>& column, int index_bits);
// Inverse of EncodeCscColumn for a slice of `rows` rows.
std::vector<int64_t> DecodeCscColumn(const std::vector<Entry>& entries, int rows);

struct PePlan {
  int units = 0;               // hidden units owned: pe, pe + P, pe + 2P, ...
  std::vector<Entry> entries;  // all columns, in column order
  std::vector<int> col_count;  // entries per column
  std::vector<int64_t> bias;   // accumulator codes by local row 4*u + gate; 4*max_units long
  int64_t nonzeros = 0;        // non-zero weights (entries minus padding, or minus zeros)
  int64_t padding = 0;         // csc padding entries
};

struct CycleReport {
  int64_t mac_cycles = 0;       // broadcast + MAC + pipeline drain
  int64_t ew_cycles = 0;        // element-wise phase
  int64_t cycles_per_step = 0;  // mac_cycles + ew_cycles
  int64_t busiest_pe_entries = 0;  // entries of the PE with the most
  int64_t starved_cycles = 0;  // MAC-phase cycles in which that PE issued nothing
};

struct Plan {
  Encoding encoding = Encoding::kCsc;
  int pe_count = 0;
  int max_units = 0;
  int input_size = 0;
  int hidden_size = 0;
  int cols = 0;
  int index_bits = 0;
  int fifo_depth = 0;
  int entry_depth = 0;  // entry memory words per PE (max over PEs, at least 1)
  int ptr_bits = 0;     // column pointer / count width
  std::vector<PePlan> pes;
  int64_t total_nonzeros = 0;
  int64_t total_entries = 0;
  CycleReport cycles;

  int64_t IdealCyclesPerStep() const { return (total_nonzeros + pe_count - 1) / pe_count; }
};

Plan MakePlan(const Spec& spec, const LstmQuantWeights& weights);

// Cycle-by-cycle model of the controller, the FIFOs and the MAC engines (rnngen_ctrl.v,
// rnngen_pe.v), with x always valid and h always ready. Data never changes the schedule, so
// this is exact.
CycleReport ModelStepCycles(const Plan& plan);

int CeilLog2(int64_t n);  // smallest b with 2^b >= n

}  // namespace rnngen

#endif  // RNNGEN_PLAN_PLAN_H_
