// rnngen_col_count: a PE's entries in the column being broadcast (EIE's column pointers, kept as
// counts: the engine walks its entries in order, so a column needs only how many it has).
//
// Csc: the counts are a ROM read one column ahead (bc_col_next_i), so col_count_o matches the
// column on bc_fire_i; from BlockCols columns up it is marked for block RAM. Dense: the pass's
// fixed count per column. Circulant (WordBits > 0, with Dense): the pass's fixed count, led by
// the column's word for the engine ({first, quad, d0, base}, rnngen_pe_mac) from the same ROM.
module rnngen_col_count #(
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer NumPasses = 1,
  parameter integer PtrBits = 1,
  parameter integer WordBits = 0,
  parameter CountFile = "count.hex",
  // Dense encoding: this PE's entries per column, per pass.
  parameter [NumPasses*PtrBits-1:0] PassCount = 0
) (
  input  wire                                      clk_i,
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] bc_pass_i,
  output wire [WordBits+PtrBits-1:0]               col_count_o
);

  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  // Count ROMs of this many columns or more go to block RAM.
  localparam integer BlockCols = 512;
  // The ROM's word: the count (csc) or the column's word (circulant); none for dense.
  localparam integer RomBits = (Dense != 0) ? WordBits : PtrBits;

  wire [((RomBits > 0) ? RomBits : 1)-1:0] rom_word;
  if (Dense != 0) begin : gen_dense_count
    wire [PtrBits-1:0] count;
    rnngen_mux #(.Width(PtrBits), .Count(NumPasses), .SelBits(PassBits)) u_count_mux (
      .data_i(PassCount),
      .sel_i (bc_pass_i),
      .data_o(count)
    );
    if (WordBits > 0) begin : gen_word
      assign col_count_o = {rom_word, count};
    end else begin : gen_count
      assign col_count_o = count;
      wire unused_rom = ^rom_word;
    end
  end else begin : gen_csc_count
    assign col_count_o = rom_word;
    wire unused_csc = ^{bc_pass_i, PassCount};
  end

  if (RomBits == 0) begin : gen_no_rom
    assign rom_word = 1'b0;
    wire unused_dense = ^{clk_i, bc_col_next_i, CountFile};
  end else if (NumCols >= BlockCols) begin : gen_block
    // Synthesis builds a ROM this deep from LUTs and wide multiplexers unless told otherwise:
    // ese_lstmp's 665 x 6-bit counts took Yosys about 460 LUTs a PE as logic.
    (* rom_style = "block" *) reg [RomBits-1:0] mem [0:NumCols-1];
    reg [RomBits-1:0] word_q;
    initial begin
      $readmemh(CountFile, mem);
    end
    always @(posedge clk_i) begin
      word_q <= mem[bc_col_next_i];
    end
    assign rom_word = word_q;
  end else begin : gen_lut
    rnngen_rom #(
      .Width   (RomBits),
      .Depth   (NumCols),
      .AddrBits(ColBits),
      .File    (CountFile)
    ) u_count_rom (
      .clk_i (clk_i),
      .addr_i(bc_col_next_i),
      .data_o(rom_word)
    );
  end

endmodule
