// Weight encodings (sparsity.encoding): how one PE's weights of one column slice become stored
// entries, one class per format. Circulant stores no entries but each block's vector, which
// its decoder addresses itself (plan/plan.h CirculantColumn); its entries are the walk. A format
// is added here (a subclass and MakeEncoding), in the spec's choice list (spec/spec.cc) and as
// a decoder cell (templates/rnngen_dec_*.v, which rnngen_pe_mac picks by its parameters); the
// plan, the IR, the lowering, the reports and the power model ask the interface.
#ifndef RNNGEN_PLAN_ENCODING_H_
#define RNNGEN_PLAN_ENCODING_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spec/spec.h"

namespace rnngen {

// One stored entry. Csc: `index` = zero rows skipped before it within its column slice (since
// the previous entry, or since row 0); a padding entry has weight 0. Dense: index is 0.
// `first`: the first entry of its row since the pass that started afresh, which adds to the
// row's bias instead of the accumulator (so the accumulators need no clearing).
// With a codebook, `code` is the weight's code in its pass's codebook (0 for weight 0).
struct Entry {
  int index = 0;
  int64_t weight = 0;
  bool first = false;
  int code = 0;
};

class WeightEncoding {
 public:
  virtual ~WeightEncoding() = default;
  virtual Encoding kind() const = 0;
  virtual std::string Name() const = 0;      // as the spec writes it
  virtual std::string Describe() const = 0;  // for report.md
  // Entries only where weights are (and padding): a column's entry count varies and comes from
  // a count ROM per PE; otherwise every column of a pass has one entry per row of the PE.
  virtual bool Sparse() const = 0;
  // Bits of an entry's row field, between `first` and the weight (or code).
  virtual int RowFieldBits() const = 0;
  // Bits of a stored word whose weight field is `value_bits` wide.
  virtual int StoredBits(int value_bits) const { return 1 + RowFieldBits() + value_bits; }
  // Consecutive units that stay together on one PE (model/partition.h).
  virtual int UnitBlock() const { return 1; }
  // The entries of one column slice (a PE's rows of a pass, in order). A row marked in `keep`
  // gets an entry even when its weight is zero (a sparse format's padding entry).
  virtual std::vector<Entry> EncodeColumn(const std::vector<int64_t>& slice,
                                          const std::vector<bool>& keep) const = 0;
};

std::shared_ptr<const WeightEncoding> MakeEncoding(const Spec::Sparsity& sparsity);

// EIE relative-index encoding of one column slice. A gap longer than 2^index_bits - 1 zeros is
// bridged by padding entries (weight 0, index 2^index_bits - 1), each covering index+1 rows.
// Rows marked in `keep` get an entry even when zero (weight 0: a padding entry).
std::vector<Entry> EncodeCscColumn(const std::vector<int64_t>& column, int index_bits,
                                   const std::vector<bool>& keep = {});
// Inverse of EncodeCscColumn for a slice of `rows` rows.
std::vector<int64_t> DecodeCscColumn(const std::vector<Entry>& entries, int rows);

}  // namespace rnngen

#endif  // RNNGEN_PLAN_ENCODING_H_
