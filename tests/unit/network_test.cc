// The float network model against hand-computed tiny cases. Pre-activations are chosen as ln 3
// (sigmoid 3/4), -ln 3 (1/4), 0 (1/2) and ln 2 (tanh 3/5) so most values are exact fractions.
#include "model/network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace rnngen {
namespace {

const double kLn2 = std::log(2.0);
const double kLn3 = std::log(3.0);
constexpr double kTol = 1e-14;

// A layer of the given shape with every weight zero.
RecurrentFloat ZeroLayer(CellType cell, int input, int hidden, int proj = 0, bool peep = false,
                         bool lbr = false) {
  RecurrentFloat l;
  l.shape = {cell, input, hidden, proj, peep, lbr};
  const int rows = GateCount(cell) * hidden;
  l.w.assign(static_cast<size_t>(rows) * input, 0.0);
  l.r.assign(static_cast<size_t>(rows) * l.shape.output_size(), 0.0);
  l.wb.assign(rows, 0.0);
  l.rb.assign(rows, 0.0);
  if (peep) l.p.assign(3 * hidden, 0.0);
  if (proj > 0) l.proj.assign(static_cast<size_t>(proj) * hidden, 0.0);
  return l;
}

TEST(NetworkTest, InitialStateIsZeroAndSizedPerLayer) {
  NetworkFloat net;
  net.stack.push_back(ZeroLayer(CellType::kLstm, 3, 5, 2));
  net.stack.push_back(ZeroLayer(CellType::kGru, 2, 4));
  const NetworkFloatState s = InitialFloatState(net);
  ASSERT_EQ(s.y.size(), 2u);
  ASSERT_EQ(s.c.size(), 2u);
  EXPECT_EQ(s.y[0], std::vector<double>(2, 0.0));  // LSTMP emits proj_size values
  EXPECT_EQ(s.c[0], std::vector<double>(5, 0.0));  // but keeps hidden_size cells
  EXPECT_EQ(s.y[1], std::vector<double>(4, 0.0));
  EXPECT_TRUE(s.c[1].empty());  // GRU has no cell state
}

TEST(NetworkTest, LstmSingleUnit) {
  // I = H = 1, x = 1, y = 0.5, c = 0.2. Rows i, o, f, c:
  //   i: W_i x + R_i y = 2ln3 * 1 - 2ln3 * 0.5  -> 3/4
  //   o: Wb + Rb = ln3/2 + ln3/2                 -> 3/4
  //   f: 0                                       -> 1/2
  //   c: R_c y = 2ln2 * 0.5                      -> 3/5
  // c' = 1/2 * 0.2 + 3/4 * 3/5 = 0.55, y' = 3/4 tanh(0.55).
  RecurrentFloat l = ZeroLayer(CellType::kLstm, 1, 1);
  l.w = {2 * kLn3, 0, 0, 0};
  l.r = {-2 * kLn3, 0, 0, 2 * kLn2};
  l.wb = {0, kLn3 / 2, 0, 0};
  l.rb = {0, kLn3 / 2, 0, 0};
  std::vector<double> y = {0.5}, c = {0.2};
  RecurrentFloatStep(l, {1.0}, &y, &c);
  EXPECT_NEAR(c[0], 0.55, kTol);
  EXPECT_NEAR(y[0], 0.75 * std::tanh(0.55), kTol);
}

TEST(NetworkTest, LstmPeepholesOrderIofAndOutputGateSeesNewCell) {
  // H = 1, every weight zero but Wb_c = ln2 (c~ = 3/5); c_{t-1} = 1.
  // P = [P_i, P_o, P_f] = [ln3, ln(7/3)/0.7, -ln3]:
  //   i = s(ln3 * 1) = 3/4, f = s(-ln3 * 1) = 1/4, c' = 1/4 + 3/4 * 3/5 = 0.7,
  //   o = s(P_o * c') = s(ln(7/3)) = 7/10, y' = 0.7 tanh(0.7).
  // Without peepholes every gate is 1/2: c' = 0.8, y' = 0.5 tanh(0.8). With o reading the old
  // cell, o = s(ln(7/3)/0.7) != 0.7. With order i, f, o, f would be s(ln(7/3)/0.7).
  RecurrentFloat l = ZeroLayer(CellType::kLstm, 1, 1, 0, true);
  l.wb[3] = kLn2;
  l.p = {kLn3, std::log(7.0 / 3.0) / 0.7, -kLn3};
  std::vector<double> y = {0.0}, c = {1.0};
  RecurrentFloatStep(l, {0.0}, &y, &c);
  EXPECT_NEAR(c[0], 0.7, kTol);
  EXPECT_NEAR(y[0], 0.7 * std::tanh(0.7), kTol);

  RecurrentFloat plain = l;
  plain.shape.peepholes = false;
  plain.p.clear();
  std::vector<double> y2 = {0.0}, c2 = {1.0};
  RecurrentFloatStep(plain, {0.0}, &y2, &c2);
  EXPECT_NEAR(c2[0], 0.8, kTol);
  EXPECT_NEAR(y2[0], 0.5 * std::tanh(0.8), kTol);
}

TEST(NetworkTest, LstmGateMajorRowsWithTwoUnits) {
  // H = 2, I = 1, x = 1: row g*H + j is gate g of unit j. Only unit 1's f (row 5) and unit 0's c
  // (row 6) are non-zero. c = [0.4, 0.4]:
  //   unit 0: c' = 1/2 * 0.4 + 1/2 * 3/5 = 0.5, y' = 1/2 tanh(0.5)
  //   unit 1: f = 3/4, c' = 3/4 * 0.4 + 0 = 0.3, y' = 1/2 tanh(0.3)
  RecurrentFloat l = ZeroLayer(CellType::kLstm, 1, 2);
  l.w[5] = kLn3;
  l.wb[6] = kLn2;
  std::vector<double> y = {0.0, 0.0}, c = {0.4, 0.4};
  RecurrentFloatStep(l, {1.0}, &y, &c);
  EXPECT_NEAR(c[0], 0.5, kTol);
  EXPECT_NEAR(c[1], 0.3, kTol);
  EXPECT_NEAR(y[0], 0.5 * std::tanh(0.5), kTol);
  EXPECT_NEAR(y[1], 0.5 * std::tanh(0.3), kTol);
}

TEST(NetworkTest, LstmpProjectsAndFeedsBackTheProjection) {
  // H = 2, P = 1. Step 1 from zero state: o = 3/4 (biases), c~ = +-3/5 (Wb_c = +-ln2), i = f = 1/2
  // -> c' = +-0.3, m = 3/4 tanh(+-0.3), y = W_p m with W_p = [1, -1] -> 1.5 tanh(0.3).
  // R is [4H][P]: R_c of unit 0 = 2, so at step 2 c~_0 = tanh(ln2 + 2 y1).
  RecurrentFloat l = ZeroLayer(CellType::kLstm, 1, 2, 1);
  ASSERT_EQ(l.r.size(), 8u);
  l.wb = {0, 0, kLn3, kLn3, 0, 0, kLn2, -kLn2};
  l.r[6] = 2.0;
  l.proj = {1.0, -1.0};
  std::vector<double> y = {0.0}, c = {0.0, 0.0};
  RecurrentFloatStep(l, {0.0}, &y, &c);
  const double y1 = 1.5 * std::tanh(0.3);
  ASSERT_EQ(y.size(), 1u);
  EXPECT_NEAR(y[0], y1, kTol);
  EXPECT_NEAR(c[0], 0.3, kTol);
  EXPECT_NEAR(c[1], -0.3, kTol);

  RecurrentFloatStep(l, {0.0}, &y, &c);
  const double c0 = 0.5 * 0.3 + 0.5 * std::tanh(kLn2 + 2 * y1);
  const double c1 = 0.5 * -0.3 + 0.5 * -0.6;
  EXPECT_NEAR(c[0], c0, kTol);
  EXPECT_NEAR(c[1], c1, kTol);
  EXPECT_NEAR(y[0], 0.75 * (std::tanh(c0) - std::tanh(c1)), kTol);
}

TEST(NetworkTest, GruLinearBeforeResetChangesTheCandidate) {
  // H = I = 1, y = 0.4. z = 1/2, r = 3/4 (Wb_r = ln3); R_h = 1, Rb_h = 0.2.
  //   lbr 0: h~ = tanh(R_h (r y) + Rb_h) = tanh(0.3 + 0.2) = tanh(0.5)
  //   lbr 1: h~ = tanh(r (R_h y + Rb_h)) = tanh(0.75 * 0.6) = tanh(0.45)
  // y' = 1/2 h~ + 1/2 * 0.4.
  for (bool lbr : {false, true}) {
    RecurrentFloat l = ZeroLayer(CellType::kGru, 1, 1, 0, false, lbr);
    l.wb[1] = kLn3;
    l.r[2] = 1.0;
    l.rb[2] = 0.2;
    std::vector<double> y = {0.4}, c;
    RecurrentFloatStep(l, {5.0}, &y, &c);
    EXPECT_NEAR(y[0], 0.5 * std::tanh(lbr ? 0.45 : 0.5) + 0.2, kTol) << "lbr " << lbr;
  }
}

TEST(NetworkTest, GruGateMajorRowsWithTwoUnits) {
  // H = 2, rows z0 z1 r0 r1 h0 h1. y = [0.5, -0.5]. R[z1][y0] = 2ln3 -> z1 = 3/4, z0 = 1/2;
  // W[h0] = ln2 with x = 1 -> h~0 = 3/5, h~1 = 0.
  //   y0' = 1/2 * 3/5 + 1/2 * 0.5 = 0.55, y1' = 1/4 * 0 + 3/4 * -0.5 = -0.375
  RecurrentFloat l = ZeroLayer(CellType::kGru, 1, 2);
  l.r[1 * 2 + 0] = 2 * kLn3;
  l.w[4] = kLn2;
  std::vector<double> y = {0.5, -0.5}, c;
  RecurrentFloatStep(l, {1.0}, &y, &c);
  EXPECT_NEAR(y[0], 0.55, kTol);
  EXPECT_NEAR(y[1], -0.375, kTol);
}

TEST(NetworkTest, HeadActivations) {
  EXPECT_EQ(HeadActivationReal(HeadActivation::kNone, -2.5), -2.5);
  EXPECT_EQ(HeadActivationReal(HeadActivation::kRelu, -2.5), 0.0);
  EXPECT_EQ(HeadActivationReal(HeadActivation::kRelu, 1.25), 1.25);
  EXPECT_NEAR(HeadActivationReal(HeadActivation::kSigmoid, kLn3), 0.75, kTol);
  EXPECT_NEAR(HeadActivationReal(HeadActivation::kTanh, kLn2), 0.6, kTol);
}

TEST(NetworkTest, DenseIsRowMajorWithBias) {
  // [2][3] weights: out0 = 1*1 + 2*2 + 3*(-1) - 1 = 1, out1 = -1*1 + 0 + 0 + 0.5 = -0.5 -> relu 0.
  DenseFloat d;
  d.shape = {3, 2, HeadActivation::kRelu};
  d.w = {1, 2, 3, -1, 0, 0};
  d.b = {-1, 0.5};
  const std::vector<double> out = DenseFloatStep(d, {1, 2, -1});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], 1.0);
  EXPECT_EQ(out[1], 0.0);
}

