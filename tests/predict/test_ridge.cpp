// The learned model's numerics: ridge recovers known coefficients, RLS with forgetting tracks a step change.
#include <gtest/gtest.h>

#include "models/predict/ridge.hpp"
#include "sim/rng.hpp"

using namespace ampel;
using namespace ampel::predict;

namespace {

// Samples x ~ U(-1, 1)^d and y = b0 + x.b + noise, from our own deterministic generator.
struct Synthetic {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};
Synthetic make_data(const Eigen::VectorXd& coef, int n, double noise, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::Index d = coef.size() - 1;
  Synthetic s{Eigen::MatrixXd(n, d), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    double y = coef[0];
    for (Eigen::Index j = 0; j < d; ++j) {
      s.x(i, j) = 2.0 * rng.uniform() - 1.0;
      y += coef[j + 1] * s.x(i, j);
    }
    s.y[i] = y + noise * (2.0 * rng.uniform() - 1.0);
  }
  return s;
}

}  // namespace

TEST(Ridge, RecoversKnownCoefficients) {
  Eigen::VectorXd coef(5);
  coef << 3.0, 1.5, -2.0, 0.0, 0.7;
  Synthetic s = make_data(coef, 2000, 0.1, 7);
  Eigen::MatrixXd theta = fit_ridge(s.x, s.y, 1e-6);
  ASSERT_EQ(theta.rows(), 5);
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(theta(j, 0), coef[j], 0.01) << "coefficient " << j;
}

TEST(Ridge, PenaltyShrinksSlopesButNotTheBias) {
  Eigen::VectorXd coef(3);
  coef << 10.0, 2.0, -1.0;
  Synthetic s = make_data(coef, 500, 0.0, 3);
  Eigen::MatrixXd loose = fit_ridge(s.x, s.y, 1e-6), tight = fit_ridge(s.x, s.y, 1e6);
  EXPECT_NEAR(loose(1, 0), 2.0, 1e-6);
  // A huge penalty drives the slopes to zero; the unpenalised bias becomes the mean of y.
  EXPECT_NEAR(tight(1, 0), 0.0, 0.01);
  EXPECT_NEAR(tight(2, 0), 0.0, 0.01);
  EXPECT_NEAR(tight(0, 0), s.y.mean(), 0.05);
}

TEST(Ridge, SeveralTargetsAtOnce) {
  Eigen::VectorXd c1(3), c2(3);
  c1 << 1.0, 2.0, 3.0;
  c2 << -1.0, 0.5, 0.0;
  Synthetic s1 = make_data(c1, 400, 0.0, 11);
  Eigen::MatrixXd y(400, 2);
  y.col(0) = s1.y;
  y.col(1) = Eigen::VectorXd::Constant(400, c2[0]) + s1.x * c2.tail(2);
  Eigen::MatrixXd theta = fit_ridge(s1.x, y, 1e-8);
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(theta(j, 0), c1[j], 1e-6);
    EXPECT_NEAR(theta(j, 1), c2[j], 1e-6);
  }
}

// Coefficients jump at sample 1000; RLS with forgetting follows, RLS without forgetting stays between.
TEST(RecursiveLeastSquares, TracksAStepChangeInTheCoefficients) {
  Eigen::VectorXd before(3), after(3);
  before << 1.0, 2.0, -1.0;
  after << 4.0, -1.0, 0.5;
  Synthetic a = make_data(before, 1000, 0.05, 21), b = make_data(after, 300, 0.05, 22);
  auto make = [](double rho) {
    return RecursiveLeastSquares(Eigen::MatrixXd::Zero(3, 1), Eigen::MatrixXd::Identity(3, 3) * 100.0, rho,
                                 1e6);
  };
  RecursiveLeastSquares forgetting = make(0.95), plain = make(1.0);
  Eigen::VectorXd z(3), y(1);
  auto feed = [&](const Synthetic& s, int i) {
    z << 1.0, s.x(i, 0), s.x(i, 1);
    y << s.y[i];
    forgetting.update(z, y);
    plain.update(z, y);
  };
  for (int i = 0; i < 1000; ++i) feed(a, i);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(forgetting.theta()(j, 0), before[j], 0.05);
  for (int i = 0; i < 150; ++i) feed(b, i);
  // 150 samples after the change (about 7.5 memory lengths of 1 / (1 - 0.95)): on the new coefficients.
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(forgetting.theta()(j, 0), after[j], 0.05) << "coefficient " << j;
  // Without forgetting the old regime still dominates (1000 old samples against 150 new ones).
  EXPECT_GT((plain.theta().col(0) - after).norm(), 1.0);
}

TEST(RecursiveLeastSquares, CovarianceStaysBoundedWithoutExcitation) {
  RecursiveLeastSquares rls(Eigen::MatrixXd::Zero(2, 1), Eigen::MatrixXd::Identity(2, 2), 0.9, 50.0);
  Eigen::VectorXd z(2), y(1);
  z << 1.0, 0.0;  // the second regressor never moves: forgetting alone would blow its variance up
  y << 1.0;
  for (int i = 0; i < 500; ++i) rls.update(z, y);
  EXPECT_LE(rls.covariance().trace(), 50.0 / 0.9 + 1e-9);
  EXPECT_NEAR(rls.theta()(0, 0), 1.0, 1e-3);
}
