// Writes a generated design folder: Verilog, memory images, filelist.f, manifest.json, report.md
// and a copy of the spec. Everything goes to a temporary folder beside the target that is
// renamed into place only when complete, so a failed run leaves an existing folder untouched.
#ifndef RNNGEN_EMIT_OUTPUT_H_
#define RNNGEN_EMIT_OUTPUT_H_

#include <map>
#include <string>

#include "ir/design.h"
#include "model/accuracy.h"
#include "model/model.h"
#include "plan/activity.h"
#include "plan/plan.h"
#include "power/power.h"
#include "spec/spec.h"

namespace rnngen {

struct GeneratedDesign {
  const Spec* spec = nullptr;
  const Model* model = nullptr;
  const Plan* plan = nullptr;
  const ir::Design* design = nullptr;
  std::map<std::string, std::string> verilog;  // file name -> text, one module per file
  std::string spec_text;                       // the spec file's bytes, copied as spec.yaml
  // The files the spec reads (SpecInputFiles), copied into the folder.
  struct InputFile {
    std::string key;   // "weights.path"
    std::string name;  // in the folder: "weights.onnx"
    std::string bytes;
  };
  std::vector<InputFile> input_files;
  // The simulation vectors of sim/, per sequence: input codes x_t and the bit-accurate model's
  // outputs y_t.
  std::vector<CodeSequence> stimulus;
  std::vector<CodeSequence> expected;
  ModelOutputs outputs;                // float, pruned and fixed point on the same sequences
  AccuracyReport accuracy;             // from them
  std::vector<EventCounts> activity;   // PredictActivity(plan, program): per PE, per step
  const PowerReport* power = nullptr;  // the power model's answer (none: no power figures)
};

// Where the copy of the file read for `key` goes in a design folder.
std::string InputFileName(const Spec& spec, const std::string& key);

std::string ManifestJson(const GeneratedDesign& g);
std::string ReportMarkdown(const GeneratedDesign& g);
std::string MemoryImageText(const ir::MemoryImage& m);
// sim/tb_config.vh: the defines templates/sim/rnngen_tb.v reads.
std::string TestbenchConfig(const GeneratedDesign& g);

// The testbenches' clocks: clk_i has a half period of kSimArrayHalfPs and rises first at that
// time; each island clock's half period is in the ratio of the clocks the power model chose, and
// its first rising edge (its phase) is drawn from sim.input_seed.
inline constexpr int64_t kSimArrayHalfPs = 5000;
struct SimClock {
  std::string port;
  int64_t half_ps = 0;
  int64_t phase_ps = 0;  // first rising edge
};
std::vector<SimClock> SimClocks(const GeneratedDesign& g);
// Array clock cycles both testbenches hold reset for: 4, or enough for every island clock to
// rise three times whatever its phase, so that each island's reset synchroniser releases its
// domain from reset before the array starts (an island on a slow clock, e.g. one whose PEs
// have no weights, would otherwise keep its power-up state).
int64_t SimResetCycles(const std::vector<SimClock>& clocks);
// Idle array clock cycles both testbenches run after a sequence's last output, before the next
// reset or the end: 2, or with islands enough for a crossing to finish (the latency
// power/islands.h allows one: kXingIslandCyclesPerPass of the slowest island's cycles and
// kXingArrayCyclesPerPass): the next step's first init token, pushed before the last output,
// reaches its island's engine and is popped there, so that every predicted event has happened.
int64_t SimDrainCycles(const std::vector<SimClock>& clocks);
// sim/tb_clocks.h: RNNGEN_ISLAND_CLOCKS(top) for tb/tb_main.cc.
std::string TbClocksHeader(const GeneratedDesign& g);

// One file of a design folder: its path in the folder and its text.
struct Artefact {
  std::string file;
  std::string text;
};
// Every file of the folder, in writing order.
std::vector<Artefact> DesignArtefacts(const GeneratedDesign& g);

// Writes everything into a temporary folder beside out_dir and renames it into place only when
// all of it is written, so a failed run leaves an existing out_dir as it was. Replaces only an
// empty folder or one rnngen wrote, unless `force`; never a file. Throws std::runtime_error with
// a readable message on any file-system failure.
void WriteDesignFolder(const GeneratedDesign& g, const std::string& out_dir, bool force);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_OUTPUT_H_
