// Weights or data that cannot be built from a spec (an ONNX model or an .npy file that does not
// fit it): every problem, located at the spec key that names the file.
#ifndef RNNGEN_MODEL_MODEL_ERROR_H_
#define RNNGEN_MODEL_MODEL_ERROR_H_

#include <stdexcept>
#include <string>
#include <vector>

#include "spec/spec.h"

namespace rnngen {

struct ModelError : std::runtime_error {
  explicit ModelError(std::vector<Diagnostic> diagnostics)
      : std::runtime_error(diagnostics.empty() ? "model error" : diagnostics[0].message),
        diagnostics(std::move(diagnostics)) {}
  std::vector<Diagnostic> diagnostics;
};

// Where `key` ("weights.path") was written in the spec, or the spec file itself.
inline SourceLoc KeyLoc(const Spec& spec, const std::string& key) {
  const auto it = spec.locs.find(key);
  return it != spec.locs.end() ? it->second : SourceLoc{spec.path, 0, 0};
}

// Throws ModelError with each of `messages` at `key`.
[[noreturn]] inline void ThrowAt(const Spec& spec, const std::string& key,
                                 std::vector<std::string> messages) {
  std::vector<Diagnostic> errors;
  for (std::string& m : messages) errors.push_back({KeyLoc(spec, key), std::move(m)});
  throw ModelError(std::move(errors));
}

}  // namespace rnngen

#endif  // RNNGEN_MODEL_MODEL_ERROR_H_
