// rnngen_ram_2c: rnngen_ram with a second read port (B, on clkb_i), for a RAM read at two
// addresses at once: the accumulators, whose MAC path reads and writes on port A and whose
// element-wise cell reads on port B. clkb_i is clk_i, or the array clock when the banks belong to
// a voltage island (docs/architecture.md): then the storage is written in one clock domain and
// read in another. All reads are synchronous and read-first, as in rnngen_ram. The caller
// guarantees that port B never reads a word while port A may write it: across clocks the word
// crosses as stable data, like an asynchronous FIFO's storage (scripts/cdc_check.py allows the
// path by the rnngen_xing_storage attribute; the SDC bounds it with set_max_delay). One write
// and two reads: LUTRAM on an FPGA (replicated per read port), a 1W2R register file on an ASIC.
module rnngen_ram_2c #(
  parameter integer Width = 8,
  parameter integer AddrBits = 4
) (
  input  wire                clk_i,
  input  wire                we_i,
  input  wire [AddrBits-1:0] wr_addr_i,
  input  wire [Width-1:0]    wr_data_i,
  input  wire [AddrBits-1:0] rd_addr_i,
  output reg  [Width-1:0]    rd_data_o,
  input  wire                clkb_i,
  input  wire [AddrBits-1:0] rdb_addr_i,
  output reg  [Width-1:0]    rdb_data_o
);

  (* rnngen_xing_storage *)
  reg [Width-1:0] mem [0:(1 << AddrBits)-1];

  always @(posedge clk_i) begin
    if (we_i) begin
      mem[wr_addr_i] <= wr_data_i;
    end
    rd_data_o <= mem[rd_addr_i];
  end

  always @(posedge clkb_i) begin
    rdb_data_o <= mem[rdb_addr_i];
  end

endmodule
