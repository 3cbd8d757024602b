// rnngen_rom: synchronous-read ROM initialised from a $readmemh image.
// One read per cycle; data_o holds mem[addr_i] of the previous cycle. Vivado and Quartus infer
// block RAM (or distributed ROM when small) from this form.
module rnngen_rom #(
  parameter integer Width = 8,
  parameter integer Depth = 16,
  parameter integer AddrBits = 4,
  parameter File = "rom.hex"
) (
  input  wire                clk_i,
  input  wire [AddrBits-1:0] addr_i,
  output reg  [Width-1:0]    data_o
);

  reg [Width-1:0] mem [0:Depth-1];

  initial begin
    $readmemh(File, mem);
  end

  always @(posedge clk_i) begin
    data_o <= mem[addr_i];
  end

endmodule
