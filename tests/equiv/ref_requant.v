// ref_requant: reference for templates/rnngen_requant.v, written straight from docs/arithmetic.md
// (Requantize() in generator/model/fixed_point.h) with no attempt at economy: the input is
// sign-extended to 128 bits, where nothing below can overflow for InBits <= 64, Shift <= 64.
//   RoundShift(v, s) = floor((v + 2^(s-1)) / 2^s), and v itself when s = 0
//   Saturate(r, B)   = clamp(r, -2^(B-1), 2^(B-1) - 1)
module ref_requant #(
  parameter integer InBits = 32,
  parameter integer Shift = 8,
  parameter integer OutBits = 16
) (
  input  wire signed [InBits-1:0]  in_i,
  output wire signed [OutBits-1:0] out_o
);

  wire signed [127:0] v = in_i;  // a signed operand widens with its sign
  wire signed [127:0] half = (Shift == 0) ? 128'sd0 : (128'sd1 <<< (Shift - 1));
  wire signed [127:0] rounded = (Shift == 0) ? v : ((v + half) >>> Shift);
  wire signed [127:0] max_out = (128'sd1 <<< (OutBits - 1)) - 128'sd1;
  wire signed [127:0] min_out = -(128'sd1 <<< (OutBits - 1));
  wire signed [127:0] clamped = (rounded > max_out) ? max_out :
                                (rounded < min_out) ? min_out : rounded;

  assign out_o = clamped[OutBits-1:0];

endmodule
