// The simulation driver stepped on the test's thread: lockstep panes, commands, the junction panel.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/viz/viz_support.hpp"
#include "viz/sim_driver.hpp"

namespace ampel::viz {
namespace {

TEST(SimDriver, TwoPanesOfTheSameStrategyStayIdentical) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}, {"fixed_time", {}}}, DriverOptions{});
  ASSERT_EQ(d.pane_count(), 2u);
  d.step_now(400);
  auto a = d.frame(0), b = d.frame(1);
  EXPECT_EQ(a->now_ms, seconds_to_ms(400));
  EXPECT_EQ(b->now_ms, a->now_ms);
  ASSERT_GT(a->vehicles.size(), 10u);
  ASSERT_EQ(a->vehicles.size(), b->vehicles.size());
  for (std::size_t i = 0; i < a->vehicles.size(); ++i) {
    EXPECT_EQ(a->vehicles[i].x, b->vehicles[i].x);
    EXPECT_EQ(a->vehicles[i].y, b->vehicles[i].y);
  }
  EXPECT_EQ(a->kpis.arrived, b->kpis.arrived);
}

TEST(SimDriver, ClosesALaneInEveryPaneAndReopensIt) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}, {"fixed_time", {}}}, DriverOptions{});
  LaneId lane = sc->network->find_lane("EC_0");
  d.toggle_lane(lane);
  d.step_now(1);
  for (std::size_t p = 0; p < 2; ++p) {
    ASSERT_EQ(d.frame(p)->closed_lanes.size(), 1u);
    EXPECT_EQ(d.frame(p)->closed_lanes[0], lane);
  }
  d.toggle_lane(lane);
  d.step_now(1);
  EXPECT_TRUE(d.frame(0)->closed_lanes.empty());
  EXPECT_TRUE(d.frame(1)->closed_lanes.empty());
}

TEST(SimDriver, SwitchesStrategyLiveAndReportsAnUnknownOne) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}}, DriverOptions{});
  d.step_now(10);
  d.set_controller(0, "no_such_strategy");
  EXPECT_NE(d.message().find("no_such_strategy"), std::string::npos);
  EXPECT_EQ(d.frame(0)->controller, "fixed_time");
  auto names = d.strategies();
  ASSERT_FALSE(names.empty());
  d.set_controller(0, names.back());
  d.step_now(10);
  EXPECT_TRUE(d.message().empty());
  EXPECT_EQ(d.frame(0)->controller, names.back());
}

TEST(SimDriver, SinglePausesAndStepsOnce) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}}, DriverOptions{});
  d.single_step();
  EXPECT_TRUE(d.paused());
  EXPECT_EQ(d.frame(0)->now_ms, sc->step_ms);
  d.set_speed_index(100);
  EXPECT_EQ(d.speed_index(), kMaxSpeedIndex);
  d.set_speed_index(-5);
  EXPECT_EQ(d.speed_index(), 0);
}

TEST(SimDriver, JunctionPanelHoldsFiveMinutesAndForecasts) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  DriverOptions o;
  o.predictor = "persistence";
  SimDriver d(sc, layout, {{"fixed_time", {}}}, o);
  NodeId c = sc->network->find_node("C");
  d.select_node(c);
  d.set_overlay(true);
  d.advance_to(seconds_to_ms(600));
  auto f = d.frame(0);
  ASSERT_TRUE(f->panel);
  const JunctionPanel& p = *f->panel;
  EXPECT_EQ(p.name, "C");
  ASSERT_EQ(p.stage_names.size(), 2u);
  EXPECT_EQ(p.stage_names[0], "east-west");
  ASSERT_EQ(p.series.phases.size(), 300u);
  ASSERT_EQ(p.series.approaches.size(), 4u);
  // A 52 s green + 10 s clearance cycle: every stage shows green within five minutes.
  bool green[2] = {false, false};
  for (const PhaseSample& s : p.series.phases)
    if (s.interval == SignalInterval::green) green[s.stage] = true;
  EXPECT_TRUE(green[0] && green[1]);
  double crossed = 0;
  for (const auto& a : p.series.crossed)
    for (float v : a) crossed += v;
  EXPECT_GT(crossed, 50.0) << "about 2,000 veh/h cross the junction";

  ASSERT_TRUE(p.arrivals);
  const ArrivalComparison& a = *p.arrivals;
  EXPECT_EQ(a.source, "persistence");
  ASSERT_GE(a.actual_vph.size(), 5u);
  ASSERT_EQ(a.actual_vph.size(), a.predicted_vph.size());
  // Persistence: the forecast for a bin is the bin before it.
  for (std::size_t i = 1; i < a.actual_vph.size(); ++i)
    if (!std::isnan(a.predicted_vph[i])) {
      EXPECT_NEAR(a.predicted_vph[i], a.actual_vph[i - 1], 1e-3);
    }
  EXPECT_FALSE(a.ahead_vph.empty());
  EXPECT_NEAR(a.ahead_vph.front(), a.actual_vph.back(), 1e-3);

  ASSERT_EQ(f->congestion.size(), sc->network->road_lane_count());
  for (float v : f->congestion) EXPECT_TRUE(v >= 0 && v <= 1);
  d.select_node(kNone);
  EXPECT_FALSE(d.frame(0)->panel);
}

}  // namespace
}  // namespace ampel::viz
