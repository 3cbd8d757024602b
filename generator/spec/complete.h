// Completing a spec's model section from the model file it imports, before the spec is checked:
// the keys the spec leaves out and the file carries are added to the YAML tree, so that every
// rule of the loader checks them as if written (at weights.path's position), and the importer
// still compares the file with every key the spec does give.
#ifndef RNNGEN_SPEC_COMPLETE_H_
#define RNNGEN_SPEC_COMPLETE_H_

#include <string>
#include <vector>

#include "spec/spec.h"
#include "spec/spec_reader.h"

namespace rnngen::spec_internal {

// For weights.source onnx or npz: adds to `root`'s model section what `probe` reads from
// weights.path and the section leaves out: the first layer's cell, input_size, hidden_size,
// proj_size, peepholes and linear_before_reset; layers and layer_overrides for the other layers
// when the spec gives neither; the head (sizes and activations) when it gives none. Appends
// each addition to *added ("model.hidden_size: 48"). A file it cannot read, when something is
// left out, is an error at weights.path.
void CompleteModel(YNode* root, const std::string& spec_path, const ModelProbe& probe,
                   std::vector<RawError>* errors, std::vector<std::string>* added);

}  // namespace rnngen::spec_internal

#endif  // RNNGEN_SPEC_COMPLETE_H_
