// Exact reference arithmetic for the tests, written independently of model/fixed_point.h: 128-bit
// integers, so nothing here can overflow or round where the code under test might.
#ifndef RNNGEN_TESTS_UNIT_REFERENCE_ARITH_H_
#define RNNGEN_TESTS_UNIT_REFERENCE_ARITH_H_

#include <cstdint>

namespace rnngen {

using Int128 = __int128;

// floor(a / b) for b > 0, exact.
inline Int128 FloorDiv(Int128 a, Int128 b) {
  Int128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}

// floor(v / 2^s + 1/2) = floor((2v + 2^s) / 2^(s+1)): round half up to s fewer fraction bits.
inline int64_t RefRoundShift(int64_t v, int s) {
  const Int128 num = 2 * static_cast<Int128>(v) + (static_cast<Int128>(1) << s);
  return static_cast<int64_t>(FloorDiv(num, static_cast<Int128>(1) << (s + 1)));
}

}  // namespace rnngen

#endif  // RNNGEN_TESTS_UNIT_REFERENCE_ARITH_H_
