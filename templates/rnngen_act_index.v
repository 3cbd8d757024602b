// rnngen_act_index: maps a fixed-point value onto an activation LUT address. The table covers
// [-8, 8) in 2^LutBits equal bins; the address is floor(value / bin) + 2^(LutBits-1), clamped to
// the table. Shift = value fraction bits - (LutBits - 4) must be >= 0 (the spec checks it).
module rnngen_act_index #(
  parameter integer InBits = 32,
  parameter integer Shift = 8,
  parameter integer LutBits = 10
) (
  input  wire signed [InBits-1:0] in_i,
  output wire [LutBits-1:0]       addr_o
);

  // At least one bit above the address so that the clamp compares see the true sign.
  localparam integer W = (InBits > LutBits) ? InBits : LutBits + 1;
  localparam signed [W-1:0] HalfRange = 1 <<< (LutBits - 1);
  localparam [LutBits-1:0] Top = {LutBits{1'b1}};

  wire signed [W-1:0] wide = {{(W - InBits){in_i[InBits-1]}}, in_i};
  wire signed [W-1:0] bin = wide >>> Shift;

  assign addr_o = (bin >= HalfRange) ? Top :
                  (bin < -HalfRange) ? {LutBits{1'b0}} :
                  {~bin[LutBits-1], bin[LutBits-2:0]};

endmodule
