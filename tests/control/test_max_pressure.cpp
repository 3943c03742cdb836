// Max-pressure (Varaiya 2013, PressLight): a movement is one approach lane's links into one exit road, its
// pressure the halting vehicles on the approach lane that take it (plus its share of the vehicles waiting to
// enter at the edge) minus the halting vehicles per exit lane; a stage's pressure the sum over its movements.
// Computed here independently from the lane queues.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "models/control/max_pressure.hpp"
#include "sim/signal_program.hpp"
#include "sim/simulation.hpp"
#include "tests/control/four_stage.hpp"
#include "tests/control/right_turn_phase.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

double stage_pressure(const Simulation& sim, std::uint16_t stage) {
  const Network& net = sim.network();
  const SimState& st = sim.state();
  const Signal& sig = net.signals()[0];
  // (approach lane, exit road) -> exit lanes
  std::map<std::pair<LaneId, RoadId>, std::set<LaneId>> movements;
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    if (!is_green(sig.stages[stage].state[i])) continue;
    for (LinkId l : sig.links_of_index[i])
      movements[{net.link(l).from_lane, net.link(l).to_road}].insert(net.link(l).to_lane);
  }
  double p = 0.0;
  for (const auto& [key, exits] : movements) {
    auto [lane, to] = key;
    const LaneQueue& q = st.lanes[lane];
    for (std::uint32_t k = 0; k < q.size(); ++k) {
      LinkId next = st.vehicles[q[k].vehicle].next_link;
      p += q[k].speed_mps <= kHaltingSpeedMps && next != kNone && net.link(next).from_lane == lane &&
           net.link(next).to_road == to;
    }
    RoadId from = net.lane(lane).road;
    double lanes_to = 0;  // the road's lanes with links into `to`: they share its waiting vehicles
    for (std::uint32_t k = 0; k < net.road(from).lane_count; ++k) {
      const Lane& ln = net.lane(net.road(from).first_lane + k);
      bool any = false;
      for (std::uint32_t x = ln.links_begin; x < ln.links_end; ++x) any = any || net.link(x).to_road == to;
      lanes_to += any;
    }
    double waiting = 0;
    for (const PendingVehicle& v : st.pending[from]) {
      const auto& roads = sim.scenario().routes[v.route].roads;
      waiting += roads.size() > 1 && roads[1] == to;
    }
    p += waiting / lanes_to;
    double out = 0;
    for (LaneId e : exits) out += st.lane_halting[e];
    p -= out / static_cast<double>(exits.size());
  }
  return p;
}

TEST(MaxPressure, PicksTheHighestPressureStage) {
  // Four stages with very different demand: south heaviest, then west, north, east.
  auto sc = testing::compile(testing::four_stage_junction(500.0, 250.0, 120.0, 800.0));
  MaxPressureOptions o;
  o.decision_interval_s = 5.0;
  Simulation sim(sc, std::make_unique<MaxPressureController>(*sc, o));
  int reviews = 0, switches = 0;
  std::set<std::uint16_t> targets;
  while (sim.now_ms() < 1800 * kMsPerSecond) {
    const SignalState s = sim.state().signals[0];
    TimeMs green_ms = sim.now_ms() - s.green_start_ms;
    // Reviews fall at the minimum green (5 s) and every 5 s after it, before the 60 s maximum.
    bool review = s.interval == SignalInterval::green && green_ms >= 5000 && (green_ms - 5000) % 5000 == 0 &&
                  green_ms < 60000;
    std::vector<double> pressure;
    for (std::uint16_t c = 0; c < 4; ++c) pressure.push_back(stage_pressure(sim, c));
    auto pending = [&] {
      std::size_t n = 0;
      for (const auto& q : sim.state().pending) n += q.size();
      return n;
    };
    std::size_t pending_before = pending();
    sim.step();
    // New vehicles are released and enter before the controller looks (step stages 2 and 3): those steps are
    // not comparable.
    if (!review || sim.state().events.inserted > 0 || pending() != pending_before) continue;
    ++reviews;
    double best = *std::max_element(pressure.begin(), pressure.end());
    std::optional<std::uint16_t> target;
    for (const SignalChange& c : sim.state().events.signal_changes)
      if (c.interval != SignalInterval::green || c.stage != s.stage) target = c.target;
    if (target) {
      ++switches;
      targets.insert(*target);
      EXPECT_DOUBLE_EQ(pressure[*target], best) << "at " << sim.now_ms();
      EXPECT_GT(pressure[*target], pressure[s.stage]) << "a switch needs strictly higher pressure";
    } else {
      EXPECT_DOUBLE_EQ(pressure[s.stage], best)
          << "held although another stage had higher pressure, at " << sim.now_ms();
    }
  }
  EXPECT_GT(reviews, 50);
  EXPECT_GT(switches, 20);
  EXPECT_GE(targets.size(), 3u) << "several stages won at different times";
}

TEST(MaxPressure, ReviewsEveryDecisionIntervalOnceTheMinimumGreenIsOver) {
  auto sc = testing::compile(testing::four_stage_junction(500.0, 250.0, 120.0, 800.0));
  MaxPressureOptions o;
  o.decision_interval_s = 12.0;
  MaxPressureController mp(*sc, o);
  // Stages have a 5 s minimum: the first review is at 12 s of green, then 24 s, 36 s.
  for (TimeMs t = 0; t < 40000; t += 1000) {
    bool due = mp.review_due(0, 0, t);
    EXPECT_EQ(due, t == 12000 || t == 24000 || t == 36000) << t;
  }
}

TEST(MaxPressure, ARightTurnOnlyPhaseNeverWinsWhileThroughTrafficWaits) {
  // The program keeps its right-turn-only phase as a stage (it has its own clearances), and the right turns
  // run in every phase; right-turn demand is heavy, so their own queues are long.
  auto sc = testing::compile(testing::right_turn_phase_junction(500.0, 700.0, 3.0, 2.0));
  const Signal& sig = sc->network->signals()[0];
  ASSERT_EQ(sig.stages.size(), 3u);
  ASSERT_EQ(sig.stages[0].name, "rights");
  Simulation sim(sc, std::make_unique<MaxPressureController>(*sc, MaxPressureOptions{}));
  int waiting_steps = 0;
  while (sim.now_ms() < 1800 * kMsPerSecond) {
    sim.step();
    const SignalState& s = sim.state().signals[0];
    bool through_waits = false;
    for (const Link& l : sim.network().links())
      through_waits =
          through_waits || (l.turn == Turn::straight && sim.state().lane_halting[l.from_lane] > 0);
    waiting_steps += through_waits;
    // The start is in stage 0 (the program's first phase); after it, never again.
    if (sim.now_ms() > 10 * kMsPerSecond && through_waits) {
      ASSERT_FALSE(s.stage == 0 && s.interval == SignalInterval::green) << "at " << sim.now_ms();
    }
  }
  EXPECT_GT(waiting_steps, 600) << "through traffic waited often: the test had something to check";
}

}  // namespace
}  // namespace ampel
