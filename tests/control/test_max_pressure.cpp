// Max-pressure: at every review the signal goes to the stage of highest pressure (upstream minus
// downstream vehicles over its links), computed here independently from the lane queues.
#include <gtest/gtest.h>

#include <set>

#include "models/control/max_pressure.hpp"
#include "sim/simulation.hpp"
#include "tests/control/four_stage.hpp"
#include "tests/support/scenarios.hpp"

namespace ampel {
namespace {

// Sum over the stage's green links of (vehicles on the approach lane taking that link) - (vehicles on
// the exit lane).
double stage_pressure(const Simulation& sim, std::uint16_t stage) {
  const Network& net = sim.network();
  const Signal& sig = net.signals()[0];
  double p = 0.0;
  for (std::uint32_t i = 0; i < sig.link_count; ++i) {
    char c = sig.stages[stage].state[i];
    if (c != 'G' && c != 'g') continue;
    for (LinkId l : sig.links_of_index[i]) {
      const Link& link = net.link(l);
      const LaneQueue& up = sim.state().lanes[link.from_lane];
      for (std::uint32_t k = 0; k < up.size(); ++k) p += sim.state().vehicles[up[k].vehicle].next_link == l;
      p -= sim.state().lanes[link.to_lane].size();
    }
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
    sim.step();
    // New vehicles enter before the controller looks (step stage 3): those steps are not comparable.
    if (!review || sim.state().events.inserted > 0) continue;
    ++reviews;
    double best = *std::max_element(pressure.begin(), pressure.end());
    std::optional<std::uint16_t> target;
    for (const SignalChange& c : sim.state().events.signal_changes)
      if (c.interval != SignalInterval::green || c.stage != s.stage) target = c.target;
    if (target) {
      ++switches;
      targets.insert(*target);
      EXPECT_EQ(pressure[*target], best) << "at " << sim.now_ms();
      EXPECT_GT(pressure[*target], pressure[s.stage]) << "a switch needs strictly higher pressure";
    } else {
      EXPECT_EQ(pressure[s.stage], best)
          << "held although another stage had higher pressure, at " << sim.now_ms();
    }
  }
  EXPECT_GT(reviews, 50);
  EXPECT_GT(switches, 20);
  EXPECT_GE(targets.size(), 3u) << "several stages won at different times";
}

}  // namespace
}  // namespace ampel
