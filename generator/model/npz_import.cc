#include "model/npz_import.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "model/npy.h"

namespace rnngen {
namespace {

// A shape as numpy prints it: (), (7,), (2, 3).
std::string ShapeText(const std::vector<size_t>& shape) {
  return fmt::format("({}{})", fmt::join(shape, ", "), shape.size() == 1 ? "," : "");
}

// What one array must be.
struct Want {
  std::vector<size_t> shape;
  bool onnx_axis = false;  // (1, ...shape) is accepted too: ONNX's num_directions
  bool required = true;
  std::string why;  // where the sizes come from in the spec
};

// "layer12.W" -> kind "layer", index 12, field "W"; false for names not of that form.
bool SplitName(const std::string& name, std::string* kind, size_t* index, std::string* field) {
  const size_t dot = name.find('.');
  if (dot == std::string::npos) return false;
  size_t digits = dot;
  while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9') --digits;
  const size_t count = dot - digits;
  if (count == 0 || count > 6 || (count > 1 && name[digits] == '0')) return false;
  *kind = name.substr(0, digits);
  *index = std::stoul(name.substr(digits, count));
  *field = name.substr(dot + 1);
  return true;
}

class Importer {
 public:
  explicit Importer(const Spec& spec) : spec_(spec) {}

  NpzImport Run(const std::string& path) {
    try {
      arrays_ = ReadNpz(path);
    } catch (const NpyError& e) {
      errors_.push_back(e.what());
      return Result();
    }
    for (size_t l = 0; l < spec_.model.stack.size(); ++l) Recurrent(l);
    for (size_t k = 0; k < spec_.model.head.size(); ++k) Dense(k);
    for (const auto& [name, array] : arrays_) {
      if (read_.count(name) == 0) Unknown(name);
    }
    return Result();
  }

 private:
  NpzImport Result() {
    NpzImport r;
    r.errors = errors_;
    if (errors_.empty()) r.net = std::move(net_);
    return r;
  }

  void Error(const std::string& name, const std::string& what) {
    errors_.push_back(fmt::format("array '{}': {}", name, what));
  }

  // The values of array `name` if it is there and right; zeros of the wanted size if it is
  // optional and missing.
  std::vector<double> Take(const std::string& name, const Want& want) {
    read_.insert(name);
    size_t count = 1;
    for (const size_t d : want.shape) count *= d;
    const std::vector<double> zeros(count, 0.0);
    const std::string expected = fmt::format(
        "{}{}: {}", ShapeText(want.shape),
        want.onnx_axis ? fmt::format(" or {}", ShapeText(Prefixed(want.shape))) : "", want.why);
    const auto it = arrays_.find(name);
    if (it == arrays_.end()) {
      if (want.required) Error(name, fmt::format("missing (expected shape {})", expected));
      return zeros;
    }
    const NpyArray& a = it->second;
    if (a.shape != want.shape && !(want.onnx_axis && a.shape == Prefixed(want.shape))) {
      Error(name, fmt::format("shape {} (expected {})", ShapeText(a.shape), expected));
      return zeros;
    }
    if (a.integral) {
      Error(name, "an integer or bool dtype (expected float16, float32 or float64 weights)");
      return zeros;
    }
    size_t bad = 0, first = 0;
    for (size_t n = 0; n < a.data.size(); ++n) {
      if (!std::isfinite(a.data[n]) && bad++ == 0) first = n;
    }
    if (bad > 0) {
      Error(name, fmt::format("element {} is {}{} (expected finite values)", Index(a.shape, first),
                              a.data[first], bad > 1 ? fmt::format(", and {} more", bad - 1) : ""));
      return zeros;
    }
    return a.data;
  }

  static std::vector<size_t> Prefixed(const std::vector<size_t>& shape) {
    std::vector<size_t> s = {1};
    s.insert(s.end(), shape.begin(), shape.end());
    return s;
  }

  // The multi-index of flat position n, as numpy writes it: [0, 3].
  static std::string Index(const std::vector<size_t>& shape, size_t n) {
    std::vector<size_t> index(shape.size());
    for (size_t k = shape.size(); k-- > 0;) {
      index[k] = n % shape[k];
      n /= shape[k];
    }
    return fmt::format("[{}]", fmt::join(index, ", "));
  }

