// rnngen_dec_list: the weight decoder of the formats that store a list of entries, walked once a
// step in order (plan/encoding.h): csc, each entry {first, relative row index, value}, and dense
// (Dense = 1), {first, value}. The value is the weight, or its code with a codebook.
//
// issue_i: the engine issues an entry this cycle; the entry ROM reads the next one in the list
// (the address wraps after the step's last entry, Entries). first_o, index_o and value_o are
// the entry issued on the previous cycle (the ROM's synchronous read).
module rnngen_dec_list #(
  parameter integer Dense = 0,
  parameter integer IndexBits = 4,
  parameter integer ValueBits = 8,
  parameter integer WordBits = 0,
  parameter integer EntryDepth = 1,
  parameter integer Entries = 0,
  parameter EntryFile = "entries.hex"
) (
  input  wire                                  clk_i,
  input  wire                                  rst_ni,
  input  wire                                  issue_i,
  input  wire                                  have_col_i,
  input  wire [((WordBits > 0) ? WordBits : 1)-1:0] head_word_i,
  output wire                                  first_o,
  output wire [IndexBits-1:0]                  index_o,
  output wire [ValueBits-1:0]                  value_o
);

  localparam integer EntryBits = ((Dense != 0) ? 0 : IndexBits) + ValueBits + 1;
  localparam integer EAddrBits = (EntryDepth > 1) ? $clog2(EntryDepth) : 1;
  localparam integer LastEntryInt = (Entries > 0) ? Entries - 1 : 0;
  localparam [EAddrBits-1:0] LastEntry = LastEntryInt[EAddrBits-1:0];

  wire unused_col = ^{have_col_i, head_word_i};

  reg [EAddrBits-1:0] eaddr_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      eaddr_q <= {EAddrBits{1'b0}};
    end else if (issue_i) begin
      eaddr_q <= (eaddr_q == LastEntry) ? {EAddrBits{1'b0}} : eaddr_q + 1'b1;
    end
  end

  wire [EntryBits-1:0] entry;
  rnngen_rom #(
    .Width   (EntryBits),
    .Depth   (EntryDepth),
    .AddrBits(EAddrBits),
    .File    (EntryFile)
  ) u_entry_rom (
    .clk_i (clk_i),
    .addr_i(eaddr_q),
    .data_o(entry)
  );

  assign first_o = entry[EntryBits-1];
  assign value_o = entry[ValueBits-1:0];
  if (Dense != 0) begin : gen_dense
    assign index_o = {IndexBits{1'b0}};
  end else begin : gen_csc
    assign index_o = entry[EntryBits-2:ValueBits];
  end

endmodule
