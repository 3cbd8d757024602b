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
};

struct Port {
  std::string name;
  bool output = false;
  int width = 1;
  std::string doc;
};

struct PeInstance {
  int index = 0;
  int units = 0;
  std::string entry_file;
  std::string ptr_file;       // csc only
  std::vector<int64_t> bias;  // accumulator codes by local row, 4*max_units
};

struct Design {
  std::string spec_name;
  std::string top;  // <name>_top
  bool dense = false;
  int input_size = 0, hidden_size = 0, cols = 0;
  int pe_count = 0, max_units = 0, fifo_depth = 0;
  int weight_bits = 0, act_bits = 0, act_frac = 0, state_bits = 0, state_frac = 0;
  int acc_bits = 0, index_bits = 0, lut_bits = 0, acc_shift = 0, state_shift = 0;
  int entry_depth = 0, ptr_bits = 0;
  std::string sigmoid_file, tanh_file;
  std::vector<Port> ports;
  std::vector<PeInstance> pes;
  std::vector<MemoryImage> memories;
  std::vector<std::string> leaf_cells;  // template modules the design instantiates

  int col_bits() const;   // broadcast column index width
  int step_bits() const;  // element-wise step counter width
};

Design BuildDesign(const Spec& spec, const Model& model, const Plan& plan);

// Internal invariants (a failure is a generator bug, not a user error). Returns the problems.
std::vector<std::string> Verify(const Design& d);

}  // namespace rnngen::ir

#endif  // RNNGEN_IR_DESIGN_H_
