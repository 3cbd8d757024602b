// prod_bound: a WeightBits x ActBits signed product is bounded by 2^P, P = WeightBits + ActBits - 2
// (the largest magnitude is (-2^(WeightBits-1)) * (-2^(ActBits-1))). This is the bound the
// accumulator rule (acc_bound.v) takes for every term, and it is why rnngen_mac may keep the
// product in WeightBits + ActBits bits. bad_o is high for an input that breaks the bound.
module prod_bound #(
  parameter integer WeightBits = 8,
  parameter integer ActBits = 16
) (
  input  wire signed [WeightBits-1:0] weight_i,
  input  wire signed [ActBits-1:0]    act_i,
  output wire                         bad_o
);

  localparam integer P = WeightBits + ActBits - 2;

  wire signed [127:0] w = weight_i;
  wire signed [127:0] a = act_i;
  wire signed [127:0] prod = w * a;
  wire signed [127:0] bound = 128'sd1 <<< P;

  assign bad_o = (prod > bound) || (prod < -bound);

endmodule
