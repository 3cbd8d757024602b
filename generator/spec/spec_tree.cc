// The spec's document tree: yaml-cpp's event parser builds a small tree that keeps every key
// (duplicates included), every position and every tag, after the bytes are checked to be UTF-8
// text. Problems of the text itself (encoding, syntax, aliases, tags) are found here; the
// schema is checked by the Checker (spec.cc).
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "spec/spec_reader.h"

namespace rnngen::spec_internal {
namespace {

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

}  // namespace

Tree BuildTree(const std::string& text) {
  Tree tree;
  // A bad byte makes everything after it doubtful: report it alone.
  if (std::optional<RawError> bad = CheckEncoding(text)) {
    tree.errors.push_back(std::move(*bad));
    tree.stop = true;
    return tree;
  }
  std::vector<RawError> raw;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    const std::vector<size_t> starts = LineStarts(text);
    TreeBuilder builder(text, starts, &raw);
    parser.HandleNextDocument(builder);
    tree.root = builder.TakeRoot();
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
    tree.errors.push_back({line, e.mark.is_null() ? 0 : e.mark.column + 1,
                           "nesting is too deep (expected a spec nested at most 5 levels)"});
    tree.stop = true;
    return tree;
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    if (std::optional<RawError> tab =
            TabIndentBefore(text, line > 0 ? line : std::numeric_limits<int>::max())) {
      tree.errors.push_back(std::move(*tab));
    } else {
      // YAML caps a plain key at 1024 characters; beyond it the ':' is "illegal".
      const std::string expected = e.msg == YAML::ErrorMsg::MAP_VALUE && col > 1024
                                       ? "a key of at most 1024 characters"
                                       : SyntaxExpectation(e.msg);
      tree.errors.push_back({line, col, fmt::format("{} (expected {})", e.msg, expected)});
    }
    tree.stop = true;
    return tree;
  }
  tree.errors = std::move(raw);
  return tree;
}

}  // namespace rnngen::spec_internal
