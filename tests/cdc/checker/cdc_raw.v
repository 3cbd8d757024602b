// The checker must reject this: a clk_a flop feeds a clk_b flop directly.
// cdc_check: -t cdc_raw -c clk_a -c clk_b
// expect: fail
// expect-output: violation: b_q (domain clk_b) <- a_q (clk_a): raw crossing
module cdc_raw (
  input  wire       clk_a,
  input  wire       clk_b,
  input  wire [1:0] d_i,
  output reg  [1:0] b_q
);

  reg [1:0] a_q;
  always @(posedge clk_a) a_q <= d_i;
  always @(posedge clk_b) b_q <= a_q;

endmodule
