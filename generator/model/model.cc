#include "model/model.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>

#include "model/assign.h"
#include "model/circulant.h"
#include "model/codebook.h"
#include "model/fixed_point.h"
#include "model/npz_import.h"
#include "model/onnx_import.h"
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

// The largest weight the format holds; with frac: auto, the largest any frac of its bits holds.
double WeightMax(const Spec& spec) {
  const FixedFormat& w = spec.arithmetic.weight;
  return ToReal(MaxSigned(w.bits), w.frac_auto ? 0 : w.frac);
}

// Uniform weights scaled so that the kept weights' pre-activations stay O(1): about
// density*cols terms of magnitude ~range, inputs within [-1, 1).
Matrix DrawMatrix(Rng* rng, int rows, int cols, int units, const Spec& spec) {
  const double range = std::min(WeightMax(spec), 2.6 / std::sqrt(spec.weights.density * cols));
  Matrix m{rows, cols, units, std::vector<double>(static_cast<size_t>(rows) * cols)};
  for (double& x : m.v) x = rng->Uniform(-range, range);
  return m;
}

std::vector<double> DrawVector(Rng* rng, int n, double range) {
  std::vector<double> v(n);
  for (double& x : v) x = rng->Uniform(-range, range);
  return v;
}

// Keeps the round(density x n) largest magnitudes among the n weights of `rows` (ascending) of
// m, ties to the lower index, and zeroes the rest. The keep-th largest magnitude is found in a
// contiguous copy (the ESE layer has millions of weights: no index vector, no indirect
// compares); then every larger magnitude is kept, and that magnitude itself in index order until
// enough are.
void KeepLargest(const std::vector<int>& rows, double density, Matrix* m) {
  const size_t cols = static_cast<size_t>(m->cols);
  const size_t n = rows.size() * cols;
  const auto keep = static_cast<size_t>(std::llround(density * static_cast<double>(n)));
  if (keep >= n) return;
  std::vector<double> mags;
  mags.reserve(n);
  for (int r : rows) {
    const double* row = &m->v[static_cast<size_t>(r) * cols];
    for (size_t c = 0; c < cols; ++c) mags.push_back(std::abs(row[c]));
  }
  double threshold = std::numeric_limits<double>::infinity();
  size_t above = 0;
  if (keep > 0) {
    std::nth_element(mags.begin(), mags.begin() + (keep - 1), mags.end(), std::greater<>());
    threshold = mags[keep - 1];
    above = static_cast<size_t>(std::count_if(mags.begin(), mags.begin() + (keep - 1),
                                              [threshold](double x) { return x > threshold; }));
  }
  size_t ties = keep - above;  // of magnitude == threshold, kept from the lowest index
  for (int r : rows) {
    double* row = &m->v[static_cast<size_t>(r) * cols];
    for (size_t c = 0; c < cols; ++c) {
      const double x = std::abs(row[c]);
      if (x > threshold) continue;
      if (x == threshold && ties > 0) {
        --ties;
        continue;
      }
      row[c] = 0.0;
    }
  }
}

// Prunes one matrix: globally by magnitude, or (ESE) to the same density inside every PE's rows.
void Prune(const Spec& spec, Matrix* m) {
  const double density = spec.weights.density;
  if (density >= 1.0) return;
  const int pes = spec.array.pe_count;
  const bool balanced = spec.weights.pruning == Pruning::kLoadBalanced;
  std::vector<std::vector<int>> groups(balanced ? pes : 1);
  for (int r = 0; r < m->rows; ++r) {
    groups[balanced ? PeOfUnit(r % m->units, pes, 1) : 0].push_back(r);
  }
  for (const auto& rows : groups) KeepLargest(rows, density, m);
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

// [W | R] of a recurrent layer as one matrix over the columns [x ; y_prev].
Matrix Combined(const RecurrentFloat& f) {
  const int in = f.shape.input_size, out = f.shape.output_size();
  const int rows = GateCount(f.shape.cell) * f.shape.hidden_size;
  Matrix m{rows, in + out, f.shape.hidden_size, {}};
  m.v.reserve(static_cast<size_t>(rows) * (in + out));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < in; ++c) m.v.push_back(f.w[static_cast<size_t>(r) * in + c]);
    for (int c = 0; c < out; ++c) m.v.push_back(f.r[static_cast<size_t>(r) * out + c]);
  }
  return m;
}

