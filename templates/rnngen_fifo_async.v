// rnngen_fifo_async: dual-clock FIFO, Depth entries, first-word fall-through (docs/cdc.md).
//
// The interface is rnngen_fifo's, split into a write side on wclk_i and a read side on rclk_i, so
// it can replace rnngen_fifo where the producer and the consumer are in different clock domains:
// the writer pushes data_i with push_i while full_o is low (a push while full_o is high is
// ignored); the reader sees the head on data_o whenever empty_o is low, combinationally from the
// storage (no read latency), and pop_i removes it (a pop while empty_o is high is ignored).
// Each side has its own reset (rnngen_rst_sync per domain); assert both together, then each may
// be released in its own domain. Depth is a power of two, at least 2: any other value stops
// elaboration at the instance of the missing module named in gen_bad_depth.
//
// How: each side counts its operations in a binary pointer one bit wider than the address and
// keeps that pointer's Gray code in a register of its own; the Gray pointer crosses to the other
// side through an rnngen_sync (only one bit changes per push or pop, so the other side sees the
// old or the new value, never a mix). empty_o compares the read pointer with the synchronised
// write pointer, full_o the write pointer with the synchronised read pointer. Storage is a
// register array without reset, written on wclk_i and read through a multiplexer that the read
// pointer addresses; a word is written on the same edge as the write pointer that makes it
// visible, so it is stable long before the reader can see it. That storage-to-data_o path is the
// one crossing without a synchroniser: scripts/cdc_check.py allows it (storage marked
// rnngen_fifo_storage, destination in the domain of this instance's read pointer); constrain it
// like the pointers (set_max_delay -datapath_only of one rclk_i period).
//
// Latency, counted in edges of the receiving clock strictly after the sending edge (an edge at
// the very same instant does not count; in hardware it may be one of the metastable cases):
//   push -> empty_o low (word visible, data_o valid when it is the head): right after the 2nd
//     rclk_i edge after the push edge in simulation; in hardware after the 2nd or 3rd. The word
//     can be popped on the next rclk_i edge. In time: at most 2 rclk_i periods (3 in hardware).
//   pop -> full_o low (space visible to the writer): right after the 2nd wclk_i edge after the
//     pop edge in simulation, the 2nd or 3rd in hardware: at most 2 (3) wclk_i periods.
// empty_o and full_o are conservative between those instants: a side may see fewer words or
// less space than there are, never more. Throughput with equal clocks (tests/cdc): Depth 8
// takes a word on every cycle at any phase; Depth 4 only 4 words in 5 cycles, as a slot comes
// back to the writer 5 cycles after the push that filled it.
module rnngen_fifo_async #(
  parameter integer Width = 8,
  parameter integer Depth = 8
) (
  // Write side (wclk_i domain).
  input  wire             wclk_i,
  input  wire             wrst_ni,
  input  wire             push_i,
  input  wire [Width-1:0] data_i,
  output wire             full_o,
  // Read side (rclk_i domain).
  input  wire             rclk_i,
  input  wire             rrst_ni,
  input  wire             pop_i,
  output wire [Width-1:0] data_o,
  output wire             empty_o
);

  localparam integer AddrBits = (Depth > 1) ? $clog2(Depth) : 1;
  localparam integer PtrBits = AddrBits + 1;
  // Gray codes of pointers Depth apart differ in exactly their two top bits.
  localparam integer FullXorInt = 3 << (PtrBits - 2);
  localparam [PtrBits-1:0] FullXor = FullXorInt[PtrBits-1:0];

  generate
    if (Depth < 2 || (Depth & (Depth - 1)) != 0) begin : gen_bad_depth
      rnngen_fifo_async_depth_must_be_a_power_of_two_at_least_2 u_bad ();
    end
  endgenerate

  (* rnngen_fifo_storage *)
  reg [Width-1:0] mem [0:Depth-1];

  // Write side.
  reg  [PtrBits-1:0] wbin_q;
  reg  [PtrBits-1:0] wgray_q;
  wire [PtrBits-1:0] rgray_sync;
  wire               do_push = push_i && !full_o;
  wire [PtrBits-1:0] wbin_d = wbin_q + {{(PtrBits - 1){1'b0}}, do_push};

  assign full_o = ((wgray_q ^ rgray_sync) == FullXor);

  always @(posedge wclk_i) begin
    if (do_push) begin
      mem[wbin_q[AddrBits-1:0]] <= data_i;
    end
  end

  always @(posedge wclk_i or negedge wrst_ni) begin
    if (!wrst_ni) begin
      wbin_q <= {PtrBits{1'b0}};
      wgray_q <= {PtrBits{1'b0}};
    end else begin
      wbin_q <= wbin_d;
      wgray_q <= wbin_d ^ (wbin_d >> 1);
    end
  end

  // Read side.
  reg  [PtrBits-1:0] rbin_q;
  reg  [PtrBits-1:0] rgray_q;
  wire [PtrBits-1:0] wgray_sync;
  wire               do_pop = pop_i && !empty_o;
  wire [PtrBits-1:0] rbin_d = rbin_q + {{(PtrBits - 1){1'b0}}, do_pop};

  assign empty_o = (rgray_q == wgray_sync);
  assign data_o = mem[rbin_q[AddrBits-1:0]];

  always @(posedge rclk_i or negedge rrst_ni) begin
    if (!rrst_ni) begin
      rbin_q <= {PtrBits{1'b0}};
      rgray_q <= {PtrBits{1'b0}};
    end else begin
      rbin_q <= rbin_d;
      rgray_q <= rbin_d ^ (rbin_d >> 1);
    end
  end

  // The Gray pointers cross.
  rnngen_sync #(
    .Width(PtrBits)
  ) u_sync_wgray (
    .clk_i (rclk_i),
    .rst_ni(rrst_ni),
    .d_i   (wgray_q),
    .q_o   (wgray_sync)
  );

  rnngen_sync #(
    .Width(PtrBits)
  ) u_sync_rgray (
    .clk_i (wclk_i),
    .rst_ni(wrst_ni),
    .d_i   (rgray_q),
    .q_o   (rgray_sync)
  );

endmodule
