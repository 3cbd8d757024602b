// Which PE owns which hidden unit: unit j lives on PE j mod P (EIE/ESE row interleaving), with
// all four of its gate rows. Pruning (load balancing) and the plan both use this one rule.
#ifndef RNNGEN_MODEL_PARTITION_H_
#define RNNGEN_MODEL_PARTITION_H_

namespace rnngen {

inline int PeOfUnit(int unit, int pe_count) { return unit % pe_count; }
inline int LocalUnit(int unit, int pe_count) { return unit / pe_count; }
inline int GlobalUnit(int pe, int local_unit, int pe_count) { return pe + local_unit * pe_count; }
inline int UnitsOfPe(int pe, int hidden_size, int pe_count) {
  return (hidden_size - pe + pe_count - 1) / pe_count;
}
inline int MaxUnitsPerPe(int hidden_size, int pe_count) {
  return (hidden_size + pe_count - 1) / pe_count;
}

}  // namespace rnngen

#endif  // RNNGEN_MODEL_PARTITION_H_
