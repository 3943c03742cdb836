#include <gtest/gtest.h>

#include <cmath>

#include "sim/geometry.hpp"
#include "sim/rng.hpp"

namespace ampel {

TEST(Polyline, LengthPointsAndDirection) {
  Polyline p({{0, 0}, {3, 4}, {3, 10}});
  EXPECT_DOUBLE_EQ(p.length_m(), 11.0);
  Point mid = p.at(5.0);
  EXPECT_NEAR(mid.x, 3.0, 1e-12);
  EXPECT_NEAR(mid.y, 4.0, 1e-12);
  Point d = p.direction_at(8.0);
  EXPECT_NEAR(d.x, 0.0, 1e-12);
  EXPECT_NEAR(d.y, 1.0, 1e-12);
  // Clamped beyond the ends.
  EXPECT_NEAR(p.at(100).y, 10.0, 1e-12);
}

TEST(Polyline, OffsetToTheRightOfTravel) {
  Polyline east({{0, 0}, {10, 0}});
  Polyline right = east.offset(2.0);
  EXPECT_NEAR(right.points()[0].y, -2.0, 1e-12);  // driving east, right is south
  EXPECT_NEAR(right.length_m(), 10.0, 1e-12);
}

TEST(Polyline, JointNormalIsTheMeanOfTheSegmentsAndSurvivesDegenerateJoints) {
  // A right-angle bend east then north: the joint's right normal points south-east, between both segments'.
  std::vector<Point> bend{{0, 0}, {10, 0}, {10, 10}};
  Point n = joint_normal(bend, 1);
  EXPECT_NEAR(n.x, std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(n.y, -std::sqrt(0.5), 1e-12);
  // A repeated point (as SUMO shapes sometimes carry) takes the other segment's direction.
  std::vector<Point> repeated{{0, 0}, {0, 0}, {10, 0}};
  n = joint_normal(repeated, 1);
  EXPECT_NEAR(n.x, 0.0, 1e-12);
  EXPECT_NEAR(n.y, -1.0, 1e-12);
  // A reversal keeps the incoming segment's normal instead of collapsing to zero.
  std::vector<Point> reversal{{0, 0}, {10, 0}, {0, 0}};
  n = joint_normal(reversal, 1);
  EXPECT_NEAR(n.x, 0.0, 1e-12);
  EXPECT_NEAR(n.y, -1.0, 1e-12);
}

TEST(Polyline, CrossingDetection) {
  Polyline a({{0, 0}, {10, 10}});
  Polyline b({{0, 10}, {10, 0}});
  Polyline c({{0, 1}, {10, 11}});
  EXPECT_TRUE(a.crosses(b));
  EXPECT_FALSE(a.crosses(c));
  // Sharing an end point is not a crossing (merging streams are handled separately).
  EXPECT_FALSE(a.crosses(Polyline({{10, 10}, {20, 0}})));
}

TEST(TurnAngle, SignsLeftPositive) {
  EXPECT_GT(turn_angle({1, 0}, {0, 1}), 1.5);
  EXPECT_LT(turn_angle({1, 0}, {0, -1}), -1.5);
  EXPECT_NEAR(turn_angle({1, 0}, {1, 0}), 0.0, 1e-12);
}

TEST(Rng, SameSeedSameSequenceAndStreamsDiffer) {
  Rng a(42), b(42), c(stream_seed(42, kStreamDemand, 1));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
  EXPECT_NE(Rng(stream_seed(42, kStreamDemand, 0)).next_u64(), c.next_u64());
  EXPECT_NE(stream_seed(42, kStreamDemand, 0), stream_seed(42, kStreamDriver, 0));
}

TEST(Rng, DistributionMoments) {
  Rng r(7);
  const int n = 200000;
  double su = 0, se = 0, sn = 0, sn2 = 0;
  for (int i = 0; i < n; ++i) {
    double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u;
    se += r.exponential(3.0);
    double z = r.normal();
    sn += z;
    sn2 += z * z;
  }
  EXPECT_NEAR(su / n, 0.5, 0.005);
  EXPECT_NEAR(se / n, 3.0, 0.03);
  EXPECT_NEAR(sn / n, 0.0, 0.01);
  EXPECT_NEAR(sn2 / n, 1.0, 0.01);
}

}  // namespace ampel
