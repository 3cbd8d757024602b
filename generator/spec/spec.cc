// Spec loader. yaml-cpp's event parser builds a small tree that keeps every key (duplicates
// included), every position and every tag; a checker then walks that tree against the v1 schema
// and collects every problem it finds instead of stopping at the first (docs/spec.md).
#include "spec/spec.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <sstream>
#include <string_view>
#include <tuple>
#include <utility>

#include "fmt/format.h"
#include "model/fixed_point.h"
#include "model/network.h"
#include "spec/identifiers.h"

namespace rnngen {
namespace {

constexpr size_t kMaxSpecBytes = size_t{1} << 20;
constexpr int kMaxNameLength = 48;
constexpr size_t kMaxErrors = 100;
constexpr int64_t kMaxWeights = int64_t{1} << 26;
constexpr int kMaxSize = 4096;  // input_size, hidden_size and head sizes
constexpr int kMaxLayers = 16;
// Defaults live in spec.h (the struct initialisers); the loader reads them from here.
const Spec kDefault{};
constexpr int64_t kMaxSeed = std::numeric_limits<int64_t>::max();
constexpr std::string_view kReservedPrefix = "rnngen_";

// ---------------------------------------------------------------------------------------------
// The document tree.

struct YNode {
  enum class Kind { kNull, kScalar, kSequence, kMapping, kAlias };
  Kind kind = Kind::kNull;
  int line = 0;       // 1-based
  int col = 0;        // 1-based
  std::string tag;    // "?" plain, "!" quoted or block scalar, anything else an explicit tag
  std::string value;  // scalars only
  // Sequence items, or mapping entries as key, value, key, value, ...
  std::vector<std::unique_ptr<YNode>> children;
  // An error was already reported for this node (alias, explicit tag): checks skip it.
  bool reported = false;

  bool IsPlainScalar() const { return kind == Kind::kScalar && tag == "?"; }
};

struct RawError {
  int line = 0;
  int col = 0;
  std::string message;
};

// Byte offset of the start of each line (lines end at '\n'), to turn marks into offsets.
std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// True when the quoted scalar opening at text[open] has its closing quote. yaml-cpp 0.7 quietly
// ends an unclosed quote at the end of the file, which swallows the rest of the spec.
bool QuoteIsClosed(std::string_view text, size_t open) {
  const char q = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;  // an escaped character, possibly a quote
    } else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is an escaped single quote
      } else {
        return true;
      }
    }
  }
  return false;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  // `line_starts` is LineStarts(text); both must outlive the builder.
  TreeBuilder(std::string_view text, const std::vector<size_t>& line_starts,
              std::vector<RawError>* errors)
      : text_(text), line_starts_(line_starts), errors_(errors) {}

  std::unique_ptr<YNode> TakeRoot() { return std::move(root_); }
  bool saw_document() const { return saw_document_; }
  const YAML::Mark& document_mark() const { return document_mark_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    saw_document_ = true;
    document_mark_ = mark;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    auto node = NewNode(YNode::Kind::kNull, mark);
    if (!stack_.empty() && stack_.back()->kind == YNode::Kind::kSequence) {
      PlaceEmptyItem(node.get());
    }
    Add(std::move(node), false);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    auto node = NewNode(YNode::Kind::kAlias, mark);
    node->reported = true;
    errors_->push_back({node->line, node->col,
                        "anchors and aliases are not supported (expected every value written out "
                        "in full)"});
    Add(std::move(node), false);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                const std::string& value) override {
    auto node = NewNode(YNode::Kind::kScalar, mark);
    node->tag = tag;
    node->value = value;
    CheckTag(node.get());
    if (tag == "!") CheckQuote(node.get());
    Add(std::move(node), false);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                       YAML::EmitterStyle::value /*style*/) override {
    auto node = NewNode(YNode::Kind::kSequence, mark);
    node->tag = tag;
    CheckTag(node.get());
    Add(std::move(node), true);
  }
  void OnSequenceEnd() override { Pop(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    auto node = NewNode(YNode::Kind::kMapping, mark);
    node->tag = tag;
    CheckTag(node.get());
    Add(std::move(node), true);
  }
  void OnMapEnd() override { Pop(); }

 private:
  static std::unique_ptr<YNode> NewNode(YNode::Kind kind, const YAML::Mark& mark) {
    auto node = std::make_unique<YNode>();
    node->kind = kind;
    node->line = mark.is_null() ? 0 : mark.line + 1;
    node->col = mark.is_null() ? 0 : mark.column + 1;
    return node;
  }

  // yaml-cpp places an empty block sequence item ("-" alone on its line) at the next token,
  // lines later (at the end of the file: at the start of the last line); this moves it to its
  // '-': the nearest text before that token that is not blank or a comment, when that is such
  // a "-" line.
  void PlaceEmptyItem(YNode* node) const {
    for (int line = node->line; line >= 1 && line <= static_cast<int>(line_starts_.size());
         --line) {
      const size_t start = line_starts_[line - 1];
      size_t end = std::min(text_.find('\n', start), text_.size());
      const size_t mark = start + static_cast<size_t>(node->col - 1);
      const bool at_token = mark < text_.size() &&
                            std::string_view(" \r\n").find(text_[mark]) == std::string_view::npos;
      if (line == node->line && at_token) end = mark;
      const std::string_view content = text_.substr(start, end - start);
      const size_t first = content.find_first_not_of(" \r");
      if (first == std::string_view::npos || content[first] == '#') continue;
      const size_t next = content.find_first_not_of(" \r", first + 1);
      if (content[first] == '-' &&
          (next == std::string_view::npos || (content[next] == '#' && content[next - 1] == ' '))) {
        node->line = line;
        node->col = static_cast<int>(first) + 1;
      }
      return;
    }
  }

  void CheckTag(YNode* node) {
    if (node->tag.empty() || node->tag == "?" || node->tag == "!") return;
    node->reported = true;
    errors_->push_back(
        {node->line, node->col,
         fmt::format("tag '{}' is not supported (expected an untagged value)", node->tag)});
  }

  void CheckQuote(YNode* node) {
    if (node->reported || node->line < 1 || node->line > static_cast<int>(line_starts_.size())) {
      return;
    }
    // yaml-cpp skips a UTF-8 byte order mark without counting it in the first line's columns.
    const size_t bom = node->line == 1 && text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const size_t at = line_starts_[node->line - 1] + bom + static_cast<size_t>(node->col - 1);
    // Block scalars (| and >) carry the same tag; only quotes are checked.
    if (at >= text_.size() || (text_[at] != '"' && text_[at] != '\'')) return;
    if (QuoteIsClosed(text_, at)) return;
    node->reported = true;
    errors_->push_back({node->line, node->col,
                        fmt::format("quoted string is not closed (expected a closing {} before the "
                                    "end of the file)",
                                    text_[at])});
  }

  void Add(std::unique_ptr<YNode> node, bool container) {
    YNode* raw = node.get();
    if (stack_.empty()) {
      root_ = std::move(node);
    } else {
      stack_.back()->children.push_back(std::move(node));
    }
    if (container) stack_.push_back(raw);
  }

  void Pop() {
    if (!stack_.empty()) stack_.pop_back();
  }

  std::string_view text_;
  const std::vector<size_t>& line_starts_;
  std::vector<RawError>* errors_;
  std::unique_ptr<YNode> root_;
  std::vector<YNode*> stack_;
  bool saw_document_ = false;
  YAML::Mark document_mark_;
};

