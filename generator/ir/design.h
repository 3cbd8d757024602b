// The hardware IR: what the array is (instances, widths, memories), independent of how Verilog
// spells it. Built from the spec, model and plan; checked by Verify(); lowered to the Verilog
// AST by emit/lower.cc.
#ifndef RNNGEN_IR_DESIGN_H_
#define RNNGEN_IR_DESIGN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"
#include "plan/plan.h"
#include "spec/spec.h"

namespace rnngen::ir {

// A $readmemh image: `depth` words of `width` bits.
struct MemoryImage {
  std::string file;
  std::string what;
  int width = 0;
  int depth = 0;
  std::vector<uint64_t> words;  // exactly `depth`, each < 2^width
  // Entries and column counts: what the weights take, counted in the bits per non-zero
  // (biases, codebooks and activation tables are not).
  bool weights = false;
};

struct Port {
  std::string name;
  bool output = false;
  int width = 1;
  std::string doc;
};

struct PeInstance {
  int index = 0;
  std::vector<int> units;  // per pass
  std::string entry_file;
  std::string count_file;                  // csc: entries per column; circulant: column words
  std::string bias_file;                   // bias ROM: word {pass, local row}
  std::vector<std::vector<int64_t>> bias;  // per pass, accumulator codes by local row, `rows`
  std::vector<std::vector<int64_t>> peep;  // per pass, weight codes by unit, 3 * max_units
  std::vector<int> dense_count;            // dense only: entries per column, per pass
  int64_t entries = 0;                     // entries of a step
  std::vector<int64_t> pass_end;           // entries up to the end of each pass (PassEnds)
  // Island designs (rnngen_pe_xing): entries and init tokens a step retires, and those up to
  // the end of each pass counted from the step's start (the first pass's token counts in the
  // step before).
  int64_t step_events = 0;
  std::vector<int64_t> pass_done;
};

// A pass as the controller and the PEs see it.
struct PassInfo {
  int op = 0;           // EwOp
  bool lbr = false;     // gru: linear_before_reset
  int act = 0;          // dense: HeadActivation
  int spu = 1;          // element-wise steps per unit
  int start = 0;        // the phase its element-wise phase starts at, a unit early (EwPrologue)
  int max_units = 0;    // units of the largest PE
  bool init = true;     // starts from the biases
  int state_base = 0;   // first state slot
  int dest_size = 0;    // elements of the vector it writes
  bool stored = false;  // some pass broadcasts that vector: it goes to the store's banks
  int dest_row = 0;     // if stored: bank row of its element 0 (element i: bank PeOfUnit(i),
                        // row dest_row + LocalUnit(i), model/partition.h)
};

// A run of broadcast columns: the x stream, or a whole stored vector (bank row `row` up).
struct SegmentInfo {
  int size = 0;
  bool is_x = false;
  int row = 0;            // bank row of element 0 (0 for x)
  bool pass_end = false;  // last segment of its pass
  bool dep = false;       // reads the vector the previous pass (cyclically) writes
  int src = 0;            // the pass that writes the vector (0 for x)
};

// A voltage island: PEs whose MAC engines run on their own clock (docs/architecture.md).
struct Island {
  std::string name;  // instance u_island_<name>, clock input clk_<name>_i
  std::vector<int> pes;
  double clock_mhz = 0;
  double vdd = 0;
};

struct Design {
  std::string spec_name;
  std::string top;  // <name>_top
  std::shared_ptr<const WeightEncoding> encoding;  // the plan's
  int input_size = 0, output_size = 0, cols = 0;
  int pe_count = 0, max_units = 0, rows = 0, state_slots = 0, fifo_depth = 0;
  int weight_bits = 0, weight_frac = 0, act_bits = 0, act_frac = 0, state_bits = 0, state_frac = 0;
  int acc_bits = 0, index_bits = 0, lut_bits = 0, acc_shift = 0, state_shift = 0;
  int entry_depth = 0, ptr_bits = 0, end_bits = 0;
  // Circulant: log2 of the block size (units stay together on a PE in blocks of 2^block_bits),
  // and the bits of a column's word (plan/plan.h CirculantColumn); 0 otherwise.
  int block_bits = 0, col_word_bits = 0;
  int ew_group = 1;  // PEs per element-wise cell (array.ew_group)
  bool has_peep = false, has_gru = false;
  // Vector store (rnngen_vbuf): one RAM bank per PE holding the broadcast vectors, bank_depth
  // rows each; and a copy of the output vector (written by pass out_pass, the last) for the
  // output stream, out_depth rows per bank.
  int store_size = 0;  // elements of every vector a pass writes
  int bank_depth = 0;
  int out_depth = 0;
  int out_pass = 0;
  std::vector<PassInfo> passes;
  std::vector<SegmentInfo> segments;
  std::string sigmoid_file, tanh_file;
  // weights.codebook: an entry's code width, and every PE's copy of the codebooks (word
  // {pass, code}); 0 and "" without.
  int code_bits = 0;
  std::string codebook_file;
  std::vector<Port> ports;
  std::vector<PeInstance> pes;
  std::vector<MemoryImage> memories;
  std::vector<std::string> leaf_cells;  // template modules the design instantiates
  // Array clock (controller, vector store, element-wise cells) and its supply; the islands on
  // clocks of their own. An island the power model runs at the array clock is part of the array
  // domain (no crossing); none left: one clock domain, today's design.
  double clock_mhz = 0;
  double top_vdd = 0;
  std::vector<Island> islands;
  int done_bits = 0;         // island designs: width of the retired count that crosses
  int async_fifo_depth = 0;  // island designs: fifo_depth rounded up to a power of two, >= 8

  // Island designs: an upper bound on a step's array-clock cycles, from the single-clock cycle
  // model's `predicted` for that step (docs/architecture.md, "Cycles of an island design").
  int64_t StepCyclesBound(int64_t predicted) const;
  // The index in `islands` of the island PE `pe` is in; -1 on the array clock.
  int IslandOf(int pe) const;
  bool AllPesInIslands() const;  // no PE on the array clock (a design with islands)
  // Some PE is one rnngen_pe: on the array clock, with an element-wise cell of its own (a PE of
  // an island, or of a group, is split into its MAC engine and its cell).
  bool HasWholePe() const;

  int col_bits() const;     // broadcast column index width
  int pass_bits() const;    // pass index width
  int unit_bits() const;    // element-wise unit counter width
  int member_bits() const;  // element-wise member index width (1 without groups)
  int slot_bits() const;    // state slot index width
  int bank_bits() const;    // store bank index width
  int row_bits() const;     // store bank row width
};

// `islands`: the chosen islands (power.c of the power model); those slower than `clock_mhz`
// get clocks of their own.
Design BuildDesign(const Spec& spec, const Model& model, const Plan& plan,
                   std::vector<Island> islands = {}, double clock_mhz = 0, double top_vdd = 0);

// Internal invariants (a failure is a generator bug, not a user error). Returns the problems.
std::vector<std::string> Verify(const Design& d);

}  // namespace rnngen::ir

#endif  // RNNGEN_IR_DESIGN_H_
