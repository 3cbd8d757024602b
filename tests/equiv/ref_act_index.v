// ref_act_index: reference for templates/rnngen_act_index.v, written straight from
// docs/arithmetic.md (LutIndex() in generator/model/activation.cc) in 128-bit arithmetic:
//   addr = clamp(floor(v / 2^Shift) + 2^(LutBits-1), 0, 2^LutBits - 1)
module ref_act_index #(
  parameter integer InBits = 32,
  parameter integer Shift = 8,
  parameter integer LutBits = 10
) (
  input  wire signed [InBits-1:0] in_i,
  output wire [LutBits-1:0]       addr_o
);

  wire signed [127:0] v = in_i;
  wire signed [127:0] bin = v >>> Shift;  // arithmetic shift right: floor division by 2^Shift
  wire signed [127:0] index = bin + (128'sd1 <<< (LutBits - 1));
  wire signed [127:0] last = (128'sd1 <<< LutBits) - 128'sd1;
  wire signed [127:0] clamped = (index < 128'sd0) ? 128'sd0 : (index > last) ? last : index;

  assign addr_o = clamped[LutBits-1:0];

endmodule