// ---------------------------------------------------------------------------------------------
// Text helpers.

// Quotes user text for a one-line message: control characters escaped, long text shortened.
std::string Quote(std::string_view s, char quote = '\'') {
  constexpr size_t kMaxShown = 60;
  std::string out(1, quote);
  size_t shown = 0;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    // Count characters, not bytes, so a cut never splits a UTF-8 sequence.
    const bool continuation = (u & 0xC0) == 0x80;
    if (shown == kMaxShown && !continuation) {
      out += "...";
      break;
    }
    if (continuation) {
      out += c;
      continue;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
    ++shown;
  }
  out += quote;
  return out;
}

// Optimal string alignment distance (edit distance counting an adjacent swap as one edit).
int EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

// "; did you mean 'x'?" for the closest candidate within two edits, else "".
std::string Suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  constexpr int kMaxDistance = 2;
  // Long typos cost a lot of time to compare and never come close to a key.
  if (word.size() > 64) return "";
  int best = kMaxDistance + 1;
  const std::string* best_word = nullptr;
  for (const std::string& c : candidates) {
    const int d = EditDistance(word, c);
    if (d < best) {
      best = d;
      best_word = &c;
    }
  }
  if (best_word == nullptr || best == 0) return "";
  return fmt::format("; did you mean '{}'?", *best_word);
}

std::string JoinList(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += sep;
    out += words[i];
  }
  return out;
}

// "magnitude or load_balanced", "dense or csc", "lstm".
std::string Alternatives(const std::vector<std::string>& words) {
  if (words.size() <= 1) return JoinList(words, "");
  std::vector<std::string> head(words.begin(), words.end() - 1);
  return JoinList(head, ", ") + " or " + words.back();
}

// How a node that has the wrong kind is named in a message.
std::string Describe(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::kNull:
      return "an empty value";
    case YNode::Kind::kMapping:
      return "a mapping";
    case YNode::Kind::kSequence:
      return "a sequence";
    case YNode::Kind::kAlias:
      return "an alias";
    case YNode::Kind::kScalar:
      break;
  }
  if (n.IsPlainScalar()) return Quote(n.value);
  return "quoted string " + Quote(n.value, '"');
}

// Plain decimal integer: optional '-' then digits. Returns false for anything else (hex, octal
// prefixes, floats, '+'); `overflow` is set when the syntax is right but int64 cannot hold it.
bool ParseDecimalInteger(std::string_view s, int64_t* out, bool* overflow) {
  *overflow = false;
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) i = 1;
  if (i == s.size()) return false;
  // Accumulate as a negative number so INT64_MIN fits.
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    const int digit = s[i] - '0';
    if (v < (std::numeric_limits<int64_t>::min() + digit) / 10) {
      *overflow = true;
    } else {
      v = v * 10 - digit;
    }
  }
  if (*overflow) return true;
  if (!negative) {
    if (v == std::numeric_limits<int64_t>::min()) {
      *overflow = true;
      return true;
    }
    v = -v;
  }
  *out = v;
  return true;
}

