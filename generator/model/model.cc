#include "model/model.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "model/fixed_point.h"
#include "model/partition.h"
#include "model/random.h"

namespace rnngen {
namespace {

// A weight matrix [rows][cols] whose row r feeds output unit r % units (rows gate-major).
struct Matrix {
  int rows = 0, cols = 0, units = 0;
  std::vector<double> v;
  double& at(int r, int c) { return v[static_cast<size_t>(r) * cols + c]; }
};

// Uniform weights scaled so that the kept weights' pre-activations stay O(1): about
// density*cols terms of magnitude ~range, inputs within [-1, 1).
Matrix DrawMatrix(Rng* rng, int rows, int cols, int units, const Spec& spec) {
  const Spec::Arithmetic& a = spec.arithmetic;
  const double w_max = ToReal(MaxSigned(a.weight.bits), a.weight.frac);
  const double range = std::min(w_max, 2.6 / std::sqrt(spec.weights.density * cols));
  Matrix m{rows, cols, units, std::vector<double>(static_cast<size_t>(rows) * cols)};
  for (double& x : m.v) x = rng->Uniform(-range, range);
  return m;
}

std::vector<double> DrawVector(Rng* rng, int n, double range) {
  std::vector<double> v(n);
  for (double& x : v) x = rng->Uniform(-range, range);
  return v;
}

// Keeps the `keep` largest magnitudes among `candidates` (indices into m), ties to the lower
// index, and zeroes the rest.
void KeepLargest(std::vector<size_t> candidates, size_t keep, std::vector<double>* m) {
  std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
    const double ma = std::abs((*m)[a]);
    const double mb = std::abs((*m)[b]);
    return ma != mb ? ma > mb : a < b;
  });
  for (size_t n = keep; n < candidates.size(); ++n) (*m)[candidates[n]] = 0.0;
}

// Prunes one matrix: globally by magnitude, or (ESE) to the same density inside every PE's rows.
void Prune(const Spec& spec, Matrix* m) {
  const double density = spec.weights.density;
  if (density >= 1.0) return;
  const int pes = spec.array.pe_count;
  const bool balanced = spec.weights.pruning == Pruning::kLoadBalanced;
  std::vector<std::vector<size_t>> groups(balanced ? pes : 1);
  for (int r = 0; r < m->rows; ++r) {
    const int group = balanced ? PeOfUnit(r % m->units, pes) : 0;
    for (int c = 0; c < m->cols; ++c) groups[group].push_back(static_cast<size_t>(r) * m->cols + c);
  }
  for (auto& group : groups) {
    const auto keep = static_cast<size_t>(std::llround(density * group.size()));
    KeepLargest(std::move(group), keep, &m->v);
  }
}

class Quantizer {
 public:
  explicit Quantizer(const Spec::Arithmetic& a)
      : a_(a), bias_bits_(BiasBits(a.weight.bits, a.activation.bits)) {}
  int64_t Weight(double v) const { return Quantize(v, a_.weight.bits, a_.weight.frac); }
  // Biases in accumulator precision, bounded like one product (the accumulator-width rule).
  int64_t Bias(double v) const {
    return Quantize(v, bias_bits_, a_.weight.frac + a_.activation.frac);
  }

 private:
  Spec::Arithmetic a_;
  int bias_bits_;
};

int AddVector(Program* p, std::string name, int size) {
  p->vector_names.push_back(std::move(name));
  p->vector_sizes.push_back(size);
  return static_cast<int>(p->vector_sizes.size()) - 1;
}

// A pass with `units` outputs of `op`, columns from `segments`, zero weights and biases.
Pass MakePass(std::string name, EwOp op, int units, std::vector<Segment> segments, int dest) {
  Pass ps;
  ps.name = std::move(name);
  ps.op = op;
  ps.units = units;
  ps.segments = std::move(segments);
  for (const Segment& s : ps.segments) ps.cols += s.size;
  ps.w.assign(static_cast<size_t>(ps.rows()) * ps.cols, 0);
  ps.bias.assign(ps.rows(), 0);
  ps.dest = dest;
  return ps;
}

