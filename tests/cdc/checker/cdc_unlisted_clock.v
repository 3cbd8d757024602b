// The checker must reject this: a flop on a clock that is not one of the listed domains.
// cdc_check: -t cdc_unlisted_clock -c clk_a
// expect: fail
// expect-output: error: c_q: its clock comes from clk_c, not from a listed clock
module cdc_unlisted_clock (
  input  wire clk_a,
  input  wire clk_c,
  input  wire d_i,
  output reg  a_q,
  output reg  c_q
);

  always @(posedge clk_a) a_q <= d_i;
  always @(posedge clk_c) c_q <= d_i;

endmodule
