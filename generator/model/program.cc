#include "model/program.h"

#include <algorithm>
#include <stdexcept>

#include "model/fixed_point.h"

namespace rnngen {

int RowsPerUnit(EwOp op) { return op == EwOp::kDense ? 1 : 4; }

bool UsesGate(EwOp op, int gate) { return op != EwOp::kGruReset || gate == kRowR; }

int StepsPerUnit(EwOp op) {
  switch (op) {
    case EwOp::kLstm:
      return 4;
    case EwOp::kGru:
      return 4;
    case EwOp::kGruReset:
      return 2;
    case EwOp::kDense:
      return 1;
  }
  throw std::logic_error("unknown element-wise op");
}

int EwPrologue(EwOp op) {
  // Units of more than one cycle start at their phase 1: phase 0 reads a row of the unit itself.
  const int spu = StepsPerUnit(op);
  return spu > 1 ? spu - 1 : 1;
}

// Table reads a unit of `pass` uses (rnngen_pe_ew's schedule): lstm sigmoid(i), tanh(c~),
// sigmoid(f), sigmoid(o), tanh(c); gru sigmoid(r), sigmoid(z), tanh(n); gru_reset sigmoid(r);
// dense one read with a sigmoid or tanh activation, none for linear or relu.
int TableReadsPerUnit(const Pass& pass) {
  switch (pass.op) {
    case EwOp::kLstm:
      return 5;
    case EwOp::kGru:
      return 3;
    case EwOp::kGruReset:
      return 1;
    case EwOp::kDense:
      return pass.act == HeadActivation::kSigmoid || pass.act == HeadActivation::kTanh ? 1 : 0;
  }
  throw std::logic_error("unknown element-wise op");
}

ProgramState InitialProgramState(const Program& p) {
  ProgramState s;
  for (int size : p.vector_sizes) s.vectors.emplace_back(size, 0);
  for (int size : p.state_sizes) s.states.emplace_back(size, 0);
  return s;
}

std::vector<int64_t> PassAccumulators(const Program& p, int pass, const ProgramState& s,
                                      const std::vector<int64_t>& x) {
  const Pass& ps = p.passes[pass];
  std::vector<int64_t> col;
  col.reserve(ps.cols);
  for (const Segment& seg : ps.segments) {
    const std::vector<int64_t>& v = seg.vector == 0 ? x : s.vectors[seg.vector];
    col.insert(col.end(), v.begin(), v.begin() + seg.size);
  }
  std::vector<int64_t> acc = ps.init ? ps.bias : s.acc;
  for (int r = 0; r < ps.rows(); ++r) {
    const int64_t* w = &ps.w[static_cast<size_t>(r) * ps.cols];
    for (int c = 0; c < ps.cols; ++c) acc[r] += w[c] * col[c];
  }
  return acc;
}

int64_t PeepholeTerm(const Program& p, int64_t weight, int64_t c) {
  const int shift = p.arith.state.frac - p.arith.activation.frac;
  return shift >= 0 ? RoundShift(weight * c, shift) : weight * c * (int64_t{1} << -shift);
}

int64_t LstmUnit(const Program& p, const int64_t acc[4], const int64_t* peep, int64_t* c) {
  const Spec::Arithmetic& a = p.arith;
  const int lut = a.lut_bits;
  const auto& sig = p.tables.sigmoid;
  const auto& tnh = p.tables.tanh;
  auto gate = [&](int row, int peep_index, int64_t cell) {
    const int64_t term = peep != nullptr ? PeepholeTerm(p, peep[peep_index], cell) : 0;
    return sig[LutIndex(acc[row] + term, p.acc_shift(), lut)];
  };
  // i and f see c_{t-1}, o sees c_t (ONNX peepholes, order i, o, f).
  const int64_t i = gate(kRowI, 0, *c);
  const int64_t f = gate(kRowF, 2, *c);
  const int64_t g = tnh[LutIndex(acc[kRowC], p.acc_shift(), lut)];
  // Narrowing points: f*c and i*g to state precision (one guard bit), their sum to the state
  // format, o*tanh(c) to the activation format. Round half up, then saturate, at each.
  const int64_t fc = Requantize(f * *c, a.activation.frac, a.state.bits + 1);
  const int64_t ig = Requantize(i * g, 2 * a.activation.frac - a.state.frac, a.state.bits + 1);
  *c = Saturate(fc + ig, a.state.bits);
  const int64_t o = gate(kRowO, 1, *c);
  const int64_t tc = tnh[LutIndex(*c, p.state_shift(), lut)];
  return Requantize(o * tc, a.activation.frac, a.activation.bits);
}

int64_t GruUnit(const Program& p, const int64_t acc[4], bool reset_after, int64_t* h) {
  const Spec::Arithmetic& a = p.arith;
  const int lut = a.lut_bits;
  const int64_t r = p.tables.sigmoid[LutIndex(acc[kRowR], p.acc_shift(), lut)];
  const int64_t z = p.tables.sigmoid[LutIndex(acc[kRowZ], p.acc_shift(), lut)];
  // r * (R_h h + Rb_h) stays in accumulator precision (rounded, never saturated).
  const int64_t hh = reset_after ? RoundShift(r * acc[kRowHh], a.activation.frac) : acc[kRowHh];
  const int64_t n = p.tables.tanh[LutIndex(acc[kRowHx] + hh, p.acc_shift(), lut)];
  // h' = (1 - z) n + z h = n + z (h - n): one narrowing point.
  *h = Saturate(n + RoundShift(z * (*h - n), a.activation.frac), a.activation.bits);
  return *h;
}

int64_t GruResetUnit(const Program& p, int64_t acc_r, int64_t h) {
  const Spec::Arithmetic& a = p.arith;
  const int64_t r = p.tables.sigmoid[LutIndex(acc_r, p.acc_shift(), a.lut_bits)];
  return Requantize(r * h, a.activation.frac, a.activation.bits);
}

int64_t DenseUnit(const Program& p, int64_t acc, HeadActivation act) {
  const Spec::Arithmetic& a = p.arith;
  switch (act) {
    case HeadActivation::kNone:
      return Requantize(acc, a.weight.frac, a.activation.bits);
    case HeadActivation::kRelu:
      return std::max<int64_t>(0, Requantize(acc, a.weight.frac, a.activation.bits));
    case HeadActivation::kSigmoid:
      return p.tables.sigmoid[LutIndex(acc, p.acc_shift(), a.lut_bits)];
    case HeadActivation::kTanh:
      return p.tables.tanh[LutIndex(acc, p.acc_shift(), a.lut_bits)];
  }
  throw std::logic_error("unknown head activation");
}

std::vector<int64_t> ProgramStep(const Program& p, const std::vector<int64_t>& x, ProgramState* s) {
  for (int n = 0; n < static_cast<int>(p.passes.size()); ++n) {
    const Pass& ps = p.passes[n];
    s->acc = PassAccumulators(p, n, *s, x);
    std::vector<int64_t> out(ps.units);
    for (int j = 0; j < ps.units; ++j) {
      int64_t quad[4] = {0, 0, 0, 0};
      if (ps.op != EwOp::kDense) {
        for (int g = 0; g < 4; ++g) quad[g] = s->acc[static_cast<size_t>(g) * ps.units + j];
      }
      switch (ps.op) {
        case EwOp::kLstm: {
          int64_t peep[3];
          for (int g = 0; g < 3 && !ps.peep.empty(); ++g) {
            peep[g] = ps.peep[static_cast<size_t>(g) * ps.units + j];
          }
          out[j] = LstmUnit(p, quad, ps.peep.empty() ? nullptr : peep, &s->states[ps.state][j]);
          break;
        }
        case EwOp::kGru:
          out[j] = GruUnit(p, quad, ps.reset_after, &s->states[ps.state][j]);
          break;
        case EwOp::kGruReset:
          out[j] = GruResetUnit(p, quad[kRowR], s->states[ps.state][j]);
          break;
        case EwOp::kDense:
          out[j] = DenseUnit(p, s->acc[j], ps.act);
          break;
      }
    }
    s->vectors[ps.dest] = std::move(out);
  }
  return s->vectors[p.output];
}

std::vector<std::vector<int64_t>> ProgramRun(const Program& p,
                                             const std::vector<std::vector<int64_t>>& xs) {
  ProgramState s = InitialProgramState(p);
  std::vector<std::vector<int64_t>> out;
  for (const auto& x : xs) out.push_back(ProgramStep(p, x, &s));
  return out;
}

}  // namespace rnngen
