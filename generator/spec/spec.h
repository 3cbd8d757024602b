// The accelerator spec as read from YAML: plain values, each remembering where it was written.
#ifndef RNNGEN_SPEC_SPEC_H_
#define RNNGEN_SPEC_SPEC_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rnngen {

// A position in a spec file, 1-based as editors show it (0 means unknown).
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  SourceLoc loc;
  std::string message;
};

// "file:line:col: error: message"
std::string FormatDiagnostic(const Diagnostic& d);

// Two's complement fixed point: `bits` in all, `frac` of them after the binary point.
struct FixedFormat {
  int bits = 0;
  int frac = 0;
  bool frac_auto = false;  // written as `frac: auto`: BuildModel's spec holds the chosen frac
};

// The testbench holds every input and expected output value in memory at once: at most this
// many (sequences x timesteps x (input_size + output_size)).
constexpr int64_t kMaxSimValues = int64_t{1} << 24;

enum class CellType { kLstm, kGru };
// Activation of a fully connected head layer.
enum class HeadActivation { kNone, kRelu, kSigmoid, kTanh };
// The spec's words for them ("lstm", "relu"), as model.cell and a head's activation take them.
const std::string& CellWord(CellType c);
const std::string& HeadActivationWord(HeadActivation a);
enum class Pruning { kMagnitude, kLoadBalanced, kKeep };
enum class Encoding { kDense, kCsc, kCirculant };
// sparsity.block_size: k x k circulant blocks (E-RNN, C-LSTM: 4 to 16), a power of two.
constexpr int kMinBlockSize = 2;
constexpr int kMaxBlockSize = 64;
// weights.codebook: N shared values (EIE: 16).
constexpr int kMinCodebook = 2;
constexpr int kMaxCodebook = 256;
enum class ActivationFn { kLut };

struct Spec {
  std::string path;  // the file it was read from
  std::string name;
  // Model keys the spec left out and the model file gave, as "model.input_size: 8", in order.
  std::vector<std::string> from_model;
  // One recurrent layer after per-layer overrides are applied (ONNX semantics, forward).
  struct Recurrent {
    CellType cell = CellType::kLstm;
    int input_size = 0;                // the network input, or the previous layer's output_size()
    int hidden_size = 0;               // cells
    int proj_size = 0;                 // lstm only: LSTMP recurrent projection y = W_p m (0: none)
    bool peepholes = false;            // lstm only: ONNX P = [P_i, P_o, P_f]
    bool linear_before_reset = false;  // gru only: ONNX attribute (PyTorch nn.GRU: true)
    // What the layer emits and feeds back: y (proj_size) or h (hidden_size).
    int output_size() const { return proj_size > 0 ? proj_size : hidden_size; }
  };
  // One fully connected layer of the head: out = activation(W in + b).
  struct Dense {
    int input_size = 0;
    int size = 0;
    HeadActivation activation = HeadActivation::kNone;
  };
  struct Model {
    // As written at the top of `model`: the defaults of every layer.
    CellType cell = CellType::kLstm;
    int input_size = 0;
    int hidden_size = 0;
    int layers = 1;
    int proj_size = 0;
    bool peepholes = false;
    bool linear_before_reset = false;
    // Resolved: `layers` recurrent layers (model.layer_overrides applied), then the head.
    std::vector<Recurrent> stack;
    std::vector<Dense> head;
    // Width of the output stream: the head's last size, or the last layer's output_size().
    int output_size() const { return head.empty() ? stack.back().output_size() : head.back().size; }
  } model;
  struct Weights {
    std::string source = "random";  // or "onnx" or "npz"
    std::string path;               // onnx, npz: the file, resolved against the spec's folder
    std::string calibration;        // .npy input sequences for frac: auto ("" : sim's inputs)
    uint64_t seed = 1;
    double density = 1.0;
    Pruning pruning = Pruning::kMagnitude;
    // Shared values per matrix (EIE's weight sharing): entries store ceil(log2 N)-bit codes into
    // a table of N values, code 0 the zero weight; 0: no codebook, entries store the weights.
    int codebook = 0;
  } weights;
  struct Arithmetic {
    FixedFormat weight{8, 6};
    FixedFormat activation{16, 12};
    FixedFormat state{16, 12};
    int accumulator_bits = 32;
    ActivationFn activation_fn = ActivationFn::kLut;
    // log2 of the LUT entries; defaulted from the formats when not given (0 until then when a
    // frac is auto)
    int lut_bits = 10;
  } arithmetic;
  struct Array {
    int pe_count = 8;
    int fifo_depth = 8;
    // PEs that share one element-wise cell (ESE shares them per channel): a power of two that
    // divides pe_count. The cell takes its PEs' units in turn.
    int ew_group = 1;
    // Which network unit sits at each array position (unit position j is on PE j mod P):
    // modulo keeps the network's order; balanced relabels the hidden units of every layer whose
    // output is not streamed out, so that the PEs' loads even out (model/assign.h).
    enum class Assignment { kModulo, kBalanced } assignment = Assignment::kModulo;
  } array;
  struct Sparsity {
    Encoding encoding = Encoding::kCsc;
    int index_bits = 4;
    // circulant: every gate's W and R, projection and head matrix cut into block_size x
    // block_size blocks from row 0 and column 0, each defined by one vector (model/circulant.h).
    int block_size = 8;
  } sparsity;
  struct Sim {
    int timesteps = 32;  // random inputs: one sequence of this many steps
    uint64_t input_seed = 1;
    std::string inputs;  // .npy [sequences][timesteps][input_size] or [timesteps][input_size]
    std::string labels;  // .npy integer classes: [sequences] or [sequences][timesteps]
  } sim;
  // Voltage islands and the power model (docs/power.md). Without a `power` section: one island
  // on the array clock, and the report's power figures at the defaults.
  struct Power {
    double clock_mhz = 200;  // the array clock: controller, vector store, streams
    // (volts, max MHz) points of the target corner, volts strictly rising and MHz strictly
    // rising with them; empty: the documented default table (docs/power.md). Stored sorted by
    // volts whatever the file's order; locs "power.vf_points[k]" is stored point k.
    std::vector<std::pair<double, double>> vf_points;
    // `islands: N` (1..pe_count): the generator groups the PEs; `islands: [...]`: given here.
    int island_count = 1;
    struct Island {
      std::string name;      // a Verilog identifier: the instance is u_island_<name>
      std::vector<int> pes;  // PE indices, each PE in exactly one island
    };
    std::vector<Island> islands;  // empty unless given as a list (then island_count = size)
    double deadline_us = 0;       // 0: the step time of the array on one supply at clock_mhz
    // Overrides of the energy-per-event table by event name (plan/activity.h kEventNames);
    // names are checked against that table by the power stage, at "power.energy_pj.<name>".
    std::map<std::string, double> energy_pj;
    enum class Target { kAsic, kFpga } target = Target::kAsic;  // fpga: one core rail
  } power;
  // Where each key given in the file was written, by dotted path ("array.pe_count").
  std::map<std::string, SourceLoc> locs;
};