// Plain decimal number: -?(digits[.digits*] | .digits)([eE][-+]?digits)?
bool ParseDecimalNumber(std::string_view s, double* out) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t int_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++int_digits;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  const std::string text(s);
  *out = std::strtod(text.c_str(), nullptr);  // overflow gives inf, underflow 0: both out of range
  return true;
}

// ---------------------------------------------------------------------------------------------
// The checker.

template <typename T>
struct Field {
  T value{};
  bool given = false;  // written in the file
  bool ok = true;      // usable: valid, or defaulted
  int line = 0;        // where its value is (when given)
  int col = 0;
};

// One mapping of the schema, with its entries looked up.
struct Section {
  std::string path;      // dotted path, "" for the top level
  bool present = false;  // written in the file
  bool ok = true;        // a mapping (or absent): its fields can be trusted
  const YNode* node = nullptr;
  struct Entry {
    const YNode* key;
    const YNode* value;
  };
  std::map<std::string, Entry> entries;
};

const std::vector<std::string> kTopKeys = {"name",  "model",    "weights", "arithmetic",
                                           "array", "sparsity", "sim"};
const std::vector<std::string> kModelKeys = {
    "cell",      "input_size",          "hidden_size",     "layers", "proj_size",
    "peepholes", "linear_before_reset", "layer_overrides", "head"};
const std::vector<std::string> kOverrideKeys = {"layer",     "cell",      "hidden_size",
                                                "proj_size", "peepholes", "linear_before_reset"};
const std::vector<std::string> kHeadKeys = {"size", "activation"};
const std::vector<std::string> kCells = {"lstm", "gru"};
const std::vector<std::string> kHeadActivations = {"none", "relu", "sigmoid", "tanh"};
const std::vector<std::string> kWeightsKeys = {"source",  "path",    "seed",
                                               "density", "pruning", "calibration"};
const std::vector<std::string> kArithmeticKeys = {"weight",           "activation",    "state",
                                                  "accumulator_bits", "activation_fn", "lut_bits"};
const std::vector<std::string> kFormatKeys = {"bits", "frac"};
const std::vector<std::string> kArrayKeys = {"pe_count", "fifo_depth"};
const std::vector<std::string> kSparsityKeys = {"encoding", "index_bits"};
const std::vector<std::string> kSimKeys = {"timesteps", "input_seed", "inputs", "labels"};

