// Lowering: hardware IR -> Verilog AST of the top module. The top holds no logic of its own; it
// names the nets between the controller, the vector store and the PEs, and gives each PE
// instance its memory images, unit count and biases.
#include "emit/lower.h"

#include <fmt/format.h>

#include "emit/codes.h"
#include "model/fixed_point.h"

namespace rnngen {
namespace {

// A packed parameter: value k at bits [k*width +: width], as a concatenation of one sized literal
// per value (highest first). A single literal of thousands of digits is legal Verilog, but some
// tools' scanners cannot take a token that long (Icarus fails above about 16k digits).
vast::Expr* Packed(vast::Module* m, const std::vector<int64_t>& values, int width) {
  const uint64_t mask = width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  std::vector<vast::Expr*> parts;
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    parts.push_back(m->Lit(width, static_cast<uint64_t>(*it) & mask, vast::Radix::kHex));
  }
  return parts.size() == 1 ? parts[0] : m->Concat(std::move(parts));
}

// One field of every pass (or segment), packed.
template <typename T, typename F>
vast::Expr* PackedField(vast::Module* m, const std::vector<T>& items, int width, F field) {
  std::vector<int64_t> values;
  for (const T& item : items) values.push_back(static_cast<int64_t>(field(item)));
  return Packed(m, values, width);
}

template <typename T>
std::vector<int64_t> Flatten(const std::vector<std::vector<T>>& rows) {
  std::vector<int64_t> out;
  for (const auto& row : rows) out.insert(out.end(), row.begin(), row.end());
  return out;
}

// Which half of a PE an instance is: rnngen_pe (both), its MAC engine or its element-wise cell.
enum class PeHalf { kBoth, kMac, kEw };

// A PE's parameters, in rnngen_pe's order, those of `half` only. An element-wise cell may serve
// a group of PEs (`group`, its members in order; one PE otherwise): its per-PE constants are
// theirs, member by member.
void PeParams(vast::Module* m, const ir::Design& d, const std::vector<const ir::PeInstance*>& group,
              vast::Instance* inst, PeHalf half) {
  const bool mac = half != PeHalf::kEw;
  const bool ew = half != PeHalf::kMac;
  const ir::PeInstance& pe = *group.front();
  std::vector<int64_t> units, peep;
  for (const ir::PeInstance* member : group) {
    units.insert(units.end(), member->units.begin(), member->units.end());
    const std::vector<int64_t> p = Flatten(member->peep);
    peep.insert(peep.end(), p.begin(), p.end());
  }
  const auto& passes = d.passes;
  const auto param = [&](bool on, std::string_view name, auto make) {
    if (on) inst->Param(name, make());
  };
  const auto num = [&](int64_t v) { return [m, v] { return m->Int(v); }; };
  param(ew && group.size() > 1, "Group", num(static_cast<int64_t>(group.size())));
  param(mac, "Dense", num(d.encoding->Sparse() ? 0 : 1));
  param(mac, "NumCols", num(d.cols));
  param(true, "NumPasses", num(static_cast<int>(passes.size())));
  param(true, "Rows", num(d.rows));
  param(ew, "MaxUnits", num(d.max_units));
  param(ew, "StateSlots", num(d.state_slots));
  param(true, "WeightBits", num(d.weight_bits));
  param(ew, "WeightFrac", num(d.weight_frac));
  param(true, "ActBits", num(d.act_bits));
  param(ew, "ActFrac", num(d.act_frac));
  param(ew, "StateBits", num(d.state_bits));
  param(ew, "StateFrac", num(d.state_frac));
  param(true, "AccBits", num(d.acc_bits));
  param(mac, "IndexBits", num(d.index_bits));
  param(mac && d.block_bits > 0, "BlockBits", num(d.block_bits));
  param(mac && d.col_word_bits > 0, "WordBits", num(d.col_word_bits));
  param(mac && d.code_bits > 0, "CodeBits", num(d.code_bits));
  param(mac, "EntryDepth", num(d.entry_depth));
  param(mac, "PtrBits", num(d.ptr_bits));
  param(mac, "FifoDepth", num(d.fifo_depth));
  param(mac, "Entries", num(pe.entries));
  param(mac, "EndBits", num(d.end_bits));
  param(ew, "LutBits", num(d.lut_bits));
  param(ew, "AccShift", num(d.acc_shift));
  param(ew, "StateShift", num(d.state_shift));
  param(ew, "HasPeep", num(d.has_peep ? 1 : 0));
  param(ew, "HasGru", num(d.has_gru ? 1 : 0));
  param(mac, "EntryFile", [&] { return m->Str(pe.entry_file); });
  param(mac && !pe.count_file.empty(), "CountFile", [&] { return m->Str(pe.count_file); });
  param(mac, "BiasFile", [&] { return m->Str(pe.bias_file); });
  param(mac && d.code_bits > 0, "CodebookFile", [&] { return m->Str(d.codebook_file); });
  param(ew, "SigFile", [&] { return m->Str(d.sigmoid_file); });
  param(ew, "TanhFile", [&] { return m->Str(d.tanh_file); });
  param(ew, "PassOp",
        [&] { return PackedField(m, passes, kEwOpBits, [](auto& p) { return p.op; }); });
  param(ew, "PassLbr", [&] { return PackedField(m, passes, 1, [](auto& p) { return p.lbr; }); });
  param(ew, "PassAct",
        [&] { return PackedField(m, passes, kHeadActBits, [](auto& p) { return p.act; }); });
  param(ew, "PassStateBase", [&] {
    return PackedField(m, passes, d.slot_bits(), [](auto& p) { return p.state_base; });
  });
  param(ew, "PassUnits", [&] { return Packed(m, units, d.unit_bits()); });
  param(mac && !d.encoding->Sparse(), "PassCount", [&] {
    return Packed(m, std::vector<int64_t>(pe.dense_count.begin(), pe.dense_count.end()),
                  d.ptr_bits);
  });
  param(mac, "PassEnd", [&] { return Packed(m, pe.pass_end, d.end_bits); });
  param(ew && d.has_peep, "Peep", [&] { return Packed(m, peep, d.weight_bits); });
}

// The column broadcast and pass control, as rnngen_pe and rnngen_pe_xing take them.
void ConnectBroadcast(vast::Module* m, vast::Instance* inst, int pe) {
  inst->Connect("bc_col_next_i", m->Id("bc_col_next"))
      ->Connect("bc_fire_i", m->Id("bc_fire"))
      ->Connect("bc_pass_i", m->Id("bc_pass"))
      ->Connect("bc_set_i", m->Id("bc_set"))
      ->Connect("bc_data_i", m->Id("bc_data"))
      ->Connect("bc_ready_o", m->Index(m->Id("pe_ready"), pe))
      ->Connect("acc_init_i", m->Id("acc_init"))
      ->Connect("acc_pass_i", m->Id("acc_pass"))
      ->Connect("acc_set_i", m->Id("acc_set"))
      ->Connect("pe_done_o", m->Index(m->Id("pe_done"), pe))
      ->Connect("ew_pass_i", m->Id("ew_pass"));
}

// The element-wise sequencer's outputs into rnngen_pe, and the PE's result out.
void ConnectElementWise(vast::Module* m, vast::Instance* inst, int pe, int act) {
  inst->Connect("ew_set_i", m->Id("ew_set"))
      ->Connect("ew_seq_i", m->Id("ew_seq"))
      ->Connect("ew_unit_i", m->Id("ew_unit"))
      ->Connect("ew_unit_next_i", m->Id("ew_unit_next"))
      ->Connect("ew_phase_i", m->Id("ew_phase"))
      ->Connect("ew_pro_i", m->Id("ew_pro"))
      ->Connect("h_valid_o", m->Index(m->Id("pe_h_valid"), pe))
      ->Connect("h_data_o", m->IndexedSlice(m->Id("pe_h_data"), pe * act, act));
}

// Width of the FIFO word between rnngen_pe_xing and an island's rnngen_pe_mac.
int XingWordBits(const ir::Design& d) {
  return 2 + d.pass_bits() + d.col_word_bits + d.ptr_bits + d.act_bits;
}
int RowAddrBits(const ir::Design& d) { return d.rows > 1 ? CeilLog2(d.rows) : 1; }

// The array clock domain's reset: synchronised when there are islands.
vast::Identifier* ArrayReset(vast::Module* m, const ir::Design& d) {
  return m->Id(d.islands.empty() ? "rst_ni" : "rst_array_n");
}

// The accumulator row PE k's element-wise cell reads next cycle: its own cell's, or its group's.
std::string EwRowAddr(const ir::Design& d, int k) {
  return d.ew_group == 1 ? fmt::format("ew_row_addr_{}", k)
                         : fmt::format("ew_row_addr_g{}", k / d.ew_group);
}

}  // namespace

