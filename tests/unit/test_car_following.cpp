#include <gtest/gtest.h>

#include "sim/car_following.hpp"

namespace ampel {

namespace {

// Distance covered driving v for tau, then braking by decel * dt each step (explicit Euler).
double stopping_distance(double v, double decel, double tau, double dt) {
  double d = v * tau;
  for (double u = v - decel * dt; u > 0; u -= decel * dt) d += u * dt;
  return d;
}

}  // namespace

TEST(Krauss, SafeSpeedIsZeroAgainstAStandingLeaderAtNoGap) {
  EXPECT_DOUBLE_EQ(safe_follow_speed(0.0, 0.0, 4.5, 1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(safe_follow_speed(-3.0, 0.0, 4.5, 1.0, 1.0), 0.0);
}

TEST(Krauss, StopSpeedIsTheHighestSpeedThatStillStopsInTheGap) {
  for (double dt : {0.1, 0.5, 1.0})
    for (double tau : {1.0, 1.5})
      for (double gap = 0.05; gap < 120.0; gap += 0.73) {
        double v = stop_speed_for_gap(gap, 4.5, tau, dt);
        EXPECT_LE(stopping_distance(v, 4.5, tau, dt), gap + 1e-9) << gap << " " << dt;
        EXPECT_GT(stopping_distance(v + 0.05, 4.5, tau, dt), gap) << gap << " " << dt;  // and no higher
      }
}

TEST(Krauss, BrakeDistanceIsTheDiscreteSum) {
  EXPECT_DOUBLE_EQ(brake_distance_m(0.0, 4.5, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(brake_distance_m(4.0, 4.5, 1.0), 0.0);  // stops within one step
  EXPECT_NEAR(brake_distance_m(10.0, 4.5, 1.0), 5.5 + 1.0, 1e-12);
  // Following a moving leader allows more than following a standing one.
  EXPECT_GT(safe_follow_speed(10.0, 10.0, 4.5, 1.0, 1.0), safe_follow_speed(10.0, 0.0, 4.5, 1.0, 1.0));
}

TEST(Krauss, StopSpeedNeverPassesTheLine) {
  for (double dt : {0.1, 0.5, 1.0})
    for (double d = 0.0; d < 60.0; d += 0.37) EXPECT_LE(stop_speed(d, 4.5, 1.0, dt) * dt, d + 1e-12);
}

TEST(Krauss, DawdlingSlowsByAtMostSigmaTimesAccel) {
  Rng rng(3);
  double min_seen = 1e9;
  for (int i = 0; i < 10000; ++i) {
    double v = dawdle(10.0, 2.6, 0.5, 1.0, rng);
    EXPECT_LE(v, 10.0);
    EXPECT_GE(v, 10.0 - 0.5 * 2.6 - 1e-12);
    min_seen = std::min(min_seen, v);
  }
  EXPECT_LT(min_seen, 10.0 - 1.2);  // the whole range is used
  // A starting driver (vmax below accel * 1 s) is slowed proportionally and always starts.
  for (int i = 0; i < 1000; ++i) EXPECT_GT(dawdle(1.0, 2.6, 0.5, 1.0, rng), 0.49);
  EXPECT_DOUBLE_EQ(dawdle(7.0, 2.6, 0.0, 1.0, rng), 7.0);
}

}  // namespace ampel
