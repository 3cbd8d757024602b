// Internal to the spec loader (spec.cc, spec_power.cc, spec_reader.cc, spec_tree.cc): the
// document tree, the typed readers that check one value against the schema and record where it
// was written, and the Checker that walks the sections. Not for use outside generator/spec/.
#ifndef RNNGEN_SPEC_SPEC_READER_H_
#define RNNGEN_SPEC_SPEC_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "spec/spec.h"

namespace rnngen::spec_internal {

// Defaults live in spec.h (the struct initialisers); the loader reads them from here.
inline const Spec kDefault{};
constexpr int kMaxPeCount = 256;
constexpr int kMaxNameLength = 48;  // names that become Verilog identifiers

// ---------------------------------------------------------------------------------------------
// The document tree (spec_tree.cc).

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

struct Tree {
  std::unique_ptr<YNode> root;
  std::vector<RawError> errors;
  // The text is not usable YAML (bad bytes, a syntax error): `errors` holds the one error to
  // report and there is nothing to check.
  bool stop = false;
};

// Reads `text` (already checked for size) into a tree, with every problem of the text itself.
Tree BuildTree(const std::string& text);

// ---------------------------------------------------------------------------------------------
// Text helpers (spec_reader.cc).

// Quotes user text for a one-line message: control characters escaped, long text shortened.
std::string Quote(std::string_view s, char quote = '\'');
// "; did you mean 'x'?" for the closest candidate within two edits, else "".
std::string Suggestion(std::string_view word, const std::vector<std::string>& candidates);
std::string JoinList(const std::vector<std::string>& words, std::string_view sep);
// "magnitude or load_balanced", "dense or csc", "lstm".
std::string Alternatives(const std::vector<std::string>& words);
// How a node that has the wrong kind is named in a message.
std::string Describe(const YNode& n);
// Plain decimal integer: optional '-' then digits. Returns false for anything else (hex, octal
// prefixes, floats, '+'); `overflow` is set when the syntax is right but int64 cannot hold it.
bool ParseDecimalInteger(std::string_view s, int64_t* out, bool* overflow);
// Plain decimal number: -?(digits[.digits*] | .digits)([eE][-+]?digits)?
bool ParseDecimalNumber(std::string_view s, double* out);

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

  // Checks the whole document; returns the spec when no error was found (spec.cc).
  std::optional<Spec> Check(const YNode* root);

 private:
  // -- Generic readers (spec_reader.cc) --------------------------------------------------------

  static std::string Join(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
  }
  // Where a key's value is: its own mark, except an empty value, which yaml-cpp places at the
  // next token (possibly lines later); that one is reported at its key.
  static std::pair<int, int> ValueLoc(const Section::Entry& e);
  void RecordLoc(const std::string& dotted, const Section::Entry& e);
  void RecordLoc(const std::string& dotted, const YNode& node) {
    locs_[dotted] = SourceLoc{path_, node.line, node.col};
  }

  // Indexes a mapping node: reports keys that are not strings, duplicates and unknown keys.
  // Empty `keys` accepts any name (a map of user names, checked by the caller).
  void IndexMapping(const YNode& map, const std::vector<std::string>& keys, Section* s);
  // The sub-mapping `key` of `parent`. Reports a missing required section at the parent.
  // `expected` describes the mapping in messages (default: "a mapping with keys ...").
  Section SubSection(const Section& parent, const std::string& key,
                     const std::vector<std::string>& keys, bool required,
                     const std::string& expected = "");
  // Fills `s` (its path set) from `value`, written at line:col: reports a value that is not a
  // mapping.
  void OpenSection(const YNode& value, int line, int col, const std::vector<std::string>& keys,
                   Section* s, const std::string& expected = "");

  // A list of mappings `key` in `parent`, each item a section "key[i]". A list that is given
  // must not be empty: leaving the key out is how to say `absent` ("none").
  struct ListField {
    bool ok = true;
    std::vector<Section> items;
  };
  ListField SubList(const Section& parent, const std::string& key,
                    const std::vector<std::string>& keys, const std::string& absent = "none");

  void ReportMissing(const Section& s, const std::string& key, const std::string& expected);

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

