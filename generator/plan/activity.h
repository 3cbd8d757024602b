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
// manifest, the testbenches' counters and the report all take names from here.
enum class Event {
  kMac,        // a multiply-accumulate of a stored non-zero weight
  kPadMac,     // a multiply-accumulate of a padding entry (weight 0)
  kEntryRead,  // an entry-memory word read
  kPtrRead,    // a column-pointer (count) read
  kFifoPush,   // an activation written into the PE's FIFO
  kFifoPop,    // an activation taken from it
  kAccUpdate,  // an accumulator row written
  kTableRead,  // an activation-table (sigmoid/tanh) read
  kVbufRead,   // a vector-store read
  kVbufWrite,  // a vector-store write
};
inline constexpr int kEventCount = 10;
inline constexpr std::array<std::string_view, kEventCount> kEventNames = {
    "mac",     "pad_mac",  "entry_read", "ptr_read",  "fifo_push",
    "fifo_pop", "acc_update", "table_read", "vbuf_read", "vbuf_write"};

// Per PE, per step (every step of a sequence does the same work).
using EventCounts = std::array<int64_t, kEventCount>;
std::vector<EventCounts> PredictActivity(const Plan& plan, const Program& program);

}  // namespace rnngen

#endif  // RNNGEN_PLAN_ACTIVITY_H_
