// Which PE owns which hidden unit. Units go to the PEs in blocks of `block` consecutive units
// (1, or sparsity.block_size with circulant weights, so that the rows of one circulant block stay
// together): block B = unit / block lives on PE B mod P (EIE/ESE row interleaving), with all the
// gate rows of its units, and a PE's units are numbered in order (local unit
// (B div P) * block + unit mod block). Pruning (load balancing), the plan, the cycle model and
// the vector store all use this one rule.
#ifndef RNNGEN_MODEL_PARTITION_H_
#define RNNGEN_MODEL_PARTITION_H_

#include <algorithm>

namespace rnngen {

inline int PeOfUnit(int unit, int pe_count, int block) { return unit / block % pe_count; }
inline int LocalUnit(int unit, int pe_count, int block) {
  return unit / block / pe_count * block + unit % block;
}
inline int GlobalUnit(int pe, int local_unit, int pe_count, int block) {
  return (local_unit / block * pe_count + pe) * block + local_unit % block;
}
// Units of PE `pe` among `units` (the last block may be partial).
inline int UnitsOfPe(int pe, int units, int pe_count, int block) {
  const int blocks = (units + block - 1) / block;
  const int mine = (blocks - pe + pe_count - 1) / pe_count;  // blocks pe, pe + P, ...
  if (mine <= 0) return 0;
  const int last = pe + (mine - 1) * pe_count;
  return (mine - 1) * block + std::min(block, units - last * block);
}
inline int MaxUnitsPerPe(int units, int pe_count, int block) {
  int most = 0;
  for (int pe = 0; pe < std::min(pe_count, (units + block - 1) / block); ++pe) {
    most = std::max(most, UnitsOfPe(pe, units, pe_count, block));
  }
  return most;
}

}  // namespace rnngen

#endif  // RNNGEN_MODEL_PARTITION_H_
