// The float reference of the whole network, with ONNX semantics: recurrent layers (LSTM with
// optional peepholes and LSTMP projection, GRU with either linear_before_reset) stacked in order,
// then the fully connected head. Forward direction, batch 1, zero initial state.
#ifndef RNNGEN_MODEL_NETWORK_H_
#define RNNGEN_MODEL_NETWORK_H_

#include <optional>
#include <string>
#include <vector>

#include "spec/spec.h"

namespace rnngen {

// Gates of a recurrent layer, ONNX order. LSTM: i, o, f, c. GRU: z, r, h.
constexpr int GateCount(CellType cell) { return cell == CellType::kLstm ? 4 : 3; }

// One recurrent layer in ONNX layout (G = GateCount, H = hidden_size, O = output_size()).
struct RecurrentFloat {
  Spec::Recurrent shape;
  std::vector<double> w;     // W [G*H][input_size], rows gate-major: gate g, unit j at g*H + j
  std::vector<double> r;     // R [G*H][O]; with a projection it multiplies y_{t-1}
  std::vector<double> wb;    // Wb [G*H]
  std::vector<double> rb;    // Rb [G*H]
  std::vector<double> p;     // peepholes [3H], ONNX order i, o, f; empty without
  std::vector<double> proj;  // projection [proj_size][H], no bias; empty without
};

// One fully connected layer: out = activation(W in + b).
struct DenseFloat {
  Spec::Dense shape;
  std::vector<double> w;  // [size][input_size]
  std::vector<double> b;  // [size]
};

struct NetworkFloat {
  std::vector<RecurrentFloat> stack;
  std::vector<DenseFloat> head;
};

// Per recurrent layer: y = what it emits and feeds back (h, or the projection y); c = LSTM cell.
struct NetworkFloatState {
  std::vector<std::vector<double>> y, c;
};

// An imported network (model/onnx_import.h, model/npz_import.h), or why there is none.
struct ImportedNetwork {
  std::optional<NetworkFloat> net;  // set only when there are no errors
  std::vector<std::string> errors;  // each names the node or array and what was expected
};

NetworkFloatState InitialFloatState(const NetworkFloat& net);

// One timestep of one recurrent layer: x is its input, *y its output (read as y_{t-1}, written
// as y_t), *c its cell state (LSTM; unused by GRU).
//   LSTM: i = s(W_i x + R_i y + Wb_i + Rb_i + P_i . c), f likewise with P_f,
//         c~ = tanh(W_c x + R_c y + Wb_c + Rb_c), c' = f . c + i . c~,
//         o = s(W_o x + R_o y + Wb_o + Rb_o + P_o . c'), m = o . tanh(c'),
//         y' = proj ? W_p m : m
//   GRU:  z = s(W_z x + R_z y + Wb_z + Rb_z), r likewise,
//         h~ = tanh(W_h x + Wb_h + r . (R_h y + Rb_h))        (linear_before_reset)
//         h~ = tanh(W_h x + Wb_h + R_h (r . y) + Rb_h)        (otherwise)
//         y' = (1 - z) . h~ + z . y
void RecurrentFloatStep(const RecurrentFloat& layer, const std::vector<double>& x,
                        std::vector<double>* y, std::vector<double>* c);

std::vector<double> DenseFloatStep(const DenseFloat& layer, const std::vector<double>& in);

// The real function of a head activation.
double HeadActivationReal(HeadActivation a, double x);

// One timestep of the network; returns its output (output_size() values).
std::vector<double> NetworkFloatStep(const NetworkFloat& net, const std::vector<double>& x,
                                     NetworkFloatState* s);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_NETWORK_H_
