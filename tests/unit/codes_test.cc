#include "emit/codes.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "emit/templates.h"

namespace rnngen {
namespace {

TEST(CodesTest, BlockIsRewrittenAtItsIndentation) {
  const std::string text =
      "module m;\n    // rnngen:codes begin\n    localparam stale = 1;\n    // rnngen:codes "
      "end\nendmodule\n";
  const std::string out = WithCodes(text);
  EXPECT_EQ(out, "module m;\n    // rnngen:codes begin\n" + CodesBlock("    ") +
                     "    // rnngen:codes end\nendmodule\n");
  EXPECT_NE(out.find("    localparam [1:0] OpDense = 2'd3;\n"), std::string::npos);
  EXPECT_EQ(WithCodes("module m; endmodule\n"), "module m; endmodule\n");
}

TEST(CodesTest, UnterminatedBlockIsAnInternalError) {
  EXPECT_THROW(WithCodes("  // rnngen:codes begin\n  localparam a = 1;\n"), std::logic_error);
}

// The stored templates hold what the generator writes, so they lint and simulate on their own
// with the codes of the C++ enums; the cells that decode a pass's op have the block.
TEST(CodesTest, StoredTemplatesHoldTheGeneratedCodes) {
  for (const auto& [path, text] : LeafCellSources()) {
    EXPECT_EQ(WithCodes(text), text) << path << ": run the generator's codes over it";
  }
  for (const char* path : {"rnngen_pe_ew.v", "sim/rnngen_act_probe.v"}) {
    EXPECT_NE(LeafCellSources().at(path).find("// rnngen:codes begin"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace rnngen
