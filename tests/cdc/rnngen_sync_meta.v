// rnngen_sync with metastability modelled, for the testbenches only (tests/cdc/run_cdc.sh builds
// fifo_async_tb with it in place of templates/rnngen_sync.v, as fifo_async_meta): a d_i bit that
// changed less than Window ps before a clk_i edge is caught by sync_q1 as its new or its old
// value at random, as a real first stage that goes metastable resolves either way. So a change
// reaches q_o on the 2nd or the 3rd edge after it, and a bus whose bits change together (a
// binary pointer, not a Gray one) can be caught half old, half new. Window must be shorter than
// both clock periods, so a change is near one edge only and a Gray count moves one step in it.
`timescale 1ps / 1ps
module rnngen_sync #(
  parameter integer Width = 1,
  parameter [Width-1:0] ResetValue = {Width{1'b0}}
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire [Width-1:0] d_i,
  output wire [Width-1:0] q_o
);

  localparam integer Window = 400;

  (* rnngen_sync_stage = 1 *)
  reg [Width-1:0] sync_q1;
  (* rnngen_sync_stage = 2 *)
  reg [Width-1:0] sync_q2;

  // d_i as it was Window ps ago: where it differs from d_i, the bit changed within the window.
  wire [Width-1:0] d_old;
  assign #(Window) d_old = d_i;

  reg [Width-1:0] caught;
  integer         i;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q1 <= ResetValue;
      sync_q2 <= ResetValue;
    end else begin
      for (i = 0; i < Width; i = i + 1) begin
        caught[i] = d_i[i];
        if (d_old[i] !== d_i[i] && $urandom % 2 == 1) caught[i] = d_old[i];
      end
      sync_q1 <= caught;
      sync_q2 <= sync_q1;
    end
  end

  assign q_o = sync_q2;

endmodule
