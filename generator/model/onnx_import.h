// ONNX -> float network: the weights of a trained model, mapped onto the spec's layers.
//
// The graph's LSTM and GRU nodes, in node order, become spec.model.stack; its fully connected
// layers (Gemm, or MatMul with a constant weight followed by an Add of a constant bias) and their
// Relu/Sigmoid/Tanh become spec.model.head. Shape-only nodes between them (Squeeze, Unsqueeze,
// Transpose, Reshape, Identity, Dropout, Constant, Shape, Gather, Concat, Slice, Cast) are
// skipped. Initial states must be provably all zeros: left out, a zero constant, or a zero
// constant passed through Expand, ConstantOfShape, Reshape and the like whatever the shape operand
// (PyTorch's export builds them from the input's shape); the nodes that only compute initial
// states are skipped. Anything rnngen does not compute (clip, custom activations, input_forget,
// reverse or bidirectional direction, a non-zero or data-dependent initial state, sequence_lens,
// a shape that contradicts the spec, any other operator) is an error naming the node and the
// attribute or input.
#ifndef RNNGEN_MODEL_ONNX_IMPORT_H_
#define RNNGEN_MODEL_ONNX_IMPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "model/network.h"
#include "spec/spec.h"

namespace rnngen {

using OnnxImport = ImportedNetwork;  // errors: "node 'name' (LSTM): attribute clip: ..." each

// Reads `path` (an ONNX ModelProto file) against the resolved layers of `spec`.
OnnxImport ImportOnnx(const std::string& path, const Spec& spec);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_ONNX_IMPORT_H_
