// rst_sync_tb: rnngen_rst_sync and rnngen_sync against their header comments. The reset is
// asserted at arbitrary instants (rst_no must fall at once, with no clock edge) and released at
// every offset into the clock period but the edge itself (rst_no must rise exactly on the 2nd
// clock edge strictly after the release); a 4-bit rnngen_sync must hold its ResetValue in reset
// and pass each input change on exactly on the 2nd edge strictly after it. PASS or FAIL last.
`timescale 1ps / 1ps
module rst_sync_tb;

  localparam integer Period = 1000;
  localparam [3:0] ResetValue = 4'b1010;

  reg clk = 1'b0;
  initial forever #(Period / 2) clk = ~clk;  // rising edges at 500, 1500, ...

  reg        arst_n = 1'b0;
  reg  [3:0] d = 4'b0000;
  wire       rst_n;
  wire [3:0] q;

  rnngen_rst_sync u_rst_sync (.clk_i(clk), .rst_ni(arst_n), .rst_no(rst_n));
  rnngen_sync #(.Width(4), .ResetValue(ResetValue)) u_sync (
    .clk_i (clk),
    .rst_ni(arst_n),
    .d_i   (d),
    .q_o   (q)
  );

  integer errors = 0;
  integer trials = 0;
  integer off;
  integer k;

  task fail;
    input [8*64-1:0] what;
    begin
      errors = errors + 1;
      if (errors <= 10) $display("rst_sync_tb: at %0t: %0s", $time, what);
    end
  endtask

  // Wait until just after the next rising edge.
  task after_edge;
    begin
      @(posedge clk);
      #1;
    end
  endtask

  initial begin
    for (off = 1; off < Period; off = off + 37) begin
      // Assert at an arbitrary instant: both go to their reset values at once.
      after_edge;
      #(off % 400 + 10);
      arst_n = 1'b0;
      #1;
      if (rst_n !== 1'b0) fail("rst_no did not fall with rst_ni");
      if (q !== ResetValue) fail("rnngen_sync does not hold ResetValue in reset");
      repeat (2) after_edge;
      if (rst_n !== 1'b0 || q !== ResetValue) fail("reset not held");
      // Release off ps after an edge.
      if (off > 1) #(off - 1);
      arst_n = 1'b1;
      after_edge;  // 1st edge after the release
      if (rst_n !== 1'b0) fail("rst_no rose on the 1st edge after the release");
      after_edge;  // 2nd
      if (rst_n !== 1'b1) fail("rst_no not high after the 2nd edge after the release");
      // Out of reset: input changes reach q on the 2nd edge strictly after them.
      for (k = 0; k < 3; k = k + 1) begin
        #(off % 300 + 1);
        d = d + 4'd3;
        after_edge;
        if (q === d) fail("rnngen_sync passed a change after one edge");
        after_edge;
        if (q !== d) fail("rnngen_sync did not pass a change after two edges");
      end
      trials = trials + 1;
    end
    if (errors == 0) $display("rst_sync_tb: PASS (%0d release offsets)", trials);
    else $display("rst_sync_tb: FAIL (%0d errors)", errors);
    $finish;
  end

endmodule
