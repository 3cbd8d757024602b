#include "plan/encoding.h"

#include <fmt/format.h>

#include <stdexcept>

namespace rnngen {
namespace {

// Every weight of the PE's rows, zeros included: {first, weight}.
class DenseEncoding : public WeightEncoding {
 public:
  Encoding kind() const override { return Encoding::kDense; }
  std::string Name() const override { return "dense"; }
  std::string Describe() const override { return "dense"; }
  bool Sparse() const override { return false; }
  int RowFieldBits() const override { return 0; }
  std::vector<Entry> EncodeColumn(
      const std::vector<int64_t>& slice,
      const std::vector<bool>& /*keep: every row has an entry*/) const override {
    std::vector<Entry> col;
    for (int64_t v : slice) col.push_back({0, v});
    return col;
  }
};

// EIE's compressed sparse columns: {first, relative row index, weight}.
class CscEncoding : public WeightEncoding {
 public:
  explicit CscEncoding(int index_bits) : index_bits_(index_bits) {}
  Encoding kind() const override { return Encoding::kCsc; }
  std::string Name() const override { return "csc"; }
  std::string Describe() const override {
    return fmt::format("csc, {}-bit relative index", index_bits_);
  }
  bool Sparse() const override { return true; }
  int RowFieldBits() const override { return index_bits_; }
  std::vector<Entry> EncodeColumn(const std::vector<int64_t>& slice,
                                  const std::vector<bool>& keep) const override {
    return EncodeCscColumn(slice, index_bits_, keep);
  }

 private:
  int index_bits_;
};

// E-RNN's block-circulant matrices: the engine walks every row of the PE in every column, like
// dense, but the weights are k values a block, addressed by the engine (the entries below are
// that walk; the plan lays out the stored vectors). No `first` in a stored word: a column's
// entries are all first or none, and the column says which.
class CirculantEncoding : public DenseEncoding {
 public:
  explicit CirculantEncoding(int block_size) : block_size_(block_size) {}
  Encoding kind() const override { return Encoding::kCirculant; }
  std::string Name() const override { return "circulant"; }
  std::string Describe() const override {
    return fmt::format("block-circulant, {0} x {0} blocks", block_size_);
  }
  int StoredBits(int value_bits) const override { return value_bits; }
  int UnitBlock() const override { return block_size_; }

 private:
  int block_size_;
};

}  // namespace

std::shared_ptr<const WeightEncoding> MakeEncoding(const Spec::Sparsity& sparsity) {
  switch (sparsity.encoding) {
    case Encoding::kDense:
      return std::make_shared<DenseEncoding>();
    case Encoding::kCsc:
      return std::make_shared<CscEncoding>(sparsity.index_bits);
    case Encoding::kCirculant:
      return std::make_shared<CirculantEncoding>(sparsity.block_size);
  }
  throw std::logic_error("internal error: unknown encoding");
}

std::vector<Entry> EncodeCscColumn(const std::vector<int64_t>& column, int index_bits,
                                   const std::vector<bool>& keep) {
  const int max_gap = (1 << index_bits) - 1;
  std::vector<Entry> out;
  int gap = 0;
  for (size_t r = 0; r < column.size(); ++r) {
    const int64_t v = column[r];
    if (v == 0 && !(r < keep.size() && keep[r])) {
      ++gap;
      continue;
    }
    while (gap > max_gap) {
      out.push_back({max_gap, 0});
      gap -= max_gap + 1;
    }
    out.push_back({gap, v});
    gap = 0;
  }
  return out;
}

std::vector<int64_t> DecodeCscColumn(const std::vector<Entry>& entries, int rows) {
  std::vector<int64_t> column(rows, 0);
  int row = -1;
  for (const Entry& e : entries) {
    row += e.index + 1;
    if (row >= rows) throw std::out_of_range("csc entry beyond the column slice");
    column[row] = e.weight;
  }
  return column;
}

}  // namespace rnngen
