// rnngen_col_count: a PE's entries in the column being broadcast (EIE's column pointers, kept as
// counts: the engine walks its entries in order, so a column needs only how many it has).
//
// Csc: the counts are a ROM read one column ahead (bc_col_next_i), so col_count_o matches the
// column on bc_fire_i; from BlockCols columns up it is marked for block RAM. Dense: the pass's
// fixed count per column.
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
  // Count ROMs of this many columns or more go to block RAM.
  localparam integer BlockCols = 512;

  if (Dense != 0) begin : gen_dense_count
    rnngen_mux #(.Width(PtrBits), .Count(NumPasses), .SelBits(PassBits)) u_count_mux (
      .data_i(PassCount),
      .sel_i (bc_pass_i),
      .data_o(col_count_o)
    );
    wire unused_dense = ^{clk_i, bc_col_next_i, CountFile};
  end else begin : gen_csc_count
    wire unused_csc = ^{bc_pass_i, PassCount};
    if (NumCols >= BlockCols) begin : gen_block
      // Synthesis builds a ROM this deep from LUTs and wide multiplexers unless told otherwise:
      // ese_lstmp's 665 x 6-bit counts took Yosys about 460 LUTs a PE as logic.
      (* rom_style = "block" *) reg [PtrBits-1:0] mem [0:NumCols-1];
      reg [PtrBits-1:0] count_q;
      initial begin
        $readmemh(CountFile, mem);
      end
      always @(posedge clk_i) begin
        count_q <= mem[bc_col_next_i];
      end
      assign col_count_o = count_q;
    end else begin : gen_lut
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
  end

endmodule
