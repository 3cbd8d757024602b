// Power intent and timing constraints of a design with voltage islands (docs/power.md, "Power
// intent and constraints"): <name>.upf (IEEE 1801 domains, supplies, level shifters, supply
// states), <name>.sdc (clocks and the crossings, for OpenSTA and Synopsys-style tools) and
// <name>.xdc (the same in Vivado's form). They name the instances and registers of the island RTL
// (docs/architecture.md, "Voltage islands"); scripts/check_constraints.tcl checks them against the
// names Yosys finds in the emitted Verilog. A design of one clock domain has none of them.
#ifndef RNNGEN_EMIT_CONSTRAINTS_H_
#define RNNGEN_EMIT_CONSTRAINTS_H_

#include <string>
#include <vector>

#include "ir/design.h"

namespace rnngen {

std::string UpfText(const ir::Design& d);
std::string SdcText(const ir::Design& d);
std::string XdcText(const ir::Design& d);

// One of the files: its key in manifest.json's power.files ("upf", "sdc", "xdc"), its name in
// the design folder (<spec name>.<key>) and its text.
struct ConstraintFile {
  std::string key;
  std::string file;
  std::string text;
};
// The three files when the design has islands (in the order upf, sdc, xdc); none otherwise.
std::vector<ConstraintFile> ConstraintFiles(const ir::Design& d);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_CONSTRAINTS_H_