// Adds the passes of recurrent layer `l` (input vector `in`) and its float weights.
void AddRecurrent(const Spec& spec, int l, int in, Rng* rng, Model* m) {
  const Spec::Recurrent& shape = spec.model.stack[l];
  const Quantizer q(spec.arithmetic);
  Program& p = m->quant;
  const int hid = shape.hidden_size;
  const int out = shape.output_size();
  const int gates = GateCount(shape.cell);
  const int in_size = shape.input_size;

  // [W | R] over the columns [in ; y_prev], then the biases, peepholes, projection.
  Matrix wr = DrawMatrix(rng, gates * hid, in_size + out, hid, spec);
  std::vector<double> wb(gates * hid), rb(gates * hid);
  for (int r = 0; r < gates * hid; ++r) {
    wb[r] = rng->Uniform(-0.25, 0.25);
    rb[r] = rng->Uniform(-0.25, 0.25);
  }
  Prune(spec, &wr);
  RecurrentFloat f;
  f.shape = shape;
  f.wb = wb;
  f.rb = rb;
  for (int r = 0; r < wr.rows; ++r) {
    for (int c = 0; c < wr.cols; ++c) {
      (c < in_size ? f.w : f.r).push_back(wr.at(r, c));
    }
  }
  if (shape.peepholes) {
    const double w_max =
        ToReal(MaxSigned(spec.arithmetic.weight.bits), spec.arithmetic.weight.frac);
    f.p = DrawVector(rng, 3 * hid, std::min(0.5, w_max));
  }
  Matrix proj;
  if (shape.proj_size > 0) {
    proj = DrawMatrix(rng, shape.proj_size, hid, shape.proj_size, spec);
    Prune(spec, &proj);
    f.proj = proj.v;
  }

  const std::string layer = "layer " + std::to_string(l);
  const int y = AddVector(&p, "y" + std::to_string(l), out);
  const std::vector<Segment> cols = {{in, in_size}, {y, out}};
  const int state = static_cast<int>(p.state_sizes.size());
  p.state_sizes.push_back(hid);
  if (shape.cell == CellType::kLstm) {
    const int m_vec = shape.proj_size > 0 ? AddVector(&p, "m" + std::to_string(l), hid) : y;
    Pass ps = MakePass(layer + " (lstm)", EwOp::kLstm, hid, cols, m_vec);
    for (size_t n = 0; n < wr.v.size(); ++n) ps.w[n] = q.Weight(wr.v[n]);
    for (int r = 0; r < ps.rows(); ++r) ps.bias[r] = q.Bias(wb[r] + rb[r]);
    for (double v : f.p) ps.peep.push_back(q.Weight(v));
    ps.state = state;
    p.passes.push_back(std::move(ps));
    if (shape.proj_size > 0) {
      Pass pj = MakePass(layer + " projection", EwOp::kDense, shape.proj_size, {{m_vec, hid}}, y);
      for (size_t n = 0; n < proj.v.size(); ++n) pj.w[n] = q.Weight(proj.v[n]);
      p.passes.push_back(std::move(pj));
    }
  } else {
    // Rows z, r, hx, hh per unit: hx takes W_h on the input columns, hh takes R_h on y_prev
    // (linear_before_reset) or, in a second pass, on r * y_prev.
    const bool lbr = shape.linear_before_reset;
    const int rh = lbr ? -1 : AddVector(&p, "rh" + std::to_string(l), hid);
    Pass first =
        MakePass(layer + " (gru)", lbr ? EwOp::kGru : EwOp::kGruReset, hid, cols, lbr ? y : rh);
    Pass second = lbr ? Pass() : MakePass(layer + " (gru, r * h)", EwOp::kGru, hid, {{rh, hid}}, y);
    for (int g = 0; g < 3; ++g) {
      for (int j = 0; j < hid; ++j) {
        const int src = g * hid + j;  // ONNX row: gates z, r, h
        for (int c = 0; c < wr.cols; ++c) {
          const int64_t v = q.Weight(wr.at(src, c));
          if (g < 2) {
            first.w[static_cast<size_t>(src) * wr.cols + c] = v;
          } else if (c < in_size) {
            first.w[static_cast<size_t>(kRowHx * hid + j) * wr.cols + c] = v;
          } else if (lbr) {
            first.w[static_cast<size_t>(kRowHh * hid + j) * wr.cols + c] = v;
          } else {
            second.w[static_cast<size_t>(kRowHh * hid + j) * hid + (c - in_size)] = v;
          }
        }
        if (g < 2) {
          first.bias[src] = q.Bias(wb[src] + rb[src]);
        } else {
          first.bias[kRowHx * hid + j] = q.Bias(wb[src]);
          first.bias[kRowHh * hid + j] = q.Bias(rb[src]);
        }
      }
    }
    first.state = state;
    first.reset_after = lbr;
    p.passes.push_back(std::move(first));
    if (!lbr) {
      second.init = false;
      second.state = state;
      p.passes.push_back(std::move(second));
    }
  }
  m->real.stack.push_back(std::move(f));
}

}  // namespace

