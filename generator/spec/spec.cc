// Spec loader: reads the document tree (spec_tree.cc) and checks it against the v1 schema,
// collecting every problem it finds instead of stopping at the first (docs/spec.md). The generic
// readers are in spec_reader.cc; this file holds the schema of the network, weights,
// arithmetic, array, sparsity and sim sections and the rules between them; the power section
// is in spec_power.cc.
#include "spec/spec.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "fmt/format.h"
#include "model/fixed_point.h"
#include "model/network.h"
#include "spec/complete.h"
#include "spec/spec_reader.h"

namespace rnngen {
namespace spec_internal {
namespace {

constexpr size_t kMaxSpecBytes = size_t{1} << 20;
constexpr size_t kMaxErrors = 100;
constexpr int64_t kMaxWeights = int64_t{1} << 26;
constexpr int kMaxSize = 4096;  // input_size, hidden_size and head sizes
constexpr int kMaxLayers = 16;
constexpr int64_t kMaxSeed = std::numeric_limits<int64_t>::max();

const std::vector<std::string> kTopKeys = {"name",  "model",    "weights", "arithmetic",
                                           "array", "sparsity", "sim",     "power"};
const std::vector<std::string> kModelKeys = {
    "cell",      "input_size",          "hidden_size",     "layers", "proj_size",
    "peepholes", "linear_before_reset", "layer_overrides", "head"};
const std::vector<std::string> kOverrideKeys = {"layer",     "cell",      "hidden_size",
                                                "proj_size", "peepholes", "linear_before_reset"};
const std::vector<std::string> kHeadKeys = {"size", "activation"};
const std::vector<std::string> kCells = {"lstm", "gru"};
const std::vector<std::string> kHeadActivations = {"none", "relu", "sigmoid", "tanh"};
const std::vector<std::string> kWeightsKeys = {"source",  "path",        "seed",    "density",
                                               "pruning", "calibration", "codebook"};
const std::vector<std::string> kArithmeticKeys = {"weight",           "activation",    "state",
                                                  "accumulator_bits", "activation_fn", "lut_bits"};
const std::vector<std::string> kFormatKeys = {"bits", "frac"};
const std::vector<std::string> kArrayKeys = {"pe_count", "fifo_depth", "ew_group", "assignment"};
const std::vector<std::string> kSparsityKeys = {"encoding", "index_bits", "block_size"};
const std::vector<std::string> kSimKeys = {"timesteps", "input_seed", "inputs", "labels"};

// "layer 1 (gru)"
std::string LayerName(size_t k, const Spec::Recurrent& r) {
  return fmt::format("layer {} ({})", k, CellWord(r.cell));
}

// What a layer emits, as a message names it: "proj_size 64" or "hidden_size 128".
std::string OutputName(const Spec::Recurrent& r) {
  return r.proj_size > 0 ? fmt::format("proj_size {}", r.proj_size)
                         : fmt::format("hidden_size {}", r.hidden_size);
}

// G x H x (input + output) for the gates over [x; y], plus the LSTMP projection.
int64_t WeightCount(const Spec::Recurrent& r) {
  return int64_t{GateCount(r.cell)} * r.hidden_size * (r.input_size + r.output_size()) +
         int64_t{r.proj_size} * r.hidden_size;
}

// The widest matrix pass of the network, which sets the accumulator width: its fan-in and the
// name of the first pass that has it.
std::pair<int64_t, std::string> WidestPass(const Spec::Model& m) {
  std::pair<int64_t, std::string> widest = {0, ""};
  const auto consider = [&](int64_t fan_in, const std::string& name) {
    if (fan_in > widest.first) widest = {fan_in, name};
  };
  for (size_t k = 0; k < m.stack.size(); ++k) {
    const Spec::Recurrent& r = m.stack[k];
    consider(r.input_size + r.output_size(), LayerName(k, r));
    if (r.proj_size > 0) consider(r.hidden_size, LayerName(k, r) + " projection");
  }
  for (size_t i = 0; i < m.head.size(); ++i) {
    consider(m.head[i].input_size, fmt::format("head {}", i));
  }
  return widest;
}

std::string TopLevelExpectation() {
  return "expected a mapping with keys " + JoinList(kTopKeys, ", ");
}

}  // namespace

Checker::FormatField Checker::ReadFormat(const Section& arith, const std::string& key,
                                         FixedFormat def, int bits_lo, int bits_hi, int frac_lo) {
  FormatField out;
  out.section = SubSection(arith, key, kFormatKeys, false);
  const Section& s = out.section;
  out.bits = ReadInt(s, "bits", def.bits, bits_lo, bits_hi, s.present);
  const auto it = s.ok ? s.entries.find("frac") : s.entries.end();
  if (it != s.entries.end() && it->second.value->IsPlainScalar() &&
      it->second.value->value == "auto") {
    const Field<std::string> f = ReadString(s, "frac", "", false, "");
    out.frac = {def.frac, f.given, f.ok, f.line, f.col};
    out.frac_auto = true;
  } else if (out.bits.ok) {
    const int64_t b = out.bits.value;
    out.frac = ReadInt(s, "frac", def.frac, frac_lo, b - 1, s.present,
                       fmt::format("an integer {}..{} for bits {}, or auto", frac_lo, b - 1, b));
  } else {
    out.frac = ReadInt(s, "frac", def.frac, frac_lo, bits_hi - 1, s.present,
                       fmt::format("an integer {}..bits-1, or auto", frac_lo));
  }
  return out;
}

Checker::LayerKeys Checker::ReadLayerKeys(const Section& s, bool required) {
  LayerKeys k;
  ReadChoice(s, "cell", kCells, {}, required, 0, &k.cell);
  k.hidden_size = ReadInt(s, "hidden_size", 0, 1, kMaxSize, required);
  // The bound that matters, below the layer's hidden_size, is checked by ApplyLayerKeys.
  k.proj_size = ReadInt(s, "proj_size", 0, 1, kMaxSize - 1);
  k.peepholes = ReadBool(s, "peepholes", false);
  k.linear_before_reset = ReadBool(s, "linear_before_reset", false);
  return k;
}

// Applies the keys `k` of section `s` to `layer`, which holds its defaults (valid when
// `defaults_ok`). `which` names an overridden layer ("layer 2"), or is empty for the model's
// own keys. Cell-specific defaults belong to the default cell: a layer whose cell an override
// changes starts without them, so they never contradict it. Returns whether the layer is valid.
bool Checker::ApplyLayerKeys(const Section& s, const LayerKeys& k, bool defaults_ok,
                             const std::string& which, Spec::Recurrent* layer) {
  const bool cell_ok = k.cell.ok && (k.cell.given || defaults_ok);
  const bool hidden_ok = k.hidden_size.ok && (k.hidden_size.given || defaults_ok);
  bool ok = cell_ok && hidden_ok && defaults_ok;
  if (k.cell.ok && k.cell.given) {
    const CellType cell = k.cell.value == 0 ? CellType::kLstm : CellType::kGru;
    if (cell != layer->cell) {
      *layer = Spec::Recurrent{cell, layer->input_size, layer->hidden_size};
    }
  }
  if (k.hidden_size.ok && k.hidden_size.given) {
    layer->hidden_size = static_cast<int>(k.hidden_size.value);
  }
  const bool lstm = layer->cell == CellType::kLstm;
  const std::string cell_name = kCells[lstm ? 0 : 1];
  const std::string where = which.empty() ? "with cell " + cell_name
                                          : fmt::format("for {}, which is {}", which, cell_name);
  // A key that only the other cell has, given a value that means something.
  const auto wrong_cell = [&](int line, int col, const std::string& key, const std::string& value,
                              const std::string& absent) {
    ok = false;
    Error(line, col,
          fmt::format("{}: value {} applies to {} layers only (expected {} {})", Join(s.path, key),
                      value, kCells[lstm ? 1 : 0], absent, where));
  };
  const Field<int64_t>& proj = k.proj_size;
  const int hidden = layer->hidden_size;
  if (!proj.ok) {
    ok = false;
  } else if (proj.given && cell_ok && !lstm) {
    wrong_cell(proj.line, proj.col, "proj_size", std::to_string(proj.value), "no proj_size");
  } else if (proj.given && hidden_ok && proj.value >= hidden) {
    ok = false;
    Error(proj.line, proj.col,
          fmt::format(
              "{}: value {} is out of range (expected {})", Join(s.path, "proj_size"), proj.value,
              hidden > 1
                  ? fmt::format("an integer 1..{}, less than hidden_size {}", hidden - 1, hidden)
                  : "no proj_size with hidden_size 1"));
  } else if (proj.given) {
    layer->proj_size = static_cast<int>(proj.value);
  } else if (k.hidden_size.given && hidden_ok && layer->proj_size >= hidden) {
    // An override's hidden_size below the proj_size it inherits.
    ok = false;
    Error(k.hidden_size.line, k.hidden_size.col,
          fmt::format("{}: value {} is not more than the default proj_size {} (expected > {}, "
                      "or a smaller proj_size in this override)",
                      Join(s.path, "hidden_size"), hidden, layer->proj_size, layer->proj_size));
  }
  const Field<bool>& peep = k.peepholes;
  if (!peep.ok) {
    ok = false;
  } else if (peep.given && peep.value && cell_ok && !lstm) {
    wrong_cell(peep.line, peep.col, "peepholes", "true", "false or no peepholes");
  } else if (peep.given) {
    layer->peepholes = peep.value;
  }
  const Field<bool>& lbr = k.linear_before_reset;
  if (!lbr.ok) {
    ok = false;
  } else if (lbr.given && lbr.value && cell_ok && lstm) {
    wrong_cell(lbr.line, lbr.col, "linear_before_reset", "true", "false or no linear_before_reset");
  } else if (lbr.given) {
    layer->linear_before_reset = lbr.value;
  }
  return ok;
}

// Reads `model` into spec->model: the defaults as written, then the resolved stack and head.
Checker::NetworkField Checker::ReadModel(const Section& top, Spec::Model* m) {
  NetworkField net;
  const Section s = SubSection(top, "model", kModelKeys, true);
  const LayerKeys keys = ReadLayerKeys(s, true);
  const Field<int64_t> input_size = ReadInt(s, "input_size", 0, 1, kMaxSize, true);
  const Field<int64_t> layers = ReadInt(s, "layers", kDefault.model.layers, 1, kMaxLayers);
  Spec::Recurrent def;
  def.input_size = static_cast<int>(input_size.value);
  const bool def_ok = ApplyLayerKeys(s, keys, true, "", &def);
  m->cell = def.cell;
  m->input_size = def.input_size;
  m->hidden_size = def.hidden_size;
  m->layers = static_cast<int>(layers.value);
  m->proj_size = def.proj_size;
  m->peepholes = def.peepholes;
  m->linear_before_reset = def.linear_before_reset;
  net.hidden_size = keys.hidden_size;
  net.ok = def_ok && input_size.ok && layers.ok;
  const size_t count = layers.ok ? static_cast<size_t>(layers.value) : 0;
  m->stack.assign(count, def);
  net.hidden_locs.assign(count, {keys.hidden_size.line, keys.hidden_size.col});

  const ListField overrides = SubList(s, "layer_overrides", kOverrideKeys);
  net.ok = net.ok && overrides.ok;
  std::map<int64_t, int> seen;  // layer index -> line of its first override
  for (const Section& o : overrides.items) {
    const Field<int64_t> index =
        layers.ok
            ? ReadInt(o, "layer", 0, 0, layers.value - 1, true,
                      fmt::format("an integer 0..{} for layers {}", layers.value - 1, layers.value))
            : ReadInt(o, "layer", 0, 0, kMaxLayers - 1, true);
    const LayerKeys k = ReadLayerKeys(o, false);
    Spec::Recurrent layer = def;
    bool ok =
        ApplyLayerKeys(o, k, def_ok, index.ok ? fmt::format("layer {}", index.value) : "this layer",
                       &layer) &&
        index.ok;
    if (index.ok && !seen.emplace(index.value, index.line).second) {
      ok = false;
      Error(index.line, index.col,
            fmt::format("{}: value {} is overridden twice (expected each layer index once; "
                        "first at line {})",
                        Join(o.path, "layer"), index.value, seen[index.value]));
    }
    net.ok = net.ok && ok;
    if (!ok || static_cast<size_t>(index.value) >= count) continue;
    m->stack[index.value] = layer;
    if (k.hidden_size.given) {
      net.hidden_locs[index.value] = {k.hidden_size.line, k.hidden_size.col};
    }
  }
  for (size_t i = 1; i < m->stack.size(); ++i) {
    m->stack[i].input_size = m->stack[i - 1].output_size();
  }

  const ListField head = SubList(s, "head", kHeadKeys);
  net.ok = net.ok && head.ok;
  int input = m->stack.empty() ? 0 : m->stack.back().output_size();
  for (const Section& h : head.items) {
    const Field<int64_t> size = ReadInt(h, "size", 0, 1, kMaxSize, true);
    Field<int> activation;
    ReadChoice(h, "activation", kHeadActivations, {}, false, 0, &activation);
    net.ok = net.ok && size.ok && activation.ok;
    // kHeadActivations lists the enum in order.
    m->head.push_back(Spec::Dense{input, static_cast<int>(size.value),
                                  static_cast<HeadActivation>(activation.value)});
    input = m->head.back().size;
  }
  return net;
}

void Checker::CheckModelSize(const Spec::Model& m, const Field<int64_t>& hidden_size) {
  std::vector<int64_t> counts;  // recurrent layers, then head layers
  for (const Spec::Recurrent& r : m.stack) counts.push_back(WeightCount(r));
  for (const Spec::Dense& d : m.head) counts.push_back(int64_t{d.size} * d.input_size);
  const int64_t total = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  if (total <= kMaxWeights) return;
  std::string where;
  if (counts.size() == 1) {  // one layer: its formula
    const Spec::Recurrent& r = m.stack[0];
    where = fmt::format("{} x hidden_size {} x (input_size {} + {})", GateCount(r.cell),
                        r.hidden_size, r.input_size, OutputName(r));
    if (r.proj_size > 0) {
      where += fmt::format(" + proj_size {} x hidden_size {}", r.proj_size, r.hidden_size);
    }
  } else {
    // A head can be thousands of layers long; the message stays one readable line.
    constexpr size_t kMaxShown = 8;
    std::vector<std::string> parts;
    for (size_t i = 0; i < std::min(counts.size(), kMaxShown); ++i) {
      const std::string name = i < m.stack.size() ? LayerName(i, m.stack[i])
                                                  : fmt::format("head {}", i - m.stack.size());
      parts.push_back(fmt::format("{} {}", name, counts[i]));
    }
    if (counts.size() > kMaxShown) {
      parts.push_back(
          fmt::format("{} in {} more layers",
                      std::accumulate(counts.begin() + kMaxShown, counts.end(), int64_t{0}),
                      counts.size() - kMaxShown));
    }
    where = JoinList(parts, " + ");
  }
  Error(hidden_size.line, hidden_size.col,
        fmt::format("model too large: {} weights = {} (expected at most {})", total, where,
                    kMaxWeights));
}

std::optional<Spec> Checker::Check(const YNode* root) {
  if (root == nullptr || root->kind == YNode::Kind::kNull) {
    Error(1, 1, "empty spec (" + TopLevelExpectation() + ")");
    return std::nullopt;
  }
  if (root->reported) return std::nullopt;
  if (root->kind != YNode::Kind::kMapping) {
    Error(*root, fmt::format("top level is {} ({})", Describe(*root), TopLevelExpectation()));
    return std::nullopt;
  }
  Section top;
  top.present = true;
  top.node = root;
  IndexMapping(*root, kTopKeys, &top);

  Spec spec;
  spec.path = path_;

  // name
  const Field<std::string> name =
      ReadString(top, "name", "", true,
                 fmt::format("a Verilog identifier of 1..{} characters", kMaxNameLength));
  CheckVerilogName(name, "name", true);
  spec.name = name.value;

  // model
  const NetworkField net = ReadModel(top, &spec.model);
  const std::pair<int, int> hidden_loc = {net.hidden_size.line, net.hidden_size.col};
  if (net.ok) CheckModelSize(spec.model, net.hidden_size);

  // weights
  const Section weights = SubSection(top, "weights", kWeightsKeys, false);
  Field<int> source;
  const std::vector<std::string> sources = {"random", "onnx", "npz"};
  ReadChoice(weights, "source", sources, {}, false, 0, &source);
  spec.weights.source = sources[source.value];
  const bool from_file = source.ok && source.value != 0;  // onnx or npz: a file to read
  const Field<std::string> wpath = ReadPath(weights, "path");
  if (from_file && !wpath.given) {
    Error(source.line, source.col,
          fmt::format("weights.source: {} needs the {} file (expected weights.path)",
                      spec.weights.source, source.value == 1 ? "model" : "weights"));
  } else if (wpath.given && wpath.ok && !from_file) {
    Error(wpath.line, wpath.col,
          "weights.path: only read for weights.source: onnx or npz (expected no path for random "
          "weights)");
  }
  spec.weights.path = wpath.value;
  const Field<std::string> calibration = ReadPath(weights, "calibration");
  spec.weights.calibration = calibration.value;
  spec.weights.seed =
      static_cast<uint64_t>(ReadInt(weights, "seed", kDefault.weights.seed, 0, kMaxSeed).value);
  const Field<double> density = ReadNumber(weights, "density", kDefault.weights.density, 0.0, 1.0);
  spec.weights.density = density.value;
  Field<int> pruning;
  ReadChoice(weights, "pruning", {"magnitude", "load_balanced", "keep"}, {}, false, 0, &pruning);
  spec.weights.pruning = pruning.value == 2   ? Pruning::kKeep
                         : pruning.value == 1 ? Pruning::kLoadBalanced
                                              : Pruning::kMagnitude;
  if (pruning.ok && pruning.value == 2 && density.given) {
    Error(density.line, density.col,
          "weights.density: not used with pruning: keep, which keeps the model's own zeros "
          "(expected no density, or pruning: magnitude or load_balanced)");
  }
  spec.weights.codebook = static_cast<int>(
      ReadInt(weights, "codebook", kDefault.weights.codebook, kMinCodebook, kMaxCodebook, false,
              fmt::format("an integer {}..{}: the shared values per matrix, zero among them",
                          kMinCodebook, kMaxCodebook))
          .value);

  // arithmetic
  const Section arith = SubSection(top, "arithmetic", kArithmeticKeys, false);
  const FormatField weight = ReadFormat(arith, "weight", kDefault.arithmetic.weight, 2, 16, 0);
  const FormatField activation =
      ReadFormat(arith, "activation", kDefault.arithmetic.activation, 4, 16, 1);
  const FormatField state = ReadFormat(arith, "state", kDefault.arithmetic.state, 4, 24, 1);
  if (state.fixed() && activation.fixed() && state.frac.value > 2 * activation.frac.value) {
    if (state.frac.given) {
      Error(state.frac.line, state.frac.col,
            fmt::format("arithmetic.state.frac: value {} is more than twice activation.frac {} "
                        "(expected <= {})",
                        state.frac.value, activation.frac.value, 2 * activation.frac.value));
    } else {
      Error(activation.frac.line, activation.frac.col,
            fmt::format("arithmetic.activation.frac: value {} is too small for the default "
                        "state.frac {} (expected >= {} so that state.frac <= 2 * activation.frac, "
                        "or set arithmetic.state)",
                        activation.frac.value, state.frac.value, (state.frac.value + 1) / 2));
    }
  }
  const Field<int64_t> acc =
      ReadInt(arith, "accumulator_bits", kDefault.arithmetic.accumulator_bits, 2, 64);
  if (acc.ok && weight.bits.ok && activation.bits.ok && net.ok) {
    const auto [fan_in, pass] = WidestPass(spec.model);
    const int need = MinAccumulatorBits(static_cast<int>(weight.bits.value),
                                        static_cast<int>(activation.bits.value), fan_in);
    if (acc.value < need) {
      const auto [line, col] = CheckLoc(acc, arith, hidden_loc);
      Error(line, col,
            fmt::format("arithmetic.accumulator_bits: {} {} can overflow: {} fan-in {} of {}-bit "
                        "weights x {}-bit activations plus bias needs at least {} bits "
                        "(expected >= {})",
                        acc.given ? "value" : "default", acc.value, pass, fan_in, weight.bits.value,
                        activation.bits.value, need, need));
    }
  }
  Field<int> act_fn;
  ReadChoice(arith, "activation_fn", {"lut"}, {}, false, 0, &act_fn);
  if (calibration.given && !activation.frac_auto && !state.frac_auto) {
    Error(calibration.line, calibration.col,
          "weights.calibration: only read to choose formats (expected frac: auto in "
          "arithmetic.activation or arithmetic.state, or no calibration)");
  }
  // With a frac chosen later (auto), lut_bits is checked and defaulted when it is chosen.
  const bool formats_fixed = weight.fixed() && activation.fixed() && state.fixed();
  const bool any_auto = weight.frac_auto || activation.frac_auto || state.frac_auto;
  const int64_t lut_limit =
      std::min(weight.frac.value + activation.frac.value, state.frac.value) + 4;
  const int64_t lut_default =
      any_auto ? 0 : std::min<int64_t>(kDefault.arithmetic.lut_bits, lut_limit);
  const Field<int64_t> lut_bits = ReadInt(arith, "lut_bits", lut_default, 4, 14);
  if (lut_bits.given && lut_bits.ok && formats_fixed && lut_bits.value > lut_limit) {
    Error(lut_bits.line, lut_bits.col,
          fmt::format("arithmetic.lut_bits: value {} is too large for the formats (expected <= "
                      "min(weight.frac + activation.frac, state.frac) + 4 = {})",
                      lut_bits.value, lut_limit));
  }
  spec.arithmetic.weight = {static_cast<int>(weight.bits.value),
                            static_cast<int>(weight.frac.value), weight.frac_auto};
  spec.arithmetic.activation = {static_cast<int>(activation.bits.value),
                                static_cast<int>(activation.frac.value), activation.frac_auto};
  spec.arithmetic.state = {static_cast<int>(state.bits.value), static_cast<int>(state.frac.value),
                           state.frac_auto};
  spec.arithmetic.accumulator_bits = static_cast<int>(acc.value);
  spec.arithmetic.activation_fn = ActivationFn::kLut;
  spec.arithmetic.lut_bits = static_cast<int>(lut_bits.value);

  // array
  const Section array = SubSection(top, "array", kArrayKeys, false);
  const Field<int64_t> pe_count =
      ReadInt(array, "pe_count", kDefault.array.pe_count, 1, kMaxPeCount);
  if (pe_count.ok && net.ok) {
    const auto largest = std::max_element(spec.model.stack.begin(), spec.model.stack.end(),
                                          [](const Spec::Recurrent& a, const Spec::Recurrent& b) {
                                            return a.hidden_size < b.hidden_size;
                                          });
    if (pe_count.value > largest->hidden_size) {
      const auto [line, col] =
          CheckLoc(pe_count, array, net.hidden_locs[largest - spec.model.stack.begin()]);
      Error(line, col,
            fmt::format("array.pe_count: {} {} is more than the largest hidden_size {} (expected "
                        "<= {}: every PE must own at least one unit of the largest layer)",
                        pe_count.given ? "value" : "default", pe_count.value, largest->hidden_size,
                        largest->hidden_size));
    }
  }
  spec.array.pe_count = static_cast<int>(pe_count.value);
  spec.array.fifo_depth =
      static_cast<int>(ReadInt(array, "fifo_depth", kDefault.array.fifo_depth, 1, 256).value);
  const Field<int64_t> ew_group = ReadInt(array, "ew_group", kDefault.array.ew_group, 1, 256);
  if (ew_group.ok && pe_count.ok && !EwGroupFits(ew_group.value, pe_count.value)) {
    Error(ew_group.line, ew_group.col,
          fmt::format("array.ew_group: value {} does not suit pe_count {} (expected a power of two "
                      "that divides it)",
                      ew_group.value, pe_count.value));
  }
  spec.array.ew_group = static_cast<int>(ew_group.value);
  Field<int> assignment;
  ReadChoice(array, "assignment", {"modulo", "balanced"}, {}, false, 0, &assignment);
  spec.array.assignment =
      assignment.value == 1 ? Spec::Array::Assignment::kBalanced : Spec::Array::Assignment::kModulo;

  // power (after array: island counts and PE indices are checked against pe_count)
  ReadPower(top, pe_count, &spec.power);

  // sparsity
  const Section sparsity = SubSection(top, "sparsity", kSparsityKeys, false);
  Field<int> encoding;
  ReadChoice(sparsity, "encoding", {"dense", "csc", "circulant"}, {}, false, 1, &encoding);
  spec.sparsity.encoding = static_cast<Encoding>(encoding.value);
  spec.sparsity.index_bits =
      static_cast<int>(ReadInt(sparsity, "index_bits", kDefault.sparsity.index_bits, 1, 16).value);
  const bool circulant = encoding.ok && spec.sparsity.encoding == Encoding::kCirculant;
  const Field<int64_t> block_size = ReadInt(
      sparsity, "block_size", kDefault.sparsity.block_size, kMinBlockSize, kMaxBlockSize, false,
      fmt::format("a power of two {}..{}: the side of a circulant block", kMinBlockSize,
                  kMaxBlockSize));
  spec.sparsity.block_size = static_cast<int>(block_size.value);
  if (block_size.given && block_size.ok) {
    if (!circulant) {
      Error(block_size.line, block_size.col,
            "sparsity.block_size: only read with encoding: circulant (expected no block_size, or "
            "encoding: circulant)");
    } else if ((block_size.value & (block_size.value - 1)) != 0) {
      Error(block_size.line, block_size.col,
            fmt::format("sparsity.block_size: value {} is not a power of two (expected one of 2, "
                        "4, 8, 16, 32, 64)",
                        block_size.value));
    }
  }
  // Circulant blocks are the compression: no pruning on top, and the units of a block stay in
  // order on one PE.
  if (circulant && density.given && density.ok && density.value < 1.0) {
    Error(density.line, density.col,
          fmt::format("weights.density: value {} prunes, but circulant weights are structured, "
                      "not pruned (expected density 1, or encoding: csc or dense)",
                      density.value));
  }
  if (circulant && assignment.ok && assignment.value == 1) {
    Error(assignment.line, assignment.col,
          "array.assignment: balanced relabels hidden units, which would split circulant blocks "
          "(expected modulo with encoding: circulant)");
  }

  // sim
  const Section sim = SubSection(top, "sim", kSimKeys, false);
  const Field<int64_t> timesteps = ReadInt(sim, "timesteps", kDefault.sim.timesteps, 1, 1000000);
  if (timesteps.ok && net.ok && sim.entries.count("inputs") == 0) {
    // The testbench holds every input and golden output vector in memory at once.
    const Spec::Model& m = spec.model;
    const int64_t per_step = m.input_size + m.output_size();
    const int64_t values = timesteps.value * per_step;
    if (values > kMaxSimValues) {
      const std::string output = m.head.empty() ? OutputName(m.stack.back())
                                                : fmt::format("head size {}", m.head.back().size);
      Error(timesteps.given ? timesteps.line : hidden_loc.first,
            timesteps.given ? timesteps.col : hidden_loc.second,
            fmt::format("sim.timesteps: {} {} needs {} test vector values = timesteps x "
                        "(input_size {} + {}) (expected at most {}, so timesteps <= {})",
                        timesteps.given ? "value" : "default", timesteps.value, values,
                        m.input_size, output, kMaxSimValues, kMaxSimValues / per_step));
    }
  }
  spec.sim.timesteps = static_cast<int>(timesteps.value);
  const Field<int64_t> input_seed =
      ReadInt(sim, "input_seed", kDefault.sim.input_seed, 0, kMaxSeed);
  spec.sim.input_seed = static_cast<uint64_t>(input_seed.value);
  const Field<std::string> inputs = ReadPath(sim, "inputs");
  const Field<std::string> labels = ReadPath(sim, "labels");
  spec.sim.inputs = inputs.value;
  spec.sim.labels = labels.value;
  if (inputs.given) {
    for (const auto* f : {&timesteps, &input_seed}) {
      if (!f->given) continue;
      Error(f->line, f->col,
            fmt::format("sim.{}: not used with sim.inputs, whose array gives the sequences "
                        "(expected either sim.inputs or sim.timesteps and sim.input_seed)",
                        f == &timesteps ? "timesteps" : "input_seed"));
    }
  } else if (labels.given) {
    Error(labels.line, labels.col,
          "sim.labels: labels need the input sequences they belong to (expected sim.inputs too)");
  }

  if (!errors_.empty()) return std::nullopt;
  spec.locs = std::move(locs_);
  return spec;
}

namespace {

void SortErrors(std::vector<Diagnostic>* errors) {
  std::stable_sort(errors->begin(), errors->end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
  });
}

ParseResult FileError(const std::string& path, std::string message) {
  ParseResult r;
  r.errors.push_back({SourceLoc{path, 0, 0}, std::move(message)});
  return r;
}

ParseResult ParseText(const std::string& text, const std::string& path, const ModelProbe& probe) {
  ParseResult result;
  if (text.size() > kMaxSpecBytes) {
    return FileError(path, fmt::format("spec is too large: {} bytes (expected at most {})",
                                       text.size(), kMaxSpecBytes));
  }
  Checker checker(path);
  Tree tree = BuildTree(text);
  for (RawError& r : tree.errors) checker.Error(r.line, r.col, std::move(r.message));
  if (tree.stop) {
    result.errors = checker.TakeErrors();
    return result;
  }
  std::vector<RawError> completion;
  std::vector<std::string> from_model;
  CompleteModel(tree.root.get(), path, probe, &completion, &from_model);
  for (RawError& r : completion) checker.Error(r.line, r.col, std::move(r.message));
  std::optional<Spec> spec = checker.Check(tree.root.get());
  if (spec) spec->from_model = std::move(from_model);
  result.errors = checker.TakeErrors();
  SortErrors(&result.errors);
  // Like a compiler's error limit: a file that is not a spec at all would list every line.
  if (result.errors.size() > kMaxErrors) {
    const size_t more = result.errors.size() - kMaxErrors;
    result.errors.resize(kMaxErrors);
    result.errors.push_back(
        {SourceLoc{path, 0, 0},
         fmt::format("{} more errors not shown (expected at most {} errors; fix these first)", more,
                     kMaxErrors)});
  }
  if (result.errors.empty()) result.spec = std::move(spec);
  return result;
}

}  // namespace
}  // namespace spec_internal