std::string IslandModuleName(const ir::Design& d, const ir::Island& island) {
  return fmt::format("{}_island_{}", d.top, island.name);
}

std::unique_ptr<vast::Module> LowerIsland(const ir::Design& d, const ir::Island& island) {
  auto m = std::make_unique<vast::Module>(IslandModuleName(d, island));
  m->AddHeaderComment(fmt::format(
      "{}: voltage island '{}' of {}, the MAC engines of PE{} {} on their own clock (clk_i, "
      "{:g} MHz in the power model). The array side of each PE's crossing is u_xing_<pe> in the "
      "top (rnngen_pe_xing); the element-wise read ports run on clk_ew_i, the array clock.",
      m->name(), island.name, d.top, island.pes.size() == 1 ? "" : "s", fmt::join(island.pes, ", "),
      island.clock_mhz));
  m->AddHeaderComment(fmt::format("Generated by rnngen {} from spec '{}'. Do not edit.",
                                  RNNGEN_VERSION, d.spec_name));
  using vast::Wire;
  auto* clk = m->AddInput("clk_i");
  auto* rst = m->AddInput("rst_ni");
  auto* clk_ew = m->AddInput("clk_ew_i");
  auto* ew_set = m->AddInput("ew_set_i");
  const int ra = RowAddrBits(d);
  for (int k : island.pes) {
    m->AddInput(fmt::format("fifo_head_{}_i", k), Wire(XingWordBits(d)));
    m->AddInput(fmt::format("fifo_empty_{}_i", k));
    m->AddOutput(fmt::format("fifo_pop_{}_o", k));
    m->AddOutput(fmt::format("ret_gray_{}_o", k), Wire(d.done_bits));
    m->AddInput(fmt::format("ew_row_addr_{}_i", k), Wire(ra));
    m->AddOutput(fmt::format("ew_row_{}_o", k), Wire(d.acc_bits));
  }
  std::vector<vast::Expr*> unused;
  for (int k : island.pes) {
    const ir::PeInstance& pe = d.pes[k];
    m->AddBlank();
    m->AddComment(
        fmt::format("===== PE {}: its MAC engine; the broadcast and pass control reach it "
                    "through the FIFO, so those ports are tied off",
                    k));
    unused.push_back(m->AddWire(fmt::format("bc_ready_{}", k)));
    unused.push_back(m->AddWire(fmt::format("pe_done_{}", k)));
    auto* inst = m->AddInstance("rnngen_pe_mac", fmt::format("u_mac_{}", k));
    inst->Param("Async", m->Int(1))->Param("DoneBits", m->Int(d.done_bits));
    PeParams(m.get(), d, {&pe}, inst, PeHalf::kMac);
    inst->Connect("clk_i", clk)
        ->Connect("rst_ni", rst)
        ->Connect("bc_col_next_i", m->Lit(d.col_bits(), 0))
        ->Connect("bc_fire_i", m->Lit(1, 0))
        ->Connect("bc_pass_i", m->Lit(d.pass_bits(), 0))
        ->Connect("bc_set_i", m->Lit(1, 0))
        ->Connect("bc_data_i", m->Lit(d.act_bits, 0))
        ->Connect("bc_ready_o", m->Id(fmt::format("bc_ready_{}", k)))
        ->Connect("acc_init_i", m->Lit(1, 0))
        ->Connect("acc_pass_i", m->Lit(d.pass_bits(), 0))
        ->Connect("acc_set_i", m->Lit(1, 0))
        ->Connect("ew_pass_i", m->Lit(d.pass_bits(), 0))
        ->Connect("ew_seq_i", m->Lit(2, 0))
        ->Connect("pe_done_o", m->Id(fmt::format("pe_done_{}", k)))
        ->Connect("ew_set_i", ew_set)
        ->Connect("ew_row_addr_i", m->Id(fmt::format("ew_row_addr_{}_i", k)))
        ->Connect("ew_row_o", m->Id(fmt::format("ew_row_{}_o", k)))
        ->Connect("clk_ew_i", clk_ew)
        ->Connect("fifo_head_i", m->Id(fmt::format("fifo_head_{}_i", k)))
        ->Connect("fifo_empty_i", m->Id(fmt::format("fifo_empty_{}_i", k)))
        ->Connect("fifo_pop_o", m->Id(fmt::format("fifo_pop_{}_o", k)))
        ->Connect("ret_gray_o", m->Id(fmt::format("ret_gray_{}_o", k)));
  }
  m->AddBlank();
  m->AddWire("unused_tied", {}, m->XorReduce(m->Concat(std::move(unused))));
  return m;
}

