#include "model/onnx_import.h"

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <utility>

#include "model/onnx_node.h"

namespace rnngen {
namespace {

struct Tensor {
  std::vector<int64_t> dims;
  std::vector<double> v;
};

// Operators that only move data around between the layers rnngen maps.
const std::set<std::string> kShapeOnly = {"Squeeze",  "Unsqueeze", "Transpose", "Reshape",
                                          "Identity", "Dropout",   "Constant",  "Shape",
                                          "Gather",   "Concat",    "Slice",     "Cast"};

// Operators whose output is all zeros when their data input (input 0; for Concat, every input)
// is, whatever their other operands (shapes, axes, indices, permutations, repeats) are.
const std::set<std::string> kZeroPreserving = {
    "Expand", "Reshape", "Identity", "Dropout", "Squeeze", "Unsqueeze", "Transpose",
    "Cast",   "Flatten", "Tile",     "Slice",   "Gather",  "Concat"};

// Little-endian values of type T packed in `raw` (ONNX's raw_data), as doubles.
template <typename T>
void AppendRaw(const std::string& raw, std::vector<double>* out) {
  for (size_t k = 0; k + sizeof(T) <= raw.size(); k += sizeof(T)) {
    T v;
    std::memcpy(&v, raw.data() + k, sizeof(T));
    out->push_back(v);
  }
}

class Importer {
 public:
  explicit Importer(const Spec& spec) : spec_(spec) {}

  OnnxImport Run(const std::string& path) {
    onnx::ModelProto model;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(fmt::format("cannot open {}", path));
    if (!model.ParseFromIstream(&in)) {
      return Fail(fmt::format("{} is not an ONNX model (protobuf parse failed)", path));
    }
    const onnx::GraphProto& g = model.graph();
    for (const onnx::TensorProto& t : g.initializer()) {
      ReadTensor(t, "initializer " + t.name());
      initializers_.insert(t.name());
      if (AllZero(t)) zeros_.insert(t.name());
    }
    for (const onnx::ValueInfoProto& v : g.input()) graph_inputs_.insert(v.name());
    FindStateOnly(g);
    for (int k = 0; k < g.node_size(); ++k) {
      const onnx::NodeProto& n = g.node(k);
      for (const std::string& out : n.output()) producer_[out] = &n;
      PropagateZero(n);
      if (state_only_[k]) continue;
      Visit(n);
    }
    if (layer_ != static_cast<int>(spec_.model.stack.size())) {
      Error(fmt::format("the model has {} recurrent layer(s) (expected {}, model.layers)", layer_,
                        spec_.model.stack.size()));
    }
    if (head_ != static_cast<int>(spec_.model.head.size())) {
      Error(
          fmt::format("the model has {} fully connected layer(s) after the recurrent ones "
                      "(expected {}, model.head)",
                      head_, spec_.model.head.size()));
    }
    for (int k = 0; k < head_ && k < static_cast<int>(spec_.model.head.size()); ++k) {
      if (act_[k] != spec_.model.head[k].activation) {
        Error(fmt::format("head layer {} is followed by {} (expected {}, as model.head[{}] says)",
                          k, ActName(act_[k]), ActName(spec_.model.head[k].activation), k));
      }
    }
    OnnxImport r;
    r.errors = errors_;
    if (errors_.empty()) r.net = std::move(net_);
    return r;
  }

 private:
  static const char* ActName(HeadActivation a) {
    static const char* const kNames[] = {"no activation", "Relu", "Sigmoid", "Tanh"};
    return kNames[static_cast<int>(a)];
  }

  OnnxImport Fail(std::string message) {
    OnnxImport r;
    r.errors.push_back(std::move(message));
    return r;
  }
  void Error(std::string message) { errors_.push_back(std::move(message)); }
  void NodeError(const onnx::NodeProto& n, const std::string& what) {
    Error(fmt::format("node '{}' ({}): {}", n.name(), n.op_type(), what));
  }

  // The values of a float or double tensor, from typed fields or raw little-endian bytes; false
  // (nothing read) for other types.
  static bool FloatValues(const onnx::TensorProto& t, std::vector<double>* v) {
    if (t.data_type() == onnx::TensorProto::FLOAT) {
      if (t.has_raw_data()) {
        AppendRaw<float>(t.raw_data(), v);
      } else {
        v->assign(t.float_data().begin(), t.float_data().end());
      }
      return true;
    }
    if (t.data_type() == onnx::TensorProto::DOUBLE) {
      if (t.has_raw_data()) {
        AppendRaw<double>(t.raw_data(), v);
      } else {
        v->assign(t.double_data().begin(), t.double_data().end());
      }
      return true;
    }
    return false;
  }

