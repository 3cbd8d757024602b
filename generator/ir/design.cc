#include "ir/design.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/fixed_point.h"
#include "model/partition.h"
#include "power/islands.h"

namespace rnngen::ir {
namespace {

uint64_t TwosComplement(int64_t v, int width) {
  const uint64_t mask = width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  return static_cast<uint64_t>(v) & mask;
}

}  // namespace

int Design::col_bits() const { return std::max(1, CeilLog2(cols)); }
int Design::pass_bits() const { return std::max(1, CeilLog2(static_cast<int64_t>(passes.size()))); }
int Design::unit_bits() const { return CeilLog2(max_units + 1); }
int Design::member_bits() const { return std::max(1, CeilLog2(ew_group)); }
int Design::slot_bits() const { return std::max(1, CeilLog2(state_slots)); }
int Design::bank_bits() const { return std::max(1, CeilLog2(pe_count)); }
int Design::row_bits() const { return std::max(1, CeilLog2(bank_depth)); }

int Design::IslandOf(int pe) const {
  for (size_t i = 0; i < islands.size(); ++i) {
    if (std::find(islands[i].pes.begin(), islands[i].pes.end(), pe) != islands[i].pes.end()) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool Design::HasWholePe() const { return ew_group == 1 && !AllPesInIslands(); }

bool Design::AllPesInIslands() const {
  if (islands.empty()) return false;
  for (const PeInstance& pe : pes) {
    if (IslandOf(pe.index) < 0) return false;
  }
  return true;
}

int64_t Design::StepCyclesBound(int64_t predicted) const {
  if (islands.empty()) return predicted;
  // r: array clock periods per period of the slowest island. Its MAC work (at most all of the
  // step's single-clock cycles) stretches by r; each pass adds its crossings once
  // (power/islands.h).
  double r = 1;
  for (const Island& i : islands) r = std::max(r, clock_mhz / i.clock_mhz);
  const auto passes_ = static_cast<int64_t>(passes.size());
  return static_cast<int64_t>(std::ceil(r * static_cast<double>(predicted))) +
         passes_ * (kXingArrayCyclesPerPass +
                    static_cast<int64_t>(std::ceil(kXingIslandCyclesPerPass * r)));
}

Design BuildDesign(const Spec& spec, const Model& model, const Plan& plan,
                   std::vector<Island> islands, double clock_mhz, double top_vdd) {
  const Spec::Arithmetic& a = spec.arithmetic;
  const Program& prog = model.quant;
  Design d;
  d.spec_name = spec.name;
  d.clock_mhz = clock_mhz;
  d.top_vdd = top_vdd;
  if (islands.size() > 1) {
    for (Island& i : islands) {
      if (OwnClock(i.clock_mhz, clock_mhz)) d.islands.push_back(std::move(i));
    }
  }
  d.top = spec.name + "_top";
  d.encoding = plan.encoding;
  d.input_size = plan.input_size;
  d.output_size = plan.output_size;
  d.cols = plan.cols;
  d.pe_count = plan.pe_count;
  d.max_units = plan.max_units;
  d.rows = plan.rows;
  d.state_slots = plan.state_slots;
  d.fifo_depth = plan.fifo_depth;
  d.ew_group = plan.ew_group;
  d.weight_bits = a.weight.bits;
  d.weight_frac = a.weight.frac;
  d.act_bits = a.activation.bits;
  d.act_frac = a.activation.frac;
  d.state_bits = a.state.bits;
  d.state_frac = a.state.frac;
  d.acc_bits = a.accumulator_bits;
  d.index_bits = spec.sparsity.index_bits;
  d.code_bits = plan.code_bits;
  d.lut_bits = a.lut_bits;
  d.acc_shift = prog.acc_shift();
  d.state_shift = prog.state_shift();
  d.entry_depth = plan.entry_depth;
  d.ptr_bits = plan.ptr_bits;
  d.block_bits = CeilLog2(plan.unit_block);
  d.col_word_bits = plan.ColWordBits();
  d.end_bits = plan.end_bits;

  // Vector store: the vectors some pass broadcasts, in program order, each from a row of its own
  // in every bank (element i in bank PeOfUnit(i), so PE k's results all go to bank k). The output
  // vector has a copy of its own, read by the output stream.
  const int pes = plan.pe_count;
  const size_t vectors = prog.vector_sizes.size();
  std::vector<bool> broadcast(vectors, false);
  std::vector<int> writer(vectors, 0);
  for (size_t n = 0; n < prog.passes.size(); ++n) {
    for (const Segment& seg : prog.passes[n].segments) broadcast[seg.vector] = true;
    writer[prog.passes[n].dest] = static_cast<int>(n);
  }
  std::vector<int> row(vectors, 0);
  for (size_t v = 1; v < vectors; ++v) {
    d.store_size += prog.vector_sizes[v];
    if (broadcast[v]) {
      row[v] = d.bank_depth;
      d.bank_depth += MaxUnitsPerPe(prog.vector_sizes[v], pes, plan.unit_block);
    }
  }
  d.out_pass = writer[prog.output];
  d.out_depth = plan.passes[d.out_pass].max_units;
  const size_t num_passes = prog.passes.size();
  for (size_t n = 0; n < num_passes; ++n) {
    const Pass& ps = prog.passes[n];
    const int prev_dest = prog.passes[(n + num_passes - 1) % num_passes].dest;
    PassInfo pi;
    pi.op = static_cast<int>(ps.op);
    pi.lbr = ps.reset_after;
    pi.act = static_cast<int>(ps.act);
    pi.spu = StepsPerUnit(ps.op);
    pi.start = pi.spu - EwPrologue(ps.op);
    pi.max_units = plan.passes[n].max_units;
    pi.init = ps.init;
    pi.state_base = plan.passes[n].state_base;
    pi.dest_size = ps.units;
    pi.stored = broadcast[ps.dest];
    pi.dest_row = row[ps.dest];
    d.has_peep = d.has_peep || !ps.peep.empty();
    d.has_gru = d.has_gru || ps.op == EwOp::kGru;
    d.passes.push_back(pi);
    for (size_t k = 0; k < ps.segments.size(); ++k) {
      const Segment& seg = ps.segments[k];
      const bool is_x = seg.vector == 0;
      d.segments.push_back({seg.size, is_x, is_x ? 0 : row[seg.vector], k + 1 == ps.segments.size(),
                            seg.vector == prev_dest, is_x ? 0 : writer[seg.vector]});
    }
  }

  d.ports = {
      {"clk_i", false, 1, "clock, rising edge"},
      {"rst_ni", false, 1, "asynchronous reset, active low"},
  };
  for (const Island& i : d.islands) {
    d.ports.push_back(
        {fmt::format("clk_{}_i", i.name), false, 1,
         fmt::format("clock of island {}, rising edge, asynchronous to clk_i", i.name)});
  }
  d.ports.insert(d.ports.end(),
                 {
                     {"x_valid_i", false, 1, "x_t element valid"},
                     {"x_ready_o", true, 1, "x_t element accepted when valid and ready"},
                     {"x_data_i", false, d.act_bits, "x_t element, activation format"},
                     {"h_valid_o", true, 1, "output element valid"},
                     {"h_ready_i", false, 1, "output element taken when valid and ready"},
                     {"h_data_o", true, d.act_bits, "output element, activation format"},
                     {"h_last_o", true, 1, "last element of the step's output"},
                     {"step_done_o", true, 1, "one-cycle pulse: the step's output is complete"},
                 });

  const int lut_entries = 1 << d.lut_bits;
  d.sigmoid_file = spec.name + "_sigmoid.hex";
  d.tanh_file = spec.name + "_tanh.hex";
  MemoryImage sig{d.sigmoid_file, "sigmoid LUT", d.act_bits, lut_entries, {}};
  MemoryImage tnh{d.tanh_file, "tanh LUT", d.act_bits, lut_entries, {}};
  for (int k = 0; k < lut_entries; ++k) {
    sig.words.push_back(TwosComplement(prog.tables.sigmoid[k], d.act_bits));
    tnh.words.push_back(TwosComplement(prog.tables.tanh[k], d.act_bits));
  }
  d.memories.push_back(std::move(sig));
  d.memories.push_back(std::move(tnh));

  const int entry_width = plan.EntryBits();
  const int bias_row_bits = CeilLog2(d.rows);
  if (d.code_bits > 0) {
    d.codebook_file = spec.name + "_codebook.hex";
    MemoryImage book{d.codebook_file,
                     "codebooks (weight by pass and code)",
                     d.weight_bits,
                     static_cast<int>(plan.codebooks.size()) << d.code_bits,
                     {}};
    for (const std::vector<int64_t>& pass : plan.codebooks) {
      for (int64_t v : pass) book.words.push_back(TwosComplement(v, d.weight_bits));
    }
    d.memories.push_back(std::move(book));
  }
  for (int k = 0; k < d.pe_count; ++k) {
    const PePlan& pp = plan.pes[k];
    PeInstance pe;
    pe.index = k;
    pe.units = pp.units;
    pe.bias = pp.bias;
    pe.peep = pp.peep;
    pe.entries = static_cast<int64_t>(pp.entries.size());
    pe.pass_end = PassEnds(plan, k);
    for (size_t n = 0; n < prog.passes.size(); ++n) {
      pe.dense_count.push_back(RowsPerUnit(prog.passes[n].op) * pp.units[n]);
    }
    pe.entry_file = fmt::format("{}_pe{}_entries.hex", spec.name, k);
    MemoryImage entries{
        pe.entry_file, fmt::format("PE {} weights", k), entry_width, d.entry_depth, {}, true};
    for (const Entry& e : d.col_word_bits > 0 ? pp.stored : pp.entries) {
      uint64_t word =
          d.code_bits > 0 ? static_cast<uint64_t>(e.code) : TwosComplement(e.weight, d.weight_bits);
      word |= static_cast<uint64_t>(e.index) << plan.value_bits;  // 0 without a row field
      if (e.first) word |= uint64_t{1} << (entry_width - 1);
      entries.words.push_back(word);
    }
    entries.words.resize(d.entry_depth, 0);
    d.memories.push_back(std::move(entries));
    pe.bias_file = fmt::format("{}_pe{}_bias.hex", spec.name, k);
    MemoryImage bias{pe.bias_file,
                     fmt::format("PE {} accumulator biases", k),
                     d.acc_bits,
                     static_cast<int>(pp.bias.size()) << bias_row_bits,
                     {}};
    for (const std::vector<int64_t>& pass : pe.bias) {
      for (int r = 0; r < (1 << bias_row_bits); ++r) {
        bias.words.push_back(r < d.rows ? TwosComplement(pass[r], d.acc_bits) : 0);
      }
    }
    d.memories.push_back(std::move(bias));
    if (d.encoding->Sparse()) {
      pe.count_file = fmt::format("{}_pe{}_colcount.hex", spec.name, k);
      MemoryImage count{
          pe.count_file, fmt::format("PE {} entries per column", k), d.ptr_bits, d.cols, {}, true};
      for (int n : pp.col_count) count.words.push_back(static_cast<uint64_t>(n));
      d.memories.push_back(std::move(count));
    } else if (d.col_word_bits > 0) {
      pe.count_file = fmt::format("{}_pe{}_colword.hex", spec.name, k);
      MemoryImage words{pe.count_file,
                        fmt::format("PE {} column words {{first, quad, d0, base}}", k),
                        d.col_word_bits,
                        d.cols,
                        {},
                        true};
      const int abits = plan.EntryAddrBits();
      for (const CirculantColumn& c : pp.circ_cols) {
        words.words.push_back(uint64_t{c.first} << (d.col_word_bits - 1) |
                              uint64_t{c.quad} << (d.col_word_bits - 2) |
                              static_cast<uint64_t>(c.d0) << abits | static_cast<uint64_t>(c.base));
      }
      d.memories.push_back(std::move(words));
    }
    d.pes.push_back(std::move(pe));
  }
  d.leaf_cells = {"rnngen_act_index", "rnngen_col_count", "rnngen_ctrl",    "rnngen_dec_circ",
                  "rnngen_dec_list",  "rnngen_fifo",      "rnngen_mac",     "rnngen_mux",
                  "rnngen_pe",        "rnngen_pe_ew",     "rnngen_pe_mac",  "rnngen_ram",
                  "rnngen_ram_2c",    "rnngen_requant",   "rnngen_rom",     "rnngen_vbuf"};
  if (!d.HasWholePe()) {
    d.leaf_cells.erase(std::find(d.leaf_cells.begin(), d.leaf_cells.end(), "rnngen_pe"));
  }
  if (!d.islands.empty()) {
    int64_t most = 0;
    for (PeInstance& pe : d.pes) {
      int64_t tokens = 0;
      for (size_t p = 0; p < d.passes.size(); ++p) {
        if (p > 0 && d.passes[p].init) ++tokens;
        pe.pass_done.push_back(pe.pass_end[p] + tokens);
      }
      pe.step_events = pe.entries + tokens + (d.passes[0].init ? 1 : 0);
      most = std::max(most, pe.step_events);
    }
    // The count may run two steps ahead of the element-wise sequencer (rnngen_pe_xing).
    d.done_bits = std::max(2, CeilLog2(4 * most + 1));
    // Deep enough that a slot comes back to the writer (about 6 array cycles at equal clocks,
    // docs/cdc.md) before the writer runs out: a column per cycle at full rate.
    d.async_fifo_depth = 8;
    while (d.async_fifo_depth < d.fifo_depth) d.async_fifo_depth *= 2;
    d.leaf_cells.insert(d.leaf_cells.end(), {"rnngen_fifo_async", "rnngen_pe_xing", "rnngen_rst_sync",
                                             "rnngen_sync"});
  }
  std::sort(d.leaf_cells.begin(), d.leaf_cells.end());
  return d;
}

std::vector<std::string> Verify(const Design& d) {
  std::vector<std::string> problems;
  auto check = [&](bool ok, std::string what) {
    if (!ok) problems.push_back(std::move(what));
  };
  check(static_cast<int>(d.pes.size()) == d.pe_count, "PE instance count");
  check(d.acc_shift >= 0 && d.state_shift >= 0, "LUT index shifts must be >= 0");
  check(d.acc_bits > d.weight_bits + d.act_bits - 1, "accumulator narrower than a product");
  for (const MemoryImage& m : d.memories) {
    check(static_cast<int>(m.words.size()) == m.depth, m.file + ": word count != depth");
    check(m.width >= 1 && m.width <= 64, m.file + ": width out of range");
    for (uint64_t w : m.words) {
      if (m.width < 64 && (w >> m.width) != 0) {
        check(false, m.file + ": word wider than the memory");
        break;
      }
    }
  }
  check(d.rows % 4 == 0 && d.rows >= 4, "accumulator rows must be a positive multiple of 4");
  check(EwGroupFits(d.ew_group, std::max(1, d.pe_count)),
        "element-wise group: a power of two dividing the PE count");
  check(d.state_slots >= 1, "a network has at least one state bank");
  int stored = 0;
  const int pes = std::max(1, d.pe_count);
  auto bank_rows = [&](int size) { return MaxUnitsPerPe(size, pes, 1 << d.block_bits); };
  for (const PassInfo& p : d.passes) {
    check(!p.stored || p.dest_row + bank_rows(p.dest_size) <= d.bank_depth,
          "pass writes beyond the store's banks");
    check(p.max_units <= d.max_units, "pass unit count");
    // Unit u of PE k is element GlobalUnit(k, u): bank k, row dest_row + u.
    check(p.max_units == bank_rows(p.dest_size), "pass units are not its vector's bank rows");
    stored += p.dest_size;
  }
  check(stored == d.store_size, "every store element is written by exactly one pass");
  check(d.bank_depth >= 1, "some pass broadcasts a stored vector");
  // The output copy is written by the last pass: its element-wise phase waits for the stream.
  check(!d.passes.empty() && d.out_pass + 1 == static_cast<int>(d.passes.size()),
        "the output vector is the last pass's");
  check(!d.passes.empty() && d.passes.back().dest_size == d.output_size &&
            d.out_depth == bank_rows(d.output_size),
        "output copy geometry");
  int seg_cols = 0;
  for (const SegmentInfo& s : d.segments) {
    seg_cols += s.size;
    if (s.is_x) continue;
    const bool src_ok = s.src >= 0 && s.src < static_cast<int>(d.passes.size());
    check(src_ok, "segment source pass");
    if (!src_ok) continue;
    const PassInfo& w = d.passes[s.src];
    // A segment is a whole stored vector from element 0 (the controller starts it at bank 0).
    check(w.stored && w.dest_row == s.row && w.dest_size == s.size,
          "segment is not its writer's whole stored vector");
  }
  check(seg_cols == d.cols, "segments cover the broadcast columns");
  for (const PeInstance& pe : d.pes) {
    check(pe.bias.size() == d.passes.size() && pe.units.size() == d.passes.size(),
          "per-pass PE data");
    for (const auto& rows : pe.bias) {
      check(static_cast<int>(rows.size()) == d.rows, "bias length");
      for (int64_t b : rows) {
        check(b >= MinSigned(d.acc_bits) && b <= MaxSigned(d.acc_bits), "bias exceeds accumulator");
      }
    }
    for (size_t n = 0; n < pe.units.size(); ++n) {
      check(pe.units[n] >= 0 && pe.units[n] <= d.passes[n].max_units, "PE unit count");
    }
  }
  if (!d.islands.empty()) {
    std::vector<int> owner(d.pe_count, -1);
    for (size_t i = 0; i < d.islands.size(); ++i) {
      for (int pe : d.islands[i].pes) {
        const bool in_range = pe >= 0 && pe < d.pe_count;
        check(in_range && owner[pe] < 0, "every PE in at most one island");
        if (in_range) owner[pe] = static_cast<int>(i);
      }
    }
    for (const Island& i : d.islands) {
      check(!i.pes.empty() && i.clock_mhz > 0 && OwnClock(i.clock_mhz, d.clock_mhz),
            "an island has PEs and a clock below the array's");
    }
  }
  return problems;
}

}  // namespace rnngen::ir
