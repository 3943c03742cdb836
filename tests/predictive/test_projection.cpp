// The queue projection against cases worked out by hand: a platoon arriving on red, discharge at saturation
// flow, the start-up lost time, the room on an exit, spillback, and the rollout policy.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "models/control/predictive/projection.hpp"

namespace ampel::predictive {
namespace {

// One approach group served only by stage 1 (stage 0 serves nothing of it), one open exit.
struct OneApproach {
  StageModel model;
  ProjectionSettings settings;
  std::vector<float> queue0{0}, arrivals, rate{0.5f}, storage{100}, share{1}, room0{1e6f}, room_gain;

  explicit OneApproach(int bins) {
    model.stages = 2;
    model.groups = 1;
    model.exits = 1;
    model.service = {0.0f, 1.0f};
    model.clearance_s = {0, 4, 4, 0};  // 3 s yellow + 1 s all-red both ways
    model.min_green_s = {5, 5};
    model.max_green_s = {100, 100};
    settings.edges_s = bin_edges(1.0f, 1000.0f, 5.0f, static_cast<float>(bins));  // one-second bins
    settings.lost_time_s = 2;
    settings.yellow_used_s = 0;
    arrivals.assign(bins, 0.0f);
    room_gain.assign(bins, 0.0f);
  }
  ProjectionInput input() const { return {queue0, arrivals, rate, storage, share, room0, room_gain}; }
};

double sum(const std::vector<float>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

TEST(PredictiveProjection, PlatoonArrivingOnRedWaitsThenDischargesAtSaturationFlow) {
  OneApproach a(40);
  for (int b = 2; b <= 7; ++b) a.arrivals[b] = 1;  // six vehicles, one per second, on red
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;  // stage 0 green for 10 s: the approach is red
  start.stage = 0;
  start.in_green_s = 10;
  ProjectionRecord rec;
  // End stage 0 in 10 s: 4 s clearance, green for the approach from bin 14, lost time to bin 16, then
  // 0.5 veh/s: the six vehicles leave in bins 16..27.
  ProjectionResult r = p.run(start, {10.0f, 1}, &rec);
  EXPECT_FLOAT_EQ(r.first_switch_s, 10.0f);
  EXPECT_EQ(r.first_target, 1);
  // Queue: 1..6 over bins 2..7, 6 over bins 8..15 (8 bins), then 5.5, 5, ..., 0 over bins 16..27.
  EXPECT_NEAR(r.delay_veh_s, 21.0 + 48.0 + 33.0, 1e-4);
  EXPECT_NEAR(r.residual_veh_s, 0.0, 1e-9);
  EXPECT_NEAR(r.spill_veh_s, 0.0, 1e-9);
  for (int b = 0; b < 16; ++b) EXPECT_EQ(rec.departures[b], 0.0f) << "bin " << b;
  for (int b = 16; b < 28; ++b) EXPECT_FLOAT_EQ(rec.departures[b], 0.5f) << "bin " << b;
  EXPECT_NEAR(sum(rec.departures), 6.0, 1e-5);
  EXPECT_EQ(rec.stage[9], 0);
  EXPECT_EQ(rec.stage[10], -1);  // clearance bins 10..13
  EXPECT_EQ(rec.stage[13], -1);
  EXPECT_EQ(rec.stage[14], 1);
}

TEST(PredictiveProjection, StandingQueueOnGreenDischargesAtSaturationFlow) {
  OneApproach a(40);
  a.queue0 = {10};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;
  start.stage = 1;
  start.in_green_s = 30;  // long past the lost time
  ProjectionResult r = p.run(start, {});
  // 10 - 0.5 k after bin k-1, k = 1..20: 200 - 0.5 * 210.
  EXPECT_NEAR(r.delay_veh_s, 95.0, 1e-4);
  EXPECT_LT(r.first_switch_s, 0.0f);  // nothing else waits: the policy keeps the green
}

TEST(PredictiveProjection, NewGreenLosesTheStartUpTime) {
  OneApproach a(20);
  a.queue0 = {4};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;
  start.stage = 1;
  start.in_green_s = 0;
  ProjectionRecord rec;
  ProjectionResult r = p.run(start, {}, &rec);
  // Bins 0 and 1 lost (queue 4 each), then 3.5, 3, ..., 0 over bins 2..9.
  EXPECT_NEAR(r.delay_veh_s, 8.0 + 14.0, 1e-4);
  EXPECT_EQ(rec.departures[1], 0.0f);
  EXPECT_FLOAT_EQ(rec.departures[2], 0.5f);
}

TEST(PredictiveProjection, FullExitHoldsTheQueueBack) {
  OneApproach a(20);
  a.queue0 = {10};
  a.room0 = {3};
  a.room_gain[10] = 1;  // the downstream signal lets one vehicle out in bin 10
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;
  start.stage = 1;
  start.in_green_s = 30;
  ProjectionRecord rec;
  ProjectionResult r = p.run(start, {}, &rec);
  EXPECT_NEAR(sum(rec.departures), 4.0, 1e-5);
  for (int b = 0; b < 6; ++b) EXPECT_FLOAT_EQ(rec.departures[b], 0.5f);
  EXPECT_EQ(rec.departures[6], 0.0f);
  EXPECT_FLOAT_EQ(rec.departures[11], 0.5f);  // the room freed in bin 10, used in the next bins
  EXPECT_FLOAT_EQ(rec.departures[12], 0.5f);
  EXPECT_FLOAT_EQ(rec.queue.back(), 6.0f);
  EXPECT_GT(r.residual_veh_s, 0.0);
}

TEST(PredictiveProjection, QueueBeyondStorageCountsAsSpillback) {
  OneApproach a(10);
  a.queue0 = {8};
  a.storage = {5};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;  // red for the approach, nothing else wants the green: hold through the horizon
  start.stage = 0;
  start.in_green_s = 3;
  ProjectionResult held = p.run(start, {100.0f, 1});
  EXPECT_NEAR(held.spill_veh_s, 3.0 * 10, 1e-4);
  EXPECT_NEAR(held.delay_veh_s, 80.0, 1e-4);
  EXPECT_NEAR(held.cost, held.delay_veh_s + 50.0 * held.spill_veh_s + held.residual_veh_s, 1e-3);
}

TEST(PredictiveProjection, PolicyServesTheWaitingStageAndRespectsMinimumGreen) {
  OneApproach a(30);
  a.queue0 = {3};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;  // stage 0 (nobody to serve) green for 2 s: the switch waits for its 5 s minimum
  start.stage = 0;
  start.in_green_s = 2;
  ProjectionRecord rec;
  ProjectionResult r = p.run(start, {}, &rec);
  EXPECT_FLOAT_EQ(r.first_switch_s, 3.0f);
  EXPECT_EQ(r.first_target, 1);
  EXPECT_EQ(rec.stage[2], 0);
  EXPECT_EQ(rec.stage[3], -1);
  EXPECT_EQ(rec.stage[7], 1);
  // Green from bin 7, discharge from bin 9 at 0.5/s: 3 vehicles gone after bin 14.
  EXPECT_FLOAT_EQ(rec.queue[8], 3.0f);
  EXPECT_FLOAT_EQ(rec.queue[14], 0.0f);
  EXPECT_NEAR(r.delay_veh_s, 9 * 3.0 + (2.5 + 2 + 1.5 + 1 + 0.5), 1e-4);
}

TEST(PredictiveProjection, ClearanceFromTheStateMachineIsApplied) {
  OneApproach a(20);
  a.queue0 = {2};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;  // already 3 s into the 4 s clearance towards stage 1
  start.stage = 0;
  start.target = 1;
  start.green = false;
  start.in_clear_s = 3;
  ProjectionRecord rec;
  p.run(start, {}, &rec);
  EXPECT_EQ(rec.stage[0], -1);
  EXPECT_EQ(rec.stage[1], 1);
  EXPECT_FLOAT_EQ(rec.departures[3], 0.5f);  // green from bin 1, lost time bins 1 and 2
  EXPECT_EQ(rec.departures[2], 0.0f);
}

TEST(PredictiveProjection, CoarseBinsKeepTheArithmetic) {
  OneApproach a(10);
  a.settings.edges_s = bin_edges(1.0f, 4.0f, 5.0f, 14.0f);
  ASSERT_EQ(a.settings.edges_s, (std::vector<float>{0, 1, 2, 3, 4, 9, 14}));
  a.arrivals.assign(6, 0.0f);
  a.room_gain.assign(6, 0.0f);
  a.queue0 = {10};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;  // a new green: two seconds lost, then 0.5 veh/s
  start.stage = 1;
  ProjectionRecord rec;
  ProjectionResult r = p.run(start, {}, &rec);
  EXPECT_EQ(rec.departures[1], 0.0f);
  EXPECT_FLOAT_EQ(rec.departures[2], 0.5f);
  EXPECT_FLOAT_EQ(rec.departures[4], 2.5f);  // a 5 s bin
  EXPECT_FLOAT_EQ(rec.queue[5], 4.0f);
  // 10 + 10 + 9.5 + 9 (1 s bins) + 6.5 * 5 + 4 * 5, then 4^2 / (2 * 0.5) to serve the rest.
  EXPECT_NEAR(r.delay_veh_s, 38.5 + 32.5 + 20.0, 1e-4);
  EXPECT_NEAR(r.residual_veh_s, 16.0, 1e-4);
}

TEST(PredictiveProjection, RolloutKeepsTheGreenForADensePlatoonOnly) {
  // Stage 0 serves group 0, stage 1 serves group 1; group 1 has two vehicles waiting.
  OneApproach a(40);
  a.model.groups = 2;
  a.model.service = {1.0f, 0.0f, 0.0f, 1.0f};
  a.queue0 = {0, 2};
  a.rate = {1.0f, 1.0f};  // two lanes each: the look-ahead threshold is 0.5 x 1 veh/s x 3 s = 1.5 vehicles
  a.storage = {100, 100};
  a.share = {1, 1};
  a.arrivals.assign(2 * 40, 0.0f);
  SignalPoint start;
  start.stage = 0;
  start.in_green_s = 20;
  Projector p;
  // A saturated platoon for group 0 arriving over bins 0..9 keeps its green until it has passed.
  for (int b = 0; b < 10; ++b) a.arrivals[b] = 1.0f;
  p.prepare(a.model, a.settings, a.input());
  ProjectionResult dense = p.run(start, {});
  EXPECT_FLOAT_EQ(dense.first_switch_s, 9.0f);
  // A thin stream (one vehicle every 5 s) does not.
  std::fill(a.arrivals.begin(), a.arrivals.begin() + 40, 0.0f);
  for (int b = 0; b < 40; b += 5) a.arrivals[b] = 1.0f;
  p.prepare(a.model, a.settings, a.input());
  ProjectionResult thin = p.run(start, {});
  EXPECT_FLOAT_EQ(thin.first_switch_s, 0.0f);
  EXPECT_EQ(thin.first_target, 1);
}

TEST(PredictiveProjection, GivesUpOnCandidatesDearerThanTheBest) {
  OneApproach a(30);
  a.queue0 = {10};
  Projector p;
  p.prepare(a.model, a.settings, a.input());
  SignalPoint start;
  start.stage = 0;
  start.in_green_s = 10;
  ProjectionResult full = p.run(start, {20.0f, 1});
  ProjectionResult cut = p.run(start, {20.0f, 1}, nullptr, full.cost / 4);
  EXPECT_TRUE(std::isinf(cut.cost));
  ProjectionResult kept = p.run(start, {20.0f, 1}, nullptr, full.cost);
  EXPECT_DOUBLE_EQ(kept.cost, full.cost);
}

}  // namespace
}  // namespace ampel::predictive
