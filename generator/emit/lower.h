// IR -> Verilog AST: the design's top module, which wires the controller, the h buffer and one
// rnngen_pe instance per PE with its memory images and biases; in a design with voltage islands,
// one module per island besides.
#ifndef RNNGEN_EMIT_LOWER_H_
#define RNNGEN_EMIT_LOWER_H_

#include <memory>

#include "emit/vast.h"
#include "ir/design.h"

namespace rnngen {

std::unique_ptr<vast::Module> LowerTop(const ir::Design& design);

// An island design's module per island: the MAC engines of its PEs (docs/architecture.md).
std::string IslandModuleName(const ir::Design& design, const ir::Island& island);
std::unique_ptr<vast::Module> LowerIsland(const ir::Design& design, const ir::Island& island);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_LOWER_H_
