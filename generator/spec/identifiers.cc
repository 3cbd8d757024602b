#include "spec/identifiers.h"

#include <algorithm>

namespace rnngen {
namespace {

// IEEE 1800-2017 Annex B. It is a superset of the IEEE 1364-2005 list, so it covers both.
// clang-format off
constexpr std::string_view kKeywords[] = {
    "accept_on",   "alias",        "always",        "always_comb",   "always_ff",
    "always_latch", "and",         "assert",        "assign",        "assume",
    "automatic",   "before",       "begin",         "bind",          "bins",
    "binsof",      "bit",          "break",         "buf",           "bufif0",
    "bufif1",      "byte",         "case",          "casex",         "casez",
    "cell",        "chandle",      "checker",       "class",         "clocking",
    "cmos",        "config",       "const",         "constraint",    "context",
    "continue",    "cover",        "covergroup",    "coverpoint",    "cross",
    "deassign",    "default",      "defparam",      "design",        "disable",
    "dist",        "do",           "edge",          "else",          "end",
    "endcase",     "endchecker",   "endclass",      "endclocking",   "endconfig",
    "endfunction", "endgenerate",  "endgroup",      "endinterface",  "endmodule",
    "endpackage",  "endprimitive", "endprogram",    "endproperty",   "endsequence",
    "endspecify",  "endtable",     "endtask",       "enum",          "event",
    "eventually",  "expect",       "export",        "extends",       "extern",
    "final",       "first_match",  "for",           "force",         "foreach",
    "forever",     "fork",         "forkjoin",      "function",      "generate",
    "genvar",      "global",       "highz0",        "highz1",        "if",
    "iff",         "ifnone",       "ignore_bins",   "illegal_bins",  "implements",
    "implies",     "import",       "incdir",        "include",       "initial",
    "inout",       "input",        "inside",        "instance",      "int",
    "integer",     "interconnect", "interface",     "intersect",     "join",
    "join_any",    "join_none",    "large",         "let",           "liblist",
    "library",     "local",        "localparam",    "logic",         "longint",
    "macromodule", "matches",      "medium",        "modport",       "module",
    "nand",        "negedge",      "nettype",       "new",           "nexttime",
    "nmos",        "nor",          "noshowcancelled", "not",         "notif0",
    "notif1",      "null",         "or",            "output",        "package",
    "packed",      "parameter",    "pmos",          "posedge",       "primitive",
    "priority",    "program",      "property",      "protected",     "pull0",
    "pull1",       "pulldown",     "pullup",        "pulsestyle_ondetect", "pulsestyle_onevent",
    "pure",        "rand",         "randc",         "randcase",      "randsequence",
    "rcmos",       "real",         "realtime",      "ref",           "reg",
    "reject_on",   "release",      "repeat",        "restrict",      "return",
    "rnmos",       "rpmos",        "rtran",         "rtranif0",      "rtranif1",
    "s_always",    "s_eventually", "s_nexttime",    "s_until",       "s_until_with",
    "scalared",    "sequence",     "shortint",      "shortreal",     "showcancelled",
    "signed",      "small",        "soft",          "solve",         "specify",
    "specparam",   "static",       "string",        "strong",        "strong0",
    "strong1",     "struct",       "super",         "supply0",       "supply1",
    "sync_accept_on", "sync_reject_on", "table",    "tagged",        "task",
    "this",        "throughout",   "time",          "timeprecision", "timeunit",
    "tran",        "tranif0",      "tranif1",       "tri",           "tri0",
    "tri1",        "triand",       "trior",         "trireg",        "type",
    "typedef",     "union",        "unique",        "unique0",       "unsigned",
    "until",       "until_with",   "untyped",       "use",           "uwire",
    "var",         "vectored",     "virtual",       "void",          "wait",
    "wait_order",  "wand",         "weak",          "weak0",         "weak1",
    "while",       "wildcard",     "wire",          "with",          "within",
    "wor",         "xnor",         "xor",
};
// clang-format on

}  // namespace

const std::vector<std::string_view>& VerilogKeywords() {
  static const std::vector<std::string_view>* const kSorted = [] {
    auto* v = new std::vector<std::string_view>(std::begin(kKeywords), std::end(kKeywords));
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
    return v;
  }();
  return *kSorted;
}

bool IsVerilogKeyword(std::string_view word) {
  const std::vector<std::string_view>& words = VerilogKeywords();
  return std::binary_search(words.begin(), words.end(), word);
}

bool IsVerilogIdentifier(std::string_view s) {
  if (s.empty()) return false;
  auto is_alpha = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!is_alpha(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return is_alpha(c) || is_digit(c); });
}

}  // namespace rnngen