void Split(const Matrix& m, RecurrentFloat* f) {
  const int in = f->shape.input_size;
  f->w.clear();
  f->r.clear();
  f->w.reserve(static_cast<size_t>(m.rows) * in);
  f->r.reserve(static_cast<size_t>(m.rows) * (m.cols - in));
  for (int r = 0; r < m.rows; ++r) {
    for (int c = 0; c < m.cols; ++c) {
      (c < in ? f->w : f->r).push_back(m.v[static_cast<size_t>(r) * m.cols + c]);
    }
  }
}

// Random weights in layer order, then the head (docs/arithmetic.md), not yet pruned.
NetworkFloat DrawNetwork(const Spec& spec) {
  Rng rng(spec.weights.seed);
  NetworkFloat net;
  for (const Spec::Recurrent& shape : spec.model.stack) {
    const int hid = shape.hidden_size;
    const int gates = GateCount(shape.cell);
    RecurrentFloat f;
    f.shape = shape;
    Split(DrawMatrix(&rng, gates * hid, shape.input_size + shape.output_size(), hid, spec), &f);
    f.wb.resize(gates * hid);
    f.rb.resize(gates * hid);
    for (int r = 0; r < gates * hid; ++r) {
      f.wb[r] = rng.Uniform(-0.25, 0.25);
      f.rb[r] = rng.Uniform(-0.25, 0.25);
    }
    if (shape.peepholes) {
      f.p = DrawVector(&rng, 3 * hid, std::min(0.5, WeightMax(spec)));
    }
    if (shape.proj_size > 0) {
      f.proj = DrawMatrix(&rng, shape.proj_size, hid, shape.proj_size, spec).v;
    }
    net.stack.push_back(std::move(f));
  }
  for (const Spec::Dense& shape : spec.model.head) {
    Matrix w = DrawMatrix(&rng, shape.size, shape.input_size, shape.size, spec);
    net.head.push_back({shape, std::move(w.v), DrawVector(&rng, shape.size, 0.25)});
  }
  return net;
}

// Every matrix on its own, per spec.weights.pruning (keep: nothing to do).
void PruneNetwork(const Spec& spec, NetworkFloat* net) {
  if (spec.weights.pruning == Pruning::kKeep) return;
  for (RecurrentFloat& f : net->stack) {
    Matrix wr = Combined(f);
    Prune(spec, &wr);
    Split(wr, &f);
    if (!f.proj.empty()) {
      const int p = f.shape.proj_size;
      Matrix proj{p, f.shape.hidden_size, p, f.proj};
      Prune(spec, &proj);
      f.proj = proj.v;
    }
  }
  for (DenseFloat& d : net->head) {
    Matrix w{d.shape.size, d.shape.input_size, d.shape.size, d.w};
    Prune(spec, &w);
    d.w = w.v;
  }
}

// Weight sharing (weights.codebook: N): each matrix that pruning treats as one, its non-zeros
// clustered into N - 1 shared values (code 0 is the zero weight). Peepholes and biases are not
// entries and keep their own values.
void ShareNetwork(const Spec& spec, NetworkFloat* net) {
  const int clusters = spec.weights.codebook - 1;
  for (RecurrentFloat& f : net->stack) {
    Matrix wr = Combined(f);
    ShareValues(clusters, &wr.v);
    Split(wr, &f);
    ShareValues(clusters, &f.proj);
  }
  for (DenseFloat& d : net->head) ShareValues(clusters, &d.w);
}

