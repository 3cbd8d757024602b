// rnngen_requant: drops Shift fraction bits rounding half up (add 2^(Shift-1), then arithmetic
// shift right), then saturates to OutBits. Implements Requantize() in model/fixed_point.h.
module rnngen_requant #(
  parameter integer InBits = 32,
  parameter integer Shift = 8,
  parameter integer OutBits = 16
) (
  input  wire signed [InBits-1:0]  in_i,
  output wire signed [OutBits-1:0] out_o
);

  // Wide enough for the saturation bounds, plus a guard bit for the rounding add.
  localparam integer SumBits = ((InBits > OutBits) ? InBits : OutBits) + 1;
  localparam signed [SumBits-1:0] Half = (Shift > 0) ? (1 <<< (Shift - 1)) : 0;
  localparam signed [SumBits-1:0] MaxOut = (1 <<< (OutBits - 1)) - 1;
  localparam signed [SumBits-1:0] MinOut = -(1 <<< (OutBits - 1));

  wire signed [SumBits-1:0] sum = {{(SumBits - InBits){in_i[InBits-1]}}, in_i} + Half;
  wire signed [SumBits-1:0] shifted = sum >>> Shift;

  assign out_o = (shifted > MaxOut) ? MaxOut[OutBits-1:0] :
                 (shifted < MinOut) ? MinOut[OutBits-1:0] : shifted[OutBits-1:0];

endmodule
