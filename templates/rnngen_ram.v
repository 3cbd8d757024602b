// rnngen_ram: simple dual-port RAM, one write port and one synchronous read port, no reset.
// rd_data_o holds mem[rd_addr_i] as it was before this edge's write (read-first); a caller that
// reads the word it writes on the same edge forwards the new value itself. Vivado, Quartus and
// Yosys map this form to LUTRAM or block RAM, iCE40 to EBR. Depth is a power of two so that
// every address is a word: a never-written word reads as X in a 4-state simulator, so callers
// never use such a word (a written flag, or a first write that does not read it).
module rnngen_ram #(
  parameter integer Width = 8,
  parameter integer AddrBits = 4
) (
  input  wire                clk_i,
  input  wire                we_i,
  input  wire [AddrBits-1:0] wr_addr_i,
  input  wire [Width-1:0]    wr_data_i,
  input  wire [AddrBits-1:0] rd_addr_i,
  output reg  [Width-1:0]    rd_data_o
);

  reg [Width-1:0] mem [0:(1 << AddrBits)-1];

  always @(posedge clk_i) begin
    if (we_i) begin
      mem[wr_addr_i] <= wr_data_i;
    end
    rd_data_o <= mem[rd_addr_i];
  end

endmodule
