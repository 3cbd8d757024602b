// The hand-written leaf cells (templates/*.v) and testbench (templates/sim/*.v), compiled into
// the binary.
#ifndef RNNGEN_EMIT_TEMPLATES_H_
#define RNNGEN_EMIT_TEMPLATES_H_

#include <map>
#include <string>

namespace rnngen {

// Path under templates/ ("rnngen_fifo.v", "sim/rnngen_tb.v") -> its text, copied verbatim into
// every design that uses it.
const std::map<std::string, std::string>& LeafCellSources();

}  // namespace rnngen

#endif  // RNNGEN_EMIT_TEMPLATES_H_
