// The hand-written leaf cells (templates/*.v), compiled into the binary.
#ifndef RNNGEN_EMIT_TEMPLATES_H_
#define RNNGEN_EMIT_TEMPLATES_H_

#include <map>
#include <string>

namespace rnngen {

// File name ("rnngen_fifo.v") -> its text, copied verbatim into every design that uses it.
const std::map<std::string, std::string>& LeafCellSources();

}  // namespace rnngen

#endif  // RNNGEN_EMIT_TEMPLATES_H_
