// The spec checker's generic readers: one typed value or section at a time, each checked against
// the schema and located for later messages. The sections themselves are read in spec.cc and
// spec_power.cc.
#include "spec/spec_reader.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fmt/format.h"
#include "spec/identifiers.h"

namespace rnngen::spec_internal {
namespace {

constexpr std::string_view kReservedPrefix = "rnngen_";

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

}  // namespace

// ---------------------------------------------------------------------------------------------
// Text helpers.

// Quotes user text for a one-line message: control characters escaped, long text shortened.
std::string Quote(std::string_view s, char quote) {
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
// The checker's readers.

std::pair<int, int> Checker::ValueLoc(const Section::Entry& e) {
  if (e.value->kind == YNode::Kind::kNull && e.value->line != e.key->line) {
    return {e.key->line, e.key->col};
  }
  return {e.value->line, e.value->col};
}

void Checker::RecordLoc(const std::string& dotted, const Section::Entry& e) {
  const auto [line, col] = ValueLoc(e);
  locs_[dotted] = SourceLoc{path_, line, col};
}

void Checker::IndexMapping(const YNode& map, const std::vector<std::string>& keys, Section* s) {
  const std::string where = s->path.empty() ? "at top level" : "in '" + s->path + "'";
  std::map<std::string, int> first_line;
  for (size_t i = 0; i + 1 < map.children.size(); i += 2) {
    const YNode& key = *map.children[i];
    const YNode& value = *map.children[i + 1];
    if (key.reported) continue;
    if (key.kind != YNode::Kind::kScalar) {
      Error(key, fmt::format("{} is not a valid key {} (expected {})", Describe(key), where,
                             keys.empty() ? "a name" : "one of: " + JoinList(keys, ", ")));
      continue;
    }
    const auto [it, inserted] = first_line.emplace(key.value, key.line);
    if (!inserted) {
      Error(key, fmt::format("duplicate key {} (expected each key once; first defined at "
                             "line {})",
                             Quote(key.value), it->second));
      continue;
    }
    if (!keys.empty() && std::find(keys.begin(), keys.end(), key.value) == keys.end()) {
      Error(key, fmt::format("unknown key {} {} (expected one of: {}{})", Quote(key.value), where,
                             JoinList(keys, ", "), Suggestion(key.value, keys)));
      continue;
    }
    s->entries[key.value] = Section::Entry{&key, &value};
  }
}

Section Checker::SubSection(const Section& parent, const std::string& key,
                            const std::vector<std::string>& keys, bool required,
                            const std::string& expected) {
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
  OpenSection(*e.value, line, col, keys, &s, expected);
  return s;
}

void Checker::OpenSection(const YNode& value, int line, int col,
                          const std::vector<std::string>& keys, Section* s,
                          const std::string& expected) {
  s->present = true;
  s->node = &value;
  if (value.reported) {
    s->ok = false;
    return;
  }
  if (value.kind != YNode::Kind::kMapping) {
    s->ok = false;
    const std::string what =
        value.kind == YNode::Kind::kNull ? "missing value" : Describe(value) + " is not a mapping";
    Error(line, col,
          fmt::format("{}: {} (expected {})", s->path, what,
                      expected.empty() ? "a mapping with keys " + JoinList(keys, ", ") : expected));
    return;
  }
  IndexMapping(value, keys, s);
}

Checker::ListField Checker::SubList(const Section& parent, const std::string& key,
                                    const std::vector<std::string>& keys,
                                    const std::string& absent) {
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
    Error(f.line, f.col,
          fmt::format("{}: {} (expected {}; leave {} out for {})", dotted, what, expected, key,
                      absent));
    return out;
  }
  for (size_t i = 0; i < v.children.size(); ++i) {
    const YNode& item = *v.children[i];
    Section s;
    s.path = fmt::format("{}[{}]", dotted, i);
    RecordLoc(s.path, item);
    OpenSection(item, item.line, item.col, keys, &s);
    out.ok = out.ok && s.ok;
    out.items.push_back(std::move(s));
  }
  return out;
}

void Checker::ReportMissing(const Section& s, const std::string& key, const std::string& expected) {
  // Only the top level and sections written in the file get here, so s.node is set; 1:1 is
  // a fallback that keeps the diagnostic well formed.
  const int line = s.node != nullptr ? s.node->line : 1;
  const int col = s.node != nullptr ? s.node->col : 1;
  const std::string in = s.path.empty() ? "" : " in '" + s.path + "'";
  Error(line, col, fmt::format("missing required key '{}'{} (expected {})", key, in, expected));
}

void Checker::CheckInt(const YNode& v, const std::string& dotted, int64_t lo, int64_t hi,
                       const std::string& expected, Field<int64_t>* f) {
  f->ok = false;
  if (v.kind != YNode::Kind::kScalar) {
    Error(f->line, f->col,
          fmt::format("{}: {} is not an integer (expected {})", dotted, Describe(v), expected));
    return;
  }
  if (!v.IsPlainScalar()) {
    Error(f->line, f->col,
          fmt::format("{}: {} is not an integer (expected {}, written without quotes)", dotted,
                      Describe(v), expected));
    return;
  }
  int64_t n = 0;
  bool overflow = false;
  if (!ParseDecimalInteger(v.value, &n, &overflow)) {
    Error(f->line, f->col,
          fmt::format("{}: {} is not an integer (expected {})", dotted, Describe(v), expected));
    return;
  }
  if (overflow || n < lo || n > hi) {
    Error(f->line, f->col,
          fmt::format("{}: value {} is out of range (expected {})", dotted, v.value, expected));
    return;
  }
  f->ok = true;
  f->value = n;
}

Field<int64_t> Checker::ReadInt(const Section& s, const std::string& key, int64_t def, int64_t lo,
                                int64_t hi, bool required, std::string expected) {
  if (expected.empty()) expected = fmt::format("an integer {}..{}", lo, hi);
  Field<int64_t> f;
  f.value = def;
  const Section::Entry* e = Lookup(s, key, required, expected, &f);
  if (e != nullptr) CheckInt(*e->value, Join(s.path, key), lo, hi, expected, &f);
  return f;
}

Field<std::string> Checker::ReadString(const Section& s, const std::string& key, std::string def,
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

Field<std::string> Checker::ReadPath(const Section& s, const std::string& key) {
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

void Checker::ReadChoice(const Section& s, const std::string& key,
                         const std::vector<std::string>& choices,
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
    Error(
        f.line, f.col,
        fmt::format("{}: {} is not supported yet (expected {})", dotted, Quote(f.value), expected));
  } else {
    Error(f.line, f.col,
          fmt::format("{}: unknown {} {} (expected {}{})", dotted, key, Quote(f.value), expected,
                      Suggestion(f.value, choices)));
  }
}

void Checker::CheckNumber(const YNode& v, const std::string& dotted, double lo, double hi,
                          const std::string& expected, Field<double>* f) {
  f->ok = false;
  double x = 0;
  if (v.kind != YNode::Kind::kScalar || !v.IsPlainScalar() || !ParseDecimalNumber(v.value, &x)) {
    const std::string hint =
        v.kind == YNode::Kind::kScalar && !v.IsPlainScalar() ? ", written without quotes" : "";
    Error(
        f->line, f->col,
        fmt::format("{}: {} is not a number (expected {}{})", dotted, Describe(v), expected, hint));
    return;
  }
  if (!(x > lo && x <= hi)) {
    Error(f->line, f->col,
          fmt::format("{}: value {} is out of range (expected {})", dotted, v.value, expected));
    return;
  }
  f->ok = true;
  f->value = x;
}

Field<double> Checker::ReadNumber(const Section& s, const std::string& key, double def, double lo,
                                  double hi) {
  const std::string expected = fmt::format("a number > {} and <= {}", lo, hi);
  Field<double> f;
  f.value = def;
  const Section::Entry* e = Lookup(s, key, false, expected, &f);
  if (e != nullptr) CheckNumber(*e->value, Join(s.path, key), lo, hi, expected, &f);
  return f;
}

Field<bool> Checker::ReadBool(const Section& s, const std::string& key, bool def) {
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

bool Checker::CheckVerilogName(const Field<std::string>& name, const std::string& dotted,
                               bool reserve_prefix) {
  if (!name.ok) return false;
  const std::string& n = name.value;
  auto error = [&](const std::string& m) {
    Error(name.line, name.col, dotted + ": " + m);
    return false;
  };
  // Characters, not bytes: UTF-8 continuation bytes do not count.
  const auto chars = static_cast<size_t>(std::count_if(
      n.begin(), n.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  if (chars == 0 || chars > kMaxNameLength) {
    return error(fmt::format("{} is {} characters long (expected 1..{} characters)", Quote(n),
                             chars, kMaxNameLength));
  }
  if (!IsVerilogIdentifier(n)) {
    return error(
        fmt::format("{} is not a Verilog identifier (expected a letter or '_' followed by "
                    "letters, digits or '_')",
                    Quote(n)));
  }
  if (IsVerilogKeyword(n)) {
    return error(
        fmt::format("{} is a reserved Verilog/SystemVerilog keyword (expected a name that is "
                    "not a keyword)",
                    Quote(n)));
  }
  if (reserve_prefix && n.compare(0, kReservedPrefix.size(), kReservedPrefix) == 0) {
    return error(
        fmt::format("{} starts with '{}', which is reserved for library cells (expected a "
                    "name without that prefix)",
                    Quote(n), kReservedPrefix));
  }
  return true;
}

std::pair<int, int> Checker::CheckLoc(const Field<int64_t>& f, const Section& section,
                                      std::pair<int, int> fallback) {
  if (f.given) return {f.line, f.col};
  if (section.present) return {section.node->line, section.node->col};
  return fallback;
}

}  // namespace rnngen::spec_internal
