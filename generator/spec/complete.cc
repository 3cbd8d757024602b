#include "spec/complete.h"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <utility>

namespace rnngen::spec_internal {
namespace {

// The value of `key` in mapping `m`, or null.
YNode* Find(YNode* m, const std::string& key) {
  if (m == nullptr || m->kind != YNode::Kind::kMapping) return nullptr;
  for (size_t i = 0; i + 1 < m->children.size(); i += 2) {
    if (m->children[i]->kind == YNode::Kind::kScalar && m->children[i]->value == key) {
      return m->children[i + 1].get();
    }
  }
  return nullptr;
}

// Nodes made here carry the position of weights.path's value: an error about one points there.
class Builder {
 public:
  explicit Builder(const YNode& at) : line_(at.line), col_(at.col) {}
  std::unique_ptr<YNode> Node(YNode::Kind kind, std::string value = "") const {
    auto n = std::make_unique<YNode>();
    n->kind = kind;
    n->line = line_;
    n->col = col_;
    n->tag = "?";
    n->value = std::move(value);
    return n;
  }
  void Add(YNode* mapping, const std::string& key, std::unique_ptr<YNode> value) const {
    mapping->children.push_back(Node(YNode::Kind::kScalar, key));
    mapping->children.push_back(std::move(value));
  }
  void AddScalar(YNode* mapping, const std::string& key, const std::string& value) const {
    Add(mapping, key, Node(YNode::Kind::kScalar, value));
  }

 private:
  int line_, col_;
};

}  // namespace

void CompleteModel(YNode* root, const std::string& spec_path, const ModelProbe& probe,
                   std::vector<RawError>* errors, std::vector<std::string>* added) {
  if (!probe || root == nullptr || root->kind != YNode::Kind::kMapping) return;
  YNode* weights = Find(root, "weights");
  const YNode* source = Find(weights, "source");
  const YNode* path = Find(weights, "path");
  if (source == nullptr || !source->IsPlainScalar() ||
      (source->value != "onnx" && source->value != "npz") || path == nullptr ||
      path->kind != YNode::Kind::kScalar || path->value.empty()) {
    return;
  }
  YNode* model = Find(root, "model");
  if (model != nullptr && model->kind != YNode::Kind::kMapping) return;  // the checker says so
  // A spec seldom writes every key the file may give (peepholes: false...): always probe.
  const auto missing = [&](const char* key) { return Find(model, key) == nullptr; };
  const std::string file =
      (std::filesystem::path(spec_path).parent_path() / path->value).lexically_normal().string();
  std::string why;
  const std::optional<ModelShape> shape = probe(source->value, file, &why);
  if (!shape || shape->layers.empty()) {
    // Only an error when the spec relies on the file: the importer reports a bad file anyway.
    if (model == nullptr || missing("input_size") || missing("hidden_size")) {
      errors->push_back(
          {path->line, path->col,
           fmt::format("weights.path: cannot read the network's shape from {} "
                       "to complete model: {} (expected a readable {} model, or "
                       "model.input_size and model.hidden_size in the spec)",
                       path->value, shape ? "it has no recurrent layer" : why, source->value)});
    }
    return;
  }
  const Builder b(*path);
  if (model == nullptr) {
    b.Add(root, "model", b.Node(YNode::Kind::kMapping));
    model = root->children.back().get();
  }
  const auto add = [&](YNode* mapping, const std::string& dotted, const std::string& key,
                       const std::string& value) {
    b.AddScalar(mapping, key, value);
    added->push_back(fmt::format("{}: {}", dotted, value));
  };
  // The first layer's keys are the model's.
  const ModelShape::Layer& first = shape->layers.front();
  const YNode* cell_node = Find(model, "cell");
  const bool lstm =
      cell_node != nullptr ? cell_node->value == "lstm" : first.cell == CellType::kLstm;
  if (missing("cell")) add(model, "model.cell", "cell", CellWord(first.cell));
  if (missing("input_size")) {
    add(model, "model.input_size", "input_size", std::to_string(first.input_size));
  }
  if (missing("hidden_size")) {
    add(model, "model.hidden_size", "hidden_size", std::to_string(first.hidden_size));
  }
  if (lstm && first.proj_size > 0 && missing("proj_size")) {
    add(model, "model.proj_size", "proj_size", std::to_string(first.proj_size));
  }
  if (lstm && first.peepholes && missing("peepholes")) {
    add(model, "model.peepholes", "peepholes", "true");
  }
  if (!lstm && first.linear_before_reset.value_or(false) && missing("linear_before_reset")) {
    add(model, "model.linear_before_reset", "linear_before_reset", "true");
  }
  // Deeper layers, where they differ from the first.
  const size_t layers = shape->layers.size();
  if (layers > 1 && missing("layers") && missing("layer_overrides")) {
    add(model, "model.layers", "layers", std::to_string(layers));
    auto list = b.Node(YNode::Kind::kSequence);
    for (size_t l = 1; l < layers; ++l) {
      const ModelShape::Layer& m = shape->layers[l];
      auto o = b.Node(YNode::Kind::kMapping);
      const std::string at = fmt::format("model.layer_overrides[layer {}]", l);
      const auto put = [&](const std::string& key, const std::string& value) {
        b.AddScalar(o.get(), key, value);
        added->push_back(fmt::format("{}.{}: {}", at, key, value));
      };
      if (m.cell != first.cell) put("cell", CellWord(m.cell));
      if (m.hidden_size != first.hidden_size) put("hidden_size", std::to_string(m.hidden_size));
      if (m.proj_size != first.proj_size) put("proj_size", std::to_string(m.proj_size));
      // A layer whose cell differs starts without the first layer's cell-specific keys.
      const bool same_cell = m.cell == first.cell;
      if (m.cell == CellType::kLstm && m.peepholes != (same_cell && first.peepholes)) {
        put("peepholes", m.peepholes ? "true" : "false");
      }
      const bool lbr = m.linear_before_reset.value_or(false);
      if (m.cell == CellType::kGru &&
          lbr != (same_cell && first.linear_before_reset.value_or(false))) {
        put("linear_before_reset", lbr ? "true" : "false");
      }
      if (o->children.empty()) continue;
      o->children.insert(o->children.begin(), b.Node(YNode::Kind::kScalar, std::to_string(l)));
      o->children.insert(o->children.begin(), b.Node(YNode::Kind::kScalar, "layer"));
      list->children.push_back(std::move(o));
    }
    if (!list->children.empty()) b.Add(model, "layer_overrides", std::move(list));
  }
  if (!shape->head.empty() && missing("head")) {
    auto list = b.Node(YNode::Kind::kSequence);
    for (size_t k = 0; k < shape->head.size(); ++k) {
      const ModelShape::Head& h = shape->head[k];
      auto item = b.Node(YNode::Kind::kMapping);
      b.AddScalar(item.get(), "size", std::to_string(h.size));
      added->push_back(fmt::format("model.head[{}].size: {}", k, h.size));
      if (h.activation) {
        b.AddScalar(item.get(), "activation", HeadActivationWord(*h.activation));
        added->push_back(
            fmt::format("model.head[{}].activation: {}", k, HeadActivationWord(*h.activation)));
      }
      list->children.push_back(std::move(item));
    }
    b.Add(model, "head", std::move(list));
  }
}

}  // namespace rnngen::spec_internal