// Block-circulant weights (sparsity.encoding: circulant, model/circulant.h): random draws take
// each block diagonal's first element, imports the least-squares projection.
void CirculantNetwork(const Spec& spec, NetworkFloat* net) {
  const int k = spec.sparsity.block_size;
  const CirculantFit fit = CirculantFitFor(spec.weights.source);
  for (RecurrentFloat& f : net->stack) {
    const int hid = f.shape.hidden_size, in = f.shape.input_size, out = f.shape.output_size();
    for (int g = 0; g < GateCount(f.shape.cell); ++g) {
      MakeCirculant(&f.w[static_cast<size_t>(g) * hid * in], in, hid, in, k, fit);
      MakeCirculant(&f.r[static_cast<size_t>(g) * hid * out], out, hid, out, k, fit);
    }
    if (!f.proj.empty()) MakeCirculant(f.proj.data(), hid, f.shape.proj_size, hid, k, fit);
  }
  for (DenseFloat& d : net->head) {
    MakeCirculant(d.w.data(), d.shape.input_size, d.shape.size, d.shape.input_size, k, fit);
  }
}

// Adds the passes of recurrent layer `l` (input vector `in`) to the program.
void AddRecurrent(const Spec& spec, int l, int in, const RecurrentFloat& f, Program* p) {
  const Spec::Recurrent& shape = f.shape;
  const Quantizer q(spec.arithmetic);
  const int hid = shape.hidden_size;
  const int out = shape.output_size();
  const int in_size = shape.input_size;
  const Matrix wr = Combined(f);
  const std::vector<double>& wb = f.wb;
  const std::vector<double>& rb = f.rb;

  const std::string layer = "layer " + std::to_string(l);
  const int y = AddVector(p, "y" + std::to_string(l), out);
  const std::vector<Segment> cols = {{in, in_size}, {y, out}};
  const int state = static_cast<int>(p->state_sizes.size());
  p->state_sizes.push_back(hid);
  if (shape.cell == CellType::kLstm) {
    const int m_vec = shape.proj_size > 0 ? AddVector(p, "m" + std::to_string(l), hid) : y;
    Pass ps = MakePass(layer + " (lstm)", EwOp::kLstm, hid, cols, m_vec);
    for (size_t n = 0; n < wr.v.size(); ++n) ps.w[n] = q.Weight(wr.v[n]);
    for (int r = 0; r < ps.rows(); ++r) ps.bias[r] = q.Bias(wb[r] + rb[r]);
    for (double v : f.p) ps.peep.push_back(q.Weight(v));
    ps.state = state;
    p->passes.push_back(std::move(ps));
    if (shape.proj_size > 0) {
      Pass pj = MakePass(layer + " projection", EwOp::kDense, shape.proj_size, {{m_vec, hid}}, y);
      for (size_t n = 0; n < f.proj.size(); ++n) pj.w[n] = q.Weight(f.proj[n]);
      p->passes.push_back(std::move(pj));
    }
  } else {
    // Rows z, r, hx, hh per unit: hx takes W_h on the input columns, hh takes R_h on y_prev
    // (linear_before_reset) or, in a second pass, on r * y_prev.
    const bool lbr = shape.linear_before_reset;
    const int rh = lbr ? -1 : AddVector(p, "rh" + std::to_string(l), hid);
    Pass first =
        MakePass(layer + " (gru)", lbr ? EwOp::kGru : EwOp::kGruReset, hid, cols, lbr ? y : rh);
    Pass second = lbr ? Pass() : MakePass(layer + " (gru, r * h)", EwOp::kGru, hid, {{rh, hid}}, y);
    for (int g = 0; g < 3; ++g) {
      for (int j = 0; j < hid; ++j) {
        const int src = g * hid + j;  // ONNX row: gates z, r, h
        for (int c = 0; c < wr.cols; ++c) {
          const int64_t v = q.Weight(wr.v[static_cast<size_t>(src) * wr.cols + c]);
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
    p->passes.push_back(std::move(first));
    if (!lbr) {
      second.init = false;
      second.state = state;
      p->passes.push_back(std::move(second));
    }
  }
}

// The program the array runs for a (pruned) float network.
Program QuantizeNetwork(const Spec& spec, const NetworkFloat& net) {
  Program p;
  p.arith = spec.arithmetic;
  p.tables = MakeActivationTables(spec.arithmetic);
  int in = AddVector(&p, "x", spec.model.input_size);
  for (int l = 0; l < static_cast<int>(net.stack.size()); ++l) {
    AddRecurrent(spec, l, in, net.stack[l], &p);
    in = p.passes.back().dest;
  }
  const Quantizer q(spec.arithmetic);
  for (int k = 0; k < static_cast<int>(net.head.size()); ++k) {
    const DenseFloat& d = net.head[k];
    const int out = AddVector(&p, "d" + std::to_string(k), d.shape.size);
    Pass ps = MakePass("head " + std::to_string(k), EwOp::kDense, d.shape.size,
                       {{in, d.shape.input_size}}, out);
    for (size_t n = 0; n < d.w.size(); ++n) ps.w[n] = q.Weight(d.w[n]);
    for (int r = 0; r < d.shape.size; ++r) ps.bias[r] = q.Bias(d.b[r]);
    ps.act = d.shape.activation;
    p.passes.push_back(std::move(ps));
    in = out;
  }
  p.output = in;
  return p;
}

}  // namespace

Model BuildModel(const Spec& spec) {
  if (spec.weights.source == "random") return BuildModelFrom(spec, DrawNetwork(spec));
  ImportedNetwork imported = spec.weights.source == "onnx" ? ImportOnnx(spec.weights.path, spec)
                                                           : ImportNpz(spec.weights.path, spec);
  if (!imported.net) ThrowAt(spec, "weights.path", std::move(imported.errors));
  return BuildModelFrom(spec, std::move(*imported.net));
}

Model BuildModelFrom(const Spec& spec, NetworkFloat dense) {
  Model m;
  m.spec = spec;
  m.dense = std::move(dense);
  m.real = m.dense;
  if (spec.sparsity.encoding == Encoding::kCirculant) CirculantNetwork(spec, &m.real);
  PruneNetwork(spec, &m.real);
  if (spec.weights.codebook > 0) ShareNetwork(spec, &m.real);
  const Spec::Arithmetic& a = spec.arithmetic;
  if (a.weight.frac_auto || a.activation.frac_auto || a.state.frac_auto) {
    const bool calibrate = a.activation.frac_auto || a.state.frac_auto;
    const Sequences calibration = calibrate ? LoadCalibrationSequences(spec) : Sequences();
    m.ranges = MeasureRanges(m.real, calibrate ? &calibration : nullptr);
    std::vector<Diagnostic> errors = ChooseFormats(m.ranges, &m.spec);
    if (!errors.empty()) throw ModelError(std::move(errors));
  }
  m.quant = QuantizeNetwork(m.spec, m.real);
  if (m.spec.array.assignment == Spec::Array::Assignment::kBalanced) {
    BalanceUnits(&m.quant, m.spec.array.pe_count);
  }
  return m;
}

std::vector<CodeSequence> FixedRun(const Program& p, const std::vector<CodeSequence>& xs) {
  std::vector<CodeSequence> out;
  for (const CodeSequence& seq : xs) out.push_back(ProgramRun(p, seq));
  return out;
}

std::vector<std::vector<std::vector<double>>> FloatRun(
    const NetworkFloat& net, const std::vector<std::vector<std::vector<double>>>& xs) {
  std::vector<std::vector<std::vector<double>>> out;
  for (const auto& seq : xs) {
    NetworkFloatState s = InitialFloatState(net);
    auto& ys = out.emplace_back();
    for (const auto& x : seq) ys.push_back(NetworkFloatStep(net, x, &s));
  }
  return out;
}

std::vector<std::vector<std::vector<double>>> CodesToReal(const std::vector<CodeSequence>& codes,
                                                          int frac) {
  std::vector<std::vector<std::vector<double>>> out;
  for (const CodeSequence& seq : codes) {
    auto& rs = out.emplace_back();
    for (const auto& row : seq) {
      auto& r = rs.emplace_back();
      for (int64_t c : row) r.push_back(ToReal(c, frac));
    }
  }
  return out;
}

}  // namespace rnngen