// "layer 1 (gru)"
std::string LayerName(size_t k, const Spec::Recurrent& r) {
  return fmt::format("layer {} ({})", k, kCells[r.cell == CellType::kLstm ? 0 : 1]);
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

class Checker {
 public:
  explicit Checker(std::string path) : path_(std::move(path)) {}

  std::vector<Diagnostic> TakeErrors() { return std::move(errors_); }

  void Error(int line, int col, std::string message) {
    errors_.push_back({SourceLoc{path_, line, col}, std::move(message)});
  }

  void Error(const YNode& node, std::string message) {
    Error(node.line, node.col, std::move(message));
  }

  // Checks the whole document; returns the spec when no error was found.
  std::optional<Spec> Check(const YNode* root);

 private:
  static std::string Join(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
  }

  // Where a key's value is: its own mark, except an empty value, which yaml-cpp places at the
  // next token (possibly lines later); that one is reported at its key.
  static std::pair<int, int> ValueLoc(const Section::Entry& e) {
    if (e.value->kind == YNode::Kind::kNull && e.value->line != e.key->line) {
      return {e.key->line, e.key->col};
    }
    return {e.value->line, e.value->col};
  }

  void RecordLoc(const std::string& dotted, const Section::Entry& e) {
    const auto [line, col] = ValueLoc(e);
    locs_[dotted] = SourceLoc{path_, line, col};
  }

  // Indexes a mapping node: reports keys that are not strings, duplicates and unknown keys.
  void IndexMapping(const YNode& map, const std::vector<std::string>& keys, Section* s) {
    const std::string where = s->path.empty() ? "at top level" : "in '" + s->path + "'";
    std::map<std::string, int> first_line;
    for (size_t i = 0; i + 1 < map.children.size(); i += 2) {
      const YNode& key = *map.children[i];
      const YNode& value = *map.children[i + 1];
      if (key.reported) continue;
      if (key.kind != YNode::Kind::kScalar) {
        Error(key, fmt::format("{} is not a valid key {} (expected one of: {})", Describe(key),
                               where, JoinList(keys, ", ")));
        continue;
      }
      const auto [it, inserted] = first_line.emplace(key.value, key.line);
      if (!inserted) {
        Error(key, fmt::format("duplicate key {} (expected each key once; first defined at "
                               "line {})",
                               Quote(key.value), it->second));
        continue;
      }
      if (std::find(keys.begin(), keys.end(), key.value) == keys.end()) {
        Error(key, fmt::format("unknown key {} {} (expected one of: {}{})", Quote(key.value), where,
                               JoinList(keys, ", "), Suggestion(key.value, keys)));
        continue;
      }
      s->entries[key.value] = Section::Entry{&key, &value};
    }
  }

  // The sub-mapping `key` of `parent`. Reports a missing required section at the parent.
  Section SubSection(const Section& parent, const std::string& key,
                     const std::vector<std::string>& keys, bool required) {
    Section s;
    s.path = Join(parent.path, key);
    if (!parent.ok) {
      s.ok = false;
      return s;
    }
    const auto it = parent.entries.find(key);
    if (it == parent.entries.end()) {
      if (required) {
        s.ok = false;
        ReportMissing(parent, key, "a mapping with keys " + JoinList(keys, ", "));
      }
      return s;
    }
    const Section::Entry& e = it->second;
    RecordLoc(s.path, e);
    const auto [line, col] = ValueLoc(e);
    OpenSection(*e.value, line, col, keys, &s);
    return s;
  }

  // Fills `s` (its path set) from `value`, written at line:col: reports a value that is not a
  // mapping.
  void OpenSection(const YNode& value, int line, int col, const std::vector<std::string>& keys,
                   Section* s) {
    s->present = true;
    s->node = &value;
    if (value.reported) {
      s->ok = false;
      return;
    }
    if (value.kind != YNode::Kind::kMapping) {
      s->ok = false;
      const std::string what = value.kind == YNode::Kind::kNull
                                   ? "missing value"
                                   : Describe(value) + " is not a mapping";
      Error(line, col,
            fmt::format("{}: {} (expected a mapping with keys {})", s->path, what,
                        JoinList(keys, ", ")));
      return;
    }
    IndexMapping(value, keys, s);
  }

  // A list of mappings `key` in `parent`, each item a section "key[i]". A list that is given
  // must not be empty: leaving the key out is how to say "none".
  struct ListField {
    bool ok = true;
    std::vector<Section> items;
  };
  ListField SubList(const Section& parent, const std::string& key,
                    const std::vector<std::string>& keys) {
    ListField out;
    const std::string expected = "a list of mappings with keys " + JoinList(keys, ", ");
    Field<int> f;
    const Section::Entry* e = Lookup(parent, key, false, expected, &f);
    out.ok = f.ok;
    if (e == nullptr) return out;
    const YNode& v = *e->value;
    const std::string dotted = Join(parent.path, key);
    if (v.kind != YNode::Kind::kSequence || v.children.empty()) {
      out.ok = false;
      const std::string what =
          v.kind == YNode::Kind::kSequence ? "empty list" : Describe(v) + " is not a list";
      Error(
          f.line, f.col,
          fmt::format("{}: {} (expected {}; leave {} out for none)", dotted, what, expected, key));
      return out;
    }
    for (size_t i = 0; i < v.children.size(); ++i) {
      const YNode& item = *v.children[i];
      Section s;
      s.path = fmt::format("{}[{}]", dotted, i);
      locs_[s.path] = SourceLoc{path_, item.line, item.col};
      OpenSection(item, item.line, item.col, keys, &s);
      out.ok = out.ok && s.ok;
      out.items.push_back(std::move(s));
    }
    return out;
  }

  void ReportMissing(const Section& s, const std::string& key, const std::string& expected) {
    // Only the top level and sections written in the file get here, so s.node is set; 1:1 is
    // a fallback that keeps the diagnostic well formed.
    const int line = s.node != nullptr ? s.node->line : 1;
    const int col = s.node != nullptr ? s.node->col : 1;
    const std::string in = s.path.empty() ? "" : " in '" + s.path + "'";
    Error(line, col, fmt::format("missing required key '{}'{} (expected {})", key, in, expected));
  }

  // Finds `key` in `s`. Returns nullptr when absent or unusable; sets `f` accordingly.
  template <typename T>
  const Section::Entry* Lookup(const Section& s, const std::string& key, bool required,
                               const std::string& expected, Field<T>* f) {
    if (!s.ok) {
      f->ok = false;
      return nullptr;
    }
    const auto it = s.entries.find(key);
    if (it == s.entries.end()) {
      if (required) {
        f->ok = false;
        // Fields of an absent optional section cannot be required; of an absent required
        // section, the section's own absence was already reported.
        if (s.present || s.path.empty()) ReportMissing(s, key, expected);
      }
      return nullptr;
    }
    const Section::Entry& e = it->second;
    const std::string dotted = Join(s.path, key);
    RecordLoc(dotted, e);
    f->given = true;
    std::tie(f->line, f->col) = ValueLoc(e);
    if (e.value->reported) {
      f->ok = false;
      return nullptr;
    }
    if (e.value->kind == YNode::Kind::kNull) {
      f->ok = false;
      Error(f->line, f->col, fmt::format("{}: missing value (expected {})", dotted, expected));
      return nullptr;
    }
    return &e;
  }

  // An integer; `expected` defaults to "an integer lo..hi".
  Field<int64_t> ReadInt(const Section& s, const std::string& key, int64_t def, int64_t lo,
                         int64_t hi, bool required = false, std::string expected = "") {
    if (expected.empty()) expected = fmt::format("an integer {}..{}", lo, hi);
    Field<int64_t> f;
    f.value = def;
    const Section::Entry* e = Lookup(s, key, required, expected, &f);
    if (e == nullptr) return f;
    const std::string dotted = Join(s.path, key);
    const YNode& v = *e->value;
    f.ok = false;
    if (v.kind != YNode::Kind::kScalar) {
      Error(f.line, f.col,
            fmt::format("{}: {} is not an integer (expected {})", dotted, Describe(v), expected));
      return f;
    }
    if (!v.IsPlainScalar()) {
      Error(f.line, f.col,
            fmt::format("{}: {} is not an integer (expected {}, written without quotes)", dotted,
                        Describe(v), expected));
      return f;
    }
    int64_t n = 0;
    bool overflow = false;
    if (!ParseDecimalInteger(v.value, &n, &overflow)) {
      Error(f.line, f.col,
            fmt::format("{}: {} is not an integer (expected {})", dotted, Describe(v), expected));
      return f;
    }
    if (overflow || n < lo || n > hi) {
      Error(f.line, f.col,
            fmt::format("{}: value {} is out of range (expected {})", dotted, v.value, expected));
      return f;
    }
    f.ok = true;
    f.value = n;
    return f;
  }

  // A string scalar (plain or quoted).
  Field<std::string> ReadString(const Section& s, const std::string& key, std::string def,
                                bool required, const std::string& expected) {
    Field<std::string> f;
    f.value = std::move(def);
    const Section::Entry* e = Lookup(s, key, required, expected, &f);
    if (e == nullptr) return f;
    const YNode& v = *e->value;
    if (v.kind != YNode::Kind::kScalar) {
      f.ok = false;
      Error(f.line, f.col,
            fmt::format("{}: {} is not a string (expected {})", Join(s.path, key), Describe(v),
                        expected));
      return f;
    }
    f.value = v.value;
    return f;
  }

  // A file name, resolved against the spec's folder ("" when not given).
  Field<std::string> ReadPath(const Section& s, const std::string& key) {
    Field<std::string> f =
        ReadString(s, key, "", false, "a file name, relative to the spec's folder");
    if (!f.given || !f.ok) {
      f.value.clear();
    } else if (f.value.empty()) {
      f.ok = false;
      Error(f.line, f.col, fmt::format("{}: empty (expected a file name)", Join(s.path, key)));
    } else {
      f.value = (std::filesystem::path(path_).parent_path() / f.value).lexically_normal().string();
    }
    return f;
  }

  // One word of `choices` (out->value is its index); `unsupported` are known words that are
  // rejected as "not supported yet".
  void ReadChoice(const Section& s, const std::string& key, const std::vector<std::string>& choices,
                  const std::vector<std::string>& unsupported, bool required, int def,
                  Field<int>* out) {
    const std::string expected = Alternatives(choices);
    Field<std::string> f = ReadString(s, key, choices[def], required, expected);
    out->given = f.given;
    out->line = f.line;
    out->col = f.col;
    out->ok = f.ok;
    out->value = def;
    if (!f.ok || !f.given) return;
    const std::string dotted = Join(s.path, key);
    const auto it = std::find(choices.begin(), choices.end(), f.value);
    if (it != choices.end()) {
      out->value = static_cast<int>(it - choices.begin());
      return;
    }
    out->ok = false;
    if (std::find(unsupported.begin(), unsupported.end(), f.value) != unsupported.end()) {
      Error(f.line, f.col,
            fmt::format("{}: {} is not supported yet (expected {})", dotted, Quote(f.value),
                        expected));
    } else {
      Error(f.line, f.col,
            fmt::format("{}: unknown {} {} (expected {}{})", dotted, key, Quote(f.value), expected,
                        Suggestion(f.value, choices)));
    }
  }

  // A number (integer or decimal fraction) in (lo, hi].
  Field<double> ReadFraction(const Section& s, const std::string& key, double def, double lo,
                             double hi) {
    const std::string expected = fmt::format("a number > {} and <= {}", lo, hi);
    Field<double> f;
    f.value = def;
    const Section::Entry* e = Lookup(s, key, false, expected, &f);
    if (e == nullptr) return f;
    const std::string dotted = Join(s.path, key);
    const YNode& v = *e->value;
    f.ok = false;
    double x = 0;
    if (v.kind != YNode::Kind::kScalar || !v.IsPlainScalar() || !ParseDecimalNumber(v.value, &x)) {
      const std::string hint =
          v.kind == YNode::Kind::kScalar && !v.IsPlainScalar() ? ", written without quotes" : "";
      Error(f.line, f.col,
            fmt::format("{}: {} is not a number (expected {}{})", dotted, Describe(v), expected,
                        hint));
      return f;
    }
    if (!(x > lo && x <= hi)) {
      Error(f.line, f.col,
            fmt::format("{}: value {} is out of range (expected {})", dotted, v.value, expected));
      return f;
    }
    f.ok = true;
    f.value = x;
    return f;
  }

  // A boolean: YAML 1.2's true/false (any of its three spellings), or 1/0 as ONNX writes it.
  Field<bool> ReadBool(const Section& s, const std::string& key, bool def) {
    const std::string expected = "true or false";
    Field<bool> f;
    f.value = def;
    const Section::Entry* e = Lookup(s, key, false, expected, &f);
    if (e == nullptr) return f;
    const YNode& v = *e->value;
    static const std::vector<std::string> kTrue = {"true", "True", "TRUE", "1"};
    static const std::vector<std::string> kFalse = {"false", "False", "FALSE", "0"};
    const auto in = [&](const std::vector<std::string>& words) {
      return std::find(words.begin(), words.end(), v.value) != words.end();
    };
    if (v.IsPlainScalar() && (in(kTrue) || in(kFalse))) {
      f.value = in(kTrue);
      return f;
    }
    f.ok = false;
    const std::string hint =
        v.kind == YNode::Kind::kScalar && !v.IsPlainScalar() ? ", written without quotes" : "";
    Error(f.line, f.col,
          fmt::format("{}: {} is not a boolean (expected {}{})", Join(s.path, key), Describe(v),
                      expected, hint));
    return f;
  }

  // {bits, frac}: bits in bits_lo..bits_hi, frac in frac_lo..bits-1 or `auto`.
  struct FormatField {
    Field<int64_t> bits;
    Field<int64_t> frac;
    bool frac_auto = false;
    Section section;
    bool ok() const { return bits.ok && frac.ok; }
    // A frac whose value the loader can check against other formats.
    bool fixed() const { return frac.ok && !frac_auto; }
  };
  FormatField ReadFormat(const Section& arith, const std::string& key, FixedFormat def, int bits_lo,
                         int bits_hi, int frac_lo) {
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

  // The keys a recurrent layer can set, as written in `model` or in one layer override.
  struct LayerKeys {
    Field<int> cell;
    Field<int64_t> hidden_size;
    Field<int64_t> proj_size;
    Field<bool> peepholes;
    Field<bool> linear_before_reset;
  };
  LayerKeys ReadLayerKeys(const Section& s, bool required) {
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
  bool ApplyLayerKeys(const Section& s, const LayerKeys& k, bool defaults_ok,
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
            fmt::format("{}: value {} applies to {} layers only (expected {} {})",
                        Join(s.path, key), value, kCells[lstm ? 1 : 0], absent, where));
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
      wrong_cell(lbr.line, lbr.col, "linear_before_reset", "true",
                 "false or no linear_before_reset");
    } else if (lbr.given) {
      layer->linear_before_reset = lbr.value;
    }
    return ok;
  }

  // What the checks between `model` and the other sections need.
  struct NetworkField {
    bool ok = true;              // every size and cell is valid
    Field<int64_t> hidden_size;  // model.hidden_size, where defaults that misfit go
    std::vector<std::pair<int, int>> hidden_locs;  // where each layer's hidden_size is written
  };

  // Reads `model` into spec->model: the defaults as written, then the resolved stack and head.
  NetworkField ReadModel(const Section& top, Spec::Model* m) {
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
      const Field<int64_t> index = layers.ok ? ReadInt(o, "layer", 0, 0, layers.value - 1, true,
                                                       fmt::format("an integer 0..{} for layers {}",
                                                                   layers.value - 1, layers.value))
                                             : ReadInt(o, "layer", 0, 0, kMaxLayers - 1, true);
      const LayerKeys k = ReadLayerKeys(o, false);
      Spec::Recurrent layer = def;
      bool ok =
          ApplyLayerKeys(o, k, def_ok,
                         index.ok ? fmt::format("layer {}", index.value) : "this layer", &layer) &&
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

  // Where a check between keys reports `f`: at its value if written, else at its section if
  // written, else at `fallback` (the key whose value it no longer fits).
  static std::pair<int, int> CheckLoc(const Field<int64_t>& f, const Section& section,
                                      std::pair<int, int> fallback) {
    if (f.given) return {f.line, f.col};
    if (section.present) return {section.node->line, section.node->col};
    return fallback;
  }

  void CheckModelSize(const Spec::Model& m, const Field<int64_t>& hidden_size) {
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

  void CheckName(const Field<std::string>& name) {
    if (!name.ok) return;
    const std::string& n = name.value;
    auto error = [&](const std::string& m) { Error(name.line, name.col, "name: " + m); };
    // Characters, not bytes: UTF-8 continuation bytes do not count.
    const auto chars = static_cast<size_t>(std::count_if(
        n.begin(), n.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    if (chars == 0 || chars > kMaxNameLength) {
      error(fmt::format("{} is {} characters long (expected 1..{} characters)", Quote(n), chars,
                        kMaxNameLength));
    } else if (!IsVerilogIdentifier(n)) {
      error(
          fmt::format("{} is not a Verilog identifier (expected a letter or '_' followed by "
                      "letters, digits or '_')",
                      Quote(n)));
    } else if (IsVerilogKeyword(n)) {
      error(
          fmt::format("{} is a reserved Verilog/SystemVerilog keyword (expected a name that is "
                      "not a keyword)",
                      Quote(n)));
    } else if (n.compare(0, kReservedPrefix.size(), kReservedPrefix) == 0) {
      error(
          fmt::format("{} starts with '{}', which is reserved for library cells (expected a "
                      "name without that prefix)",
                      Quote(n), kReservedPrefix));
    }
  }

  std::string path_;
  std::vector<Diagnostic> errors_;
  std::map<std::string, SourceLoc> locs_;
};

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
  CheckName(name);
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
  const Field<double> density =
      ReadFraction(weights, "density", kDefault.weights.density, 0.0, 1.0);
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
  const Field<int64_t> pe_count = ReadInt(array, "pe_count", kDefault.array.pe_count, 1, 256);
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

  // sparsity
  const Section sparsity = SubSection(top, "sparsity", kSparsityKeys, false);
  Field<int> encoding;
  ReadChoice(sparsity, "encoding", {"dense", "csc"}, {}, false, 1, &encoding);
  spec.sparsity.encoding = encoding.value == 0 ? Encoding::kDense : Encoding::kCsc;
  spec.sparsity.index_bits =
      static_cast<int>(ReadInt(sparsity, "index_bits", kDefault.sparsity.index_bits, 1, 16).value);

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

// The first byte that is not UTF-8 text YAML accepts: an invalid or overlong sequence, a
// surrogate, a code point beyond U+10FFFF, or a control character other than tab, CR and LF.
// yaml-cpp would otherwise turn bad bytes into U+FFFD and guess UTF-16/32 from NULs and marks.
std::optional<RawError> CheckEncoding(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.size() >= 2 &&
      ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF))) {
    return RawError{
        1, 1,
        fmt::format("the file starts with a UTF-{} byte order mark {:02X} {:02X} "
                    "(expected UTF-8 text)",
                    text.size() >= 4 && byte(2) == 0 && byte(3) == 0 ? 32 : 16, byte(0), byte(1))};
  }
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = byte(i);
    const int col = static_cast<int>(i - line_start) + 1;
    if (c == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == 0) {
        return RawError{line, col,
                        "NUL byte in the file (expected UTF-8 text; UTF-16 and UTF-32 are not "
                        "supported)"};
      }
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        return RawError{line, col,
                        fmt::format("control character 0x{:02X} in the file (expected UTF-8 text "
                                    "without control characters other than tab and newline)",
                                    c)};
      }
      ++i;
      continue;
    }
    // Length and the smallest code point of that length, to refuse overlong forms.
    size_t len = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    }
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (byte(i + k) & 0xC0) == 0x80;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return RawError{line, col,
                      fmt::format("invalid UTF-8 byte 0x{:02X} (expected UTF-8 text)", c)};
    }
    i += len;
  }
  return std::nullopt;
}

