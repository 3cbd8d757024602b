#include "plan/activity.h"

#include <algorithm>

#include "model/partition.h"

namespace rnngen {
namespace {

int64_t& At(EventCounts& c, Event e) { return c[static_cast<size_t>(e)]; }

}  // namespace

std::vector<EventCounts> PredictActivity(const Plan& plan, const Program& program) {
  const int pes = plan.pe_count;
  const size_t num_passes = program.passes.size();
  // Vectors some pass broadcasts live in the store's banks; the output vector also has its own
  // copy, written by the last pass that writes it (ir::BuildDesign's layout).
  std::vector<bool> broadcast(program.vector_sizes.size(), false);
  size_t out_pass = 0;
  for (size_t n = 0; n < num_passes; ++n) {
    for (const Segment& seg : program.passes[n].segments) broadcast[seg.vector] = true;
    if (program.passes[n].dest == program.output) out_pass = n;
  }

  std::vector<EventCounts> out(pes);
  for (int k = 0; k < pes; ++k) {
    const PePlan& pe = plan.pes[k];
    EventCounts& c = out[k];
    c.fill(0);
    const int64_t entries = static_cast<int64_t>(pe.entries.size());
    At(c, Event::kMac) = std::count_if(pe.entries.begin(), pe.entries.end(),
                                       [](const Entry& e) { return e.weight != 0; });
    At(c, Event::kPadMac) = entries - At(c, Event::kMac);
    At(c, Event::kEntryRead) = entries;
    At(c, Event::kAccUpdate) = entries;
    // The count ROM (csc) or the column words (circulant), read for every column.
    At(c, Event::kPtrRead) = plan.encoding->Sparse() || plan.ColWordBits() > 0 ? plan.cols : 0;
    const int64_t useful =
        std::count_if(pe.col_count.begin(), pe.col_count.end(), [](int n) { return n != 0; });
    At(c, Event::kFifoPush) = useful;
    At(c, Event::kFifoPop) = useful;
    for (size_t n = 0; n < num_passes; ++n) {
      const Pass& ps = program.passes[n];
      const int units = pe.units[n];
      At(c, Event::kTableRead) += static_cast<int64_t>(units) * TableReadsPerUnit(ps);
      At(c, Event::kVbufWrite) += (broadcast[ps.dest] ? units : 0) + (n == out_pass ? units : 0);
      // Element i of a stored vector is in bank PeOfUnit(i).
      const int b = plan.unit_block;
      for (const Segment& seg : ps.segments) {
        if (seg.vector != 0) At(c, Event::kVbufRead) += UnitsOfPe(k, seg.size, pes, b);
      }
    }
    // The output stream.
    At(c, Event::kVbufRead) += UnitsOfPe(k, plan.output_size, pes, plan.unit_block);
  }
  return out;
}

}  // namespace rnngen
