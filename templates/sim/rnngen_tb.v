// rnngen_tb: self-checking Verilog-2005 testbench for a generated design, for any simulator.
//
// Streams the input sequences of sim/stimulus.hex into the top at full rate, resetting it before
// each, compares every h_t element with sim/expected.hex (the bit-accurate model's outputs,
// written by rnngen), and checks every step's cycle count against the prediction. It is a
// 4-state check: any X or Z on an output after reset, or on h_data_o while h_valid_o is high,
// fails the run. It also requires each PE's activity counts over the run (sim/rnngen_act_top.v,
// which wraps the design) to equal sim/activity.hex (per step) times the steps run. The design's
// parameters come from sim/tb_config.vh. Run from the design folder, for example
//   iverilog -g2005 -I sim -o tb.vvp sim/rnngen_tb.v $(cat filelist.f) && vvp -n tb.vvp
// The last line printed is "PASS: ..." or "FAIL: ...".
`include "tb_config.vh"
`include "rnngen_act_probe.v"
`include "rnngen_act_top.v"

module rnngen_tb;

  localparam integer In = `RNNGEN_INPUT_SIZE;
  localparam integer Out = `RNNGEN_OUTPUT_SIZE;
  localparam integer Sequences = `RNNGEN_SEQUENCES;
  localparam integer SeqSteps = `RNNGEN_TIMESTEPS;  // per sequence
  localparam integer Steps = Sequences * SeqSteps;
  localparam integer ActBits = `RNNGEN_ACT_BITS;
  localparam integer Limit = (`RNNGEN_MAX_STEP_CYCLES + 4 * (In + Out) + 100) * (SeqSteps + 1);
  localparam integer Counters = `RNNGEN_PES * `RNNGEN_EVENTS;

  reg clk = 1'b0;
  reg rst_n = 1'b0;
  wire x_valid;
  wire [ActBits-1:0] x_data;
  reg h_ready = 1'b1;
  wire x_ready;
  wire h_valid;
  wire [ActBits-1:0] h_data;
  wire h_last;
  wire step_done;
  reg  [31:0] act_sel = 32'd0;
  wire [63:0] act_count;

`ifdef RNNGEN_ISLAND_CLOCKS
  // Voltage islands: one free-running clock each, at its period and phase (sim/tb_config.vh).
  `RNNGEN_ISLAND_CLOCKS
`endif

  // The design, wrapped with its activity counters.
  rnngen_act_top u_dut (
`ifdef RNNGEN_ISLAND_PORTS
    `RNNGEN_ISLAND_PORTS
`endif
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .x_valid_i  (x_valid),
    .x_ready_o  (x_ready),
    .x_data_i   (x_data),
    .h_valid_o  (h_valid),
    .h_ready_i  (h_ready),
    .h_data_o   (h_data),
    .h_last_o   (h_last),
    .step_done_o(step_done),
    .act_sel_i  (act_sel[$clog2(Counters)-1:0]),
    .act_count_o(act_count)
  );

  reg [ActBits-1:0] stimulus [0:In*Steps-1];
  reg [ActBits-1:0] expected [0:Out*Steps-1];

  integer cycle = 0;      // since this sequence's reset ended
  integer run_cycle = 0;  // rising edges since time 0 (at 10 * run_cycle + 5), reset included
  integer x_count = 0;  // x elements accepted
  integer h_count = 0;  // h elements received
  integer done_steps = 0;
  integer mismatches = 0;
  integer x_errors = 0;
  integer protocol_errors = 0;
  integer cycle_errors = 0;
  integer step_start [0:Steps-1];
  integer measured = 0;
  // Cycles of each step of a sequence (sim/step_cycles.hex); with voltage islands, a bound.
  reg [31:0] predicted [0:SeqSteps-1];
  integer last_done = 0;
  integer seq = 0;  // the sequence being streamed
  integer t;
  reg [63:0] act_predicted [0:Counters-1];  // per step (sim/activity.hex)
  reg [63:0] act_want;
  integer act_errors = 0;

  // The array clock's half period: 5 time units, or 5000 (ps) with voltage islands, whose clocks
  // have half periods in whole ps (the time unit is the simulator's default, no `timescale).
`ifdef RNNGEN_HALF_PERIOD
  always #(`RNNGEN_HALF_PERIOD) clk = ~clk;
