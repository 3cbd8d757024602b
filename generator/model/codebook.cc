#include "model/codebook.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>

namespace rnngen {
namespace {

// Index of the value nearest to v in ascending `c` (the lower one at a tie).
size_t Nearest(const std::vector<double>& c, double v) {
  const auto it = std::lower_bound(c.begin(), c.end(), v);
  if (it == c.begin()) return 0;
  if (it == c.end()) return c.size() - 1;
  const auto hi = static_cast<size_t>(it - c.begin());
  return v - c[hi - 1] <= c[hi] - v ? hi - 1 : hi;
}

// Cut-table entries the dynamic programme may use (4 bytes each).
constexpr size_t kMaxCuts = size_t{1} << 26;

}  // namespace

std::vector<double> KMeans1D(std::vector<double> values, int clusters) {
  std::sort(values.begin(), values.end());
  // Distinct values x with their counts w, and prefix sums of w, w x, w x^2.
  std::vector<double> x, w;
  for (double v : values) {
    if (x.empty() || v != x.back()) {
      x.push_back(v);
      w.push_back(0);
    }
    ++w.back();
  }
  if (x.size() <= static_cast<size_t>(std::max(clusters, 0))) return x;
  // Too many distinct values for the cut table: merge them into equal-width bins first, each
  // its values' mean with their count.
  const size_t max_points = kMaxCuts / static_cast<size_t>(clusters);
  if (x.size() > max_points) {
    const double lo = x.front(), width = (x.back() - lo) / static_cast<double>(max_points);
    std::vector<double> bx, bw;
    size_t bin = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const size_t b = std::min(max_points - 1, static_cast<size_t>((x[i] - lo) / width));
      if (bx.empty() || b != bin) {
        if (!bx.empty()) bx.back() /= bw.back();
        bx.push_back(0);
        bw.push_back(0);
        bin = b;
      }
      bx.back() += w[i] * x[i];
      bw.back() += w[i];
    }
    bx.back() /= bw.back();
    x = std::move(bx);
    w = std::move(bw);
  }
  const size_t m = x.size();
  std::vector<double> sw(m + 1, 0), sx(m + 1, 0), sxx(m + 1, 0);
  for (size_t i = 0; i < m; ++i) {
    sw[i + 1] = sw[i] + w[i];
    sx[i + 1] = sx[i] + w[i] * x[i];
    sxx[i + 1] = sxx[i] + w[i] * x[i] * x[i];
  }
  // Squared error of x[j..i) around its mean (weights span a few orders of magnitude at most,
  // which the prefix sums keep in double precision).
  const auto cost = [&](size_t j, size_t i) {
    const double n = sw[i] - sw[j], s = sx[i] - sx[j];
    return std::max(0.0, (sxx[i] - sxx[j]) - s * s / n);
  };
  // prev[i]: least error of x[0..i) in k - 1 clusters; cur[i] in k, its last cluster from
  // cut[k][i]. The best cut is monotone in i, so each row is filled by divide and conquer
  // (Wang and Song's Ckmeans.1d.dp): O(clusters m log m).
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> prev(m + 1, inf), cur(m + 1, inf);
  std::vector<std::vector<uint32_t>> cut(clusters + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = 1; i <= m; ++i) prev[i] = cost(0, i);
  prev[0] = 0;
  for (int k = 2; k <= clusters; ++k) {
    cur.assign(m + 1, inf);
    // cur[i] for i in [lo, hi], its cut known to lie in [cut_lo, cut_hi].
    const std::function<void(size_t, size_t, size_t, size_t)> fill =
        [&](size_t lo, size_t hi, size_t cut_lo, size_t cut_hi) {
          if (lo > hi) return;
          const size_t i = lo + (hi - lo) / 2;
          size_t best = cut_lo;
          for (size_t j = cut_lo; j <= std::min(cut_hi, i - 1); ++j) {
            const double e = prev[j] + cost(j, i);
            if (e < cur[i]) {
              cur[i] = e;
              best = j;
            }
          }
          cut[k][i] = static_cast<uint32_t>(best);
          if (i > lo) fill(lo, i - 1, cut_lo, best);
          fill(i + 1, hi, best, cut_hi);
        };
    fill(static_cast<size_t>(k), m, static_cast<size_t>(k - 1), m - 1);
    std::swap(prev, cur);
  }
  // Walk the cuts back from the whole set.
  std::vector<double> centroids(clusters);
  size_t end = m;
  for (int k = clusters; k >= 1; --k) {
    const size_t begin = k == 1 ? 0 : cut[k][end];
    centroids[k - 1] = (sx[end] - sx[begin]) / (sw[end] - sw[begin]);
    end = begin;
  }
  return centroids;
}

void ShareValues(int clusters, std::vector<double>* w) {
  std::vector<double> nz;
  for (double v : *w) {
    if (v != 0.0) nz.push_back(v);
  }
  if (nz.empty()) return;
  const std::vector<double> c = KMeans1D(std::move(nz), clusters);
  for (double& v : *w) {
    if (v != 0.0) v = c[Nearest(c, v)];
  }
}

}  // namespace rnngen
