// Persistence, historical average and platoon projection on small hand-made cases, and the observation log
// under them (bins, queues, link shares).
#include <gtest/gtest.h>

#include "models/predict/historical.hpp"
#include "models/predict/persistence.hpp"
#include "models/predict/platoon.hpp"
#include "models/predict/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/generators.hpp"
#include "tests/predict/harness.hpp"

using namespace ampel;
using namespace ampel::predict;
using ampel::testing::Harness;

namespace {

PredictorSettings one_minute(int horizon_bins = 4) {
  return {60.0, horizon_bins};
}

// Feeds one tick per second from the harness's current time up to and including `until_s`, calling `each`
// before every tick.
template <class F>
void tick_until(Harness& h, Predictor& p, double until_s, F each) {
  while (h.state.now_ms <= seconds_to_ms(until_s)) {
    each();
    p.observe(h.ctx());
    h.state.now_ms += kMsPerSecond;
  }
}

}  // namespace

TEST(Persistence, ForecastsTheLastBinForEveryHorizon) {
  Harness h(ampel::testing::chain_with_route());
  LaneId a = h.lane_of("a"), m = h.lane_of("m");
  PersistencePredictor p(h.net(), one_minute());
  // Bin 1 (0-60 s): 5 vehicles enter a; bin 2 (60-120 s): 9 vehicles, and 3 halting throughout bin 2.
  int second = 0;
  tick_until(h, p, 120, [&] {
    if (second > 0 && second <= 60 && second % 12 == 0) ++h.state.lane_entered[a];
    if (second > 60 && second <= 120 && second % 7 == 0) ++h.state.lane_entered[a];
    h.state.lane_halting[a] = second > 60 ? 3 : 0;
    ++second;
  });
  ASSERT_EQ(p.log().closed_bins(), 2);
  EXPECT_EQ(p.log().bin(1)->arrivals_veh[a], 5.0f);
  EXPECT_EQ(p.log().bin(0)->arrivals_veh[a], 9.0f);
  for (double horizon_s : {1.0, 60.0, 180.0}) {
    EXPECT_DOUBLE_EQ(p.forecast(a, horizon_s).arrivals_vph, 9 * 60.0) << horizon_s;
    EXPECT_DOUBLE_EQ(p.forecast(a, horizon_s).queue_veh, 3.0) << horizon_s;
    EXPECT_DOUBLE_EQ(p.forecast(m, horizon_s).arrivals_vph, 0.0);
  }
  // The snapshot interface: every lane at once, and a copy that no longer changes with the original.
  std::vector<LaneForecast> all(h.net().road_lane_count());
  p.forecast_all(300.0, all);
  EXPECT_DOUBLE_EQ(all[a].arrivals_vph, 540.0);
  auto snapshot = p.clone();
  tick_until(h, p, 180, [&] { h.state.lane_halting[a] = 0; });
  EXPECT_DOUBLE_EQ(p.forecast(a, 60).queue_veh, 0.0);
  EXPECT_DOUBLE_EQ(snapshot->forecast(a, 60).queue_veh, 3.0);
}

TEST(Persistence, ForecastsNothingBeforeTheFirstBinCloses) {
  Harness h(ampel::testing::chain_with_route());
  PersistencePredictor p(h.net(), one_minute());
  tick_until(h, p, 30, [&] { h.state.lane_entered[h.lane_of("a")] += 1; });
  EXPECT_EQ(p.log().closed_bins(), 0);
  EXPECT_DOUBLE_EQ(p.forecast(h.lane_of("a"), 60).arrivals_vph, 0.0);
}