`else
  always #5 clk = ~clk;
`endif

  // Offer the next x element whenever one is left. The counters that drive the design change
  // with nonblocking assignments, after the design has sampled its inputs at the same edge.
  // x_valid is high from time 0, through reset: the design must ignore it until it is running.
  // The next sequence's inputs wait for the reset that ends this one.
  assign x_valid = (x_count < In * SeqSteps * (seq + 1));
  assign x_data = stimulus[x_valid ? x_count : 0];

  // Mismatches name the step over the run, its sequence and timestep, the element, and the run
  // cycle and time of the rising edge that took the element. The Verilator testbench clocks and
  // counts the same way, so both report the same cycle and time, and its FST (make test TRACE=1)
  // lines up with a dump of this simulation.
  always @(posedge clk) begin
    run_cycle <= run_cycle + 1;
    if (rst_n) begin
      if (^{x_ready, h_valid, h_last, step_done} === 1'bx) begin
        if (x_errors < 5) $display("X on a control output at cycle %0d, t=%0t", run_cycle, $time);
        x_errors = x_errors + 1;
      end
      if (x_valid && x_ready === 1'b1) begin
        if (x_count % In == 0) step_start[x_count / In] = cycle;
        x_count <= x_count + 1;
      end
      if (step_done === 1'b1) begin
        if (done_steps >= Steps || x_count <= done_steps * In) begin
          protocol_errors = protocol_errors + 1;
        end else begin
          // A sequence's first step counts from its first x element, every later one from the
          // step before (steps overlap: x_{t+1} enters while step t still runs).
          measured = (done_steps % SeqSteps == 0) ? cycle - step_start[done_steps] + 1 :
                                                    cycle - last_done;
          last_done = cycle;
`ifdef RNNGEN_STEP_CYCLES_ARE_BOUNDS
          if (measured > predicted[done_steps % SeqSteps]) begin
            if (cycle_errors < 5) begin
              $display("CYCLES step %0d: measured %0d, bound %0d", done_steps, measured,
                       predicted[done_steps % SeqSteps]);
            end
`else
          if (measured != predicted[done_steps % SeqSteps]) begin
            if (cycle_errors < 5) begin
              $display("CYCLES step %0d: measured %0d, predicted %0d", done_steps, measured,
                       predicted[done_steps % SeqSteps]);
            end
`endif
            cycle_errors = cycle_errors + 1;
          end
          done_steps = done_steps + 1;
        end
      end
      if (h_valid === 1'b1 && h_count < Out * Steps) begin
        if (^h_data === 1'bx) begin
          if (x_errors < 5) begin
            $display("X on h_data_o, step %0d (sequence %0d timestep %0d) h[%0d]; h_valid_o at cycle %0d, t=%0t",
                     h_count / Out, h_count / Out / SeqSteps, (h_count / Out) % SeqSteps,
                     h_count % Out, run_cycle, $time);
          end
          x_errors = x_errors + 1;
        end else if (h_data !== expected[h_count]) begin
          if (mismatches < 10) begin
            $display("MISMATCH step %0d (sequence %0d timestep %0d) h[%0d]: rtl %0d, model %0d; h_valid_o at cycle %0d, t=%0t",
                     h_count / Out, h_count / Out / SeqSteps, (h_count / Out) % SeqSteps,
                     h_count % Out, $signed(h_data), $signed(expected[h_count]), run_cycle, $time);
          end
          mismatches = mismatches + 1;
        end
        if (h_last !== (h_count % Out == Out - 1)) protocol_errors = protocol_errors + 1;
        h_count = h_count + 1;
      end
      cycle = cycle + 1;
    end
  end

  initial begin
    $readmemh("sim/stimulus.hex", stimulus);
    $readmemh("sim/expected.hex", expected);
    $readmemh("sim/step_cycles.hex", predicted);
    $readmemh("sim/activity.hex", act_predicted);
    for (t = 0; t < Steps; t = t + 1) step_start[t] = -1;
    for (seq = 0; seq < Sequences && h_count == Out * SeqSteps * seq; seq = seq + 1) begin
      rst_n = 1'b0;
      repeat (`RNNGEN_RESET_CYCLES) @(negedge clk);
      rst_n = 1'b1;
      cycle = 0;
      while (h_count < Out * SeqSteps * (seq + 1) && cycle < Limit) @(negedge clk);
      repeat (`RNNGEN_DRAIN_CYCLES) @(negedge clk);
    end
    if (h_count < Out * Steps) begin
      $display("TIMEOUT after %0d cycles: %0d of %0d h elements", cycle, h_count, Out * Steps);
      mismatches = mismatches + Out * Steps - h_count;
    end
    // Activity: every counter over the run against its prediction per step times the steps.
    // Reset freezes the counters (and keeps the design from taking more x).
    rst_n = 1'b0;
    for (t = 0; t < Counters; t = t + 1) begin
      act_sel = t;
      #1;
      act_want = act_predicted[t] * Steps;
      if (act_count !== act_want) begin
        if (act_errors < 10) begin
          $display("ACTIVITY PE %0d %0s: measured %0d, predicted %0d (%0d per step x %0d steps)",
                   t / `RNNGEN_EVENTS, `RNNGEN_EVENT_NAME(t % `RNNGEN_EVENTS), act_count,
                   act_want, act_predicted[t], Steps);
        end
        act_errors = act_errors + 1;
      end
    end
    if (mismatches == 0 && x_errors == 0 && protocol_errors == 0 && cycle_errors == 0 &&
        act_errors == 0 && done_steps == Steps) begin
      $display("PASS: %s 4-state, bit_exact=true mismatches=0 x_outputs=0 timesteps=%0d cycles_per_step=%0d predicted=%0d activity_counters=%0d",
               `RNNGEN_NAME, Steps, measured, predicted[SeqSteps - 1], Counters);
    end else begin
      $display("FAIL: %s mismatches=%0d x_outputs=%0d protocol_errors=%0d cycle_errors=%0d activity_errors=%0d steps_done=%0d",
               `RNNGEN_NAME, mismatches, x_errors, protocol_errors, cycle_errors, act_errors,
               done_steps);
    end
    $finish;
  end

endmodule