// What yaml-cpp's syntax errors were looking for, by the start of its message.
std::string SyntaxExpectation(std::string_view message) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kExpected = {
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "',' or '}' to continue or close the flow mapping"},
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "',' or ']' to continue or close the flow sequence"},
      {YAML::ErrorMsg::END_OF_MAP, "'key: value' lines at the indentation of the mapping"},
      {YAML::ErrorMsg::END_OF_SEQ, "'- item' lines at the indentation of the sequence"},
      {YAML::ErrorMsg::MAP_VALUE,
       "one 'key: value' per line, at its mapping's indentation; quote a value containing ': '"},
      {YAML::ErrorMsg::MAP_KEY, "'key: value'"},
      {YAML::ErrorMsg::BLOCK_ENTRY, "'- item' only where a sequence may start"},
      {YAML::ErrorMsg::FLOW_END, "']' or '}' only to close an open '[' or '{'"},
      {YAML::ErrorMsg::TAB_IN_INDENTATION, "spaces for indentation, not tabs"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "a closing quote before the end of the file"},
      {YAML::ErrorMsg::DOC_IN_SCALAR, "a closing quote before '---' or '...'"},
      {YAML::ErrorMsg::CHAR_IN_SCALAR, "a quoted string for this value"},
      {YAML::ErrorMsg::INVALID_ESCAPE, "an escape such as \\n, \\t, \\\\, \\\" or \\xXX"},
      {YAML::ErrorMsg::INVALID_HEX, "hexadecimal digits after \\x, \\u or \\U"},
      {YAML::ErrorMsg::INVALID_UNICODE, "an escape naming a Unicode scalar value"},
      {YAML::ErrorMsg::CHAR_IN_BLOCK, "a block scalar header such as | or >-"},
      {YAML::ErrorMsg::ZERO_INDENT_IN_BLOCK, "a block scalar indentation of 1..9"},
      {YAML::ErrorMsg::ALIAS_NOT_FOUND, "no anchors or aliases"},
      {YAML::ErrorMsg::ANCHOR_NOT_FOUND, "no anchors or aliases"},
      {YAML::ErrorMsg::CHAR_IN_ALIAS, "no anchors or aliases"},
      {YAML::ErrorMsg::CHAR_IN_ANCHOR, "no anchors or aliases"},
      {YAML::ErrorMsg::MULTIPLE_ANCHORS, "no anchors or aliases"},
      {YAML::ErrorMsg::MULTIPLE_ALIASES, "no anchors or aliases"},
      {YAML::ErrorMsg::ALIAS_CONTENT, "no anchors or aliases"},
      {YAML::ErrorMsg::UNKNOWN_ANCHOR, "no anchors or aliases"},
      {YAML::ErrorMsg::CHAR_IN_TAG_HANDLE, "an untagged value"},
      {YAML::ErrorMsg::TAG_WITH_NO_SUFFIX, "an untagged value"},
      {YAML::ErrorMsg::END_OF_VERBATIM_TAG, "an untagged value"},
      {YAML::ErrorMsg::MULTIPLE_TAGS, "an untagged value"},
      {YAML::ErrorMsg::YAML_DIRECTIVE_ARGS, "'%YAML 1.2' or no directive"},
      {YAML::ErrorMsg::YAML_VERSION, "'%YAML 1.2' or no directive"},
      {YAML::ErrorMsg::YAML_MAJOR_VERSION, "'%YAML 1.2' or no directive"},
      {YAML::ErrorMsg::REPEATED_YAML_DIRECTIVE, "'%YAML 1.2' or no directive"},
      {YAML::ErrorMsg::TAG_DIRECTIVE_ARGS, "no %TAG directive"},
      {YAML::ErrorMsg::REPEATED_TAG_DIRECTIVE, "no %TAG directive"},
  };
  for (const auto& [prefix, expected] : kExpected) {
    if (message.substr(0, prefix.size()) == prefix) return std::string(expected);
  }
  return "valid YAML";
}