namespace {

// A PE of an island in the top: the array side of its crossing (u_xing_<pe>) and its
// element-wise cell (u_ew_<pe>), on the array clock.
void LowerXingPe(vast::Module* m, const ir::Design& d, const ir::Island& island, int k) {
  const int act = d.act_bits;
  const int ra = RowAddrBits(d);
  auto* clk = m->Id("clk_i");
  auto* rst = ArrayReset(m, d);
  const ir::PeInstance& pe = d.pes[k];
  m->AddBlank();
  m->AddComment(fmt::format("===== PE {} (island {}): units {} + {}*u of every pass", k,
                            island.name, k, d.pe_count));
  m->AddWire(fmt::format("fifo_head_{}", k), XingWordBits(d));
  m->AddWire(fmt::format("fifo_empty_{}", k));
  m->AddWire(fmt::format("fifo_pop_{}", k));
  m->AddWire(fmt::format("ret_gray_{}", k), d.done_bits);
  if (d.ew_group == 1) m->AddWire(EwRowAddr(d, k), ra);
  m->AddWire(fmt::format("ew_row_{}", k), d.acc_bits);
  auto* xing = m->AddInstance("rnngen_pe_xing", fmt::format("u_xing_{}", k));
  xing->Param("Dense", m->Int(d.encoding->Sparse() ? 0 : 1))
      ->Param("NumCols", m->Int(d.cols))
      ->Param("NumPasses", m->Int(static_cast<int>(d.passes.size())))
      ->Param("ActBits", m->Int(act))
      ->Param("PtrBits", m->Int(d.ptr_bits));
  if (d.col_word_bits > 0) xing->Param("WordBits", m->Int(d.col_word_bits));
  xing->Param("FifoDepth", m->Int(d.async_fifo_depth))
      ->Param("DoneBits", m->Int(d.done_bits))
      ->Param("StepEvents", m->Int(pe.step_events));
  if (!pe.count_file.empty()) xing->Param("CountFile", m->Str(pe.count_file));
  if (!d.encoding->Sparse()) {
    xing->Param(
        "PassCount",
        Packed(m, std::vector<int64_t>(pe.dense_count.begin(), pe.dense_count.end()), d.ptr_bits));
  }
  xing->Param("PassDone", Packed(m, pe.pass_done, d.done_bits));
  xing->Connect("clk_i", clk)->Connect("rst_ni", rst);
  ConnectBroadcast(m, xing, k);
  xing->Connect("step_done_i", m->Id("step_done_o"))
      ->Connect("island_clk_i", m->Id(fmt::format("clk_{}_i", island.name)))
      ->Connect("island_rst_ni", m->Id(fmt::format("rst_{}_n", island.name)))
      ->Connect("fifo_head_o", m->Id(fmt::format("fifo_head_{}", k)))
      ->Connect("fifo_empty_o", m->Id(fmt::format("fifo_empty_{}", k)))
      ->Connect("fifo_pop_i", m->Id(fmt::format("fifo_pop_{}", k)))
      ->Connect("ret_gray_i", m->Id(fmt::format("ret_gray_{}", k)));
  if (d.ew_group > 1) return;  // its group's cell (LowerEwGroup)
  auto* ew = m->AddInstance("rnngen_pe_ew", fmt::format("u_ew_{}", k));
  PeParams(m, d, {&pe}, ew, PeHalf::kEw);
  ew->Connect("clk_i", clk)
      ->Connect("rst_ni", rst)
      ->Connect("pass_i", m->Id("ew_pass"))
      ->Connect("ew_unit_i", m->Id("ew_unit"))
      ->Connect("ew_unit_next_i", m->Id("ew_unit_next"))
      ->Connect("ew_member_i", m->Lit(1, 0))
      ->Connect("ew_member_next_i", m->Lit(1, 0))
      ->Connect("ew_phase_i", m->Id("ew_phase"))
      ->Connect("ew_pro_i", m->Id("ew_pro"))
      ->Connect("row_addr_o", m->Id(fmt::format("ew_row_addr_{}", k)))
      ->Connect("row_i", m->Id(fmt::format("ew_row_{}", k)))
      ->Connect("h_valid_o", m->Index(m->Id("pe_h_valid"), k))
      ->Connect("h_data_o", m->IndexedSlice(m->Id("pe_h_data"), k * act, act));
}

// A PE on the array clock whose element-wise cell is its group's: its MAC engine alone.
void LowerMacPe(vast::Module* m, const ir::Design& d, int k) {
  const ir::PeInstance& pe = d.pes[k];
  m->AddBlank();
  m->AddComment(
      fmt::format("===== PE {}: units {} + {}*u of every pass; its element-wise cell is "
                  "group {}'s",
                  k, k, d.pe_count, k / d.ew_group));
  m->AddWire(fmt::format("ew_row_{}", k), d.acc_bits);
  auto* pop = m->AddWire(fmt::format("fifo_pop_{}", k));
  auto* gray = m->AddWire(fmt::format("ret_gray_{}", k), 2);
  auto* inst = m->AddInstance("rnngen_pe_mac", fmt::format("u_mac_{}", k));
  PeParams(m, d, {&pe}, inst, PeHalf::kMac);
  inst->Connect("clk_i", m->Id("clk_i"))->Connect("rst_ni", ArrayReset(m, d));
  ConnectBroadcast(m, inst, k);
  inst->Connect("ew_seq_i", m->Id("ew_seq"))
      ->Connect("ew_set_i", m->Id("ew_set"))
      ->Connect("ew_row_addr_i", m->Id(EwRowAddr(d, k)))
      ->Connect("ew_row_o", m->Id(fmt::format("ew_row_{}", k)))
      ->Connect("clk_ew_i", m->Id("clk_i"))
      ->Connect("fifo_head_i", m->Lit(XingWordBits(d), 0))
      ->Connect("fifo_empty_i", m->Lit(1, 1))
      ->Connect("fifo_pop_o", pop)
      ->Connect("ret_gray_o", gray);
  m->AddWire(fmt::format("unused_island_{}", k), {}, m->XorReduce(m->Concat({pop, gray})));
}

// Group g's element-wise cell (array.ew_group > 1): one rnngen_pe_ew for PEs gG .. gG + G-1, on
// the array clock, reading each member's accumulators (ew_row_<pe>) and writing each member's
// vector-store bank.
void LowerEwGroup(vast::Module* m, const ir::Design& d, int g) {
  const int group = d.ew_group, act = d.act_bits;
  std::vector<const ir::PeInstance*> members;
  std::vector<vast::Expr*> rows;
  for (int k = g * group; k < (g + 1) * group; ++k) members.push_back(&d.pes[k]);
  for (int k = (g + 1) * group - 1; k >= g * group; --k) {
    rows.push_back(m->Id(fmt::format("ew_row_{}", k)));
  }
  m->AddBlank();
  m->AddComment(
      fmt::format("===== Element-wise cell of group {}: PEs {} to {}, unit by unit in turn", g,
                  g * group, (g + 1) * group - 1));
  auto* h_data = m->AddWire(fmt::format("h_data_g{}", g), act);
  auto* ew = m->AddInstance("rnngen_pe_ew", fmt::format("u_ew_g{}", g));
  PeParams(m, d, members, ew, PeHalf::kEw);
  ew->Connect("clk_i", m->Id("clk_i"))
      ->Connect("rst_ni", ArrayReset(m, d))
      ->Connect("pass_i", m->Id("ew_pass"))
      ->Connect("ew_unit_i", m->Id("ew_unit"))
      ->Connect("ew_unit_next_i", m->Id("ew_unit_next"))
      ->Connect("ew_member_i", m->Id("ew_member"))
      ->Connect("ew_member_next_i", m->Id("ew_member_next"))
      ->Connect("ew_phase_i", m->Id("ew_phase"))
      ->Connect("ew_pro_i", m->Id("ew_pro"))
      ->Connect("row_addr_o", m->Id(EwRowAddr(d, g * group)))
      ->Connect("row_i", m->Concat(std::move(rows)))
      ->Connect("h_valid_o", m->Slice(m->Id("pe_h_valid"), (g + 1) * group - 1, g * group))
      ->Connect("h_data_o", h_data);
  for (int k = g * group; k < (g + 1) * group; ++k) {
    m->AddAssign(m->IndexedSlice(m->Id("pe_h_data"), k * act, act), h_data);
  }
}

// The islands' instances, each on its clock and reset.
void LowerIslandInstances(vast::Module* m, const ir::Design& d) {
  auto* clk = m->Id("clk_i");
  if (d.AllPesInIslands()) {
    m->AddBlank();
    m->AddComment("The element-wise sequencer's step number: the crossings count steps themselves");
    m->AddWire("unused_ew_seq", {}, m->XorReduce(m->Id("ew_seq")));
  }
  for (const ir::Island& island : d.islands) {
    m->AddBlank();
    m->AddComment(fmt::format("===== Island {}: PE{} {}", island.name,
                              island.pes.size() == 1 ? "" : "s", fmt::join(island.pes, ", ")));
    auto* inst = m->AddInstance(IslandModuleName(d, island), "u_island_" + island.name);
    inst->Connect("clk_i", m->Id(fmt::format("clk_{}_i", island.name)))
        ->Connect("rst_ni", m->Id(fmt::format("rst_{}_n", island.name)))
        ->Connect("clk_ew_i", clk)
        ->Connect("ew_set_i", m->Id("ew_set"));
    for (int k : island.pes) {
      inst->Connect(fmt::format("fifo_head_{}_i", k), m->Id(fmt::format("fifo_head_{}", k)))
          ->Connect(fmt::format("fifo_empty_{}_i", k), m->Id(fmt::format("fifo_empty_{}", k)))
          ->Connect(fmt::format("fifo_pop_{}_o", k), m->Id(fmt::format("fifo_pop_{}", k)))
          ->Connect(fmt::format("ret_gray_{}_o", k), m->Id(fmt::format("ret_gray_{}", k)))
          ->Connect(fmt::format("ew_row_addr_{}_i", k), m->Id(EwRowAddr(d, k)))
          ->Connect(fmt::format("ew_row_{}_o", k), m->Id(fmt::format("ew_row_{}", k)));
    }
  }
}

}  // namespace

