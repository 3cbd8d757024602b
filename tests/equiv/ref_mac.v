// ref_mac: reference for templates/rnngen_mac.v, in 128-bit arithmetic, where a WeightBits x
// ActBits product plus an AccBits addend cannot overflow (WeightBits, ActBits <= 32, AccBits <= 64):
//   prod_q <= sign_extend(weight_i) * sign_extend(act_i)    (0 after reset)
//   acc_o   = (sign_extend(acc_i) + prod_q) mod 2^AccBits
// It keeps the cell's one pipeline register (at 128 bits) so that the two have the same timing.
module ref_mac #(
  parameter integer WeightBits = 8,
  parameter integer ActBits = 16,
  parameter integer AccBits = 32
) (
  input  wire                         clk_i,
  input  wire                         rst_ni,
  input  wire signed [WeightBits-1:0] weight_i,
  input  wire signed [ActBits-1:0]    act_i,
  input  wire signed [AccBits-1:0]    acc_i,
  output wire signed [AccBits-1:0]    acc_o
);

  wire signed [127:0] w = weight_i;  // signed operands widen with their sign
  wire signed [127:0] a = act_i;
  wire signed [127:0] acc = acc_i;
  reg  signed [127:0] prod_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prod_q <= 128'sd0;
    end else begin
      prod_q <= w * a;
    end
  end

  wire signed [127:0] sum = acc + prod_q;

  assign acc_o = sum[AccBits-1:0];

endmodule
