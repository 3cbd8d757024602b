#include "emit/generate.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "emit/lower.h"
#include "emit/output.h"
#include "emit/templates.h"
#include "emit/vast.h"
#include "model/accuracy.h"
#include "model/model.h"
#include "plan/plan.h"

namespace rnngen {
namespace {

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

std::map<std::string, std::string> EmitVerilog(const ir::Design& design) {
  std::map<std::string, std::string> files;
  for (const std::string& cell : design.leaf_cells) files[cell + ".v"] = LeafCell(cell + ".v");
  files[design.top + ".v"] = vast::EmitModule(*LowerTop(design));
  return files;
}

GenerateSummary GenerateDesign(const Spec& given, const std::string& out_dir, bool force) {
  const Model model = BuildModel(given);
  const Spec& spec = model.spec;  // formats chosen
  const Plan plan = MakePlan(spec, model.quant);
  const ir::Design design = ir::BuildDesign(spec, model, plan);
  const std::vector<std::string> problems = ir::Verify(design);
  if (!problems.empty()) {
    throw std::logic_error(
        fmt::format("internal error: IR check failed: {}", fmt::join(problems, "; ")));
  }
  GeneratedDesign g;
  g.spec = &spec;
  g.model = &model;
  g.plan = &plan;
  g.design = &design;
  g.verilog = EmitVerilog(design);
  g.spec_text = ReadBytes(spec.path);
  Spec copy = spec;
  for (const auto& [key, path] : SpecInputFiles(&copy)) {
    g.input_files.push_back({key, InputFileName(spec, key), ReadBytes(*path)});
  }
  const Sequences data = LoadSimSequences(spec);
  g.stimulus = QuantizeSequences(data, spec.arithmetic.activation);
  g.expected = FixedRun(model.quant, g.stimulus);
  g.accuracy = MeasureAccuracy(model, data, g.expected);
  WriteDesignFolder(g, out_dir, force);
  GenerateSummary s;
  s.line = fmt::format(
      "{}: wrote {} ({} PEs, {} non-zeros, predicted {} cycles/step, ideal {}, "
      "MAC utilisation {:.3f})",
      spec.name, out_dir, plan.pe_count, plan.total_nonzeros, plan.cycles.cycles_per_step,
      plan.IdealCyclesPerStep(), plan.MacUtilization());
  const AccuracyReport& a = g.accuracy;
  if (a.labelled > 0) {
    const auto pct = [&](int64_t c) { return 100.0 * a.rate(c); };
    s.line += fmt::format(
        "\n{}: accuracy on {} labels: float {:.2f}%, pruned float {:.2f}%, "
        "fixed point {:.2f}%",
        spec.name, a.labelled, pct(a.correct_float), pct(a.correct_pruned), pct(a.correct_fixed));
  }
  return s;
}

}  // namespace rnngen