std::unique_ptr<vast::Module> LowerTop(const ir::Design& d) {
  using vast::Wire;
  auto m = std::make_unique<vast::Module>(d.top);
  m->AddHeaderComment(
      fmt::format("{}: sparse recurrent array, {} PEs, {} pass{} a step, input "
                  "{}, output {}.",
                  d.top, d.pe_count, d.passes.size(), d.passes.size() == 1 ? "" : "es",
                  d.input_size, d.output_size));
  m->AddHeaderComment(fmt::format("Generated by rnngen {} from spec '{}'. Do not edit.",
                                  RNNGEN_VERSION, d.spec_name));
  m->AddHeaderComment(
      "Streams: x_t enters as input_size elements (x_valid_i/x_ready_o), the step's output leaves "
      "as output_size elements (h_valid_o/h_ready_i, h_last_o on the last). See "
      "docs/interface.md.");

  for (const ir::Port& p : d.ports) {
    if (p.output) {
      m->AddOutput(p.name, Wire(p.width));
    } else {
      m->AddInput(p.name, Wire(p.width));
    }
  }
  const int act = d.act_bits;
  const int pes = d.pe_count;
  const int len_bits = d.col_bits() + 1;

  m->AddComment("===== Broadcast and step control");
  // One bit per PE; [0:0] rather than a scalar so that pe_ready[0] stays legal with one PE.
  const vast::Width per_pe = pes == 1 ? vast::Width::Range(m->Int(0), m->Int(0)) : pes;
  auto* pe_ready = m->AddWire("pe_ready", per_pe);
  auto* pe_done = m->AddWire("pe_done", per_pe);
  auto* pe_h_valid = m->AddWire("pe_h_valid", per_pe);
  auto* pe_h_data = m->AddWire("pe_h_data", pes * act);
  auto* bc_fire = m->AddWire("bc_fire");
  auto* bc_col_next = m->AddWire("bc_col_next", d.col_bits());
  auto* bc_data = m->AddWire("bc_data", act);
  auto* bc_pass = m->AddWire("bc_pass", d.pass_bits());
  auto* bc_set = m->AddWire("bc_set");
  auto* rd_bank = m->AddWire("rd_bank", d.bank_bits());
  auto* rd_row = m->AddWire("rd_row", d.row_bits());
  auto* rd_src = m->AddWire("rd_src", d.pass_bits());
  auto* rd_data = m->AddWire("rd_data", act);
  auto* acc_init = m->AddWire("acc_init");
  auto* acc_pass = m->AddWire("acc_pass", d.pass_bits());
  auto* acc_set = m->AddWire("acc_set");
  auto* ew_pass = m->AddWire("ew_pass", d.pass_bits());
  auto* ew_set = m->AddWire("ew_set");
  auto* ew_seq = m->AddWire("ew_seq", 2);
  auto* ew_unit = m->AddWire("ew_unit", d.unit_bits());
  auto* ew_unit_next = m->AddWire("ew_unit_next", d.unit_bits());
  auto* ew_member = m->AddWire("ew_member", d.member_bits());
  auto* ew_member_next = m->AddWire("ew_member_next", d.member_bits());
  auto* ew_res_unit = m->AddWire("ew_res_unit", d.unit_bits());
  auto* ew_phase = m->AddWire("ew_phase", 2);
  auto* ew_pro = m->AddWire("ew_pro");
  auto* out_busy = m->AddWire("out_busy");
  auto* clk = m->Id("clk_i");
  auto* rst = ArrayReset(m.get(), d);
  const auto& passes = d.passes;

  if (!d.islands.empty()) {
    m->AddBlank();
    m->AddComment("===== Resets: asserted with rst_ni, released in step with each domain's clock");
    const auto rst_sync = [&](std::string_view inst, std::string_view clock,
                              const std::string& out) {
      m->AddWire(out);
      m->AddInstance("rnngen_rst_sync", inst)
          ->Connect("clk_i", m->Id(clock))
          ->Connect("rst_ni", m->Id("rst_ni"))
          ->Connect("rst_no", m->Id(out));
    };
    rst_sync("u_rst_sync_array", "clk_i", "rst_array_n");
    for (const ir::Island& i : d.islands) {
      rst_sync("u_rst_sync_" + i.name, fmt::format("clk_{}_i", i.name), "rst_" + i.name + "_n");
    }
  }
  const auto& segs = d.segments;

  m->AddBlank();
  auto* ctrl = m->AddInstance("rnngen_ctrl", "u_ctrl")
                   ->Param("NumCols", m->Int(d.cols))
                   ->Param("NumSegs", m->Int(static_cast<int>(segs.size())))
                   ->Param("NumPasses", m->Int(static_cast<int>(passes.size())))
                   ->Param("MaxUnits", m->Int(d.max_units))
                   ->Param("PeCount", m->Int(pes));
  if (d.block_bits > 0) ctrl->Param("BlockBits", m->Int(d.block_bits));
  ctrl->Param("Group", m->Int(d.ew_group))
      ->Param("ActBits", m->Int(act))
      ->Param("RowBits", m->Int(d.row_bits()))
      ->Param("SegLen", PackedField(m.get(), segs, len_bits, [](auto& s) { return s.size; }))
      ->Param("SegRow", PackedField(m.get(), segs, d.row_bits(), [](auto& s) { return s.row; }))
      ->Param("SegIsX", PackedField(m.get(), segs, 1, [](auto& s) { return s.is_x; }))
      ->Param("SegEnd", PackedField(m.get(), segs, 1, [](auto& s) { return s.pass_end; }))
      ->Param("SegDep", PackedField(m.get(), segs, 1, [](auto& s) { return s.dep; }))
      ->Param("SegSrc", PackedField(m.get(), segs, d.pass_bits(), [](auto& s) { return s.src; }))
      ->Param("PassSpu", PackedField(m.get(), passes, 3, [](auto& p) { return p.spu; }))
      ->Param("PassStart", PackedField(m.get(), passes, 2, [](auto& p) { return p.start; }))
      ->Param("PassUnits",
              PackedField(m.get(), passes, d.unit_bits(), [](auto& p) { return p.max_units; }))
      ->Param("PassInit", PackedField(m.get(), passes, 1, [](auto& p) { return p.init; }))
      ->Connect("clk_i", clk)
      ->Connect("rst_ni", rst)
      ->Connect("x_valid_i", m->Id("x_valid_i"))
      ->Connect("x_ready_o", m->Id("x_ready_o"))
      ->Connect("x_data_i", m->Id("x_data_i"))
      ->Connect("rd_bank_o", rd_bank)
      ->Connect("rd_row_o", rd_row)
      ->Connect("rd_src_o", rd_src)
      ->Connect("rd_data_i", rd_data)
      ->Connect("pe_ready_i", pe_ready)
      ->Connect("pe_done_i", pe_done)
      ->Connect("out_busy_i", out_busy)
      ->Connect("bc_fire_o", bc_fire)
      ->Connect("bc_col_next_o", bc_col_next)
      ->Connect("bc_pass_o", bc_pass)
      ->Connect("bc_set_o", bc_set)
      ->Connect("bc_data_o", bc_data)
      ->Connect("acc_init_o", acc_init)
      ->Connect("acc_pass_o", acc_pass)
      ->Connect("acc_set_o", acc_set)
      ->Connect("ew_pass_o", ew_pass)
      ->Connect("ew_set_o", ew_set)
      ->Connect("ew_seq_o", ew_seq)
      ->Connect("ew_unit_o", ew_unit)
      ->Connect("ew_unit_next_o", ew_unit_next)
      ->Connect("ew_member_o", ew_member)
      ->Connect("ew_member_next_o", ew_member_next)
      ->Connect("ew_res_unit_o", ew_res_unit)
      ->Connect("ew_phase_o", ew_phase)
      ->Connect("ew_pro_o", ew_pro)
      ->Connect("step_done_o", m->Id("step_done_o"));

  m->AddBlank();
  m->AddComment("===== Vector store and the output stream");
  auto* vbuf = m->AddInstance("rnngen_vbuf", "u_vbuf")
                   ->Param("NumPasses", m->Int(static_cast<int>(passes.size())))
                   ->Param("PeCount", m->Int(pes));
  if (d.block_bits > 0) vbuf->Param("BlockBits", m->Int(d.block_bits));
  vbuf->Param("MaxUnits", m->Int(d.max_units))
      ->Param("ActBits", m->Int(act))
      ->Param("BankDepth", m->Int(d.bank_depth))
      ->Param("RowBits", m->Int(d.row_bits()))
      ->Param("OutSize", m->Int(d.output_size))
      ->Param("OutDepth", m->Int(d.out_depth))
      ->Param("OutPass", m->Int(d.out_pass))
      ->Param("DestRow",
              PackedField(m.get(), passes, d.row_bits(), [](auto& p) { return p.dest_row; }))
      ->Param("DestStore", PackedField(m.get(), passes, 1, [](auto& p) { return p.stored; }))
      ->Connect("clk_i", clk)
      ->Connect("rst_ni", rst)
      ->Connect("pe_valid_i", pe_h_valid)
      ->Connect("pe_data_i", pe_h_data)
      ->Connect("ew_pass_i", ew_pass)
      ->Connect("res_unit_i", ew_res_unit)
      ->Connect("step_done_i", m->Id("step_done_o"))
      ->Connect("rd_bank_i", rd_bank)
      ->Connect("rd_row_i", rd_row)
      ->Connect("rd_src_i", rd_src)
      ->Connect("rd_data_o", rd_data)
      ->Connect("out_busy_o", out_busy)
      ->Connect("out_valid_o", m->Id("h_valid_o"))
      ->Connect("out_ready_i", m->Id("h_ready_i"))
      ->Connect("out_data_o", m->Id("h_data_o"))
      ->Connect("out_last_o", m->Id("h_last_o"));

  if (d.ew_group == 1) {
    m->AddWire("unused_ew_member", {}, m->XorReduce(m->Concat({ew_member, ew_member_next})));
  }
  // Each group's cell names its members' next accumulator row (declared before the MAC engines
  // that read it).
  for (int k = 0; d.ew_group > 1 && k < pes; k += d.ew_group) {
    m->AddWire(EwRowAddr(d, k), RowAddrBits(d));
  }
  // A PE on the array clock is one rnngen_pe; a PE of an island is split between the top and
  // its island's instance; a PE whose element-wise cell is its group's is its MAC engine.
  for (const ir::PeInstance& pe : d.pes) {
    const int island = d.IslandOf(pe.index);
    if (island >= 0) {
      LowerXingPe(m.get(), d, d.islands[island], pe.index);
      continue;
    }
    if (d.ew_group > 1) {
      LowerMacPe(m.get(), d, pe.index);
      continue;
    }
    m->AddBlank();
    m->AddComment(
        fmt::format("===== PE {}: units {} + {}*u of every pass", pe.index, pe.index, pes));
    auto* inst = m->AddInstance("rnngen_pe", fmt::format("u_pe_{}", pe.index));
    PeParams(m.get(), d, {&pe}, inst, PeHalf::kBoth);
    inst->Connect("clk_i", clk)->Connect("rst_ni", rst);
    ConnectBroadcast(m.get(), inst, pe.index);
    ConnectElementWise(m.get(), inst, pe.index, act);
  }
  for (int g = 0; d.ew_group > 1 && g < pes / d.ew_group; ++g) LowerEwGroup(m.get(), d, g);
  if (!d.islands.empty()) LowerIslandInstances(m.get(), d);
  return m;
}

}  // namespace rnngen