TEST(HistoricalAverage, ForecastsTheProfileAtTheTargetTimeOfDay) {
  Harness h(ampel::testing::chain_with_route());
  std::size_t lanes = h.net().road_lane_count();
  auto model = std::make_shared<PredictionModel>();
  model->profile_first_bin = 0;
  model->profile_bins = 10;
  model->lane_ids.resize(lanes);
  for (std::size_t b = 0; b < 10; ++b)
    for (std::size_t l = 0; l < lanes; ++l) {
      model->profile_arrivals_veh.push_back(static_cast<float>(b + 10 * l));
      model->profile_queue_veh.push_back(static_cast<float>(b) / 2);
    }
  model->lane_mean_arrivals_veh.assign(lanes, 100.0f);
  model->lane_mean_queue_veh.assign(lanes, 0.0f);
  HistoricalAveragePredictor p(h.net(), one_minute(16), model);
  // Today's traffic is irrelevant to it.
  tick_until(h, p, 120, [&] { h.state.lane_entered[1] += 3; });
  ASSERT_EQ(p.log().bin(0)->tod_bin, 1);  // the bin 60-120 s
  LaneId l = 1;
  EXPECT_DOUBLE_EQ(p.forecast_bin(l, 1).arrivals_vph, (2 + 10) * 60.0);  // tod bin 2
  EXPECT_DOUBLE_EQ(p.forecast_bin(l, 3).arrivals_vph, (4 + 10) * 60.0);
  EXPECT_DOUBLE_EQ(p.forecast_bin(l, 3).queue_veh, 2.0);
  // Beyond the profile: the lane's overall mean.
  EXPECT_DOUBLE_EQ(p.forecast_bin(l, 12).arrivals_vph, 100.0 * 60.0);
}

TEST(Platoon, ProjectsAVehicleToTheBinItReachesEachLaneIn) {
  Harness h(ampel::testing::chain_with_route(1200, 150, 300));
  const Network& net = h.net();
  LaneId a = h.lane_of("a"), m = h.lane_of("m"), e = h.lane_of("e");
  PlatoonSettings ps;
  ps.queue_aware = false;
  PlatoonPredictor p(net, one_minute(4), ps);
  tick_until(h, p, 59, [] {});
  // 70 s from the end of road a at 13.89 m/s: it enters m after 70 s plus the junction, in the second bin.
  double speed = net.lane(a).speed_mps;
  h.add_vehicle(a, net.lane(a).length_m - 70.0 * speed, speed, 0, h.link_from(a));
  tick_until(h, p, 60, [] {});
  ASSERT_EQ(p.log().closed_bins(), 1);
  const Lane& via = net.lane(net.link(h.link_from(a)).via_lane);
  double enter_m = 70.0 + via.length_m / via.speed_mps;
  ASSERT_GT(enter_m, 60.0);
  ASSERT_LT(enter_m + net.lane(m).length_m / net.lane(m).speed_mps, 120.0);
  EXPECT_DOUBLE_EQ(p.forecast_bin(m, 1).arrivals_vph, 0.0);
  EXPECT_DOUBLE_EQ(p.forecast_bin(m, 2).arrivals_vph, 60.0);  // one vehicle in a minute
  EXPECT_DOUBLE_EQ(p.forecast_bin(e, 2).arrivals_vph, 60.0);  // and on along its route, in the same minute
  EXPECT_DOUBLE_EQ(p.forecast_bin(e, 3).arrivals_vph, 0.0);
  EXPECT_DOUBLE_EQ(p.forecast_bin(a, 2).arrivals_vph, 0.0);  // it is on a already
}

