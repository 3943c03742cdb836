// Statistics against values computed by hand (and checked against printed t tables).
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/stats.hpp"

namespace ampel::batch {
namespace {

TEST(StudentT, QuantilesMatchClosedFormsAndTables) {
  // df = 1: t = tan(pi (p - 1/2)); df = 2: t = (2p - 1) / sqrt(2 p (1 - p)).
  EXPECT_NEAR(student_t_quantile(0.975, 1), std::tan(M_PI * 0.475), 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 0.95 / std::sqrt(2 * 0.975 * 0.025), 1e-10);
  // Printed tables (two-sided 95 %): 2.776 (4), 2.262 (9), 2.045 (29), 1.984 (100).
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.7764451052, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.2621571628, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.975, 29), 2.0452296421, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.975, 100), 1.9839715185, 1e-8);
  EXPECT_NEAR(student_t_quantile(0.025, 9), -2.2621571628, 1e-8);
  EXPECT_DOUBLE_EQ(student_t_cdf(0.0, 7), 0.5);
  EXPECT_NEAR(student_t_cdf(2.2621571628, 9), 0.975, 1e-9);
}

TEST(Estimate, MeanSdAndTInterval) {
  // 10, 12, 14, 16, 18: mean 14, squared deviations 40, sd sqrt(40 / 4) = sqrt(10),
  // half-width t(0.975, 4) sqrt(10) / sqrt(5) = 2.7764451 * sqrt(2) = 3.926486.
  Estimate e = estimate({10, 12, 14, 16, 18});
  EXPECT_EQ(e.n, 5u);
  EXPECT_DOUBLE_EQ(e.mean, 14.0);
  EXPECT_NEAR(e.sd, std::sqrt(10.0), 1e-12);
  EXPECT_NEAR(e.half_width, 3.926486, 1e-6);
  EXPECT_NEAR(e.low(), 10.073514, 1e-6);
  EXPECT_NEAR(e.high(), 17.926486, 1e-6);

  Estimate one = estimate({7.5});
  EXPECT_EQ(one.n, 1u);
  EXPECT_DOUBLE_EQ(one.mean, 7.5);
  EXPECT_FALSE(one.has_interval());
  EXPECT_EQ(estimate({}).n, 0u);
}

TEST(PairedDifference, UsesOnlyCompletePairs) {
  // Pairs (10, 9), (12, 10), (14, 13); the fourth has no baseline value and is left out.
  // d = -1, -2, -1: mean -4/3, sd sqrt((1/9 + 4/9 + 1/9) / 2) = sqrt(1/3),
  // half-width t(0.975, 2) sqrt(1/3) / sqrt(3) = 4.3026527 / 3 = 1.434218; relative -4/3 / 12 = -11.11 %.
  std::vector<std::optional<double>> a{10, 12, 14, std::nullopt};
  std::vector<std::optional<double>> b{9, 10, 13, 20};
  PairedDifference d = paired_difference(a, b);
  EXPECT_EQ(d.diff.n, 3u);
  EXPECT_NEAR(d.diff.mean, -4.0 / 3.0, 1e-12);
  EXPECT_NEAR(d.diff.sd, std::sqrt(1.0 / 3.0), 1e-12);
  EXPECT_NEAR(d.diff.half_width, 1.434218, 1e-6);
  ASSERT_TRUE(d.relative_pct);
  EXPECT_NEAR(*d.relative_pct, -100.0 / 9.0, 1e-9);
}

TEST(PairedDifference, PairingRemovesTheCommonNoise) {
  // Both strategies see the same per-replication noise (common random numbers): the paired interval is
  // far narrower than the intervals of the two means.
  std::vector<std::optional<double>> a, b;
  std::vector<double> av, bv;
  for (int r = 0; r < 10; ++r) {
    double noise = (r % 3) * 7.0 - (r % 4) * 5.0;
    a.push_back(50 + noise);
    b.push_back(45 + noise + (r % 2 ? 0.5 : -0.5));
    av.push_back(*a.back());
    bv.push_back(*b.back());
  }
  PairedDifference d = paired_difference(a, b);
  EXPECT_NEAR(d.diff.mean, -5.0, 1e-12);
  EXPECT_LT(d.diff.half_width * 5, estimate(av).half_width);
  EXPECT_LT(d.diff.high(), 0.0);
}

TEST(RunsForInterval, SmallestNWithHalfWidthWithinFivePercent) {
  // mean 100, sd 10, target +-5: t(0.975, n-1) * 10 / sqrt(n) <= 5.
  // n = 17: 2.119905 * 10 / 4.123106 = 5.1416 > 5; n = 18: 2.109816 * 10 / 4.242641 = 4.9729 <= 5.
  auto n = runs_for_relative_interval(100.0, 10.0, 0.05);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 18u);
  // A small spread needs the minimum of two runs; a zero mean has no relative interval.
  EXPECT_EQ(runs_for_relative_interval(100.0, 0.0, 0.05).value(), 2u);
  EXPECT_EQ(runs_for_relative_interval(100.0, 1.0, 0.05).value(), 3u);  // t(2) * 1 / sqrt(3) = 2.48 <= 5
  EXPECT_FALSE(runs_for_relative_interval(0.0, 3.0, 0.05));
  // Large n: close to the normal approximation (1.96 * 50 / 5)^2 = 384.1, slightly above it.
  auto big = runs_for_relative_interval(100.0, 50.0, 0.05);
  ASSERT_TRUE(big);
  EXPECT_GE(*big, 385u);
  EXPECT_LE(*big, 390u);
  double t = student_t_quantile(0.975, static_cast<double>(*big - 1));
  EXPECT_LE(t * 50.0 / std::sqrt(static_cast<double>(*big)), 5.0);
  double t_before = student_t_quantile(0.975, static_cast<double>(*big - 2));
  EXPECT_GT(t_before * 50.0 / std::sqrt(static_cast<double>(*big - 1)), 5.0);
}

}  // namespace
}  // namespace ampel::batch
