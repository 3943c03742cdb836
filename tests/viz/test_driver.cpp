// The simulation driver stepped on the test's thread: lockstep panes, commands, the junction panel.
#include <gtest/gtest.h>

#include <cmath>

#include "models/control/predictive.hpp"
#include "sim/error.hpp"
#include "sim/io/load.hpp"
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
  // The pane says what ran before and since when; its figures count from the switch.
  EXPECT_EQ(d.frame(0)->previous_controller, "fixed_time");
  EXPECT_EQ(d.frame(0)->switched_ms, seconds_to_ms(10));
  EXPECT_EQ(d.frame(0)->kpis.since_ms, seconds_to_ms(10));
}

TEST(SimDriver, AfterASwitchEachPaneKeepsItsOwnLabelAndFigures) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}, {"max_pressure", {}}}, DriverOptions{});
  d.step_now(600);
  std::uint64_t right_before = d.frame(1)->kpis.arrived;
  d.set_controller(0, "max_pressure");  // now both panes run max_pressure
  d.step_now(60);
  auto l = d.frame(0), r = d.frame(1);
  EXPECT_EQ(l->controller, "max_pressure");
  EXPECT_EQ(l->previous_controller, "fixed_time");
  EXPECT_TRUE(r->previous_controller.empty()) << "the right pane was not switched";
  EXPECT_EQ(r->switched_ms, -1);
  EXPECT_LT(l->kpis.arrived, r->kpis.arrived) << "left counts from the switch, right from the start";
  EXPECT_GT(r->kpis.arrived, right_before);
}

TEST(SimDriver, ClosuresAreListedWithTimeAndWho) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}}, DriverOptions{});
  d.step_now(30);
  LaneId lane = sc->network->find_lane("NC_0");
  d.toggle_lane(lane);
  d.step_now(5);
  const auto& c = d.frame(0)->closures;
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].lane, lane);
  EXPECT_TRUE(c[0].by_user);
  EXPECT_EQ(c[0].since_ms, seconds_to_ms(30));
  EXPECT_EQ(c[0].name, "NC (lane 1 of 2 from the right)");
}

TEST(SimDriver, VehicleAndLanePanelsFollowTheirSubject) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  SimDriver d(sc, layout, {{"fixed_time", {}}}, DriverOptions{});
  d.step_now(120);
  const VehicleGlyph g = d.frame(0)->vehicles.front();
  d.select(Selection::vehicle(g.source, g.seq));
  d.step_now(2);
  auto f = d.frame(0);
  ASSERT_TRUE(f->vehicle_panel);
  EXPECT_TRUE(f->vehicle_panel->in_network);
  EXPECT_EQ(f->vehicle_panel->name, d.simulation(0).vehicle_name(g.source, g.seq));
  ASSERT_GE(f->selected_vehicle, 0);
  EXPECT_EQ(f->vehicles[static_cast<std::size_t>(f->selected_vehicle)].seq, g.seq);
  EXPECT_FALSE(f->panel);

  LaneId lane = sc->network->find_lane("WC_0");
  d.select(Selection::road_lane(lane));
  d.step_now(300);
  f = d.frame(0);
  ASSERT_TRUE(f->lane_panel);
  EXPECT_FALSE(f->vehicle_panel);
  const LanePanel& lp = *f->lane_panel;
  EXPECT_EQ(lp.id, "WC_0");
  EXPECT_DOUBLE_EQ(lp.watched_s, 300.0);
  EXPECT_GT(lp.exited, 20u);
  EXPECT_EQ(lp.queue_veh, d.simulation(0).state().lane_queue_veh[lane]);
}

TEST(SimDriver, PredictivePaneShowsTheControllersOwnForecast) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  DriverOptions o;
  o.horizon_s = 900;  // further than the controller looks: the overlay says how far it shows
  SimDriver d(sc, layout, {{"predictive", {}}}, o);
  d.set_overlay(true);
  d.advance_to(seconds_to_ms(900));
  auto f = d.frame(0);
  const auto* ctrl = dynamic_cast<const PredictiveController*>(&d.simulation(0).controller());
  ASSERT_NE(ctrl, nullptr);
  ASSERT_NE(ctrl->predictor(), nullptr);
  EXPECT_EQ(f->forecast_source.rfind(
                "the predictive controller's " + ctrl->predictor()->name() + ", which looks", 0),
            0u)
      << f->forecast_source;
  EXPECT_LT(f->forecast_horizon_s, 900.0);
  EXPECT_GE(f->forecast_horizon_s, 60.0);
  ASSERT_EQ(f->forecast_queue_m.size(), sc->network->road_lane_count());
  double shown = 0;
  for (LaneId l = 0; l < sc->network->road_lane_count(); ++l) {
    double own = std::min(ctrl->predictor()->forecast(l, f->forecast_horizon_s).queue_veh * 7.5,
                          sc->network->lane(l).length_m);
    EXPECT_NEAR(f->forecast_queue_m[l], own, 1e-3) << sc->network->lane(l).id;
    shown += f->forecast_queue_m[l];
  }
  EXPECT_GT(shown, 0.0) << "a signal at peak has queues to forecast";
}