TEST(Platoon, AStandingQueueDischargesAtTheSaturationHeadway) {
  Harness h(ampel::testing::chain_with_route(1200, 150, 300));
  const Network& net = h.net();
  LaneId m = h.lane_of("m"), e = h.lane_of("e");
  PlatoonSettings ps;
  ps.queue_aware = false;
  ps.saturation_headway_s = 2.0;
  PlatoonPredictor p(net, one_minute(4), ps);
  tick_until(h, p, 59, [] {});
  double end = net.lane(m).length_m;
  for (int i = 0; i < 3; ++i) h.add_vehicle(m, end - 1.0 - 7.5 * i, 0.0, 1, h.link_from(m));
  tick_until(h, p, 60, [] {});
  // Queued for 2, 4 and 6 s: 12 vehicle-seconds over a 60 s bin.
  EXPECT_NEAR(p.forecast_bin(m, 1).queue_veh, 12.0 / 60.0, 1e-9);
  EXPECT_DOUBLE_EQ(p.forecast_bin(m, 2).queue_veh, 0.0);
  EXPECT_DOUBLE_EQ(p.forecast_bin(e, 1).arrivals_vph, 3 * 60.0);
}

TEST(ObservationLog, SplitsMovementsByTheLinksEnteringVehiclesChose) {
  Harness h(io::make_single_intersection({}));
  const Network& net = h.net();
  // A lane with at least two links (two movements).
  LaneId lane = kNone;
  for (LaneId l = 0; l < net.road_lane_count() && lane == kNone; ++l)
    if (net.lane(l).links_end - net.lane(l).links_begin >= 2 &&
        net.link(net.lane(l).links_begin).movement != net.link(net.lane(l).links_begin + 1).movement)
      lane = l;
  ASSERT_NE(lane, kNone);
  LinkId first = net.lane(lane).links_begin, second = first + 1;
  PersistencePredictor p(net, one_minute());
  // Four vehicles enter the lane, one per tick: three for the first link, one for the second.
  int second_count = 0;
  tick_until(h, p, 60, [&] {
    if (second_count >= 1 && second_count <= 4) {
      h.add_vehicle(lane, 10.0 - second_count, 10.0, 0, second_count == 4 ? second : first);
      h.state.lane_entered[lane] += 1;
    }
    ++second_count;
  });
  ASSERT_EQ(p.log().closed_bins(), 1);
  // One pseudo-vehicle spread over the lane's links keeps unseen links possible: (3 + 1/n) / (4 + 1).
  double n = net.lane(lane).links_end - net.lane(lane).links_begin;
  double share = p.log().link_share(first);
  EXPECT_NEAR(share, (3.0 * 0.9 + 1.0 / n) / (4.0 * 0.9 + 1.0), 1e-9);  // counts decay by 0.9 per closed bin
  MovementId mv = net.link(first).movement;
  double expected = 0.0;
  for (LinkId k : net.movements()[mv].links)
    expected += p.forecast_bin(net.link(k).from_lane, 1).arrivals_vph * p.log().link_share(k);
  EXPECT_NEAR(p.movement_arrivals_vph(mv, 30.0), expected, 1e-9);
  EXPECT_GT(p.movement_arrivals_vph(mv, 30.0), 0.0);
}

TEST(Registry, BuildsByNameAndRejectsBadInput) {
  Harness h(ampel::testing::chain_with_route());
  const Scenario& sc = *h.scenario;
  EXPECT_EQ(make_predictor("persistence", {}, sc)->name(), "persistence");
  EXPECT_EQ(make_predictor("platoon", {{"mode", std::string("free_flow")}}, sc)->name(), "platoon_free_flow");
  EXPECT_THROW(make_predictor("crystal_ball", {}, sc), InputError);
  EXPECT_THROW(make_predictor("persistence", {{"horizon_s", -60.0}}, sc), InputError);
  EXPECT_THROW(make_predictor("persistence", {{"colour", 1.0}}, sc), InputError);
  try {
    make_predictor("ridge", {}, sc);
    FAIL() << "ridge without a model must be rejected";
  } catch (const InputError& e) {
    EXPECT_NE(e.problems()[0].reason.find("needs a fitted model"), std::string::npos);
  }
  // horizon_s of 15 minutes in 60 s bins: 16 bins, so 15 minutes ahead is covered from inside a bin.
  EXPECT_EQ(make_predictor("persistence", {{"horizon_s", 900.0}}, sc)->settings().horizon_bins, 16);
}