TEST(NetworkTest, StackFeedsEachLayerThisStepsOutputThenTheHead) {
  // LSTM (I = H = 1, W_c = ln2) -> GRU (I = H = 1, W_h = 1) -> dense 1->2 relu -> dense 2->1 tanh.
  // x = 1 from zero state: LSTM c = 0.3, y1 = 1/2 tanh(0.3). GRU z = r = 1/2, h~ = tanh(y1),
  // y2 = 1/2 tanh(y1) (0 if it read last step's y1). Head: relu([y2, -y2]) = [y2, 0], then
  // tanh(2 y2 + 3 * 0 + 0.1).
  NetworkFloat net;
  net.stack.push_back(ZeroLayer(CellType::kLstm, 1, 1));
  net.stack[0].w[3] = kLn2;
  net.stack.push_back(ZeroLayer(CellType::kGru, 1, 1));
  net.stack[1].w[2] = 1.0;
  DenseFloat d1{{1, 2, HeadActivation::kRelu}, {1, -1}, {0, 0}};
  DenseFloat d2{{2, 1, HeadActivation::kTanh}, {2, 3}, {0.1}};
  net.head = {d1, d2};
  NetworkFloatState s = InitialFloatState(net);
  const std::vector<double> out = NetworkFloatStep(net, {1.0}, &s);
  const double y1 = 0.5 * std::tanh(0.3);
  const double y2 = 0.5 * std::tanh(y1);
  EXPECT_NEAR(s.c[0][0], 0.3, kTol);
  EXPECT_NEAR(s.y[0][0], y1, kTol);
  EXPECT_NEAR(s.y[1][0], y2, kTol);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(out[0], std::tanh(2 * y2 + 0.1), kTol);

  // Without a head the output is the last layer's y.
  net.head.clear();
  NetworkFloatState s2 = InitialFloatState(net);
  EXPECT_NEAR(NetworkFloatStep(net, {1.0}, &s2)[0], y2, kTol);
}

}  // namespace
}  // namespace rnngen
