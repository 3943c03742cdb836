// Every real network in ../shared/data loads with the counts its files hold, compiles, and runs a few
// minutes under every bundled strategy.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/registry/registry.hpp"
#include "sim/io/load.hpp"
#include "sim/simulation.hpp"
#include "tests/io/io_test_util.hpp"

namespace ampel::io {
namespace {

using test::shared_data;

struct RealCase {
  const char* name;
  std::string file;
  std::vector<std::string> routes;
  std::optional<std::string> flow;
  // Expected counts, derived from the files: car lanes only (sidewalks, footpaths and bus-only lanes
  // dropped), connections between kept lanes, CityFlow laneLinks, and vehicles of car classes.
  std::size_t nodes, roads, lanes, links, signals, vehicles;
};

std::vector<RealCase> cases() {
  return {
      {"ingolstadt1",
       shared_data("sumo/resco_ingolstadt1/ingolstadt1.sumocfg"),
       {},
       {},
       8,
       11,
       22,
       18,
       1,
       1716},  // its 17 buses too
      {"hamburg_tavf",
       shared_data("sumo/hamburg_tavf/run_simulation.sumocfg"),
       {},
       {},
       422,
       617,
       1315,
       1503,
       43,
       7098},  // bus lanes kept; the vehicles departing before the config's end (1200 s), as SUMO loads them
      {"hangzhou4x4_sumo",
       shared_data("sumo/hangzhou_4x4_libsignal/hangzhou_4x4_gudang_18041610_1h.sumocfg"),
       {},
       {},
       32,
       80,
       240,
       592,
       16,
       2983},
      {"hangzhou4x4_cityflow",
       shared_data("cityflow/hangzhou_4x4/roadnet_4_4.json"),
       {},
       shared_data("cityflow/hangzhou_4x4/anon_4_4_hangzhou_real.json"),
       32,
       80,
       240,
       576,
       16,
       2983},
      {"hangzhou1x1_cityflow",
       shared_data("cityflow/hangzhou_1x1_real/roadnet.json"),
       {},
       shared_data("cityflow/hangzhou_1x1_real/flow_bc-tyc_18041607.json"),
       5,
       8,
       16,
       16,
       1,
       1848},
      {"grid4_sumo",
       shared_data("bench/grid4/grid.net.xml"),
       {shared_data("bench/grid4/grid.rou.xml")},
       {},
       32,
       80,
       240,
       320,
       16,
       4800},
      {"grid4_cityflow", shared_data("bench/grid4/cf_config.json"), {}, {}, 32, 80, 240, 960, 16, 4800},
      {"grid8_sumo",
       shared_data("bench/grid8/grid.net.xml"),
       {shared_data("bench/grid8/grid.rou.xml")},
       {},
       96,
       288,
       864,
       1280,
       64,
       9600},
      {"grid8_cityflow", shared_data("bench/grid8/cf_config.json"), {}, {}, 96, 288, 864, 3840, 64, 9600},
  };
}

void PrintTo(const RealCase& c, std::ostream* os) {
  *os << c.name;
}

class RealNetwork : public ::testing::TestWithParam<RealCase> {};

TEST_P(RealNetwork, LoadsWithTheFilesCounts) {
  const RealCase& c = GetParam();
  AMPEL_SKIP_WITHOUT(c.file, c.routes.empty() ? "" : c.routes.front(), c.flow.value_or(""));
  LoadOptions o;
  o.route_files = c.routes;
  o.flow_file = c.flow;
  ScenarioSpec spec = load_scenario_file(c.file, o);
  Scenario sc = compile_scenario(spec);
  const Network& net = *sc.network;
  EXPECT_EQ(net.nodes().size(), c.nodes);
  EXPECT_EQ(net.roads().size(), c.roads);
  EXPECT_EQ(net.road_lane_count(), c.lanes);
  EXPECT_EQ(net.links().size(), c.links);
  EXPECT_EQ(net.signals().size(), c.signals);
  EXPECT_EQ(sc.vehicles.size(), c.vehicles);
  // Every signal has a plan and controls links of its junctions.
  std::vector<int> controlled(net.signals().size(), 0);
  for (const Link& l : net.links())
    if (l.signal != kNone) ++controlled[l.signal];
  for (SignalId s = 0; s < net.signals().size(); ++s) {
    EXPECT_FALSE(net.signals()[s].stages.empty()) << net.signals()[s].id;
    EXPECT_GT(controlled[s], 0) << net.signals()[s].id;
  }
}

TEST_P(RealNetwork, EveryStrategyRunsOnIt) {
  const RealCase& c = GetParam();
  AMPEL_SKIP_WITHOUT(c.file, c.routes.empty() ? "" : c.routes.front(), c.flow.value_or(""));
  LoadOptions o;
  o.route_files = c.routes;
  o.flow_file = c.flow;
  ScenarioSpec spec = load_scenario_file(c.file, o);
  spec.time.end_s = spec.time.begin_s + 300;
  auto sc = std::make_shared<const Scenario>(compile_scenario(spec));
  for (const ControllerInfo& info : controller_catalog()) {
    ControllerSpec cs;
    cs.type = info.name;
    Simulation sim(sc, make_controller(cs, *sc));
    sim.run();
    EXPECT_GT(sim.state().inserted, 0u) << info.name;
    EXPECT_GT(sim.state().arrived, 0u) << info.name;
  }
}

INSTANTIATE_TEST_SUITE_P(SharedData, RealNetwork, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RealNetworkNotes, HamburgSaysWhatItLeftOut) {
  AMPEL_SKIP_WITHOUT(shared_data("sumo/hamburg_tavf/run_simulation.sumocfg"));
  ScenarioSpec s = load_scenario_file(shared_data("sumo/hamburg_tavf/run_simulation.sumocfg"));
  auto has = [&](const std::string& part) {
    return std::any_of(s.notes.begin(), s.notes.end(),
                       [&](auto& n) { return n.find(part) != std::string::npos; });
  };
  EXPECT_FALSE(has("vClass bus"));  // its 189 buses run, and stop at its 29 bus stops
  EXPECT_EQ(s.dropped_vehicles, 0u);
  EXPECT_GT(std::count_if(s.vehicles.begin(), s.vehicles.end(), [](auto& v) { return !v.stops.empty(); }), 0);
  EXPECT_DOUBLE_EQ(s.time.end_s, 1200);  // the config's own end
  EXPECT_EQ(s.seed, 121294u);
}

}  // namespace
}  // namespace ampel::io