// The first tab in the indentation of a line up to `last_line`: when yaml-cpp fails on such a
// file the tab is the cause, whatever yaml-cpp says (often "illegal map value").
std::optional<RawError> TabIndentBefore(std::string_view text, int last_line) {
  int line = 1;
  bool in_indent = true;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size() && line <= last_line; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
      in_indent = true;
    } else if (in_indent && text[i] == '\t') {
      // Only indentation that is followed by something on the line.
      const size_t end = text.find('\n', i);
      const std::string_view rest = text.substr(i, end == std::string_view::npos ? end : end - i);
      if (rest.find_first_not_of(" \t\r") != std::string_view::npos) {
        return RawError{line, static_cast<int>(i - line_start) + 1,
                        "tab in indentation (expected spaces; YAML does not allow tabs for "
                        "indentation)"};
      }
    } else if (text[i] != ' ') {
      in_indent = false;
    }
  }
  return std::nullopt;
}

ParseResult ParseText(const std::string& text, const std::string& path) {
  ParseResult result;
  if (text.size() > kMaxSpecBytes) {
    return FileError(path, fmt::format("spec is too large: {} bytes (expected at most {})",
                                       text.size(), kMaxSpecBytes));
  }
  std::vector<RawError> raw;
  std::unique_ptr<YNode> root;
  Checker checker(path);
  // A bad byte makes everything after it doubtful: report it alone.
  if (std::optional<RawError> bad = CheckEncoding(text)) {
    checker.Error(bad->line, bad->col, std::move(bad->message));
    result.errors = checker.TakeErrors();
    return result;
  }
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    const std::vector<size_t> starts = LineStarts(text);
    TreeBuilder builder(text, starts, &raw);
    parser.HandleNextDocument(builder);
    root = builder.TakeRoot();
    std::vector<RawError> ignored;
    TreeBuilder rest(text, starts, &ignored);
    if (parser.HandleNextDocument(rest)) {
      const YAML::Mark& m = rest.document_mark();
      // yaml-cpp also starts a new document at anything left over after the first one's
      // top-level value, usually a line indented less than the value it belongs to.
      const size_t at = m.line >= 0 && static_cast<size_t>(m.line) < starts.size()
                            ? starts[m.line] + static_cast<size_t>(std::max(m.column, 0))
                            : text.size();
      const bool marker = text.compare(std::min(at, text.size()), 3, "---") == 0;
      raw.push_back({m.line + 1, m.column + 1,
                     marker ? "a second YAML document is not supported (expected a single "
                              "document)"
                            : "content after the end of the top-level value (expected a single "
                              "YAML document; check the indentation)"});
    }
  } catch (const YAML::DeepRecursion& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    checker.Error(line, e.mark.is_null() ? 0 : e.mark.column + 1,
                  "nesting is too deep (expected a spec nested at most 4 levels)");
    result.errors = checker.TakeErrors();
    return result;
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    if (std::optional<RawError> tab =
            TabIndentBefore(text, line > 0 ? line : std::numeric_limits<int>::max())) {
      checker.Error(tab->line, tab->col, std::move(tab->message));
    } else {
      // YAML caps a plain key at 1024 characters; beyond it the ':' is "illegal".
      const std::string expected = e.msg == YAML::ErrorMsg::MAP_VALUE && col > 1024
                                       ? "a key of at most 1024 characters"
                                       : SyntaxExpectation(e.msg);
      checker.Error(line, col, fmt::format("{} (expected {})", e.msg, expected));
    }
    result.errors = checker.TakeErrors();
    return result;
  }
  for (RawError& r : raw) checker.Error(r.line, r.col, std::move(r.message));
  std::optional<Spec> spec = checker.Check(root.get());
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

std::string FormatDiagnostic(const Diagnostic& d) {
  if (d.loc.line <= 0) return fmt::format("{}: error: {}", d.loc.file, d.message);
  if (d.loc.col <= 0) return fmt::format("{}:{}: error: {}", d.loc.file, d.loc.line, d.message);
  return fmt::format("{}:{}:{}: error: {}", d.loc.file, d.loc.line, d.loc.col, d.message);
}

ParseResult ParseSpecString(const std::string& text, const std::string& path) {
  try {
    return ParseText(text, path);
  } catch (const std::exception& e) {
    return FileError(path, fmt::format("internal error while reading the spec: {} (expected a "
                                       "valid spec to load)",
                                       e.what()));
  } catch (...) {
    return FileError(path, "internal error while reading the spec (expected a valid spec to load)");
  }
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

ParseResult ParseSpecFile(const std::string& path) {
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
    return ParseSpecString(text, path);
  } catch (const std::exception& e) {
    return FileError(path,
                     fmt::format("cannot read spec: {} (expected a readable YAML file)", e.what()));
  }
}

}  // namespace rnngen
