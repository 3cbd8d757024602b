#include "model/circulant.h"

#include <algorithm>

namespace rnngen {
namespace {

// Calls f(a, b) for each element of diagonal d of the block at (r0, c0) that exists, b rising.
template <typename F>
void ForDiagonal(int r0, int c0, int rows, int cols, int block, int d, F f) {
  for (int b = 0; b < block && c0 + b < cols; ++b) {
    const int a = (b + d) % block;
    if (r0 + a < rows) f(r0 + a, c0 + b);
  }
}

}  // namespace

CirculantFit CirculantFitFor(const std::string& weights_source) {
  return weights_source == "random" ? CirculantFit::kFirst : CirculantFit::kMean;
}

const char* DescribeFit(CirculantFit fit) {
  return fit == CirculantFit::kFirst ? "its first element's value"
                                     : "the mean of its elements: the least-squares projection";
}

void MakeCirculant(double* m, int stride, int rows, int cols, int block, CirculantFit fit) {
  for (int r0 = 0; r0 < rows; r0 += block) {
    for (int c0 = 0; c0 < cols; c0 += block) {
      for (int d = 0; d < block; ++d) {
        double sum = 0;
        int n = 0;
        ForDiagonal(r0, c0, rows, cols, block, d, [&](int r, int c) {
          if (fit == CirculantFit::kMean || n == 0) sum += m[static_cast<size_t>(r) * stride + c];
          ++n;
        });
        if (n == 0) continue;
        const double v = fit == CirculantFit::kMean ? sum / n : sum;
        ForDiagonal(r0, c0, rows, cols, block, d,
                    [&](int r, int c) { m[static_cast<size_t>(r) * stride + c] = v; });
      }
    }
  }
}

bool IsCirculant(const double* m, int stride, int rows, int cols, int block) {
  bool ok = true;
  for (int r0 = 0; r0 < rows; r0 += block) {
    for (int c0 = 0; c0 < cols; c0 += block) {
      for (int d = 0; d < block; ++d) {
        const double* first = nullptr;
        ForDiagonal(r0, c0, rows, cols, block, d, [&](int r, int c) {
          const double* x = &m[static_cast<size_t>(r) * stride + c];
          if (first == nullptr) first = x;
          ok = ok && *x == *first;
        });
      }
    }
  }
  return ok;
}

}  // namespace rnngen