  // The value `v` of `dotted` (written at f's line:col) as an integer lo..hi, or as a number in
  // (lo, hi], into f->value; reports what is wrong and clears f->ok. Item readers that are not
  // a key's value (list items) call these directly.
  void CheckInt(const YNode& v, const std::string& dotted, int64_t lo, int64_t hi,
                const std::string& expected, Field<int64_t>* f);
  void CheckNumber(const YNode& v, const std::string& dotted, double lo, double hi,
                   const std::string& expected, Field<double>* f);

  // An integer; `expected` defaults to "an integer lo..hi".
  Field<int64_t> ReadInt(const Section& s, const std::string& key, int64_t def, int64_t lo,
                         int64_t hi, bool required = false, std::string expected = "");
  // A string scalar (plain or quoted).
  Field<std::string> ReadString(const Section& s, const std::string& key, std::string def,
                                bool required, const std::string& expected);
  // A file name, resolved against the spec's folder ("" when not given).
  Field<std::string> ReadPath(const Section& s, const std::string& key);
  // One word of `choices` (out->value is its index); `unsupported` are known words that are
  // rejected as "not supported yet".
  void ReadChoice(const Section& s, const std::string& key, const std::vector<std::string>& choices,
                  const std::vector<std::string>& unsupported, bool required, int def,
                  Field<int>* out);
  // A number (integer or decimal fraction) in (lo, hi].
  Field<double> ReadNumber(const Section& s, const std::string& key, double def, double lo,
                           double hi);
  // A boolean: YAML 1.2's true/false (any of its three spellings), or 1/0 as ONNX writes it.
  Field<bool> ReadBool(const Section& s, const std::string& key, bool def);
  // A name that becomes a Verilog identifier, written at `name`: 1..48 characters, an
  // identifier, not a keyword, and (for module names, `reserve_prefix`) not starting with
  // rnngen_. Returns whether it is one.
  bool CheckVerilogName(const Field<std::string>& name, const std::string& dotted,
                        bool reserve_prefix);

  // Where a check between keys reports `f`: at its value if written, else at its section if
  // written, else at `fallback` (the key whose value it no longer fits).
  static std::pair<int, int> CheckLoc(const Field<int64_t>& f, const Section& section,
                                      std::pair<int, int> fallback);

  // -- The network and its formats (spec.cc) --------------------------------------------------

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
                         int bits_hi, int frac_lo);

  // The keys a recurrent layer can set, as written in `model` or in one layer override.
  struct LayerKeys {
    Field<int> cell;
    Field<int64_t> hidden_size;
    Field<int64_t> proj_size;
    Field<bool> peepholes;
    Field<bool> linear_before_reset;
  };
  LayerKeys ReadLayerKeys(const Section& s, bool required);
  bool ApplyLayerKeys(const Section& s, const LayerKeys& k, bool defaults_ok,
                      const std::string& which, Spec::Recurrent* layer);

  // What the checks between `model` and the other sections need.
  struct NetworkField {
    bool ok = true;              // every size and cell is valid
    Field<int64_t> hidden_size;  // model.hidden_size, where defaults that misfit go
    std::vector<std::pair<int, int>> hidden_locs;  // where each layer's hidden_size is written
  };
  NetworkField ReadModel(const Section& top, Spec::Model* m);
  void CheckModelSize(const Spec::Model& m, const Field<int64_t>& hidden_size);

  // -- The power section (spec_power.cc) ------------------------------------------------------

  // Reads `power` into *p; `pe_count` is array.pe_count as read (its range checks are skipped
  // when it is not ok).
  void ReadPower(const Section& top, const Field<int64_t>& pe_count, Spec::Power* p);
  void ReadVfPoints(const Section& power, Spec::Power* p);
  void ReadIslands(const Section& power, const Field<int64_t>& pe_count, Spec::Power* p);
  void ReadIslandList(const Section& power, const Field<int64_t>& pe_count, Spec::Power* p);

  std::string path_;
  std::vector<Diagnostic> errors_;
  std::map<std::string, SourceLoc> locs_;
};

}  // namespace rnngen::spec_internal

#endif  // RNNGEN_SPEC_SPEC_READER_H_
