// The LSTM cell twice: a float reference with ONNX semantics and the bit-accurate fixed-point cell
// that defines what the hardware computes. See docs/arithmetic.md.
#ifndef RNNGEN_MODEL_LSTM_H_
#define RNNGEN_MODEL_LSTM_H_

#include <cstdint>
#include <vector>

#include "model/activation.h"
#include "spec/spec.h"

namespace rnngen {

// Gate blocks in ONNX order: rows [g*H, (g+1)*H) of W and R belong to gate g.
enum Gate { kGateI = 0, kGateO = 1, kGateF = 2, kGateC = 3 };
constexpr int kNumGates = 4;

// ONNX LSTM layout for one forward layer: W [4H x I], R [4H x H], B = [Wb (4H), Rb (4H)].
// Pruned weights are exact zeros.
struct LstmFloatWeights {
  int input_size = 0;
  int hidden_size = 0;
  std::vector<double> w;   // row-major [4H][I]
  std::vector<double> r;   // row-major [4H][H]
  std::vector<double> wb;  // [4H]
  std::vector<double> rb;  // [4H]
};

struct LstmFloatState {
  std::vector<double> h, c;
};

// One ONNX LSTM step (f = sigmoid, g = h = tanh, no peepholes, no clip):
//   i = f(W_i x + R_i h + Wb_i + Rb_i), o, f likewise, c~ = g(W_c x + R_c h + Wb_c + Rb_c)
//   c' = f*c + i*c~,  h' = o * h(c')
void LstmFloatStep(const LstmFloatWeights& m, const std::vector<double>& x, LstmFloatState* s);

// The fixed-point cell. Weights are codes in the weight format over the concatenated input
// [x_t ; h_{t-1}] (row-major [4H][I+H], same row order as ONNX); biases are accumulator codes
// with weight.frac + activation.frac fraction bits.
struct LstmQuantWeights {
  int input_size = 0;
  int hidden_size = 0;
  Spec::Arithmetic arith;
  std::vector<int64_t> w;     // [4H][I+H]
  std::vector<int64_t> bias;  // [4H]
  ActivationTables tables;

  int cols() const { return input_size + hidden_size; }
  int acc_frac() const { return arith.weight.frac + arith.activation.frac; }
  int acc_shift() const { return acc_frac() - (arith.lut_bits - 4); }
  int state_shift() const { return arith.state.frac - (arith.lut_bits - 4); }
};

struct LstmQuantState {
  std::vector<int64_t> h, c;  // activation and state codes
};

// Accumulator value of `row` for input [x ; h] (exact: the spec proves it cannot overflow).
int64_t GateAccumulator(const LstmQuantWeights& m, int row, const std::vector<int64_t>& x,
                        const std::vector<int64_t>& h);

// The element-wise update of one hidden unit from its four gate accumulators, exactly as the PE
// computes it. Returns h; updates *c.
int64_t LstmQuantCellUpdate(const LstmQuantWeights& m, const int64_t acc[kNumGates], int64_t* c);

void LstmQuantStep(const LstmQuantWeights& m, const std::vector<int64_t>& x, LstmQuantState* s);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_LSTM_H_
