// Weight sharing: the k-means against brute force, the model's shared weights, and the plan's
// codes and codebooks against the quantised program.
#include "model/codebook.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "model/model.h"
#include "model/random.h"
#include "plan/plan.h"

namespace rnngen {
namespace {

double SquaredError(const std::vector<double>& values, const std::vector<double>& centroids) {
  double e = 0;
  for (double v : values) {
    double best = std::numeric_limits<double>::infinity();
    for (double c : centroids) best = std::min(best, (v - c) * (v - c));
    e += best;
  }
  return e;
}

// The least squared error of sorted `v` in at most k contiguous clusters, by trying every cut.
double BruteForce(const std::vector<double>& v, size_t begin, int k) {
  const auto cost = [&](size_t a, size_t b) {
    double mean = 0;
    for (size_t i = a; i < b; ++i) mean += v[i];
    mean /= static_cast<double>(b - a);
    double e = 0;
    for (size_t i = a; i < b; ++i) e += (v[i] - mean) * (v[i] - mean);
    return e;
  };
  if (k == 1) return cost(begin, v.size());
  double best = cost(begin, v.size());
  for (size_t cut = begin + 1; cut < v.size(); ++cut) {
    best = std::min(best, cost(begin, cut) + BruteForce(v, cut, k - 1));
  }
  return best;
}

TEST(CodebookTest, FewValuesAreKept) {
  EXPECT_EQ(KMeans1D({3, -1, 3, 2}, 3), (std::vector<double>{-1, 2, 3}));
  EXPECT_EQ(KMeans1D({5, 5, 5}, 1), (std::vector<double>{5}));
}

TEST(CodebookTest, TwoObviousClusters) {
  EXPECT_EQ(KMeans1D({1, 2, 3, 10, 11, 12}, 2), (std::vector<double>{2, 11}));
}

TEST(CodebookTest, OptimalAgainstBruteForce) {
  Rng rng(5);
  for (int trial = 0; trial < 40; ++trial) {
    const int n = 4 + trial % 9;
    std::vector<double> v;
    for (int i = 0; i < n; ++i) v.push_back(rng.Uniform(-1, 1) * (i % 3 == 0 ? 4 : 1));
    if (trial % 5 == 0) v.push_back(v[0]);  // a repeated value
    for (int k = 1; k <= 4; ++k) {
      const std::vector<double> c = KMeans1D(v, k);
      ASSERT_LE(c.size(), static_cast<size_t>(k));
      EXPECT_TRUE(std::is_sorted(c.begin(), c.end()));
      std::vector<double> sorted = v;
      std::sort(sorted.begin(), sorted.end());
      EXPECT_NEAR(SquaredError(v, c), BruteForce(sorted, 0, k), 1e-9)
          << "trial " << trial << " k " << k;
    }
  }
}

TEST(CodebookTest, ShareValuesKeepsZerosAndUsesTheCentroids) {
  std::vector<double> w = {0, 1, 1.2, 0, -3, -2.8, 0, 1.1};
  ShareValues(2, &w);
  EXPECT_EQ(w[0], 0.0);
  EXPECT_EQ(w[3], 0.0);
  EXPECT_DOUBLE_EQ(w[1], 1.1);
  EXPECT_DOUBLE_EQ(w[2], 1.1);
  EXPECT_DOUBLE_EQ(w[4], -2.9);
  EXPECT_DOUBLE_EQ(w[5], -2.9);
}

// Every pass's weights are the codebook's words at the entries' codes, code 0 only for 0, and
// a pass uses at most N - 1 non-zero values.
TEST(CodebookTest, PlanCodesDecodeToTheProgramsWeights) {
  for (const Encoding encoding : {Encoding::kCsc, Encoding::kDense}) {
    for (const int n : {2, 5, 16}) {
      SCOPED_TRACE(testing::Message()
                   << "codebook " << n << " dense " << (encoding == Encoding::kDense));
      Spec s;
      s.name = "codebook_test";
      s.model.input_size = 6;
      s.model.hidden_size = 9;
      Spec::Recurrent layer;
      layer.cell = CellType::kGru;
      layer.input_size = 6;
      layer.hidden_size = 9;
      layer.linear_before_reset = false;  // two passes from one matrix
      s.model.stack = {layer};
      s.model.head = {Spec::Dense{9, 3, HeadActivation::kNone}};
      s.weights.density = 0.4;
      s.weights.codebook = n;
      s.array.pe_count = 3;
      s.sparsity.encoding = encoding;
      const Model m = BuildModel(s);
      const Plan plan = MakePlan(s, m.quant);
      ASSERT_EQ(plan.code_bits, CeilLog2(n));
      ASSERT_EQ(plan.value_bits, plan.code_bits);
      ASSERT_EQ(plan.codebooks.size(), m.quant.passes.size());
      for (size_t p = 0; p < m.quant.passes.size(); ++p) {
        const std::vector<int64_t>& book = plan.codebooks[p];
        ASSERT_EQ(book.size(), size_t{1} << plan.code_bits);
        EXPECT_EQ(book[0], 0);
        std::set<int64_t> values(m.quant.passes[p].w.begin(), m.quant.passes[p].w.end());
        values.erase(0);
        EXPECT_LT(values.size(), static_cast<size_t>(n));
      }
      for (const PePlan& pe : plan.pes) {
        size_t e = 0;
        int pass = 0;
        for (size_t c = 0; c < pe.col_count.size(); ++c) {
          while (pass + 1 < static_cast<int>(plan.passes.size()) &&
                 static_cast<int>(c) >= plan.passes[pass + 1].first_col) {
            ++pass;
          }
          for (int i = 0; i < pe.col_count[c]; ++i, ++e) {
            const Entry& entry = pe.entries[e];
            ASSERT_LT(entry.code, 1 << plan.code_bits);
            EXPECT_EQ(plan.codebooks[pass][entry.code], entry.weight);
            EXPECT_EQ(entry.code == 0, entry.weight == 0);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace rnngen
