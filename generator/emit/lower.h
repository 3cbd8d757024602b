// IR -> Verilog AST: the design's top module, which wires the controller, the h buffer and one
// rnngen_pe instance per PE with its memory images and biases.
#ifndef RNNGEN_EMIT_LOWER_H_
#define RNNGEN_EMIT_LOWER_H_

#include <memory>

#include "emit/vast.h"
#include "ir/design.h"

namespace rnngen {

std::unique_ptr<vast::Module> LowerTop(const ir::Design& design);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_LOWER_H_
