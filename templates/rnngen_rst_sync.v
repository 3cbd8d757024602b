// rnngen_rst_sync: the reset of one clock domain, asserted asynchronously and released
// synchronously (docs/cdc.md).
//
// rst_no falls as soon as rst_ni falls (no clock needed) and rises on the second clk_i edge after
// rst_ni rises (the third in hardware, if the first stage went metastable), so every flop of the
// domain leaves reset on the same edge, with a whole clk_i period of recovery time. rst_ni may be
// asynchronous to clk_i (a pin, a power-on reset or another domain's reset). Use one per clock
// domain, and reset the domain's flops with rst_no only.
//
// It is an rnngen_sync whose input is tied high, so the checker (scripts/cdc_check.py) sees its
// first stage as a synchroniser stage, the one kind of flop whose asynchronous reset may come
// from another domain.
module rnngen_rst_sync (
  input  wire clk_i,
  input  wire rst_ni,
  output wire rst_no
);

  rnngen_sync #(
    .Width(1),
    .ResetValue(1'b0)
  ) u_sync (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (1'b1),
    .q_o   (rst_no)
  );

endmodule
