// lanes.csv measures the queue at the stop line (docs/metrics.md): a car standing far behind it, just
// inserted at speed 0, neither lengthens queue_max_m nor counts in queue_max_veh.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/registry/registry.hpp"
#include "sim/io/run_output.hpp"
#include "sim/metrics.hpp"
#include "sim/simulation.hpp"
#include "tests/support/run_ampel.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

TEST(QueueOutput, LanesCsvQueueIsThePlatoonAtTheStopLine) {
  ScenarioSpec spec = testing::queue_behind_red();
  spec.time.output_interval_s = 60;  // the first row covers the red with the queue and the late car
  auto sc = testing::compile(spec);
  Simulation sim(sc, make_controller(sc->controller, *sc));
  auto dir = std::filesystem::temp_directory_path() / ("ampel_queue_" + std::to_string(::getpid()));
  io::RunWriter writer(dir, sim);
  MetricsCollector metrics(sim, &writer);
  sim.add_observer(&metrics);
  const Network& net = *sc->network;
  LaneId a = net.road(net.find_road("a")).first_lane;
  bool late_car_halting_far_back = false;
  float platoon_m = 0;  // the four cars' platoon, measured from the vehicles themselves
  while (!sim.finished()) {
    sim.step();
    const LaneQueue& q = sim.state().lanes[a];
    if (sim.now_ms() <= 58'000 && q.size() == 5 && q[4].pos_m < 10 && sim.state().lane_halting[a] == 5)
      late_car_halting_far_back = true;
    if (sim.now_ms() == 58'000)
      platoon_m = static_cast<float>(net.lane(a).length_m - (q[3].pos_m - q[3].length_m));
  }
  // The scene happened: at some observation all five stood still, the fifth 290 m behind the others.
  ASSERT_TRUE(late_car_halting_far_back);
  ASSERT_GT(platoon_m, 25.0f);
  ASSERT_LT(platoon_m, 32.0f);

  metrics.finish(sim);
  writer.finish(sim, metrics.summary(), {});
  std::istringstream csv(testing::slurp(dir / "lanes.csv"));
  std::string line, header;
  std::getline(csv, header);
  ASSERT_EQ(header.rfind("begin_s,end_s,lane,road,queue_mean_veh,queue_max_veh,queue_max_m,", 0), 0u);
  bool seen = false;
  while (std::getline(csv, line)) {
    std::vector<std::string> cell;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cell.push_back(c);
    if (cell[2] != net.lane(a).id || std::stod(cell[0]) != 0.0) continue;
    seen = true;
    EXPECT_EQ(cell[5], "4") << line;
    EXPECT_NEAR(std::stod(cell[6]), platoon_m, 0.3) << line;  // not the 300 m the late car stood back
  }
  EXPECT_TRUE(seen);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ampel
