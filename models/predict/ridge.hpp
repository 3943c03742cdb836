#pragma once
// The learned model's numerics in Eigen: ridge regression from sufficient statistics, and recursive least
// squares with exponential forgetting for online updates.
#include <Eigen/Dense>

namespace ampel::predict {

// Solves min |Z theta - Y|^2 + lambda |theta_{1..}|^2 for every column of Y at once, given G = Z'Z and
// B = Z'Y. Column 0 of Z is the bias and is not penalised. Returns theta (one column per target).
Eigen::MatrixXd solve_ridge(const Eigen::MatrixXd& gram, const Eigen::MatrixXd& cross, double lambda);

// Convenience for samples in rows: fits Y on [1, X].
Eigen::MatrixXd fit_ridge(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, double lambda);

// Recursive least squares with forgetting factor rho (0 < rho <= 1): after n updates, a sample n steps old
// weighs rho^n, so the model follows coefficients that change (an incident). Several targets share the
// regressors and so one covariance P. P's trace is kept below max_trace: without fresh excitation forgetting
// would inflate P without bound ("wind-up") and the next sample would throw the coefficients about.
class RecursiveLeastSquares {
 public:
  RecursiveLeastSquares() = default;
  // theta: d x targets; p: d x d, the inverse of the prior information (e.g. (G_prior + lambda I)^-1).
  RecursiveLeastSquares(Eigen::MatrixXd theta, Eigen::MatrixXd p, double rho, double max_trace);

  Eigen::VectorXd predict(const Eigen::VectorXd& z) const { return theta_.transpose() * z; }
  void update(const Eigen::VectorXd& z, const Eigen::VectorXd& y) { update(z, y, rho_); }
  // With a forgetting factor for this sample only (several samples that together weigh one step).
  void update(const Eigen::VectorXd& z, const Eigen::VectorXd& y, double rho);

  const Eigen::MatrixXd& theta() const { return theta_; }
  const Eigen::MatrixXd& covariance() const { return p_; }

 private:
  Eigen::MatrixXd theta_;
  Eigen::MatrixXd p_;
  double rho_ = 1.0;
  double max_trace_ = 1e9;
};

}  // namespace ampel::predict
