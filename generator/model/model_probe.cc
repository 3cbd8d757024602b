#include "model/model_probe.h"

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "model/npy.h"
#include "model/onnx_node.h"

namespace rnngen {
namespace {

std::optional<ModelShape> ProbeOnnx(const std::string& path, std::string* why) {
  onnx::ModelProto model;
  std::ifstream in(path, std::ios::binary);
  if (!in || !model.ParseFromIstream(&in)) {
    *why = in ? "not an ONNX model (protobuf parse failed)" : "cannot open it";
    return std::nullopt;
  }
  const onnx::GraphProto& g = model.graph();
  std::map<std::string, std::vector<int64_t>> dims;  // constant tensors' shapes
  for (const onnx::TensorProto& t : g.initializer()) {
    dims[t.name()].assign(t.dims().begin(), t.dims().end());
  }
  ModelShape shape;
  bool head_open = false;  // the last node mapped is a head layer without its activation yet
  const auto dims_of = [&](const onnx::NodeProto& n, int k) -> const std::vector<int64_t>* {
    if (n.input_size() <= k) return nullptr;
    const auto it = dims.find(n.input(k));
    return it == dims.end() ? nullptr : &it->second;
  };
  for (const onnx::NodeProto& n : g.node()) {
    const std::string& op = n.op_type();
    if (op == "Constant" && n.output_size() > 0) {
      if (const auto* v = NodeAttr(n, "value"); v != nullptr && v->has_t()) {
        dims[n.output(0)].assign(v->t().dims().begin(), v->t().dims().end());
      }
    } else if (op == "LSTM" || op == "GRU") {
      ModelShape::Layer l;
      l.cell = op == "LSTM" ? CellType::kLstm : CellType::kGru;
      if (const auto* h = NodeAttr(n, "hidden_size")) l.hidden_size = static_cast<int>(h->i());
      if (const auto* w = dims_of(n, 1); w != nullptr && w->size() == 3) {
        l.input_size = static_cast<int>((*w)[2]);
      }
      l.peepholes = l.cell == CellType::kLstm && NodeHasInput(n, 7);
      if (l.cell == CellType::kGru) {
        const auto* a = NodeAttr(n, "linear_before_reset");
        l.linear_before_reset = a != nullptr && a->i() != 0;
      }
      shape.layers.push_back(l);
      head_open = false;
    } else if ((op == "Gemm" || op == "MatMul") && !shape.layers.empty()) {
      const auto* b = dims_of(n, 1);
      const auto* tb = NodeAttr(n, "transB");
      const bool trans = op == "Gemm" && tb != nullptr && tb->i() != 0;
      ModelShape::Head h;
      if (b != nullptr && b->size() == 2) h.size = static_cast<int>(trans ? (*b)[0] : (*b)[1]);
      h.activation = HeadActivation::kNone;
      shape.head.push_back(h);
      head_open = true;
    } else if ((op == "Relu" || op == "Sigmoid" || op == "Tanh") && head_open) {
      shape.head.back().activation = op == "Relu"      ? HeadActivation::kRelu
                                     : op == "Sigmoid" ? HeadActivation::kSigmoid
                                                       : HeadActivation::kTanh;
      head_open = false;
    }
  }
  return shape;
}

// The array's shape without ONNX's leading num_directions axis of 1.
std::vector<size_t> Shape(const std::map<std::string, NpyArray>& arrays, const std::string& name) {
  const auto it = arrays.find(name);
  if (it == arrays.end()) return {};
  std::vector<size_t> s = it->second.shape;
  if (s.size() == 3 && s[0] == 1) s.erase(s.begin());
  return s;
}

std::optional<ModelShape> ProbeNpz(const std::string& path, std::string* why) {
  std::map<std::string, NpyArray> arrays;
  try {
    arrays = ReadNpz(path);
  } catch (const NpyError& e) {
    *why = e.what();
    return std::nullopt;
  }
  ModelShape shape;
  for (int l = 0;; ++l) {
    const std::string at = fmt::format("layer{}.", l);
    const std::vector<size_t> w = Shape(arrays, at + "W"), r = Shape(arrays, at + "R"),
                              proj = Shape(arrays, at + "proj");
    if (w.size() != 2 || r.size() != 2) break;
    ModelShape::Layer layer;
    layer.hidden_size = static_cast<int>(proj.size() == 2 ? proj[1] : r[1]);
    layer.proj_size = proj.size() == 2 ? static_cast<int>(proj[0]) : 0;
    layer.input_size = static_cast<int>(w[1]);
    const size_t h = static_cast<size_t>(layer.hidden_size);
    if (h == 0 || (w[0] != 4 * h && w[0] != 3 * h)) {
      *why = fmt::format("array '{}W' has {} rows, not 4 or 3 gates x hidden size {}", at, w[0], h);
      return std::nullopt;
    }
    layer.cell = w[0] == 4 * h ? CellType::kLstm : CellType::kGru;
    layer.peepholes = arrays.count(at + "P") != 0;
    shape.layers.push_back(layer);
  }
  for (int k = 0;; ++k) {
    const std::vector<size_t> w = Shape(arrays, fmt::format("head{}.W", k));
    if (w.size() != 2) break;
    shape.head.push_back({static_cast<int>(w[0]), std::nullopt});
  }
  return shape;
}

}  // namespace

std::optional<ModelShape> ProbeModelFile(const std::string& source, const std::string& path,
                                         std::string* why) {
  return source == "onnx" ? ProbeOnnx(path, why) : ProbeNpz(path, why);
}

ModelProbe DesignFolderProbe(const std::string& folder) {
  return [folder](const std::string& source, const std::string& /*path*/, std::string* why) {
    return ProbeModelFile(source, (std::filesystem::path(folder) / ("weights." + source)).string(),
                          why);
  };
}

}  // namespace rnngen