TEST(SimDriver, TimeSpaceDiagramRecordsTheRoute) {
  auto sc = testing::single_scenario();
  ViewLayout layout(*sc->network);
  DriverOptions o;
  o.route = {"WC", "CE"};
  SimDriver d(sc, layout, {{"fixed_time", {}}}, o);
  EXPECT_TRUE(d.has_route());
  d.step_now(300);
  auto f = d.frame(0);
  ASSERT_TRUE(f->time_space);
  const TimeSpaceData& ts = *f->time_space;
  ASSERT_EQ(ts.route->roads.size(), 2u);
  ASSERT_EQ(ts.route->stops.size(), 1u);  // the signal at C
  const Network& net = *sc->network;
  EXPECT_NEAR(ts.route->stops[0].at_m, net.road(net.find_road("WC")).length_m, 1e-9);
  EXPECT_GT(ts.traces.size(), 20u);
  EXPECT_EQ(ts.signal_states[0].size(), 300u);
  // Trajectories run forward along the route and stand still only at the stop line (red) or behind it.
  for (const auto& trace : ts.traces)
    for (std::size_t i = 1; i < trace.size(); ++i) EXPECT_GE(trace[i].s_m, trace[i - 1].s_m - 1e-3);
}

// The diagram's signal bars and its trajectories are one record: no vehicle crosses a stop line of the route
// while its bar shows red (beyond the last yellow second: a state is sampled at the end of its second), and a
// line that starts just past a stop line on red belongs to a vehicle that joined from a side street, which is
// flagged (and drawn faint), whatever the strategy.
TEST(SimDriver, TimeSpaceTrajectoriesCrossStopLinesOnlyOffRed) {
  ScenarioSpec spec =
      io::load_scenario_file(std::string(AMPEL_SOURCE_DIR) + "/scenarios/grid4x4/scenario.json");
  spec.time.end_s = 1300;
  auto sc = std::make_shared<const Scenario>(compile_scenario(spec));
  ViewLayout layout(*sc->network);
  DriverOptions o;
  o.route = {"A1B1", "B1C1", "C1D1"};
  for (const char* strategy : {"fixed_time", "predictive"}) {
    SimDriver d(sc, layout, {{strategy, {}}}, o);
    d.step_now(1200);
    const TimeSpaceData& ts = *d.frame(0)->time_space;
    ASSERT_EQ(ts.joined.size(), ts.traces.size());
    std::size_t crossings = 0, joined_on_red = 0;
    for (std::size_t k = 0; k < ts.route->stops.size(); ++k) {
      const double at = ts.route->stops[k].at_m;
      const auto& states = ts.signal_states[k];
      auto state_at = [&](float t_s) {
        auto i = static_cast<std::size_t>(std::lround(t_s - ts.t0_s));
        return i < states.size() ? states[i] : '?';
      };
      for (std::size_t n = 0; n < ts.traces.size(); ++n) {
        const auto& trace = ts.traces[n];
        for (std::size_t i = 1; i < trace.size(); ++i) {
          // Moving over the line (a vehicle standing at it creeps a few micrometres in float rounding).
          if (!(trace[i - 1].s_m < at - 0.05f && trace[i].s_m >= at)) continue;
          ++crossings;
          if (state_at(trace[i].t_s) == 'r') {
            EXPECT_EQ(state_at(trace[i].t_s - 1), 'y')
                << strategy << ": crossed on red at t=" << trace[i].t_s;
          }
        }
        const double past = trace.front().s_m - at;
        if (past > 0 && past < 40 && trace.front().t_s > ts.t0_s + 1 && state_at(trace.front().t_s) == 'r') {
          EXPECT_TRUE(ts.joined[n]) << strategy << ": a line starts past stop " << k
                                    << " on red, t=" << trace.front().t_s;
          joined_on_red += ts.joined[n];
        }
      }
    }
    EXPECT_GT(crossings, 50u) << strategy;
    EXPECT_GT(joined_on_red, 5u) << strategy << ": side-street vehicles turn in while the route has red";
  }
}

TEST(SimDriver, RouteRoadsMustFollowEachOther) {
  auto sc = testing::single_scenario();
  const Network& net = *sc->network;
  EXPECT_THROW(route_from_ids(net, {"WC", "nope"}), InputError);
  EXPECT_THROW(route_from_ids(net, {"WC", "WC"}), InputError);
  // The arterial through WC runs straight on to CE.
  RoutePath p = arterial_through(net, net.find_road("WC"));
  ASSERT_EQ(p.roads.size(), 2u);
  EXPECT_EQ(net.road(p.roads[1]).id, "CE");
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
  EXPECT_EQ(p.id, "C");
  EXPECT_EQ(p.name, "C");  // the single intersection's roads have no street names
  ASSERT_EQ(p.stage_names.size(), 2u);
  // What each stage releases, by approach side and turn (the east-west stage first).
  EXPECT_EQ(p.stage_names[0], "E \u2190\u2191\u2192  W \u2190\u2191\u2192");
  EXPECT_EQ(p.stage_names[1], "N \u2190\u2191\u2192  S \u2190\u2191\u2192");
  // Per approach: named by side, flow and delay over the window, a level of service.
  ASSERT_EQ(p.approaches.size(), 4u);
  double flow = 0;
  for (const ApproachRow& a : p.approaches) {
    EXPECT_NE(a.name.find(" from "), std::string::npos) << a.name;
    EXPECT_GT(a.flow_vph, 100.0) << a.name;
    EXPECT_GT(a.delay_s, 0.0) << a.name;
    EXPECT_NE(a.los, '-') << a.name;
    flow += a.flow_vph;
  }
  EXPECT_NEAR(p.total.flow_vph, flow, 1e-6);
  EXPECT_DOUBLE_EQ(p.window_s, 600.0);
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

  ASSERT_EQ(f->forecast_queue_m.size(), sc->network->road_lane_count());
  for (LaneId l = 0; l < sc->network->road_lane_count(); ++l)
    EXPECT_TRUE(f->forecast_queue_m[l] >= 0 && f->forecast_queue_m[l] <= sc->network->lane(l).length_m);
  EXPECT_EQ(f->forecast_source, "persistence");
  d.select_node(kNone);
  EXPECT_FALSE(d.frame(0)->panel);
}

}  // namespace
}  // namespace ampel::viz
