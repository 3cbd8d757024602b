// The hand-written leaf cells (templates/*.v) and testbench (templates/sim/*.v), compiled into
// the binary.
#ifndef RNNGEN_EMIT_TEMPLATES_H_
#define RNNGEN_EMIT_TEMPLATES_H_

#include <map>
#include <string>

namespace rnngen {

// Path under templates/ ("rnngen_fifo.v", "sim/rnngen_tb.v") -> its text as stored.
const std::map<std::string, std::string>& LeafCellSources();

// The text a design gets for `path`: its source with the codes block rewritten (emit/codes.h).
// Throws std::logic_error for a path that is not a template.
std::string LeafCell(const std::string& path);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_TEMPLATES_H_
