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
#include "plan/activity.h"
#include "plan/plan.h"
#include "power/power.h"

namespace rnngen {
namespace {

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// (e): the same spec pruned load_balanced instead of magnitude, priced at one supply by (b)'s
// rule, with its task accuracy on the same sequences when they are labelled.
PruningWhatIf LoadBalancedWhatIf(const Spec& given, const Model& now_model,
                                 const PowerReport& power, const Sequences& data,
                                 const AccuracyReport& now) {
  Spec alt = given;
  alt.weights.pruning = Pruning::kLoadBalanced;
  PruningWhatIf e;
  Model model;
  try {
    model = BuildModelFrom(alt, now_model.dense);
  } catch (const ModelError& error) {  // e.g. frac: auto finds no format for those weights
    e.not_built = error.what();
    return e;
  }
  const Plan plan = MakePlan(model.spec, model.quant);
  e.cycles_per_step = plan.cycles.cycles_per_step;
  e.step_us_at_clock = plan.cycles.cycles_per_step / given.power.clock_mhz;
  e.priced = PriceOneSupply(power, plan, PredictActivity(plan, model.quant), "e",
                            "load_balanced pruning instead of magnitude, one supply (b's rule)");
  if (now.labelled > 0) {
    const auto codes = QuantizeSequences(data, model.spec.arithmetic.activation);
    const AccuracyReport a = MeasureAccuracy(model, data, FixedRun(model.quant, codes));
    e.labelled = a.labelled;
    e.accuracy = a.rate(a.correct_fixed);
    e.accuracy_now = now.rate(now.correct_fixed);
  }
  return e;
}

}  // namespace

std::map<std::string, std::string> EmitVerilog(const ir::Design& design) {
  std::map<std::string, std::string> files;
  for (const std::string& cell : design.leaf_cells) files[cell + ".v"] = LeafCell(cell + ".v");
  files[design.top + ".v"] = vast::EmitModule(*LowerTop(design));
  for (const ir::Island& island : design.islands) {
    files[IslandModuleName(design, island) + ".v"] = vast::EmitModule(*LowerIsland(design, island));
  }
  return files;
}

GenerateSummary GenerateDesign(const Spec& given, const std::string& out_dir, bool force) {
  const Model model = BuildModel(given);
  const Spec& spec = model.spec;  // formats chosen
  const Plan plan = MakePlan(spec, model.quant);
  std::vector<EventCounts> activity = PredictActivity(plan, model.quant);
  PowerReport power = AnalysePower(spec, plan, model.quant, activity);
  std::vector<ir::Island> islands;
  for (const IslandFigures& i : power.c.islands) {
    islands.push_back({i.name, i.pes, i.clock_mhz, i.vdd});
  }
  const ir::Design design =
      ir::BuildDesign(spec, model, plan, std::move(islands), power.c.top_clock_mhz, power.c.top_vdd);
  const std::vector<std::string> problems = ir::Verify(design);
  if (!problems.empty()) {
    throw std::logic_error(
        fmt::format("internal error: IR check failed: {}", fmt::join(problems, "; ")));
  }
  // Island designs: each pass that starts afresh sends an island's PEs an init token through
  // their crossing FIFOs (rnngen_pe_xing), one push and one pop more per such pass. The power model
  // above prices the single-clock counts: the tokens' energy is below its resolution.
  for (const ir::PeInstance& pe : design.pes) {
    if (design.IslandOf(pe.index) < 0) continue;
    const int64_t tokens = pe.step_events - pe.entries;
    activity[pe.index][static_cast<size_t>(Event::kFifoPush)] += tokens;
    activity[pe.index][static_cast<size_t>(Event::kFifoPop)] += tokens;
  }
  GeneratedDesign g;
  g.activity = std::move(activity);
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
  g.outputs = RunModels(model, data, g.expected);
  g.accuracy = MeasureAccuracy(g.outputs, data);
  if (given.weights.pruning == Pruning::kMagnitude && given.weights.density < 1) {
    power.e = LoadBalancedWhatIf(given, model, power, data, g.accuracy);
  }
  g.power = &power;
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
  s.line += fmt::format(
      "\n{}: power (a model): {} island(s), {:.1f} pJ per step, {:.1f}% below one supply at "
      "nominal ({:.1f}% with one island per PE)",
      spec.name, power.c.islands.size(), power.c.energy_pj(), 100 * power.Saving(power.c),
      100 * power.Saving(power.per_pe));
  return s;
}

}  // namespace rnngen
