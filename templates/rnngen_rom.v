// rnngen_rom: a ROM initialised from a $readmemh image.
// ReadLatency 1 (synchronous read): one read per cycle, data_o holds mem[addr_i] of the previous
// cycle; Vivado and Quartus infer block RAM (or distributed ROM when small) from this form.
// ReadLatency 0: data_o is mem[addr_i] in the same cycle, for tables of a few dozen words (a
// PE's codebooks) that synthesis builds from LUTs on the path they feed; clk_i is unused.
module rnngen_rom #(
  parameter integer Width = 8,
  parameter integer Depth = 16,
  parameter integer AddrBits = 4,
  parameter integer ReadLatency = 1,
  parameter File = "rom.hex"
) (
  input  wire                clk_i,
  input  wire [AddrBits-1:0] addr_i,
  output wire [Width-1:0]    data_o
);

  reg [Width-1:0] mem [0:Depth-1];

  initial begin
    $readmemh(File, mem);
  end

  if (ReadLatency != 0) begin : gen_sync
    reg [Width-1:0] data_q;
    always @(posedge clk_i) begin
      data_q <= mem[addr_i];
    end
    assign data_o = data_q;
  end else begin : gen_async
    assign data_o = mem[addr_i];
    wire unused_clk = clk_i;
  end

endmodule
