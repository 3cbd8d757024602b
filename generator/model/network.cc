#include "model/network.h"

#include <algorithm>
#include <cmath>

#include "model/activation.h"

namespace rnngen {
namespace {

// Row `row` of a row-major matrix with `cols` columns, times v.
double RowDot(const std::vector<double>& m, int row, int cols, const std::vector<double>& v) {
  const double* w = &m[static_cast<size_t>(row) * cols];
  double sum = 0.0;
  for (int k = 0; k < cols; ++k) sum += w[k] * v[k];
  return sum;
}

double Sigmoid(double x) { return ActFnReal(ActFn::kSigmoid, x); }

void LstmStep(const RecurrentFloat& layer, const std::vector<double>& x, std::vector<double>* y,
              std::vector<double>* c) {
  const Spec::Recurrent& s = layer.shape;
  const int hid = s.hidden_size;
  const int out = s.output_size();
  // Pre-activations of all 4H rows (ONNX order i, o, f, c), peepholes not yet added.
  std::vector<double> pre(4 * hid);
  for (int row = 0; row < 4 * hid; ++row) {
    pre[row] = RowDot(layer.w, row, s.input_size, x) + RowDot(layer.r, row, out, *y) +
               layer.wb[row] + layer.rb[row];
  }
  const bool peep = !layer.p.empty();
  std::vector<double> m(hid);
  for (int j = 0; j < hid; ++j) {
    const double c_prev = (*c)[j];
    const double i = Sigmoid(pre[0 * hid + j] + (peep ? layer.p[0 * hid + j] * c_prev : 0.0));
    const double f = Sigmoid(pre[2 * hid + j] + (peep ? layer.p[2 * hid + j] * c_prev : 0.0));
    const double g = std::tanh(pre[3 * hid + j]);
    const double c_new = f * c_prev + i * g;
    // The output gate's peephole looks at the new cell state.
    const double o = Sigmoid(pre[1 * hid + j] + (peep ? layer.p[1 * hid + j] * c_new : 0.0));
    (*c)[j] = c_new;
    m[j] = o * std::tanh(c_new);
  }
  if (s.proj_size > 0) {
    for (int k = 0; k < s.proj_size; ++k) (*y)[k] = RowDot(layer.proj, k, hid, m);
  } else {
    *y = std::move(m);
  }
}

void GruStep(const RecurrentFloat& layer, const std::vector<double>& x, std::vector<double>* y) {
  const Spec::Recurrent& s = layer.shape;
  const int hid = s.hidden_size;
  const std::vector<double>& h = *y;
  std::vector<double> z(hid), r(hid);
  for (int j = 0; j < hid; ++j) {
    const int zr = j, rr = hid + j;
    z[j] = Sigmoid(RowDot(layer.w, zr, s.input_size, x) + RowDot(layer.r, zr, hid, h) +
                   layer.wb[zr] + layer.rb[zr]);
    r[j] = Sigmoid(RowDot(layer.w, rr, s.input_size, x) + RowDot(layer.r, rr, hid, h) +
                   layer.wb[rr] + layer.rb[rr]);
  }
  // Without linear_before_reset, R_h multiplies the reset-gated state r . h.
  std::vector<double> rh(hid);
  for (int j = 0; j < hid; ++j) rh[j] = r[j] * h[j];
  std::vector<double> next(hid);
  for (int j = 0; j < hid; ++j) {
    const int hr = 2 * hid + j;
    const double rec = s.linear_before_reset ? r[j] * (RowDot(layer.r, hr, hid, h) + layer.rb[hr])
                                             : RowDot(layer.r, hr, hid, rh) + layer.rb[hr];
    const double cand = std::tanh(RowDot(layer.w, hr, s.input_size, x) + layer.wb[hr] + rec);
    next[j] = (1.0 - z[j]) * cand + z[j] * h[j];
  }
  *y = std::move(next);
}

}  // namespace

NetworkFloatState InitialFloatState(const NetworkFloat& net) {
  NetworkFloatState s;
  for (const RecurrentFloat& layer : net.stack) {
    s.y.emplace_back(layer.shape.output_size(), 0.0);
    // GRU keeps no cell state; an empty vector says so.
    s.c.emplace_back(layer.shape.cell == CellType::kLstm ? layer.shape.hidden_size : 0, 0.0);
  }
  return s;
}

void RecurrentFloatStep(const RecurrentFloat& layer, const std::vector<double>& x,
                        std::vector<double>* y, std::vector<double>* c) {
  if (layer.shape.cell == CellType::kLstm) {
    LstmStep(layer, x, y, c);
  } else {
    GruStep(layer, x, y);
  }
}

double HeadActivationReal(HeadActivation a, double x) {
  switch (a) {
    case HeadActivation::kNone:
      return x;
    case HeadActivation::kRelu:
      return std::max(x, 0.0);
    case HeadActivation::kSigmoid:
      return Sigmoid(x);
    case HeadActivation::kTanh:
      return std::tanh(x);
  }
  return x;
}

std::vector<double> DenseFloatStep(const DenseFloat& layer, const std::vector<double>& in) {
  std::vector<double> out(layer.shape.size);
  for (int k = 0; k < layer.shape.size; ++k) {
    out[k] = HeadActivationReal(layer.shape.activation,
                                RowDot(layer.w, k, layer.shape.input_size, in) + layer.b[k]);
  }
  return out;
}

std::vector<double> NetworkFloatStep(const NetworkFloat& net, const std::vector<double>& x,
                                     NetworkFloatState* s) {
  std::vector<double> v = x;
  for (size_t l = 0; l < net.stack.size(); ++l) {
    RecurrentFloatStep(net.stack[l], v, &s->y[l], &s->c[l]);
    v = s->y[l];
  }
  for (const DenseFloat& layer : net.head) v = DenseFloatStep(layer, v);
  return v;
}

}  // namespace rnngen