struct ParseResult {
  std::optional<Spec> spec;        // set only when there are no errors
  std::vector<Diagnostic> errors;  // every error found, in file order
};

// What an imported model file says about its network (model/model_probe.h reads it): the model
// keys a spec importing it may leave out. Unknown to the file format: nullopt.
struct ModelShape {
  struct Layer {
    CellType cell = CellType::kLstm;
    int input_size = 0;
    int hidden_size = 0;
    int proj_size = 0;
    bool peepholes = false;
    std::optional<bool> linear_before_reset;  // gru
  };
  struct Head {
    int size = 0;
    std::optional<HeadActivation> activation;
  };
  std::vector<Layer> layers;
  std::vector<Head> head;
};
// Reads the shape of the model file `path` (resolved) for weights.source `source` ("onnx",
// "npz"), or returns nullopt and says why in *why.
using ModelProbe = std::function<std::optional<ModelShape>(
    const std::string& source, const std::string& path, std::string* why)>;

// With a probe, a spec whose weights come from a model file may leave out the model keys the
// file carries (cell, sizes, layers, linear_before_reset, peepholes, the head's sizes and
// activations): they are taken from it (Spec::from_model) and then checked like written keys.
ParseResult ParseSpecFile(const std::string& path, const ModelProbe& probe = {});

// The files a spec reads besides itself, by key ("weights.path", "sim.inputs"...), as pointers
// into `spec`: a design folder carries copies and its testbench points these at them.
std::vector<std::pair<std::string, std::string*>> SpecInputFiles(Spec* spec);

// array.ew_group's rule: a power of two that divides the PE count.
bool EwGroupFits(int64_t group, int64_t pe_count);
ParseResult ParseSpecString(const std::string& text, const std::string& path,
                            const ModelProbe& probe = {});

}  // namespace rnngen

#endif  // RNNGEN_SPEC_SPEC_H_