  // Float and double tensors into consts_.
  void ReadTensor(const onnx::TensorProto& t, const std::string& what) {
    Tensor out;
    out.dims.assign(t.dims().begin(), t.dims().end());
    int64_t count = 1;
    for (int64_t d : out.dims) count *= d;
    // Only weights matter; other constants (shapes, indices) are not read.
    if (!FloatValues(t, &out.v)) return;
    if (static_cast<int64_t>(out.v.size()) != count) {
      Error(fmt::format("{}: {} values for dims of {} elements", what, out.v.size(), count));
      return;
    }
    consts_[t.name()] = std::move(out);
  }

  // Whether every element of `t` is zero (-0.0 included); false for types that cannot be
  // told (strings, complex, external data).
  static bool AllZero(const onnx::TensorProto& t) {
    if (t.data_location() == onnx::TensorProto::EXTERNAL) return false;
    switch (t.data_type()) {
      case onnx::TensorProto::FLOAT:
      case onnx::TensorProto::DOUBLE: {
        std::vector<double> v;
        FloatValues(t, &v);
        return std::all_of(v.begin(), v.end(), [](double x) { return x == 0.0; });
      }
      case onnx::TensorProto::FLOAT16:
      case onnx::TensorProto::BFLOAT16: {
        // 16-bit floats: zero when all bits but the sign are; typed values sit in int32_data.
        if (t.has_raw_data()) {
          std::vector<double> bits;
          AppendRaw<uint16_t>(t.raw_data(), &bits);
          return std::all_of(bits.begin(), bits.end(),
                             [](double b) { return (static_cast<uint16_t>(b) & 0x7fff) == 0; });
        }
        return std::all_of(t.int32_data().begin(), t.int32_data().end(),
                           [](int32_t b) { return (b & 0x7fff) == 0; });
      }
      case onnx::TensorProto::INT8:
      case onnx::TensorProto::INT16:
      case onnx::TensorProto::INT32:
      case onnx::TensorProto::INT64:
      case onnx::TensorProto::UINT8:
      case onnx::TensorProto::UINT16:
      case onnx::TensorProto::UINT32:
      case onnx::TensorProto::UINT64:
      case onnx::TensorProto::BOOL: {
        const auto zero = [](auto x) { return x == 0; };
        const std::string& raw = t.raw_data();
        return std::all_of(raw.begin(), raw.end(), [](char c) { return c == 0; }) &&
               std::all_of(t.int32_data().begin(), t.int32_data().end(), zero) &&
               std::all_of(t.int64_data().begin(), t.int64_data().end(), zero) &&
               std::all_of(t.uint64_data().begin(), t.uint64_data().end(), zero);
      }
      default:
        return false;
    }
  }

  // Marks the nodes that only compute recurrent layers' initial states: every consumer of every
  // output is such a node or an LSTM/GRU's initial_h or initial_c, and no output is a graph
  // output. Those nodes are not mapped (PyTorch's export builds zero states from the input's
  // shape with Shape, Gather, Concat, Expand or ConstantOfShape); whether the state they give is
  // zero is checked at the recurrent node.
  void FindStateOnly(const onnx::GraphProto& g) {
    std::map<std::string, std::vector<std::pair<int, int>>> consumers;  // node, input index
    for (int k = 0; k < g.node_size(); ++k) {
      for (int i = 0; i < g.node(k).input_size(); ++i) {
        consumers[g.node(k).input(i)].push_back({k, i});
      }
    }
    std::set<std::string> graph_outputs;
    for (const onnx::ValueInfoProto& v : g.output()) graph_outputs.insert(v.name());
    state_only_.assign(g.node_size(), false);
    for (int k = g.node_size() - 1; k >= 0; --k) {
      bool only = g.node(k).output_size() > 0;
      bool used = false;
      for (const std::string& out : g.node(k).output()) {
        if (out.empty()) continue;
        only = only && graph_outputs.count(out) == 0;
        for (const auto& [c, i] : consumers[out]) {
          used = true;
          const std::string& op = g.node(c).op_type();
          const bool state_input = (op == "LSTM" && (i == 5 || i == 6)) || (op == "GRU" && i == 5);
          only = only && c > k && (state_input || state_only_[c]);
        }
      }
      state_only_[k] = only && used;
    }
  }

