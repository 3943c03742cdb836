// The frame snapshot, without a window: what would be drawn for a known state.
#include <gtest/gtest.h>

#include <cmath>

#include "models/registry/registry.hpp"
#include "sim/metrics.hpp"
#include "tests/viz/viz_support.hpp"
#include "viz/colors.hpp"
#include "viz/frame.hpp"

namespace ampel::viz {
namespace {

struct Rig {
  std::shared_ptr<const Scenario> sc = testing::single_scenario();
  Simulation sim{sc, make_controller(sc->controller, *sc)};
  ViewLayout layout{*sc->network};
  KpiTracker kpis;
  FrameBuilder builder{layout};
  Frame frame;
  Rig() { sim.add_observer(&kpis); }
  void run_to(double t_s) {
    sim.run_until(seconds_to_ms(t_s));
    builder.build(sim, kpis, frame);
  }
};

bool same(sf::Color a, sf::Color b) {
  return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

TEST(FrameSnapshot, OneGlyphPerVehicleOnItsLaneColouredBySpeed) {
  Rig r;
  r.run_to(600);
  const SimState& s = r.sim.state();
  std::size_t on_lanes = 0;
  for (const LaneQueue& q : s.lanes) on_lanes += q.size();
  ASSERT_GT(on_lanes, 20u);
  EXPECT_EQ(r.frame.vehicles.size(), on_lanes);
  EXPECT_EQ(r.frame.kpis.running, s.running);
  EXPECT_EQ(r.frame.vehicles.size(), s.running);

  // Walk the lanes in the builder's order: each glyph sits on its lane, half a length behind the front.
  std::size_t i = 0, halting = 0;
  Point o = r.layout.origin();
  for (LaneId l = 0; l < s.lanes.size(); ++l)
    for (std::uint32_t k = 0; k < s.lanes[l].size(); ++k, ++i) {
      const LaneVehicle& lv = s.lanes[l][k];
      const VehicleGlyph& g = r.frame.vehicles[i];
      Pose front = r.layout.pose_on_lane(l, lv.pos_m);
      EXPECT_NEAR(g.x + o.x + g.dir_x * lv.length_m / 2, front.at.x, 1e-3);
      EXPECT_NEAR(g.y + o.y + g.dir_y * lv.length_m / 2, front.at.y, 1e-3);
      EXPECT_FLOAT_EQ(g.length_m, lv.length_m);
      EXPECT_TRUE(same(g.color, speed_color(lv.speed_mps, r.frame.full_speed_mps)));
      if (lv.speed_mps <= kHaltingSpeedMps) {
        ++halting;
        EXPECT_TRUE(same(g.color, cividis(0.0))) << "a halting vehicle is drawn at the scale's dark end";
      }
    }
  EXPECT_GT(halting, 0u) << "at a signal some vehicles wait";
}

TEST(FrameSnapshot, QueueBarsMatchTheObservedQueues) {
  Rig r;
  r.run_to(900);
  const SimState& s = r.sim.state();
  const Network& net = *r.sc->network;
  std::size_t expected = 0;
  for (LaneId l = 0; l < net.road_lane_count(); ++l) expected += s.lane_queue_veh[l] > 0;
  ASSERT_GT(expected, 0u);
  ASSERT_EQ(r.frame.queues.size(), expected);
  for (const QueueBar& q : r.frame.queues) {
    EXPECT_FLOAT_EQ(q.length_m, s.lane_queue_m[q.lane]);
    EXPECT_EQ(q.vehicles, s.lane_queue_veh[q.lane]);
  }
}

TEST(FrameSnapshot, SignalHeadsShowTheirLinkState) {
  Rig r;
  const Network& net = *r.sc->network;
  std::size_t signalised = 0;
  for (const Link& l : net.links()) signalised += l.state_slot != kNone;
  ASSERT_EQ(r.layout.signal_heads().size(), signalised);

  // Stage 0 (east-west) is green at the start; after its 30 s green and 3 s yellow, north-south gets green.
  auto head_state = [&](const std::string& from, const std::string& to) {
    RoadId a = net.find_road(from), b = net.find_road(to);
    for (std::size_t h = 0; h < r.layout.signal_heads().size(); ++h) {
      const Link& link = net.link(r.layout.signal_heads()[h].link);
      if (link.from_road == a && link.to_road == b) return r.frame.head_states[h];
    }
    ADD_FAILURE() << "no head for " << from << ">" << to;
    return '?';
  };
  r.run_to(10);
  EXPECT_EQ(head_state("WC", "CE"), 'G');
  EXPECT_EQ(head_state("WC", "CN"), 'g');  // permissive left
  EXPECT_EQ(head_state("SC", "CN"), 'r');
  r.run_to(31.5);
  EXPECT_EQ(head_state("WC", "CE"), 'y');
  r.run_to(45);
  EXPECT_EQ(head_state("WC", "CE"), 'r');
  EXPECT_EQ(head_state("SC", "CN"), 'G');
  for (std::size_t h = 0; h < r.frame.head_states.size(); ++h)
    EXPECT_EQ(r.frame.head_states[h], r.sim.state().link_signal[r.layout.signal_heads()[h].slot]);
}

TEST(FrameSnapshot, KpisAgreeWithTheMetricsCollector) {
  Rig r;
  MetricsCollector metrics(r.sim);
  r.sim.add_observer(&metrics);
  r.run_to(1200);
  metrics.finish(r.sim);
  const Kpis& k = r.frame.kpis;
  EXPECT_EQ(k.arrived, r.sim.state().arrived);
  EXPECT_EQ(k.arrived, metrics.summary().finished.count);
  EXPECT_NEAR(k.mean_delay_s, metrics.summary().finished.delay_s, 1e-9);
  std::uint64_t halting = 0;
  for (std::size_t l = 0; l < r.sc->network->road_lane_count(); ++l) halting += r.sim.state().lane_halting[l];
  EXPECT_EQ(k.halting, halting);
  EXPECT_GT(k.throughput_vph, 1000.0);  // 2,000 veh/h enter the junction in the single scenario
  EXPECT_LT(k.throughput_vph, 3000.0);
  // Over all vehicles: the finished trips' delay and the running vehicles' delay so far, together.
  double loss = metrics.summary().finished.delay_s * static_cast<double>(k.arrived);
  std::uint64_t running = 0;
  for (const VehicleRecord& v : r.sim.state().vehicles)
    if (v.active) loss += v.time_loss_s, ++running;
  EXPECT_EQ(running, k.running);
  EXPECT_NEAR(k.all_delay_s, loss / static_cast<double>(k.arrived + running), 1e-6);
  std::uint64_t queued = 0;
  for (std::size_t l = 0; l < r.sc->network->road_lane_count(); ++l)
    queued += r.sim.state().lane_queue_veh[l];
  EXPECT_EQ(k.queued, queued);
}

TEST(FrameSnapshot, KpisRestartAtAStrategySwitch) {
  Rig r;
  r.run_to(900);
  std::uint64_t before = r.frame.kpis.arrived;
  ASSERT_GT(before, 100u);
  r.kpis.reset(r.sim);
  r.run_to(960);
  const Kpis& k = r.frame.kpis;
  EXPECT_EQ(k.since_ms, seconds_to_ms(900));
  EXPECT_LT(k.arrived, before / 5) << "only the trips finished in the last minute";
  EXPECT_GT(k.arrived, 0u);
  // Delay counted only from the switch on: a minute at most per vehicle.
  EXPECT_LE(k.all_delay_s, 60.0);
  EXPECT_LE(k.mean_delay_s, 60.0);
}

TEST(FrameSnapshot, VehiclesGlideFromTheirPreviousPlace) {
  Rig r;
  r.run_to(300);
  Frame before = r.frame;
  r.run_to(301);
  std::size_t moved = 0;
  for (const VehicleGlyph& g : r.frame.vehicles) {
    double jump = std::hypot(g.x - g.prev_x, g.y - g.prev_y);
    EXPECT_LE(jump, 20.0) << "one second at most ~14 m/s, plus a lane change";
    moved += jump > 1.0;
  }
  EXPECT_GT(moved, 5u);
}

TEST(FrameSnapshot, ClosedLanesAreListed) {
  Rig r;
  LaneId lane = r.sc->network->find_lane("WC_1");
  ASSERT_NE(lane, kNone);
  r.sim.set_lane_closed(lane, true);
  r.run_to(5);
  ASSERT_EQ(r.frame.closed_lanes.size(), 1u);
  EXPECT_EQ(r.frame.closed_lanes[0], lane);
}

}  // namespace
}  // namespace ampel::viz
