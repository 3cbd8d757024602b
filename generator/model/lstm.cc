#include "model/lstm.h"

#include <cmath>

#include "model/fixed_point.h"

namespace rnngen {

void LstmFloatStep(const LstmFloatWeights& m, const std::vector<double>& x, LstmFloatState* s) {
  const int in = m.input_size;
  const int hid = m.hidden_size;
  std::vector<double> gates(kNumGates * hid);
  for (int row = 0; row < kNumGates * hid; ++row) {
    double sum = m.wb[row] + m.rb[row];
    for (int k = 0; k < in; ++k) sum += m.w[static_cast<size_t>(row) * in + k] * x[k];
    for (int k = 0; k < hid; ++k) sum += m.r[static_cast<size_t>(row) * hid + k] * s->h[k];
    gates[row] = sum;
  }
  for (int j = 0; j < hid; ++j) {
    const double i = ActFnReal(ActFn::kSigmoid, gates[kGateI * hid + j]);
    const double o = ActFnReal(ActFn::kSigmoid, gates[kGateO * hid + j]);
    const double f = ActFnReal(ActFn::kSigmoid, gates[kGateF * hid + j]);
    const double g = std::tanh(gates[kGateC * hid + j]);
    s->c[j] = f * s->c[j] + i * g;
    s->h[j] = o * std::tanh(s->c[j]);
  }
}

int64_t GateAccumulator(const LstmQuantWeights& m, int row, const std::vector<int64_t>& x,
                        const std::vector<int64_t>& h) {
  const int64_t* w = &m.w[static_cast<size_t>(row) * m.cols()];
  int64_t acc = m.bias[row];
  for (int k = 0; k < m.input_size; ++k) acc += w[k] * x[k];
  for (int k = 0; k < m.hidden_size; ++k) acc += w[m.input_size + k] * h[k];
  return acc;
}

int64_t LstmQuantCellUpdate(const LstmQuantWeights& m, const int64_t acc[kNumGates], int64_t* c) {
  const Spec::Arithmetic& a = m.arith;
  const int lut = a.lut_bits;
  const auto& sig = m.tables.sigmoid;
  const auto& tnh = m.tables.tanh;
  const int64_t i = sig[LutIndex(acc[kGateI], m.acc_shift(), lut)];
  const int64_t o = sig[LutIndex(acc[kGateO], m.acc_shift(), lut)];
  const int64_t f = sig[LutIndex(acc[kGateF], m.acc_shift(), lut)];
  const int64_t g = tnh[LutIndex(acc[kGateC], m.acc_shift(), lut)];
  // Narrowing points: f*c and i*g to state precision (one guard bit), their sum to the state
  // format, o*tanh(c) to the activation format. Round half up, then saturate, at each.
  const int64_t fc = Requantize(f * *c, a.activation.frac, a.state.bits + 1);
  const int64_t ig = Requantize(i * g, 2 * a.activation.frac - a.state.frac, a.state.bits + 1);
  *c = Saturate(fc + ig, a.state.bits);
  const int64_t tc = tnh[LutIndex(*c, m.state_shift(), lut)];
  return Requantize(o * tc, a.activation.frac, a.activation.bits);
}

void LstmQuantStep(const LstmQuantWeights& m, const std::vector<int64_t>& x, LstmQuantState* s) {
  const int hid = m.hidden_size;
  std::vector<int64_t> h_next(hid);
  for (int j = 0; j < hid; ++j) {
    int64_t acc[kNumGates];
    for (int g = 0; g < kNumGates; ++g) acc[g] = GateAccumulator(m, g * hid + j, x, s->h);
    h_next[j] = LstmQuantCellUpdate(m, acc, &s->c[j]);
  }
  s->h = std::move(h_next);
}

}  // namespace rnngen
