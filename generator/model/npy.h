// NumPy arrays in and out: the .npy format (versions 1.0, 2.0 and 3.0) and .npz archives of them, as
// written by np.save, np.savez and np.savez_compressed.
//
// Supported dtypes: float16/32/64, int8..64, uint8..64 and bool, little- or big-endian, in C or
// Fortran order. Everything else (object arrays, structured, complex, string and date types), a
// malformed header, truncated data, trailing bytes and files over 1 GiB are rejected with a
// one-line message naming the file and saying what was expected.
#ifndef RNNGEN_MODEL_NPY_H_
#define RNNGEN_MODEL_NPY_H_

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rnngen {

// A NumPy array read as doubles, in C (row-major) order.
struct NpyArray {
  std::vector<size_t> shape;  // () for a scalar
  std::vector<double> data;   // product(shape) values
  bool integral = false;      // the file's dtype was an integer or bool type
};

// Throws NpyError with a one-line message saying what was expected, e.g.
// "x.npy: dtype '>c16' is not supported (expected float16/32/64, int8..64, uint8..64 or bool)".
struct NpyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

NpyArray ReadNpy(const std::string& path);
NpyArray ParseNpy(const std::string& bytes, const std::string& name);  // name for messages

// The bytes of an .npy file (version 1.0, little-endian float64, C order) holding `a`.
std::string NpyBytes(const NpyArray& a);

// Every array of an .npz (np.savez or np.savez_compressed), keyed by name without ".npy".
std::map<std::string, NpyArray> ReadNpz(const std::string& path);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_NPY_H_