using spec_internal::FileError;
using spec_internal::kMaxSpecBytes;
using spec_internal::ParseText;

// kCells and kHeadActivations list the enums in order.
const std::string& CellWord(CellType c) { return spec_internal::kCells[static_cast<int>(c)]; }
const std::string& HeadActivationWord(HeadActivation a) {
  return spec_internal::kHeadActivations[static_cast<int>(a)];
}

std::string FormatDiagnostic(const Diagnostic& d) {
  if (d.loc.line <= 0) return fmt::format("{}: error: {}", d.loc.file, d.message);
  if (d.loc.col <= 0) return fmt::format("{}:{}: error: {}", d.loc.file, d.loc.line, d.message);
  return fmt::format("{}:{}:{}: error: {}", d.loc.file, d.loc.line, d.loc.col, d.message);
}

ParseResult ParseSpecString(const std::string& text, const std::string& path,
                            const ModelProbe& probe) {
  try {
    return ParseText(text, path, probe);
  } catch (const std::exception& e) {
    return FileError(path, fmt::format("internal error while reading the spec: {} (expected a "
                                       "valid spec to load)",
                                       e.what()));
  } catch (...) {
    return FileError(path, "internal error while reading the spec (expected a valid spec to load)");
  }
}

bool EwGroupFits(int64_t group, int64_t pe_count) {
  return group >= 1 && (group & (group - 1)) == 0 && pe_count % group == 0;
}

