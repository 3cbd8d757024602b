// sim/rnngen_act_top.v: the testbenches' top for a design. It wraps the design unchanged and
// counts each PE's activity (plan/activity.h) from the design's own strobes, read by
// hierarchical reference into one rnngen_act_probe per PE; nothing is added to the design that
// synthesis sees.
#ifndef RNNGEN_EMIT_ACTIVITY_TOP_H_
#define RNNGEN_EMIT_ACTIVITY_TOP_H_

#include <string>

#include "ir/design.h"

namespace rnngen {

// The wrapper module `rnngen_act_top`: the design's ports, plus act_sel_i (PE * kEventCount +
// event) and act_count_o (that counter, 64 bits, combinational).
std::string ActivityTopVerilog(const ir::Design& d);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_ACTIVITY_TOP_H_
