// libFuzzer entry point for the spec loader: any bytes must give a spec or diagnostics, never a
// crash, a sanitizer report, an uncaught exception or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "spec/spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const rnngen::ParseResult r = rnngen::ParseSpecString(text, "fuzz.yaml");
  // Exactly one of the two: a spec, or at least one diagnostic.
  if (r.spec.has_value() == !r.errors.empty()) std::abort();
  for (const rnngen::Diagnostic& d : r.errors) {
    const std::string line = rnngen::FormatDiagnostic(d);
    // Diagnostics are one line each and say what was expected.
    if (line.find('\n') != std::string::npos) std::abort();
    if (line.find("expected") == std::string::npos) std::abort();
  }
  return 0;
}
