// The power-intent and constraint writers (emit/constraints.h) on a hand-built design of two
// islands: file names, clock periods, one power domain per island, level shifters, the crossings,
// and the whole text against tests/constraints/duo.{upf,sdc,xdc}, which the checker test runs
// scripts/check_constraints.tcl on (RNNGEN_UPDATE_GOLDEN=1 rewrites them).
#include "emit/constraints.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rnngen {
namespace {

// Two islands over four PEs; the array clock 200 MHz at 0.9 V.
ir::Design TwoIslands() {
  ir::Design d;
  d.spec_name = "duo";
  d.top = "duo_top";
  d.pe_count = 4;
  d.clock_mhz = 200;
  d.top_vdd = 0.9;
  d.islands = {{"isl0", {0, 2}, 176, 0.85}, {"isl1", {1, 3}, 125, 0.9}};
  return d;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The lines that start with `prefix`.
std::vector<std::string> Starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& line : Lines(text)) {
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  }
  return out;
}

bool Has(const std::string& text, const std::string& line) {
  for (const std::string& l : Lines(text)) {
    if (l == line) return true;
  }
  return false;
}

TEST(Constraints, NoneForOneClockDomain) {
  ir::Design d = TwoIslands();
  d.islands.clear();
  EXPECT_TRUE(ConstraintFiles(d).empty());
}

TEST(Constraints, ThreeFilesNamedAfterTheSpec) {
  const std::vector<ConstraintFile> files = ConstraintFiles(TwoIslands());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].key, "upf");
  EXPECT_EQ(files[0].file, "duo.upf");
  EXPECT_EQ(files[1].key, "sdc");
  EXPECT_EQ(files[1].file, "duo.sdc");
  EXPECT_EQ(files[2].key, "xdc");
  EXPECT_EQ(files[2].file, "duo.xdc");
  EXPECT_EQ(files[0].text, UpfText(TwoIslands()));
  EXPECT_EQ(files[1].text, SdcText(TwoIslands()));
  EXPECT_EQ(files[2].text, XdcText(TwoIslands()));
}

TEST(Constraints, UpfDomainsSuppliesShiftersStates) {
  const std::string upf = UpfText(TwoIslands());
  EXPECT_EQ(Starting(upf, "upf_version ").size(), 1u);
  EXPECT_EQ(Starting(upf, "create_power_domain ").size(), 3u);
  EXPECT_TRUE(Has(upf, "create_power_domain PD_TOP -elements {.}"));
  EXPECT_TRUE(Has(upf, "create_power_domain PD_isl0 -elements {u_island_isl0}"));
  EXPECT_TRUE(Has(upf, "create_power_domain PD_isl1 -elements {u_island_isl1}"));
  EXPECT_TRUE(Has(upf,
                  "set_domain_supply_net PD_isl1 -primary_power_net VDD_isl1 "
                  "-primary_ground_net VSS"));
  for (const char* net : {"VDD", "VDD_isl0", "VDD_isl1", "VSS"}) {
    EXPECT_TRUE(Has(upf, fmt::format("create_supply_net {}", net))) << net;
    EXPECT_TRUE(Has(upf, fmt::format("connect_supply_net {0} -ports {{{0}}}", net))) << net;
  }
  // isl0 is below the array's supply: its inputs shift down, its outputs up; isl1 is at it.
  EXPECT_EQ(Starting(upf, "set_level_shifter ").size(), 4u);
  EXPECT_TRUE(Has(upf,
                  "set_level_shifter LS_isl0_in -domain PD_isl0 -applies_to inputs -rule "
                  "high_to_low -location self"));
  EXPECT_TRUE(Has(upf,
                  "set_level_shifter LS_isl0_out -domain PD_isl0 -applies_to outputs -rule "
                  "low_to_high -location parent"));
  EXPECT_TRUE(Has(upf,
                  "set_level_shifter LS_isl1_in -domain PD_isl1 -applies_to inputs -rule "
                  "both -location self"));
  EXPECT_TRUE(Has(upf, "add_port_state VDD_isl0 -state {on_850mv 0.850}"));
  EXPECT_TRUE(Has(upf, "create_pst PST -supplies {VDD VDD_isl0 VDD_isl1 VSS}"));
  EXPECT_TRUE(Has(upf, "add_pst_state RUN -pst PST -state {on_900mv on_850mv on_900mv gnd}"));
}

