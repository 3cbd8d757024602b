// act_props: what the exhaustive activation check proves about rnngen_act_index for the input
// codes it does not simulate (inputs too wide to sweep; tests/act/act_check.cc instantiates it
// with the design's parameters and runs `sat -prove ok_o 1` in Yosys):
//   below  in_i <  LoEdge  ->  address 0               (the bottom clamp)
//   above  in_i >  HiEdge  ->  address 2^LutBits - 1   (the top clamp)
//   low    the address does not depend on the Shift low bits of in_i
// LoEdge and HiEdge are the first and last codes of the simulated window. ok_o is 1 for every
// input exactly when all three hold.
module act_props #(
  parameter integer InBits = 32,
  parameter integer Shift = 12,
  parameter integer LutBits = 10,
  parameter signed [InBits-1:0] LoEdge = 0,
  parameter signed [InBits-1:0] HiEdge = 0
) (
  input  wire signed [InBits-1:0] in_i,
  output wire                     ok_o
);

  localparam [InBits-1:0] HighMask = {InBits{1'b1}} << Shift;

  wire [LutBits-1:0] addr;
  wire [LutBits-1:0] addr_cleared;
  wire signed [InBits-1:0] cleared = in_i & HighMask;

  rnngen_act_index #(.InBits(InBits), .Shift(Shift), .LutBits(LutBits)) u_dut (
    .in_i  (in_i),
    .addr_o(addr)
  );
  rnngen_act_index #(.InBits(InBits), .Shift(Shift), .LutBits(LutBits)) u_dut_cleared (
    .in_i  (cleared),
    .addr_o(addr_cleared)
  );

  wire below_ok = !(in_i < LoEdge) || (addr == {LutBits{1'b0}});
  wire above_ok = !(in_i > HiEdge) || (addr == {LutBits{1'b1}});
  wire low_ok = (addr == addr_cleared);
  assign ok_o = below_ok && above_ok && low_ok;

endmodule
