// Block-circulant weights (E-RNN, C-LSTM; sparsity.encoding: circulant): a matrix cut into k x k
// blocks from row 0 and column 0, block (I, J) defined by one length-k vector v with
// M[I*k + a][J*k + b] = v[(a - b) mod k]. A block at the bottom or right edge keeps its whole
// vector; its elements outside the matrix do not exist. A recurrent layer's W and R are cut
// gate by gate and apart from each other (PyTorch's and C-LSTM's matrices), so is a projection
// and a head layer's W.
#ifndef RNNGEN_MODEL_CIRCULANT_H_
#define RNNGEN_MODEL_CIRCULANT_H_

#include <string>
#include <vector>

namespace rnngen {

enum class CirculantFit {
  kMean,   // least squares: each block diagonal becomes the mean of its elements (imports)
  kFirst,  // each block diagonal takes its first element's value (random draws)
};

// The fit a network gets from weights.source: random draws kFirst, imported models kMean; and
// what it does to a block diagonal, for report.md.
CirculantFit CirculantFitFor(const std::string& weights_source);
const char* DescribeFit(CirculantFit fit);

// Makes the `rows` x `cols` matrix at `m` (row r at m + r * stride) block-circulant in place.
void MakeCirculant(double* m, int stride, int rows, int cols, int block, CirculantFit fit);

// Whether it is, exactly (tests).
bool IsCirculant(const double* m, int stride, int rows, int cols, int block);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_CIRCULANT_H_
