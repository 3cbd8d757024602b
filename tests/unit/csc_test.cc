// EIE relative-index (CSC) column encoding: the worked example, padding rule and round trips.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "plan/plan.h"

namespace rnngen {
namespace {

// Padding entries the documented rule needs: a run of g zeros before a non-zero is bridged by
// padding entries of index 2^b - 1, each covering 2^b rows, until at most 2^b - 1 zeros remain,
// i.e. floor(g / 2^b) of them. Trailing zeros need none.
int64_t ExpectedPadding(const std::vector<int64_t>& column, int index_bits) {
  int64_t padding = 0;
  int64_t gap = 0;
  for (int64_t v : column) {
    if (v == 0) {
      ++gap;
    } else {
      padding += gap >> index_bits;
      gap = 0;
    }
  }
  return padding;
}

// Decodes entries independently of DecodeCscColumn: each entry lands index + 1 rows after the
// previous one (the first at row index).
std::vector<int64_t> RefDecode(const std::vector<Entry>& entries, int rows) {
  std::vector<int64_t> column(rows, 0);
  int64_t row = -1;
  for (const Entry& e : entries) {
    row += e.index + 1;
    EXPECT_LT(row, rows);
    if (row >= rows) break;
    if (e.weight != 0) column[row] = e.weight;
  }
  return column;
}

TEST(CscTest, EieWorkedExample) {
  // Non-zeros at rows 2 (1), 3 (2) and 22 (3) of a 24-row column, 4-bit indices. Row 22 follows
  // 18 zeros: one padding entry (index 15) covers 16 rows, leaving a gap of 2.
  std::vector<int64_t> column(24, 0);
  column[2] = 1;
  column[3] = 2;
  column[22] = 3;
  const std::vector<Entry> e = EncodeCscColumn(column, 4);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].index, 2);
  EXPECT_EQ(e[0].weight, 1);
  EXPECT_EQ(e[1].index, 0);
  EXPECT_EQ(e[1].weight, 2);
  EXPECT_EQ(e[2].index, 15);
  EXPECT_EQ(e[2].weight, 0);
  EXPECT_EQ(e[3].index, 2);
  EXPECT_EQ(e[3].weight, 3);
  EXPECT_EQ(DecodeCscColumn(e, 24), column);
}

TEST(CscTest, EmptyAndAllZeroColumnsHaveNoEntries) {
  EXPECT_TRUE(EncodeCscColumn({}, 4).empty());
  for (int b = 1; b <= 6; ++b) {
    EXPECT_TRUE(EncodeCscColumn(std::vector<int64_t>(100, 0), b).empty()) << b;
  }
  EXPECT_EQ(DecodeCscColumn({}, 5), std::vector<int64_t>(5, 0));
  EXPECT_TRUE(DecodeCscColumn({}, 0).empty());
}

TEST(CscTest, TrailingZerosNeedNoPadding) {
  std::vector<int64_t> column(200, 0);
  column[0] = -7;
  const std::vector<Entry> e = EncodeCscColumn(column, 2);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].index, 0);
  EXPECT_EQ(e[0].weight, -7);
  EXPECT_EQ(DecodeCscColumn(e, 200), column);
}

TEST(CscTest, DenseColumnHasZeroIndices) {
  const std::vector<int64_t> column = {5, -1, 3, 127, -128};
  const std::vector<Entry> e = EncodeCscColumn(column, 1);
  ASSERT_EQ(e.size(), column.size());
  for (size_t k = 0; k < column.size(); ++k) {
    EXPECT_EQ(e[k].index, 0);
    EXPECT_EQ(e[k].weight, column[k]);
  }
}

