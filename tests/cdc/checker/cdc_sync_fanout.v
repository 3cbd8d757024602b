// The checker must reject this: a hand-made synchroniser whose first stage also feeds logic
// (the possibly metastable value must go nowhere but the second stage).
// cdc_check: -t cdc_sync_fanout -c clk_a,clk_b
// expect: fail
// expect-output: violation: s1_q (domain clk_b) -> x_q: a synchroniser's first stage may feed its second stage only
module cdc_sync_fanout (
  input  wire clk_a,
  input  wire clk_b,
  input  wire d_i,
  output reg  x_q
);

  reg a_q;
  always @(posedge clk_a) a_q <= d_i;

  (* rnngen_sync_stage = 1 *)
  reg s1_q;
  (* rnngen_sync_stage = 2 *)
  reg s2_q;
  always @(posedge clk_b) begin
    s1_q <= a_q;
    s2_q <= s1_q;
    x_q <= s1_q ^ s2_q;
  end

endmodule
