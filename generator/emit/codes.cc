#include "emit/codes.h"

#include <fmt/format.h>

#include <stdexcept>
#include <string_view>

#include "emit/templates.h"
#include "model/program.h"
#include "spec/spec.h"

namespace rnngen {
namespace {

constexpr std::string_view kBegin = "// rnngen:codes begin";
constexpr std::string_view kEnd = "// rnngen:codes end";

template <typename E>
std::string Line(const std::string& indent, int bits, const char* name, E value) {
  return fmt::format("{}localparam [{}:0] {} = {}'d{};\n", indent, bits - 1, name, bits,
                     static_cast<int>(value));
}

}  // namespace

std::string CodesBlock(const std::string& indent) {
  // A cell decodes only the codes it needs: the rest are not warnings.
  std::string s = indent + "/* verilator lint_off UNUSEDPARAM */\n";
  s += Line(indent, kEwOpBits, "OpLstm", EwOp::kLstm);
  s += Line(indent, kEwOpBits, "OpGru", EwOp::kGru);
  s += Line(indent, kEwOpBits, "OpGruReset", EwOp::kGruReset);
  s += Line(indent, kEwOpBits, "OpDense", EwOp::kDense);
  s += Line(indent, kHeadActBits, "ActNone", HeadActivation::kNone);
  s += Line(indent, kHeadActBits, "ActRelu", HeadActivation::kRelu);
  s += Line(indent, kHeadActBits, "ActSigmoid", HeadActivation::kSigmoid);
  s += Line(indent, kHeadActBits, "ActTanh", HeadActivation::kTanh);
  s += Line(indent, 2, "RowI", kRowI);
  s += Line(indent, 2, "RowO", kRowO);
  s += Line(indent, 2, "RowF", kRowF);
  s += Line(indent, 2, "RowC", kRowC);
  s += Line(indent, 2, "RowZ", kRowZ);
  s += Line(indent, 2, "RowR", kRowR);
  s += Line(indent, 2, "RowHx", kRowHx);
  s += Line(indent, 2, "RowHh", kRowHh);
  return s + indent + "/* verilator lint_on UNUSEDPARAM */\n";
}

std::string WithCodes(const std::string& verilog) {
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t begin = verilog.find(kBegin, pos);
    if (begin == std::string::npos) break;
    const size_t line_start = verilog.rfind('\n', begin) + 1;  // npos + 1 == 0
    const size_t body = verilog.find('\n', begin);
    const size_t end = verilog.find(kEnd, begin);
    if (body == std::string::npos || end == std::string::npos) {
      throw std::logic_error("internal error: a template's codes block has no end marker");
    }
    const size_t end_line = verilog.rfind('\n', end) + 1;
    out.append(verilog, pos, body + 1 - pos);
    out += CodesBlock(verilog.substr(line_start, begin - line_start));
    pos = end_line;
  }
  out.append(verilog, pos, std::string::npos);
  return out;
}

std::string LeafCell(const std::string& path) {
  const auto& cells = LeafCellSources();
  const auto it = cells.find(path);
  if (it == cells.end()) throw std::logic_error("internal error: no leaf cell " + path);
  return WithCodes(it->second);
}

}  // namespace rnngen
