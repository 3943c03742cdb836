#include <gtest/gtest.h>

#include "sim/car_following.hpp"

namespace ampel {

TEST(Krauss, SafeSpeedIsZeroAgainstAStandingLeaderAtNoGap) {
  EXPECT_DOUBLE_EQ(safe_follow_speed(0.0, 0.0, 4.5, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(safe_follow_speed(-3.0, 0.0, 4.5, 1.0), 0.0);
}

TEST(Krauss, SafeSpeedLetsTheFollowerStopInTheGap) {
  // With the safe speed v and reaction time tau, braking at b stops within gap + the leader's stopping distance.
  const double b = 4.5, tau = 1.0;
  for (double gap : {1.0, 5.0, 20.0, 80.0})
    for (double vl : {0.0, 5.0, 13.9}) {
      double v = safe_follow_speed(gap, vl, b, tau);
      double follower_needs = v * tau + v * v / (2 * b);
      double available = gap + vl * vl / (2 * b);
      EXPECT_NEAR(follower_needs, available, 1e-9) << gap << " " << vl;
    }
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