  // Records the node's outputs in zeros_ when they are provably all zeros.
  void PropagateZero(const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    bool zero = false;
    if (op == "Constant") {
      const onnx::AttributeProto* value = NodeAttr(n, "value");
      zero = value != nullptr && value->has_t() && AllZero(value->t());
    } else if (op == "ConstantOfShape") {
      const onnx::AttributeProto* value = NodeAttr(n, "value");  // default: a float 0
      zero = value == nullptr || (value->has_t() && AllZero(value->t()));
    } else if (op == "Concat") {
      zero = n.input_size() > 0;
      for (const std::string& in : n.input()) zero = zero && zeros_.count(in) != 0;
    } else if (kZeroPreserving.count(op) != 0) {
      zero = n.input_size() > 0 && zeros_.count(n.input(0)) != 0;
    }
    if (zero && n.output_size() > 0) zeros_.insert(n.output(0));
  }

  // "node 'x' (Expand)" for the node that computes `tensor`, or what else `tensor` is.
  std::string Origin(const std::string& tensor) {
    auto it = producer_.find(tensor);
    if (it != producer_.end()) {
      return fmt::format("computed by node '{}' ({})", it->second->name(), it->second->op_type());
    }
    if (initializers_.count(tensor) != 0) return fmt::format("initializer '{}'", tensor);
    if (graph_inputs_.count(tensor) != 0) return fmt::format("graph input '{}'", tensor);
    return fmt::format("'{}', which no node computes", tensor);
  }

  const Tensor* Input(const onnx::NodeProto& n, int k) {
    if (k >= n.input_size() || n.input(k).empty()) return nullptr;
    auto it = consts_.find(n.input(k));
    return it == consts_.end() ? nullptr : &it->second;
  }

  // A weight input that must be a constant of exactly `dims`.
  const Tensor* Weight(const onnx::NodeProto& n, int k, const char* name,
                       const std::vector<int64_t>& dims) {
    const Tensor* t = Input(n, k);
    if (t == nullptr) {
      NodeError(n, fmt::format("input {} ({}): not a constant initializer (expected trained "
                               "weights)",
                               k, name));
      return nullptr;
    }
    if (t->dims != dims) {
      NodeError(n, fmt::format("input {} ({}): shape [{}] (expected [{}] from the spec)", k, name,
                               fmt::join(t->dims, ", "), fmt::join(dims, ", ")));
      return nullptr;
    }
    return t;
  }

  void Visit(const onnx::NodeProto& n) {
    const std::string& op = n.op_type();
    if (op == "Constant") {
      const onnx::AttributeProto* value = NodeAttr(n, "value");
      if (value != nullptr && value->has_t() && n.output_size() > 0) {
        onnx::TensorProto t = value->t();
        t.set_name(n.output(0));
        ReadTensor(t, fmt::format("node '{}' (Constant)", n.name()));
      }
      return;
    }
    if (op == "LSTM" || op == "GRU") return Recurrent(n);
    if (op == "Gemm") return Gemm(n);
    if (op == "MatMul") return MatMul(n);
    if (op == "Add" && pending_matmul_) return Bias(n);
    if (op == "Relu" || op == "Sigmoid" || op == "Tanh") return Activation(n);
    if (kShapeOnly.count(op) != 0) return;
    NodeError(n,
              "operator not supported (expected LSTM, GRU, Gemm, MatMul + Add, Relu, Sigmoid, "
              "Tanh, or shape-only operators between them)");
  }

