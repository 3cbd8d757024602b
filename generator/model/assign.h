// Load-aware unit assignment (array.assignment: balanced). The array keeps its one rule: the unit
// at position j of a pass is on PE j mod P (model/partition.h), for pruning, plan, RTL and
// testbench alike. What this changes is which network unit sits at position j: the hidden units
// of a layer are relabelled, which the network's function does not see as long as every pass
// that reads the layer's vector takes its columns in the same order. So the RTL and the cycle
// model are unchanged, and the loads even out.
#ifndef RNNGEN_MODEL_ASSIGN_H_
#define RNNGEN_MODEL_ASSIGN_H_

#include <vector>

#include "model/program.h"

namespace rnngen {

// The position -> network unit permutation chosen for each vector (identity for x, for the
// vector streamed out, and for every vector left as it is).
using UnitOrder = std::vector<std::vector<int>>;

// Relabels the units of `p` for `pe_count` PEs: the passes that share units (one state bank, or
// a pass that keeps the previous pass's sums) move together; their units are dealt to PEs
// largest first (by non-zero weights), each to the PE with the least work so far that still has
// a free position (longest processing time first, with every PE keeping its unit count); a
// group keeps its order when that does not lower the busiest PE. The output vector keeps its
// order, so the outputs are the same codes. Returns the orders applied.
UnitOrder BalanceUnits(Program* p, int pe_count);

// Non-zero weights per PE of `p` under the modulo rule, all passes.
std::vector<int64_t> PeNonzeros(const Program& p, int pe_count);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_ASSIGN_H_