  void Recurrent(size_t l) {
    const Spec::Recurrent& s = spec_.model.stack[l];
    const bool lstm = s.cell == CellType::kLstm;
    const size_t g = GateCount(s.cell), h = s.hidden_size;
    const std::string gates =
        fmt::format("{} {} gates ({}) x hidden_size {}", g, lstm ? "lstm" : "gru",
                    lstm ? "i, o, f, c" : "z, r, h", h);
    const std::string in = l == 0 ? fmt::format("model.input_size {}", s.input_size)
                                  : fmt::format("layer {}'s output size {}", l - 1,
                                                spec_.model.stack[l - 1].output_size());
    const std::string out =
        fmt::format("{} {}", s.proj_size > 0 ? "proj_size" : "hidden_size", s.output_size());
    const std::string prefix = fmt::format("layer{}.", l);
    RecurrentFloat f;
    f.shape = s;
    f.w = Take(prefix + "W", {{g * h, static_cast<size_t>(s.input_size)},
                              true,
                              true,
                              fmt::format("rows {}, columns {}", gates, in)});
    f.r = Take(prefix + "R", {{g * h, static_cast<size_t>(s.output_size())},
                              true,
                              true,
                              fmt::format("rows {}, columns {}", gates, out)});
    const std::vector<double> b = Take(
        prefix + "B",
        {{2 * g * h}, true, false, fmt::format("2 x {}, the W biases then the R biases", gates)});
    f.wb.assign(b.begin(), b.begin() + g * h);
    f.rb.assign(b.begin() + g * h, b.end());
    if (lstm && s.peepholes) {
      f.p = Take(prefix + "P",
                 {{3 * h}, true, true, fmt::format("peepholes i, o, f x hidden_size {}", h)});
    }
    if (s.proj_size > 0) {
      f.proj = Take(prefix + "proj",
                    {{static_cast<size_t>(s.proj_size), h},
                     false,
                     true,
                     fmt::format("rows proj_size {}, columns hidden_size {}", s.proj_size, h)});
    }
    net_.stack.push_back(std::move(f));
  }

  void Dense(size_t k) {
    const Spec::Dense& s = spec_.model.head[k];
    const std::string size = fmt::format("model.head[{}].size {}", k, s.size);
    const std::string in =
        k == 0 ? fmt::format("the last recurrent layer's output size {}", s.input_size)
               : fmt::format("model.head[{}].size {}", k - 1, s.input_size);
    const std::string prefix = fmt::format("head{}.", k);
    DenseFloat d;
    d.shape = s;
    d.w = Take(prefix + "W", {{static_cast<size_t>(s.size), static_cast<size_t>(s.input_size)},
                              false,
                              true,
                              fmt::format("rows {}, columns {}", size, in)});
    d.b = Take(prefix + "b", {{static_cast<size_t>(s.size)}, false, false, size});
    net_.head.push_back(std::move(d));
  }

  // An array no layer of the spec reads: say why.
  void Unknown(const std::string& name) {
    const size_t layers = spec_.model.stack.size(), heads = spec_.model.head.size();
    std::string kind, field;
    size_t index = 0;
    const bool named = SplitName(name, &kind, &index, &field);
    const bool layer_field = kind == "layer" && (field == "W" || field == "R" || field == "B" ||
                                                 field == "P" || field == "proj");
    const bool head_field = kind == "head" && (field == "W" || field == "b");
    if (!named || !(layer_field || head_field)) {
      return Error(name,
                   "not a name rnngen reads (expected layer<l>.W, .R, .B, .P or .proj, or "
                   "head<k>.W or .b, as docs/spec.md lists)");
    }
    if (layer_field && index >= layers) {
      return Error(name, fmt::format("the spec has {} recurrent layer(s), layer0 to layer{} "
                                     "(expected no layer{} arrays, or more model.layers)",
                                     layers, layers - 1, index));
    }
    if (head_field && index >= heads) {
      return Error(name, fmt::format("the spec has {} head layer(s) (expected no head{} arrays, "
                                     "or more entries in model.head)",
                                     heads, index));
    }
    const Spec::Recurrent& s = spec_.model.stack[index];
    if (field == "P" && s.cell == CellType::kGru) {
      return Error(name, fmt::format("layer {} is a gru layer, which has no peepholes (expected "
                                     "no layer{}.P)",
                                     index, index));
    }
    if (field == "P") {
      return Error(name, fmt::format("peepholes, and the spec's layer {} has none (expected "
                                     "peepholes: true in the spec, or no layer{}.P)",
                                     index, index));
    }
    Error(name, fmt::format("a projection, and the spec's layer {} has no proj_size (expected "
                            "proj_size in the spec, or no layer{}.proj)",
                            index, index));
  }

  const Spec& spec_;
  std::map<std::string, NpyArray> arrays_;
  std::set<std::string> read_;  // names some layer asked for
  std::vector<std::string> errors_;
  NetworkFloat net_;
};

}  // namespace

NpzImport ImportNpz(const std::string& path, const Spec& spec) { return Importer(spec).Run(path); }

}  // namespace rnngen