TEST(CscTest, PaddingAtGapBoundaries) {
  for (int b = 1; b <= 6; ++b) {
    const int span = 1 << b;  // rows covered by one padding entry
    // Gap g before a single non-zero: floor(g / 2^b) padding entries, then index g mod 2^b.
    for (int g = 0; g <= 4 * span + 1; ++g) {
      std::vector<int64_t> column(g + 1, 0);
      column[g] = 9;
      const std::vector<Entry> e = EncodeCscColumn(column, b);
      const int pads = g / span;
      ASSERT_EQ(static_cast<int>(e.size()), pads + 1) << "b=" << b << " g=" << g;
      for (int k = 0; k < pads; ++k) {
        EXPECT_EQ(e[k].index, span - 1) << "b=" << b << " g=" << g;
        EXPECT_EQ(e[k].weight, 0) << "b=" << b << " g=" << g;
      }
      EXPECT_EQ(e.back().index, g % span) << "b=" << b << " g=" << g;
      EXPECT_EQ(e.back().weight, 9);
    }
  }
  // Explicit 4-bit cases: 15 zeros fit one index, 16 need one padding, 32 need two.
  auto pads_before = [](int gap) {
    std::vector<int64_t> column(gap + 1, 0);
    column[gap] = 1;
    return static_cast<int>(EncodeCscColumn(column, 4).size()) - 1;
  };
  EXPECT_EQ(pads_before(15), 0);
  EXPECT_EQ(pads_before(16), 1);
  EXPECT_EQ(pads_before(31), 1);
  EXPECT_EQ(pads_before(32), 2);
  EXPECT_EQ(pads_before(47), 2);
  EXPECT_EQ(pads_before(48), 3);
}

TEST(CscTest, RandomRoundTrip) {
  std::mt19937_64 gen(12345);
  std::uniform_int_distribution<int64_t> weight(-128, 127);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  const std::vector<double> densities = {0.0, 0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};
  int64_t total_padding = 0;
  for (int b = 1; b <= 6; ++b) {
    for (int rows : {0, 1, 2, 3, 7, 16, 31, 64, 100, 257}) {
      for (double density : densities) {
        for (int rep = 0; rep < 4; ++rep) {
          std::vector<int64_t> column(rows, 0);
          int64_t nnz = 0;
          for (int64_t& v : column) {
            if (coin(gen) < density) {
              do {
                v = weight(gen);
              } while (v == 0);
              ++nnz;
            }
          }
          const std::vector<Entry> e = EncodeCscColumn(column, b);
          // Round trip through both decoders.
          ASSERT_EQ(DecodeCscColumn(e, rows), column) << "b=" << b << " rows=" << rows;
          ASSERT_EQ(RefDecode(e, rows), column) << "b=" << b << " rows=" << rows;
          // Every index fits in b bits; padding entries are exactly the zero-weight entries
          // and all carry the maximal index.
          int64_t zeros = 0;
          for (const Entry& x : e) {
            ASSERT_GE(x.index, 0);
            ASSERT_LT(x.index, 1 << b);
            if (x.weight == 0) {
              ++zeros;
              ASSERT_EQ(x.index, (1 << b) - 1);
            }
          }
          const int64_t pad = ExpectedPadding(column, b);
          ASSERT_EQ(zeros, pad) << "b=" << b << " rows=" << rows;
          ASSERT_EQ(static_cast<int64_t>(e.size()), nnz + pad) << "b=" << b << " rows=" << rows;
          // No entry after the last non-zero: the final entry is a real weight.
          if (!e.empty()) {
            ASSERT_NE(e.back().weight, 0);
          }
          total_padding += pad;
        }
      }
    }
  }
  EXPECT_GT(total_padding, 0);  // the sweep did exercise padding
}

TEST(CscTest, DecodeRejectsEntriesBeyondTheSlice) {
  EXPECT_THROW(DecodeCscColumn({{3, 1}}, 3), std::out_of_range);
  EXPECT_THROW(DecodeCscColumn({{0, 1}, {1, 2}}, 2), std::out_of_range);
  EXPECT_EQ(DecodeCscColumn({{2, 4}}, 3), (std::vector<int64_t>{0, 0, 4}));
}

}  // namespace
}  // namespace rnngen
