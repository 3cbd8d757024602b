// rnngen_mac: one multiply-accumulate step of the PE, in two pipeline stages.
//   stage 1 (registered): prod_q <= weight_i * act_i, signed, WeightBits + ActBits bits (exact)
//   stage 2 (combinational): acc_o = acc_i + prod_q sign-extended to AccBits
// acc_o wraps if the sum leaves AccBits; the spec rules that out (AccBits >= MinAccumulatorBits(),
// docs/arithmetic.md), so acc_o is the exact sum. A cell of its own so that it can be proved
// equal to a plain reference (tests/equiv, docs/verification.md). Needs AccBits > WeightBits +
// ActBits, which the same rule implies.
module rnngen_mac #(
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

  localparam integer ProdBits = WeightBits + ActBits;

  wire signed [ProdBits-1:0] prod = weight_i * act_i;
  reg  signed [ProdBits-1:0] prod_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prod_q <= {ProdBits{1'b0}};
    end else begin
      prod_q <= prod;
    end
  end

  assign acc_o = acc_i + {{(AccBits - ProdBits){prod_q[ProdBits-1]}}, prod_q};

endmodule
