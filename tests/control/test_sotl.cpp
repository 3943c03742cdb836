// SOTL: the green ends exactly when the red stage's counter (vehicles near the stop line x time) reaches
// the threshold, once the minimum green has passed.
#include <gtest/gtest.h>

#include "models/control/sotl.hpp"
#include "sim/io/generators.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

// Vehicles on the road's lanes within range_m of the stop line, counted from the lane queues.
std::uint32_t near_stop_line(const Simulation& sim, const std::string& road, double range_m) {
  const Network& net = sim.network();
  const Road& r = net.road(net.find_road(road));
  std::uint32_t n = 0;
  for (LaneId l = r.first_lane; l < r.first_lane + r.lane_count; ++l) {
    const LaneQueue& q = sim.state().lanes[l];
    for (std::uint32_t i = 0; i < q.size(); ++i) n += q[i].pos_m >= net.lane(l).length_m - range_m;
  }
  return n;
}

TEST(Sotl, SwitchesWhenTheCounterReachesTheThreshold) {
  io::SingleIntersectionParams p;
  p.main_rate_vph = 900.0;
  p.side_rate_vph = 400.0;
  p.left_share = p.right_share = 0.0;
  ScenarioSpec spec = io::make_single_intersection(p);
  // East-west traffic cannot leave (its exits are closed), so a queue always stands at its green stop
  // lines and only the threshold rule can end its green. North-south traffic starts after a minute.
  for (const char* road : {"CE", "CW"})
    for (int lane : {0, 1}) spec.events.push_back({0.0, EventKind::close_lane, road, lane, -1.0, 1.0, {}});
  for (FlowSpec& f : spec.flows)
    if (f.from_road == "NC" || f.from_road == "SC") f.profile.front().begin_s = 60.0;
  auto sc = testing::compile(spec);

  SotlOptions o;
  o.threshold_veh_s = 40.0;
  o.min_green_s = 5.0;
  o.platoon_max_veh = 0.0;  // no platoon rule: the threshold alone decides
  auto controller = std::make_unique<SotlController>(*sc, o);
  const SotlController* sotl = controller.get();
  Simulation sim(sc, std::move(controller));

  double kappa = 0.0;  // north-south counter, kept by this test from the lane queues
  int switches = 0, reviews = 0;
  while (sim.now_ms() < 1800 * kMsPerSecond) {
    const SignalState s = sim.state().signals[0];
    TimeMs now = sim.now_ms();
    bool served = (s.interval == SignalInterval::green ? s.stage : s.target) == 1;
    std::uint32_t waiting = near_stop_line(sim, "NC", o.range_m) + near_stop_line(sim, "SC", o.range_m);
    kappa = served ? 0.0 : kappa + waiting * 1.0;  // one-second ticks
    TimeMs green_ms = now - s.green_start_ms;
    bool reviewable = s.interval == SignalInterval::green && s.stage == 0 && green_ms >= 5 * kMsPerSecond &&
                      green_ms < 60 * kMsPerSecond;  // at 60 s the state machine forces the change
    sim.step();
    bool switched = false;
    for (const SignalChange& c : sim.state().events.signal_changes)
      switched = switched || (c.interval != SignalInterval::green && c.target == 1);
    EXPECT_NEAR(sotl->kappa_veh_s(0, 1), kappa, 1e-9) << "at " << now;
    if (reviewable) {
      ++reviews;
      EXPECT_EQ(switched, kappa >= o.threshold_veh_s) << "at " << now << " kappa " << kappa;
    }
    switches += switched;
  }
  EXPECT_GT(switches, 10);
  EXPECT_GT(reviews, 3 * switches);  // the counter was below the threshold most of the time
}

}  // namespace
}  // namespace ampel