  void Recurrent(const onnx::NodeProto& n) {
    const bool lstm = n.op_type() == "LSTM";
    if (head_ > 0) return NodeError(n, "a recurrent layer after a fully connected one");
    if (layer_ >= static_cast<int>(spec_.model.stack.size())) {
      ++layer_;
      return;  // counted, reported once at the end
    }
    const Spec::Recurrent& s = spec_.model.stack[layer_++];
    if ((s.cell == CellType::kLstm) != lstm) {
      return NodeError(n, fmt::format("layer {} is {} in the spec", layer_ - 1,
                                      s.cell == CellType::kLstm ? "lstm" : "gru"));
    }
    if (lstm && s.proj_size > 0) {
      return NodeError(n, fmt::format("layer {} has proj_size {} in the spec, and an ONNX LSTM "
                                      "has no projection (expected proj_size left out)",
                                      layer_ - 1, s.proj_size));
    }
    for (const char* name : {"clip", "activation_alpha", "activation_beta"}) {
      if (NodeAttr(n, name) != nullptr) {
        NodeError(n, fmt::format("attribute {}: not supported (expected it left out)", name));
      }
    }
    if (const auto* a = NodeAttr(n, "activations")) {
      const std::vector<std::string> defaults =
          lstm ? std::vector<std::string>{"Sigmoid", "Tanh", "Tanh"}
               : std::vector<std::string>{"Sigmoid", "Tanh"};
      const std::vector<std::string> got(a->strings().begin(), a->strings().end());
      if (got != defaults) {
        NodeError(n, fmt::format("attribute activations: [{}] (expected the defaults [{}])",
                                 fmt::join(got, ", "), fmt::join(defaults, ", ")));
      }
    }
    if (const auto* a = NodeAttr(n, "direction"); a != nullptr && a->s() != "forward") {
      NodeError(n, fmt::format("attribute direction: {} (expected forward)", a->s()));
    }
    if (const auto* a = NodeAttr(n, "input_forget"); a != nullptr && a->i() != 0) {
      NodeError(n, "attribute input_forget: 1 (expected 0)");
    }
    const auto* hs = NodeAttr(n, "hidden_size");
    if (hs == nullptr || hs->i() != s.hidden_size) {
      NodeError(n, fmt::format("attribute hidden_size: {} (expected {}, layer {}'s hidden_size)",
                               hs == nullptr ? std::string("missing") : std::to_string(hs->i()),
                               s.hidden_size, layer_ - 1));
    }
    if (!lstm) {
      const auto* a = NodeAttr(n, "linear_before_reset");
      const bool lbr = a != nullptr && a->i() != 0;
      if (lbr != s.linear_before_reset) {
        NodeError(n, fmt::format("attribute linear_before_reset: {} (expected {}, as the spec's "
                                 "layer {} says)",
                                 lbr ? 1 : 0, s.linear_before_reset ? 1 : 0, layer_ - 1));
      }
    }
    if (NodeHasInput(n, 4)) NodeError(n, "input 4 (sequence_lens): not supported (expected none)");
    for (int k : {5, 6}) {
      if (!NodeHasInput(n, k) || (k == 6 && !lstm)) continue;
      if (zeros_.count(n.input(k)) == 0) {
        NodeError(n, fmt::format("input {} ({}): a non-zero or non-constant initial state, {} "
                                 "(expected none, or all zeros: the array starts from zero)",
                                 k, k == 5 ? "initial_h" : "initial_c", Origin(n.input(k))));
      }
    }
    const int64_t g = lstm ? 4 : 3, h = s.hidden_size;
    RecurrentFloat f;
    f.shape = s;
    const Tensor* w = Weight(n, 1, "W", {1, g * h, s.input_size});
    const Tensor* r = Weight(n, 2, "R", {1, g * h, h});
    if (w != nullptr) f.w = w->v;
    if (r != nullptr) f.r = r->v;
    f.wb.assign(g * h, 0.0);
    f.rb.assign(g * h, 0.0);
    if (NodeHasInput(n, 3)) {
      if (const Tensor* b = Weight(n, 3, "B", {1, 2 * g * h})) {
        std::copy(b->v.begin(), b->v.begin() + g * h, f.wb.begin());
        std::copy(b->v.begin() + g * h, b->v.end(), f.rb.begin());
      }
    }
    if (lstm && NodeHasInput(n, 7) != s.peepholes) {
      NodeError(n, s.peepholes ? "input 7 (P): missing, and the spec says peepholes: true"
                               : "input 7 (P): peepholes, and the spec says none (expected "
                                 "peepholes: true in the spec)");
    } else if (lstm && s.peepholes) {
      if (const Tensor* p = Weight(n, 7, "P", {1, 3 * h})) f.p = p->v;
    }
    net_.stack.push_back(std::move(f));
  }

