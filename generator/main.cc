// rnngen: YAML accelerator spec -> sparse LSTM array in Verilog, with memory images, manifest,
// report and file list.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "emit/generate.h"
#include "model/model.h"
#include "model/model_probe.h"
#include "spec/spec.h"

int main(int argc, char** argv) {
  // A paper-sized layer's model is a few 20 MB matrices, copied for the power model's what-ifs:
  // kept on the heap and reused when freed, rather than mapped and faulted in afresh each time
  // (the ESE layer: about a third less time, most of it the kernel's).
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  CLI::App app{"rnngen: sparse LSTM accelerator generator (spec.yaml -> Verilog)", "rnngen"};
  std::string spec_path;
  std::string out_dir = "rtl_out";
  app.add_option("spec", spec_path, "accelerator spec (YAML, see docs/spec.md)")->required();
  app.add_option("-o,--output", out_dir, "output folder (replaced as a whole on success)")
      ->capture_default_str();
  bool force = false;
  app.add_flag("--force", force, "replace the output folder even if rnngen did not write it");
  app.set_version_flag("--version", "rnngen " RNNGEN_VERSION);
  CLI11_PARSE(app, argc, argv);

  rnngen::ParseResult parsed = rnngen::ParseSpecFile(spec_path, rnngen::ProbeModelFile);
  if (!parsed.spec) {
    for (const auto& d : parsed.errors) {
      std::fprintf(stderr, "%s\n", rnngen::FormatDiagnostic(d).c_str());
    }
    std::fprintf(stderr, "%zu error%s generated; nothing written\n", parsed.errors.size(),
                 parsed.errors.size() == 1 ? "" : "s");
    return 1;
  }
  try {
    const rnngen::GenerateSummary summary = rnngen::GenerateDesign(*parsed.spec, out_dir, force);
    std::printf("%s\n", summary.line.c_str());
  } catch (const rnngen::ModelError& e) {
    for (const auto& d : e.diagnostics) {
      std::fprintf(stderr, "%s\n", rnngen::FormatDiagnostic(d).c_str());
    }
    std::fprintf(stderr, "%zu error%s generated; nothing written\n", e.diagnostics.size(),
                 e.diagnostics.size() == 1 ? "" : "s");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rnngen: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
