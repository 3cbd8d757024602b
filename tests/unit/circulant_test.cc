// Block-circulant weights: the projection, the block partition of units, and the plan's stored
// vectors read back the way rnngen_pe_mac addresses them.
#include "model/circulant.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "model/model.h"
#include "model/partition.h"
#include "model/random.h"
#include "plan/plan.h"

namespace rnngen {
namespace {

TEST(CirculantTest, ProjectionIsTheLeastSquaresOne) {
  Rng rng(3);
  for (const int k : {2, 4, 8}) {
    for (const int rows : {5, 8, 13}) {
      const int cols = 11, stride = 12;  // a stride wider than the matrix
      std::vector<double> m(static_cast<size_t>(rows) * stride);
      for (double& x : m) x = rng.Uniform(-1, 1);
      std::vector<double> p = m;
      MakeCirculant(p.data(), stride, rows, cols, k, CirculantFit::kMean);
      EXPECT_TRUE(IsCirculant(p.data(), stride, rows, cols, k));
      EXPECT_FALSE(IsCirculant(m.data(), stride, rows, cols, k));
      // The residual sums to zero along every block diagonal (orthogonal to every block-circulant
      // matrix), elements outside the matrix's columns are untouched, and projecting again
      // changes nothing.
      for (int r0 = 0; r0 < rows; r0 += k) {
        for (int c0 = 0; c0 < cols; c0 += k) {
          for (int d = 0; d < k; ++d) {
            double residual = 0;
            for (int b = 0; b < k && c0 + b < cols; ++b) {
              const int r = r0 + (b + d) % k;
              if (r < rows) residual += m[r * stride + c0 + b] - p[r * stride + c0 + b];
            }
            EXPECT_NEAR(residual, 0, 1e-12);
          }
        }
      }
      for (int r = 0; r < rows; ++r) EXPECT_EQ(p[r * stride + cols], m[r * stride + cols]);
      std::vector<double> again = p;
      MakeCirculant(again.data(), stride, rows, cols, k, CirculantFit::kMean);
      for (size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(again[i], p[i], 1e-15);
    }
  }
}

TEST(CirculantTest, FirstFitCopiesEachDiagonalsFirstElement) {
  // 3 x 3 with k = 2: block (0, 0) has diagonals d = 0 {(0,0), (1,1)} and d = 1 {(1,0), (0,1)};
  // the partial blocks have one element on each diagonal, which stays.
  std::vector<double> m = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  MakeCirculant(m.data(), 3, 3, 3, 2, CirculantFit::kFirst);
  EXPECT_EQ(m, (std::vector<double>{1, 4, 3, 4, 1, 6, 7, 8, 9}));
}

TEST(CirculantTest, PartitionIsABijectionInBlocks) {
  for (const int block : {1, 2, 4, 8}) {
    for (const int pes : {1, 2, 3, 5}) {
      for (const int units : {1, 7, 16, 21}) {
        std::vector<int> seen(units, 0);
        int total = 0, most = 0;
        for (int k = 0; k < pes; ++k) {
          const int mine = UnitsOfPe(k, units, pes, block);
          total += mine;
          most = std::max(most, mine);
          for (int u = 0; u < mine; ++u) {
            const int j = GlobalUnit(k, u, pes, block);
            ASSERT_LT(j, units);
            ++seen[j];
            EXPECT_EQ(PeOfUnit(j, pes, block), k);
            EXPECT_EQ(LocalUnit(j, pes, block), u);
            EXPECT_EQ(j / block, GlobalUnit(k, u / block * block, pes, block) / block)
                << "a block's units on one PE, in order";
          }
        }
        EXPECT_EQ(total, units);
        EXPECT_EQ(most, MaxUnitsPerPe(units, pes, block));
        for (int c : seen) EXPECT_EQ(c, 1);
      }
    }
  }
}

// Walks every PE's columns as rnngen_pe_mac does (counters d, a, g and the block's word, from
// the column's word) and reads the stored vectors: the program's weights, every row and column.
TEST(CirculantTest, EngineAddressesReadTheProgramsWeights) {
  for (const bool gru : {false, true}) {
    for (const int k : {2, 4, 8}) {
      SCOPED_TRACE(testing::Message() << (gru ? "gru" : "lstm") << " k " << k);
      Spec s;
      s.name = "circulant_test";
      s.model.input_size = 6;
      Spec::Recurrent layer;
      layer.cell = gru ? CellType::kGru : CellType::kLstm;
      layer.input_size = 6;
      layer.hidden_size = 13;
      layer.linear_before_reset = false;  // a GRU of two passes, the second keeping its sums
      s.model.hidden_size = 13;
      s.model.stack = {layer};
      s.model.head = {Spec::Dense{13, 3, HeadActivation::kNone}};
      s.array.pe_count = 2;
      s.sparsity.encoding = Encoding::kCirculant;
      s.sparsity.block_size = k;
      const Model m = BuildModel(s);
      const Plan plan = MakePlan(s, m.quant);
      ASSERT_EQ(plan.unit_block, k);
      int64_t stored = 0, dense = 0;
      for (int pe = 0; pe < plan.pe_count; ++pe) {
        const PePlan& pp = plan.pes[pe];
        ASSERT_EQ(pp.circ_cols.size(), static_cast<size_t>(plan.cols));
        stored += static_cast<int64_t>(pp.stored.size());
        for (size_t n = 0; n < plan.passes.size(); ++n) {
          const Pass& ps = m.quant.passes[n];
          const int rpu = RowsPerUnit(ps.op);
          dense += static_cast<int64_t>(rpu) * pp.units[n] * ps.cols;
          for (int c = 0; c < ps.cols; ++c) {
            const CirculantColumn& cc = pp.circ_cols[plan.passes[n].first_col + c];
            EXPECT_EQ(cc.quad, rpu == 4);
            EXPECT_EQ(cc.first, ps.init && c == 0 && pp.units[n] > 0);
            int blk = cc.base, d = cc.d0, a = 0, g = 0;
            for (int r = 0; r < rpu * pp.units[n]; ++r) {
              const int word = blk + (cc.quad ? d * 4 + g : d);
              const int unit = GlobalUnit(pe, r / rpu, plan.pe_count, k);
              ASSERT_LT(word, static_cast<int>(pp.stored.size()));
              EXPECT_EQ(pp.stored[word].weight,
                        ps.w[static_cast<size_t>(r % rpu * ps.units + unit) * ps.cols + c]);
              const bool unit_end = !cc.quad || g == 3;
              if (unit_end && a == k - 1) blk += k * rpu;
              g = unit_end ? 0 : g + 1;
              d = unit_end ? (d + 1) % k : d;
              a = unit_end ? (a + 1) % k : a;
            }
          }
        }
      }
      // k values a block instead of k * k, the edge blocks' rows and columns padded.
      EXPECT_LT(stored * k, dense * 2) << "stored " << stored << ", dense " << dense;
    }
  }
}

}  // namespace
}  // namespace rnngen
