// Activity: how often each PE does each thing that costs energy, per step. The schedule does not
// depend on data, so these counts are exact; both testbenches count them in simulation and
// require them equal to this prediction, and the power model (power/) prices them.
#ifndef RNNGEN_PLAN_ACTIVITY_H_
#define RNNGEN_PLAN_ACTIVITY_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/program.h"
#include "plan/plan.h"

namespace rnngen {

// One place for the event list: spec keys (power.energy_pj.<name>), the energy table, the
// manifest, the testbenches' counters and the report all take names from here. Each event is
// one RTL strobe of PE k (or of its bank of the vector store), counted on a rising edge out of
// reset by the testbenches' probes (templates/sim/rnngen_act_probe.v, wired to the design by the
// generated sim/rnngen_act_top.v). The ROMs have no read enable: they are clocked every cycle,
// and a "read" here is one whose word is used.
enum class Event {
  kMac,        // rnngen_pe_mac s1_valid_q with a non-zero weight: a MAC of a stored weight
  kPadMac,     // s1_valid_q with weight 0: csc padding entries, dense zero weights
  kEntryRead,  // `issue`: the entry ROM word read for the next MAC (= mac + pad_mac)
  kPtrRead,    // csc: bc_fire_i, the column count ROM word used for a fired column (dense: 0)
  kFifoPush,   // u_act_fifo do_push: a fired column with entries in this PE
  kFifoPop,    // u_act_fifo do_pop
  kAccUpdate,  // an accumulator RAM write (u_acc_ram we_i, one per MAC, padding included)
  kTableRead,  // a sigmoid or tanh ROM read the element-wise schedule uses (rnngen_pe_ew header),
               // counted for owned units only: lstm 5, gru 3, gru_reset 1, dense sigmoid/tanh 1
  kVbufRead,   // bank k of rnngen_vbuf: a broadcast read of a stored element (ctrl fire on a
               // store segment, bank k) plus an output-stream read (out_fire, bank k)
  kVbufWrite,  // bank k of rnngen_vbuf: a write to the broadcast bank (we) plus one to the
               // output copy (out_we); a unit of a pass whose vector is both does two
};
inline constexpr int kEventCount = 10;
inline constexpr std::array<std::string_view, kEventCount> kEventNames = {
    "mac",     "pad_mac",  "entry_read", "ptr_read",  "fifo_push",
    "fifo_pop", "acc_update", "table_read", "vbuf_read", "vbuf_write"};

// Per PE, per step. The schedule is the same every step, and everything a step starts finishes
// within the sequence (its output stream included), so over a sequence of T steps each counter
// ends at exactly T times these; the testbenches compare run totals.
using EventCounts = std::array<int64_t, kEventCount>;
std::vector<EventCounts> PredictActivity(const Plan& plan, const Program& program);

}  // namespace rnngen

#endif  // RNNGEN_PLAN_ACTIVITY_H_
