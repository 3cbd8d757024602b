// rnngen_col_count: a PE's entries in the column being broadcast (EIE's column pointers, kept as
// counts: the engine walks its entries in order, so a column needs only how many it has).
//
// Csc: the counts are a ROM read one column ahead (bc_col_next_i), so col_count_o matches the
// column on bc_fire_i. Dense: the pass's fixed count per column.
module rnngen_col_count #(
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer NumPasses = 1,
  parameter integer PtrBits = 1,
  parameter CountFile = "count.hex",
  // Dense encoding: this PE's entries per column, per pass.
  parameter [NumPasses*PtrBits-1:0] PassCount = 0
) (
  input  wire                                      clk_i,
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] bc_pass_i,
  output wire [PtrBits-1:0]                        col_count_o
);

  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;

  if (Dense != 0) begin : gen_dense_count
    rnngen_mux #(.Width(PtrBits), .Count(NumPasses), .SelBits(PassBits)) u_count_mux (
      .data_i(PassCount),
      .sel_i (bc_pass_i),
      .data_o(col_count_o)
    );
    wire unused_dense = ^{clk_i, bc_col_next_i, CountFile};
  end else begin : gen_csc_count
    wire unused_csc = ^{bc_pass_i, PassCount};
    rnngen_rom #(
      .Width   (PtrBits),
      .Depth   (NumCols),
      .AddrBits(ColBits),
      .File    (CountFile)
    ) u_count_rom (
      .clk_i (clk_i),
      .addr_i(bc_col_next_i),
      .data_o(col_count_o)
    );
  end

endmodule
