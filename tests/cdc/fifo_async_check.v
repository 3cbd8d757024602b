// fifo_async_check: one rnngen_fifo_async between two free-running clocks, a pseudo-random word
// stream pushed with random valid stalls and popped with random ready stalls; checks every
// word arrives once, in order, and that empty_o and full_o change as the latencies in the header
// of templates/rnngen_fifo_async.v say: exactly on the 2nd receiving edge strictly after the
// sending edge (Slack 0, zero-delay synchronisers), or on the 2nd or 3rd (Slack 1, with
// tests/cdc/rnngen_sync_meta.v's model of metastability). done_o rises after Words words;
// errors_o counts failures, late_o the edges where a side saw a change one edge late.
`timescale 1ps / 1ps
module fifo_async_check #(
  parameter integer Id = 0,
  parameter integer Depth = 8,
  parameter integer Width = 16,
  parameter integer WPeriod = 1000,  // even, in ps
  parameter integer RPeriod = 1000,
  parameter integer WPhase = 0,      // first rising edge of wclk at WPeriod/2 + WPhase
  parameter integer RPhase = 0,
  parameter integer PushPct = 70,    // chance per cycle that the writer offers a word
  parameter integer PopPct = 70,     // chance per cycle that the reader takes one
  parameter integer Words = 2000,
  parameter [31:0] Seed = 32'h1,
  parameter integer Slack = 0        // receiving edges a change may arrive late
) (
  input  wire arst_ni,  // asserted at time 0, released in neither domain
  output reg  done_o,
  output integer errors_o,
  output integer late_o
);

  reg wclk = 1'b0;
  reg rclk = 1'b0;
  initial begin
    if (WPhase > 0) #(WPhase);
    forever #(WPeriod / 2) wclk = ~wclk;
  end
  initial begin
    if (RPhase > 0) #(RPhase);
    forever #(RPeriod / 2) rclk = ~rclk;
  end

  wire wrst_n;
  wire rrst_n;
  rnngen_rst_sync u_wrst (.clk_i(wclk), .rst_ni(arst_ni), .rst_no(wrst_n));
  rnngen_rst_sync u_rrst (.clk_i(rclk), .rst_ni(arst_ni), .rst_no(rrst_n));

  reg              push = 1'b0;
  reg  [Width-1:0] wdata = {Width{1'b0}};
  reg              pop = 1'b0;
  wire             full;
  wire             empty;
  wire [Width-1:0] rdata;

  rnngen_fifo_async #(
    .Width(Width),
    .Depth(Depth)
  ) u_dut (
    .wclk_i (wclk),
    .wrst_ni(wrst_n),
    .push_i (push),
    .data_i (wdata),
    .full_o (full),
    .rclk_i (rclk),
    .rrst_ni(rrst_n),
    .pop_i  (pop),
    .data_o (rdata),
    .empty_o(empty)
  );

  // The stream: word k is a hash of k, the same in every simulator.
  function [Width-1:0] word;
    input integer k;
    reg [31:0] h;
    begin
      h = (k + 1) * 32'h9E3779B1 ^ Seed;
      h = h ^ (h >> 15);
      word = h[Width-1:0];
    end
  endfunction

  function [31:0] xorshift;
    input [31:0] x;
    reg [31:0] y;
    begin
      y = x ^ (x << 13);
      y = y ^ (y >> 17);
      xorshift = y ^ (y << 5);
    end
  endfunction

  time    push_time[0:Words-1];
  time    pop_time[0:Words-1];
  integer pushed = 0;  // words accepted by the writer side
  integer popped = 0;  // words taken by the reader side
  reg [31:0] wrng = Seed ^ 32'h5bd1e995;
  reg [31:0] rrng = Seed ^ 32'h2545f491;
  // Times of the last three edges of each clock before the current one.
  time    wprev[1:3];
  time    rprev[1:3];
  reg     wstarted = 1'b0;
  integer wfull_cycles = 0;
  integer rempty_cycles = 0;
  integer seen_max = 0;  // pops the writer side may have seen by now
  integer seen_min = 0;  // pops it must have seen
  integer n;
  // What a flag must show: `ideal` if every change arrives on the 2nd edge, `slow` if it arrives
  // Slack edges later; with Slack 0 the two agree.
  reg     ideal;
  reg     slow;

  initial begin
    done_o = 1'b0;
    errors_o = 0;
    late_o = 0;
    for (n = 1; n <= 3; n = n + 1) begin
      wprev[n] = 0;
      rprev[n] = 0;
    end
  end

  task check_flag;
    input [8*8-1:0] what;
    input got;
    begin
      if (got !== ideal && got !== slow) begin
        errors_o = errors_o + 1;
        if (errors_o <= 10)
          $display("fifo_async_tb: cfg %0d: at %0t %0s=%b, expected %b (%0d words in, %0d out)",
                   Id, $time, what, got, ideal, pushed, popped);
      end
      if (got !== ideal) late_o = late_o + 1;
    end
  endtask

  // Writer: checks full, then offers the next word (valid holds until accepted).
  always @(posedge wclk) begin
    if (wrst_n && rrst_n) wstarted <= 1'b1;
    if (wstarted) begin
      // A pop is seen once the 2nd (2nd + Slack) wclk edge strictly after it has passed.
      while (seen_max < popped && pop_time[seen_max] < wprev[2]) seen_max = seen_max + 1;
      while (seen_min < popped && pop_time[seen_min] < wprev[2 + Slack]) seen_min = seen_min + 1;
      ideal = (pushed - seen_max >= Depth);
      slow = (pushed - seen_min >= Depth);
      check_flag("full_o", full);
      if (full) wfull_cycles = wfull_cycles + 1;
      if (push && !full) begin
        push_time[pushed] = $time;
        pushed = pushed + 1;
      end
      if (pushed < Words && (!push || !full)) begin
        wrng = xorshift(wrng);
        push <= (wrng % 100) < PushPct;
        wdata <= word(pushed);
      end else if (pushed >= Words) begin
        push <= 1'b0;
      end
    end
    wprev[3] = wprev[2];
    wprev[2] = wprev[1];
    wprev[1] = $time;
  end

  // Reader: checks empty and the head, then decides whether to pop on the next edge.
  always @(posedge rclk) begin
    if (rrst_n) begin
      // The head is visible once the 2nd (2nd + Slack) rclk edge strictly after its push edge
      // has passed.
      ideal = !(popped < pushed && push_time[popped] < rprev[2]);
      slow = !(popped < pushed && push_time[popped] < rprev[2 + Slack]);
      check_flag("empty_o", empty);
      if (empty) rempty_cycles = rempty_cycles + 1;
      if (!empty && rdata !== word(popped)) begin
        errors_o = errors_o + 1;
        if (errors_o <= 10)
          $display("fifo_async_tb: cfg %0d: at %0t word %0d is %h, expected %h", Id, $time,
                   popped, rdata, word(popped));
      end
      if (pop && !empty) begin
        pop_time[popped] = $time;
        popped = popped + 1;
      end
      rrng = xorshift(rrng);
      pop <= (rrng % 100) < PopPct;
    end
    rprev[3] = rprev[2];
    rprev[2] = rprev[1];
    rprev[1] = $time;
    if (popped == Words && !done_o) begin
      done_o = 1'b1;
      $write("fifo_async_tb: cfg %0d: Depth %0d, wclk %0d ps (+%0d), rclk %0d ps (+%0d), ", Id,
             Depth, WPeriod, WPhase, RPeriod, RPhase);
      $write("push %0d%%, pop %0d%%: %0d words, full %0d wclk cycles, ", PushPct, PopPct, popped,
             wfull_cycles);
      $display("empty %0d rclk cycles, %0d late, %0d errors", rempty_cycles, late_o, errors_o);
    end
  end

endmodule
