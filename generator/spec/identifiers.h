// Verilog / SystemVerilog identifier rules, used to vet names that end up in generated RTL.
#ifndef RNNGEN_SPEC_IDENTIFIERS_H_
#define RNNGEN_SPEC_IDENTIFIERS_H_

#include <string_view>
#include <vector>

namespace rnngen {

// True when `word` is a reserved word of Verilog-2005 (IEEE 1364-2005) or SystemVerilog-2017
// (IEEE 1800-2017 Annex B). Case-sensitive, as the languages are ("Module" is not reserved).
bool IsVerilogKeyword(std::string_view word);

// True for a simple identifier [A-Za-z_][A-Za-z0-9_]*. '$' is legal in Verilog after the first
// character but is rejected here so names stay portable to every tool.
bool IsVerilogIdentifier(std::string_view s);

// Every reserved word IsVerilogKeyword knows, in alphabetical order, without duplicates.
const std::vector<std::string_view>& VerilogKeywords();

}  // namespace rnngen

#endif  // RNNGEN_SPEC_IDENTIFIERS_H_