Model BuildModel(const Spec& spec) {
  Model m;
  Program& p = m.quant;
  p.arith = spec.arithmetic;
  p.tables = MakeActivationTables(spec.arithmetic);
  int in = AddVector(&p, "x", spec.model.input_size);
  Rng rng(spec.weights.seed);
  for (int l = 0; l < static_cast<int>(spec.model.stack.size()); ++l) {
    AddRecurrent(spec, l, in, &rng, &m);
    in = m.quant.passes.back().dest;
  }
  const Quantizer q(spec.arithmetic);
  for (int k = 0; k < static_cast<int>(spec.model.head.size()); ++k) {
    const Spec::Dense& shape = spec.model.head[k];
    Matrix w = DrawMatrix(&rng, shape.size, shape.input_size, shape.size, spec);
    const std::vector<double> b = DrawVector(&rng, shape.size, 0.25);
    Prune(spec, &w);
    const int out = AddVector(&p, "d" + std::to_string(k), shape.size);
    Pass ps = MakePass("head " + std::to_string(k), EwOp::kDense, shape.size,
                       {{in, shape.input_size}}, out);
    for (size_t n = 0; n < w.v.size(); ++n) ps.w[n] = q.Weight(w.v[n]);
    for (int r = 0; r < shape.size; ++r) ps.bias[r] = q.Bias(b[r]);
    ps.act = shape.activation;
    p.passes.push_back(std::move(ps));
    m.real.head.push_back({shape, w.v, b});
    in = out;
  }
  p.output = in;
  return m;
}

std::vector<std::vector<int64_t>> MakeStimulus(const Spec& spec) {
  Rng rng(spec.sim.input_seed);
  const FixedFormat& a = spec.arithmetic.activation;
  std::vector<std::vector<int64_t>> xs(spec.sim.timesteps);
  for (auto& x : xs) {
    x.resize(spec.model.input_size);
    for (auto& v : x) v = Quantize(rng.Uniform(-1.0, 1.0), a.bits, a.frac);
  }
  return xs;
}

std::vector<std::vector<double>> FloatRun(const Spec& spec, const NetworkFloat& net,
                                          const std::vector<std::vector<int64_t>>& xs) {
  NetworkFloatState s = InitialFloatState(net);
  std::vector<std::vector<double>> out;
  for (const auto& xq : xs) {
    std::vector<double> x(xq.size());
    for (size_t k = 0; k < xq.size(); ++k) x[k] = ToReal(xq[k], spec.arithmetic.activation.frac);
    out.push_back(NetworkFloatStep(net, x, &s));
  }
  return out;
}

}  // namespace rnngen
