// rnngen_mux: selects word sel_i of Count words packed in data_i (word k at bits k*Width), as a
// binary tree of 2:1 multiplexers, one level per select bit. Selecting a word beyond Count gives
// zero. A variable part-select (data[sel*Width +: Width]) means the same, but synthesis tools
// may build it as a barrel shifter over the whole bus; the tree is Count-1 word muxes.
module rnngen_mux #(
  parameter integer Width = 8,
  parameter integer Count = 2,
  parameter integer SelBits = 1
) (
  input  wire [Count*Width-1:0] data_i,
  input  wire [SelBits-1:0]     sel_i,
  output wire [Width-1:0]       data_o
);

  localparam integer Leaves = 1 << SelBits;

  // Reduced in place, one level per select bit from the least significant: after level d, word
  // k is the choice among the 2^(d+1) leaves below it. The loop bounds are constants, so every
  // index is too once unrolled; the work variable is local to the function.
  function [Width-1:0] pick(input [Count*Width-1:0] data, input [SelBits-1:0] sel);
    reg [Leaves*Width-1:0] tree;
    integer k, d;
    begin
      // Word by word: one replication over the whole tree can exceed what tools accept.
      for (k = 0; k < Leaves; k = k + 1) tree[k*Width +: Width] = {Width{1'b0}};
      tree[Count*Width-1:0] = data;
      for (d = 0; d < SelBits; d = d + 1) begin
        for (k = 0; k < (Leaves >> (d + 1)); k = k + 1) begin
          tree[k*Width +: Width] =
              sel[d] ? tree[(2*k + 1)*Width +: Width] : tree[2*k*Width +: Width];
        end
      end
      pick = tree[Width-1:0];
    end
  endfunction

  assign data_o = pick(data_i, sel_i);

endmodule
