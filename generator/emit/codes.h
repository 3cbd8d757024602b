// The codes the leaf cells decode (the element-wise op of a pass, a head's activation) and their
// field widths. The C++ enums are their one source: a template holds them in a marked block of
// localparams ("// rnngen:codes begin" .. "// rnngen:codes end"), which the generator rewrites
// from the enums in every design it writes; a unit test keeps the stored copy equal, so the
// templates also lint and simulate on their own.
#ifndef RNNGEN_EMIT_CODES_H_
#define RNNGEN_EMIT_CODES_H_

#include <string>

namespace rnngen {

inline constexpr int kEwOpBits = 2;     // EwOp, PassOp's field
inline constexpr int kHeadActBits = 2;  // HeadActivation, PassAct's field

// The localparams, one a line, each line starting with `indent`.
std::string CodesBlock(const std::string& indent);

// `verilog` with every marked block replaced by CodesBlock (at the begin marker's indentation).
// Throws std::logic_error on an unterminated block.
std::string WithCodes(const std::string& verilog);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_CODES_H_
