// Lookups on an ONNX node, for the importer (model/onnx_import.cc) and the shape probe
// (model/model_probe.cc).
#ifndef RNNGEN_MODEL_ONNX_NODE_H_
#define RNNGEN_MODEL_ONNX_NODE_H_

#include <onnx/onnx_pb.h>

#include <string_view>

namespace rnngen {

// The attribute `name` of `n`, or null.
inline const onnx::AttributeProto* NodeAttr(const onnx::NodeProto& n, std::string_view name) {
  for (const onnx::AttributeProto& a : n.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

// Whether input k is given (ONNX leaves out an optional input with an empty name).
inline bool NodeHasInput(const onnx::NodeProto& n, int k) {
  return k < n.input_size() && !n.input(k).empty();
}

}  // namespace rnngen

#endif  // RNNGEN_MODEL_ONNX_NODE_H_
