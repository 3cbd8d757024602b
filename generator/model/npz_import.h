// NumPy .npz -> float network: trained weights as named arrays, mapped onto the spec's layers.
//
// For recurrent layer l (0-based; G gates, ONNX order: LSTM i, o, f, c; GRU z, r, h; H =
// hidden_size, I = its input size, O = its output_size()):
//   layer{l}.W     (G*H, I)
//   layer{l}.R     (G*H, O)
//   layer{l}.B     (2*G*H,)   W biases then R biases; optional (zeros)
//   layer{l}.P     (3*H,)     LSTM peepholes i, o, f; required iff the layer has peepholes
//   layer{l}.proj  (proj_size, H)  LSTMP projection; required iff the layer has proj_size
// W, R, B and P may also carry ONNX's leading num_directions axis of 1: (1, G*H, I) and so on.
// For head layer k:
//   head{k}.W      (size, input)
//   head{k}.b      (size,)    optional (zeros)
// A missing required array, a name not in this list (so typos are caught), a wrong shape,
// integer weights and NaN or infinite values are errors naming the array.
#ifndef RNNGEN_MODEL_NPZ_IMPORT_H_
#define RNNGEN_MODEL_NPZ_IMPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "model/network.h"
#include "spec/spec.h"

namespace rnngen {

using NpzImport = ImportedNetwork;  // errors: "array 'layer0.W': ..." each

// Reads `path` (an .npz archive, as np.savez writes) against the resolved layers of `spec`.
NpzImport ImportNpz(const std::string& path, const Spec& spec);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_NPZ_IMPORT_H_
