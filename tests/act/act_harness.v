// act_harness: the activation units of rnngen_pe, instantiated and wired as the PE does
// (templates/rnngen_pe.v): the sigmoid index on the gate accumulator feeds the sigmoid ROM; the
// tanh ROM reads either the cell-gate accumulator's index or the cell state's index. Parameters
// are the PE's; the ROM images are read from the current folder under fixed names, so that one
// build serves every design with the same parameters (act_check links them there).
module act_harness #(
  parameter integer AccBits = 32,
  parameter integer AccShift = 12,
  parameter integer StateBits = 16,
  parameter integer StateShift = 6,
  parameter integer LutBits = 10,
  parameter integer ActBits = 16,
  parameter SigFile = "sigmoid.hex",
  parameter TanhFile = "tanh.hex"
) (
  input  wire                        clk_i,
  input  wire signed [AccBits-1:0]   sig_in_i,      // PE: sig_in (accumulator of i, o or f)
  input  wire signed [AccBits-1:0]   acc_c_i,       // PE: acc_c (cell-gate accumulator)
  input  wire signed [StateBits-1:0] c_old_i,       // PE: c_old (cell state)
  input  wire                        tanh_state_i,  // PE: phase == 3, tanh ROM reads the state
  output wire signed [ActBits-1:0]   sig_q_o,
  output wire signed [ActBits-1:0]   tanh_q_o
);

  localparam integer LutDepth = 1 << LutBits;

  wire [LutBits-1:0] sig_addr;
  wire [LutBits-1:0] tanh_gate_addr;
  wire [LutBits-1:0] tanh_state_addr;

  rnngen_act_index #(.InBits(AccBits), .Shift(AccShift), .LutBits(LutBits)) u_sig_index (
    .in_i  (sig_in_i),
    .addr_o(sig_addr)
  );
  rnngen_act_index #(.InBits(AccBits), .Shift(AccShift), .LutBits(LutBits)) u_tanh_gate_index (
    .in_i  (acc_c_i),
    .addr_o(tanh_gate_addr)
  );
  rnngen_act_index #(.InBits(StateBits), .Shift(StateShift), .LutBits(LutBits)) u_tanh_state_index (
    .in_i  (c_old_i),
    .addr_o(tanh_state_addr)
  );
  rnngen_rom #(.Width(ActBits), .Depth(LutDepth), .AddrBits(LutBits), .File(SigFile)) u_sig_rom (
    .clk_i (clk_i),
    .addr_i(sig_addr),
    .data_o(sig_q_o)
  );
  rnngen_rom #(.Width(ActBits), .Depth(LutDepth), .AddrBits(LutBits), .File(TanhFile)) u_tanh_rom (
    .clk_i (clk_i),
    .addr_i(tanh_state_i ? tanh_state_addr : tanh_gate_addr),
    .data_o(tanh_q_o)
  );

endmodule