std::vector<std::pair<std::string, std::string*>> SpecInputFiles(Spec* spec) {
  std::vector<std::pair<std::string, std::string*>> files = {
      {"weights.path", &spec->weights.path},
      {"weights.calibration", &spec->weights.calibration},
      {"sim.inputs", &spec->sim.inputs},
      {"sim.labels", &spec->sim.labels}};
  files.erase(
      std::remove_if(files.begin(), files.end(), [](const auto& f) { return f.second->empty(); }),
      files.end());
  return files;
}

ParseResult ParseSpecFile(const std::string& path, const ModelProbe& probe) {
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return FileError(path, "cannot read spec: it is a directory (expected a YAML file)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      const int err = errno;
      return FileError(path, fmt::format("cannot open spec: {} (expected a readable YAML file)",
                                         err != 0 ? std::strerror(err) : "unknown error"));
    }
    std::string text;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      text.append(buffer, static_cast<size_t>(in.gcount()));
      if (text.size() > kMaxSpecBytes) {
        return FileError(path, fmt::format("spec is too large: more than {} bytes (expected at "
                                           "most {})",
                                           kMaxSpecBytes, kMaxSpecBytes));
      }
    }
    if (in.bad()) {
      const int err = errno;
      return FileError(path, fmt::format("cannot read spec: {} (expected a readable YAML file)",
                                         err != 0 ? std::strerror(err) : "read error"));
    }
    return ParseSpecString(text, path, probe);
  } catch (const std::exception& e) {
    return FileError(path,
                     fmt::format("cannot read spec: {} (expected a readable YAML file)", e.what()));
  }
}

}  // namespace rnngen
