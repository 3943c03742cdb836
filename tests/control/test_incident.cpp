// The bundled incident scenario is the generated grid plus one lane closure, and the closure option
// rejects malformed input.
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/load.hpp"
#include "sim/io/scenario_json.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

TEST(Incident, BundledFileIsTheGridWithOneLaneClosure) {
  ScenarioSpec expected = io::make_grid({});
  io::add_lane_closure(expected, io::parse_lane_closure("C3B3:1:3300:1200", "--incident"));
  std::string path = testing::source_path("scenarios/incident/scenario.json");
  EXPECT_EQ(io::scenario_to_json(io::load_scenario_json(path)).dump(), io::scenario_to_json(expected).dump())
      << "regenerate: ampel generate grid --incident C3B3:1:3300:1200 --out scenarios/incident/scenario.json";

  Scenario sc =
      compile_scenario(io::load_scenario_file(testing::source_path("scenarios/incident/scenario.json")));
  ASSERT_EQ(sc.events.size(), 2u);  // the closure and its reopening
  EXPECT_EQ(sc.events[0].kind, EventKind::close_lane);
  EXPECT_EQ(sc.events[0].at_ms, 3300 * kMsPerSecond);
  EXPECT_EQ(sc.events[1].kind, EventKind::open_lane);
  EXPECT_EQ(sc.events[1].at_ms, 4500 * kMsPerSecond);
  EXPECT_EQ(sc.events[0].lane, sc.network->find_lane("C3B3_1"));
}

TEST(Incident, MalformedClosuresAreRejected) {
  for (const char* bad : {"C3B3:1:3300", "C3B3:x:3300:1200", "C3B3:1:3300:0", ":1:3300:1200", "C3B3:-1:0:60",
                          "C3B3:1:3300:20min"}) {
    EXPECT_THROW(io::parse_lane_closure(bad, "--incident"), InputError) << bad;
  }
  io::LaneClosure c = io::parse_lane_closure("A0B0:0:60.5:120", "--incident");
  EXPECT_EQ(c.road, "A0B0");
  EXPECT_EQ(c.lane, 0);
  EXPECT_EQ(c.at_s, 60.5);
  EXPECT_EQ(c.duration_s, 120.0);
}

}  // namespace
}  // namespace ampel
