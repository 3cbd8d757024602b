// The bit-accurate network as the array runs it: a program of passes. A pass broadcasts the
// columns of one or two vectors to every PE, which multiply them by the pass's sparse matrix
// into row accumulators, then runs one element-wise operation per output unit, writing a vector
// the later passes (or the next step) read. Every cell the spec offers is a short sequence of
// passes (docs/architecture.md):
//   LSTM          [x ; y_prev] -> 4 rows/unit (i, o, f, c)  -> lstm update       -> y (or m)
//   LSTMP         ... then m -> 1 row/unit (projection)    -> linear            -> y
//   GRU, lbr=1    [x ; y_prev] -> 4 rows/unit (z, r, hx, hh) -> gru update      -> y
//   GRU, lbr=0    [x ; y_prev] -> z, r, hx                 -> r * y_prev        -> rh
//                 then rh -> hh (same accumulators, kept)  -> gru update        -> y
//   FC head       v -> 1 row/unit                          -> activation        -> out
// ProgramStep() defines what the hardware computes, bit for bit.
#ifndef RNNGEN_MODEL_PROGRAM_H_
#define RNNGEN_MODEL_PROGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model/activation.h"
#include "spec/spec.h"

namespace rnngen {

// The element-wise operation that ends a pass (its code in the RTL is the enum value).
enum class EwOp { kLstm = 0, kGru = 1, kGruReset = 2, kDense = 3 };

// Accumulator rows per unit and element-wise cycles per unit (templates/rnngen_pe_ew.v).
int RowsPerUnit(EwOp op);
int StepsPerUnit(EwOp op);
// The cycles an element-wise phase spends before its first unit: the cell reads one accumulator
// row a cycle, some of them a unit ahead, so the phase starts in an idle unit before unit 0, at
// phase StepsPerUnit - EwPrologue (rnngen_ctrl PassStart, the read schedule of rnngen_pe_ew).
int EwPrologue(EwOp op);
// Whether the element-wise op uses gate `gate`'s accumulator row (a GRU's reset pass uses r only).
bool UsesGate(EwOp op, int gate);

// Row blocks of the recurrent cells within a unit (local row 4u + gate).
enum LstmRow { kRowI = 0, kRowO = 1, kRowF = 2, kRowC = 3 };
enum GruRow { kRowZ = 0, kRowR = 1, kRowHx = 2, kRowHh = 3 };

// A run of broadcast columns: the elements of one vector, in order.
struct Segment {
  int vector = 0;
  int size = 0;
};

struct Pass {
  std::string name;  // for reports: "layer 0 (lstm)", "layer 0 projection", "head 1"
  EwOp op = EwOp::kLstm;
  int units = 0;  // output elements
  std::vector<Segment> segments;
  int cols = 0;               // sum of the segment sizes
  std::vector<int64_t> w;     // weight codes [rows][cols], row = g * units + j (gate-major)
  bool init = true;           // load the biases first; false: keep the previous pass's sums
  std::vector<int64_t> bias;  // accumulator codes [rows] (zeros when !init)
  std::vector<int64_t> peep;  // kLstm with peepholes: weight codes [3][units], P_i, P_o, P_f
  bool reset_after = false;   // kGru: n = tanh(hx + r * hh) (linear_before_reset), else hx + hh
  HeadActivation act = HeadActivation::kNone;  // kDense
  int dest = 0;                                // vector written
  int state = -1;  // state bank read and written (kLstm: c, kGru and kGruReset: h), or -1

  int rows() const { return RowsPerUnit(op) * units; }
};

// Activation-table reads per unit of the pass's element-wise schedule (templates/rnngen_pe_ew.v;
// the power model's table_read, plan/activity.h).
int TableReadsPerUnit(const Pass& pass);

struct Program {
  Spec::Arithmetic arith;
  ActivationTables tables;
  std::vector<std::string> vector_names;  // [0] is x, the input stream
  std::vector<int> vector_sizes;
  std::vector<int> state_sizes;  // units of each state bank
  std::vector<Pass> passes;
  int output = 0;  // the vector streamed out

  int acc_frac() const { return arith.weight.frac + arith.activation.frac; }
  int acc_shift() const { return acc_frac() - (arith.lut_bits - 4); }
  int state_shift() const { return arith.state.frac - (arith.lut_bits - 4); }
};

struct ProgramState {
  std::vector<std::vector<int64_t>> vectors;  // activation codes; [0] unused
  std::vector<std::vector<int64_t>> states;   // LSTM c (state codes), GRU h (activation codes)
  std::vector<int64_t> acc;                   // the last pass's accumulators
};

ProgramState InitialProgramState(const Program& p);

// Accumulators of pass `pass` after its MAC phase (exact: the spec proves no overflow).
std::vector<int64_t> PassAccumulators(const Program& p, int pass, const ProgramState& s,
                                      const std::vector<int64_t>& x);

// One timestep; returns the output vector's codes.
std::vector<int64_t> ProgramStep(const Program& p, const std::vector<int64_t>& x, ProgramState* s);

// Every step's output for an input sequence, from the zero state.
std::vector<std::vector<int64_t>> ProgramRun(const Program& p,
                                             const std::vector<std::vector<int64_t>>& xs);

// The element-wise operations of one unit, exactly as the PE computes them (docs/arithmetic.md
// names each narrowing point).
// LSTM: acc in row order i, o, f, c; peep = {P_i, P_o, P_f} or null. Updates *c, returns m.
int64_t LstmUnit(const Program& p, const int64_t acc[4], const int64_t* peep, int64_t* c);
// GRU update: acc in row order z, r, hx, hh. Updates and returns *h.
int64_t GruUnit(const Program& p, const int64_t acc[4], bool reset_after, int64_t* h);
// GRU (linear_before_reset = 0) first pass: r * h_{t-1}.
int64_t GruResetUnit(const Program& p, int64_t acc_r, int64_t h);
int64_t DenseUnit(const Program& p, int64_t acc, HeadActivation act);
// A peephole weight times the cell state, in accumulator fraction bits.
int64_t PeepholeTerm(const Program& p, int64_t weight, int64_t c);

}  // namespace rnngen

#endif  // RNNGEN_MODEL_PROGRAM_H_