  // The next head layer's shape, or null (counted, reported at the end).
  const Spec::Dense* NextHead(const onnx::NodeProto& n) {
    if (layer_ == 0) {
      NodeError(n, "a fully connected layer before the recurrent layers");
      return nullptr;
    }
    const int k = head_++;
    act_.push_back(HeadActivation::kNone);
    return k < static_cast<int>(spec_.model.head.size()) ? &spec_.model.head[k] : nullptr;
  }

  void Gemm(const onnx::NodeProto& n) {
    const Spec::Dense* s = NextHead(n);
    if (s == nullptr) return;
    const auto* ta = NodeAttr(n, "transA");
    if (ta != nullptr && ta->i() != 0) NodeError(n, "attribute transA: 1 (expected 0)");
    const auto* tb = NodeAttr(n, "transB");
    const bool trans_b = tb != nullptr && tb->i() != 0;
    const double alpha = NodeAttr(n, "alpha") != nullptr ? NodeAttr(n, "alpha")->f() : 1.0;
    const double beta = NodeAttr(n, "beta") != nullptr ? NodeAttr(n, "beta")->f() : 1.0;
    DenseFloat d;
    d.shape = *s;
    const std::vector<int64_t> dims = trans_b ? std::vector<int64_t>{s->size, s->input_size}
                                              : std::vector<int64_t>{s->input_size, s->size};
    if (const Tensor* b = Weight(n, 1, "B", dims)) d.w = FromRows(b->v, trans_b, *s, alpha);
    d.b.assign(s->size, 0.0);
    if (NodeHasInput(n, 2)) {
      if (const Tensor* c = Weight(n, 2, "C", {s->size})) {
        for (int j = 0; j < s->size; ++j) d.b[j] = beta * c->v[j];
      }
    }
    net_.head.push_back(std::move(d));
  }

  void MatMul(const onnx::NodeProto& n) {
    const Spec::Dense* s = NextHead(n);
    if (s == nullptr) return;
    DenseFloat d;
    d.shape = *s;
    if (const Tensor* b = Weight(n, 1, "B", {s->input_size, s->size})) {
      d.w = FromRows(b->v, false, *s, 1.0);
    }
    d.b.assign(s->size, 0.0);
    net_.head.push_back(std::move(d));
    pending_matmul_ = true;
  }

  void Bias(const onnx::NodeProto& n) {
    pending_matmul_ = false;
    DenseFloat& d = net_.head.back();
    const int k = Input(n, 1) != nullptr ? 1 : 0;
    if (const Tensor* c = Weight(n, k, "bias", {d.shape.size})) d.b = c->v;
  }

  void Activation(const onnx::NodeProto& n) {
    pending_matmul_ = false;
    if (head_ == 0 || act_.back() != HeadActivation::kNone) {
      return NodeError(n,
                       "an activation not right after a fully connected layer (rnngen's "
                       "recurrent cells have their own)");
    }
    const std::string& op = n.op_type();
    act_.back() = op == "Relu"      ? HeadActivation::kRelu
                  : op == "Sigmoid" ? HeadActivation::kSigmoid
                                    : HeadActivation::kTanh;
  }

  // [size][input] row-major weights from B ([input][size], or [size][input] when transposed).
  static std::vector<double> FromRows(const std::vector<double>& b, bool trans,
                                      const Spec::Dense& s, double scale) {
    std::vector<double> w(static_cast<size_t>(s.size) * s.input_size);
    for (int j = 0; j < s.size; ++j) {
      for (int k = 0; k < s.input_size; ++k) {
        const size_t src =
            trans ? static_cast<size_t>(j) * s.input_size + k : static_cast<size_t>(k) * s.size + j;
        w[static_cast<size_t>(j) * s.input_size + k] = scale * b[src];
      }
    }
    return w;
  }

  const Spec& spec_;
  std::map<std::string, Tensor> consts_;
  std::set<std::string> initializers_, graph_inputs_;
  std::set<std::string> zeros_;                             // tensors provably all zeros
  std::map<std::string, const onnx::NodeProto*> producer_;  // tensor -> node, so far
  std::vector<bool> state_only_;                            // per node, see FindStateOnly
  std::vector<std::string> errors_;
  NetworkFloat net_;
  std::vector<HeadActivation> act_;
  int layer_ = 0, head_ = 0;
  bool pending_matmul_ = false;
};

}  // namespace

OnnxImport ImportOnnx(const std::string& path, const Spec& spec) {
  return Importer(spec).Run(path);
}

}  // namespace rnngen
