// The shape of an imported model file, read before the spec is checked (spec.h ModelProbe): a
// spec that imports it may leave out what the file carries.
#ifndef RNNGEN_MODEL_MODEL_PROBE_H_
#define RNNGEN_MODEL_MODEL_PROBE_H_

#include <optional>
#include <string>

#include "spec/spec.h"

namespace rnngen {

// ONNX: each LSTM or GRU node's cell, hidden_size attribute, W's input width, P input
// (peepholes) and linear_before_reset attribute; each Gemm or MatMul after them a head layer of
// its B's width, with the Relu, Sigmoid or Tanh that follows it. NPZ (model/npz_import.h's
// names): each layer<l> from its W, R and proj shapes (the gate count tells the cell) and P;
// each head<k> from its W. An .npz carries neither linear_before_reset nor head activations.
// Lenient: the importer checks the file against the completed spec.
std::optional<ModelShape> ProbeModelFile(const std::string& source, const std::string& path,
                                         std::string* why);

// The probe for a generated design folder's spec.yaml: it reads the folder's copy of the model,
// `folder`/weights.<source> (emit/output.h InputFileName), wherever the spec's path pointed.
ModelProbe DesignFolderProbe(const std::string& folder);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_MODEL_PROBE_H_
