// The whole pipeline after parsing: spec -> model -> plan -> IR -> Verilog AST -> design folder.
#ifndef RNNGEN_EMIT_GENERATE_H_
#define RNNGEN_EMIT_GENERATE_H_

#include <map>
#include <string>

#include "ir/design.h"
#include "spec/spec.h"

namespace rnngen {

// The generated Verilog: file name -> text. Leaf cells from templates/ plus the emitted top.
std::map<std::string, std::string> EmitVerilog(const ir::Design& design);

struct GenerateSummary {
  std::string line;  // one line for the terminal
};

// Throws std::runtime_error on file-system errors and std::logic_error on internal errors.
// `force`: replace out_dir even if it is a folder rnngen did not write.
GenerateSummary GenerateDesign(const Spec& spec, const std::string& out_dir, bool force = false);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_GENERATE_H_