TEST(Constraints, SdcClocksAndCrossings) {
  const std::string sdc = SdcText(TwoIslands());
  EXPECT_EQ(Starting(sdc, "create_clock ").size(), 3u);
  EXPECT_TRUE(Has(sdc, "create_clock -name clk_i -period 5.000 [get_ports clk_i]"));
  EXPECT_TRUE(Has(sdc, "create_clock -name clk_isl0_i -period 5.682 [get_ports clk_isl0_i]"));
  EXPECT_TRUE(Has(sdc, "create_clock -name clk_isl1_i -period 8.000 [get_ports clk_isl1_i]"));
  EXPECT_TRUE(Starting(sdc, "set_clock_groups").empty());
  EXPECT_TRUE(Has(sdc,
                  "set_false_path -from [get_ports rst_ni] -through [get_pins "
                  "{u_rst_sync_array/rst_ni u_rst_sync_isl0/rst_ni u_rst_sync_isl1/rst_ni}]"));
  // Five crossings per PE, each with its hold cut.
  EXPECT_EQ(Starting(sdc, "set_max_delay -ignore_clock_latency ").size(), 20u);
  EXPECT_EQ(Starting(sdc, "set_false_path -hold ").size(), 20u);
  // Into the island at its period, out of it at the array's; synchronisers from the sending clock.
  EXPECT_TRUE(Has(sdc,
                  "set_max_delay -ignore_clock_latency 8.000 -from [get_clocks clk_i] -to "
                  "[get_cells {u_xing_3/u_act_fifo/u_sync_wgray/sync_q1*}]"));
  EXPECT_TRUE(Has(sdc,
                  "set_max_delay -ignore_clock_latency 5.000 -from [get_clocks clk_isl0_i] -to "
                  "[get_cells {u_xing_2/u_act_fifo/u_sync_rgray/sync_q1*}]"));
  EXPECT_TRUE(Has(sdc,
                  "set_max_delay -ignore_clock_latency 5.682 -from [get_cells "
                  "{u_xing_2/u_act_fifo/mem*}] -to [get_clocks clk_isl0_i]"));
  EXPECT_TRUE(Has(sdc,
                  "set_max_delay -ignore_clock_latency 5.000 -from [get_clocks clk_isl1_i] -to "
                  "[get_cells {u_xing_1/u_done_sync/sync_q1*}]"));
  EXPECT_TRUE(Has(sdc,
                  "set_max_delay -ignore_clock_latency 5.000 -from [get_cells "
                  "{u_island_isl0/u_mac_0/u_acc_ram/mem*}] -to [get_clocks clk_i]"));
}

TEST(Constraints, XdcIsTheSameInVivadosForm) {
  const std::string sdc = SdcText(TwoIslands()), xdc = XdcText(TwoIslands());
  EXPECT_EQ(Starting(xdc, "create_clock "), Starting(sdc, "create_clock "));
  EXPECT_EQ(Starting(xdc, "set_max_delay -datapath_only ").size(), 20u);
  EXPECT_EQ(Starting(xdc, "set_max_delay ").size(), 20u);
  EXPECT_TRUE(Starting(xdc, "set_false_path -hold").empty());
  EXPECT_TRUE(Starting(xdc, "set_clock_groups").empty());
  EXPECT_TRUE(Has(xdc,
                  "set_max_delay -datapath_only 8.000 -from [get_clocks clk_i] -to [get_cells "
                  "{u_xing_3/u_act_fifo/u_sync_wgray/sync_q1*}]"));
}

// The golden files carry "VERSION" where the text has the generator's version.
TEST(Constraints, GoldenText) {
  const bool update = std::getenv("RNNGEN_UPDATE_GOLDEN") != nullptr &&
                      std::string(std::getenv("RNNGEN_UPDATE_GOLDEN")) == "1";
  for (const ConstraintFile& f : ConstraintFiles(TwoIslands())) {
    std::string text = f.text;
    const std::string version = RNNGEN_VERSION;
    for (size_t at = text.find(version); at != std::string::npos; at = text.find(version, at)) {
      text.replace(at, version.size(), "VERSION");
    }
    const std::string path = std::string(RNNGEN_SOURCE_DIR) + "/tests/constraints/" + f.file;
    if (update) {
      std::ofstream(path) << text;
      continue;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << path;
    std::stringstream golden;
    golden << in.rdbuf();
    EXPECT_EQ(text, golden.str()) << path << " differs (RNNGEN_UPDATE_GOLDEN=1 rewrites it)";
  }
}

}  // namespace
}  // namespace rnngen
