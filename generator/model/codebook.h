// Weight sharing (EIE; Han et al., Deep Compression): the non-zero weights of a matrix replaced
// by the nearest of a few shared values, found by one-dimensional k-means.
#ifndef RNNGEN_MODEL_CODEBOOK_H_
#define RNNGEN_MODEL_CODEBOOK_H_

#include <vector>

namespace rnngen {

// k-means of `values` into at most `clusters` centroids, ascending: the clustering with the
// least squared error, found exactly by dynamic programming over the sorted values (Wang and
// Song, Ckmeans.1d.dp), so there is no seeding to choose and the result is deterministic. With
// at most `clusters` distinct values, those values. With more than 2^26 / clusters distinct
// values, they are first merged into that many equal-width bins (each its values' mean, with
// their count), which bounds the cut table to 256 MiB. scripts/train_example.py's kmeans_1d
// and nearest repeat this and Nearest operation for operation (training starts from the model
// rnngen shares): change them together.
std::vector<double> KMeans1D(std::vector<double> values, int clusters);

// Each non-zero of `w` replaced by the nearest of KMeans1D(its non-zeros, clusters) (the lower
// one at a tie); zeros stay zero.
void ShareValues(int clusters, std::vector<double>* w);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_CODEBOOK_H_
