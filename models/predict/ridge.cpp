#include "models/predict/ridge.hpp"

namespace ampel::predict {

Eigen::MatrixXd solve_ridge(const Eigen::MatrixXd& gram, const Eigen::MatrixXd& cross, double lambda) {
  Eigen::MatrixXd a = gram;
  for (Eigen::Index i = 1; i < a.rows(); ++i) a(i, i) += lambda;
  // A tiny ridge on the bias too keeps an all-zero lane (no sample ever moved) solvable.
  a(0, 0) += 1e-9;
  return a.ldlt().solve(cross);
}

Eigen::MatrixXd fit_ridge(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, double lambda) {
  Eigen::MatrixXd z(x.rows(), x.cols() + 1);
  z.col(0).setOnes();
  z.rightCols(x.cols()) = x;
  return solve_ridge(z.transpose() * z, z.transpose() * y, lambda);
}

RecursiveLeastSquares::RecursiveLeastSquares(Eigen::MatrixXd theta, Eigen::MatrixXd p, double rho,
                                             double max_trace)
    : theta_(std::move(theta)), p_(std::move(p)), rho_(rho), max_trace_(max_trace) {}

void RecursiveLeastSquares::update(const Eigen::VectorXd& z, const Eigen::VectorXd& y, double rho) {
  // Forget only while P stays bounded.
  if (p_.trace() / rho > max_trace_) rho = 1.0;
  Eigen::VectorXd pz = p_ * z;
  Eigen::VectorXd gain = pz / (rho + z.dot(pz));
  Eigen::VectorXd error = y - theta_.transpose() * z;
  theta_.noalias() += gain * error.transpose();
  p_.noalias() -= gain * pz.transpose();
  p_ = ((0.5 / rho) * (p_ + p_.transpose())).eval();  // symmetrised against round-off (eval: no aliasing)
}

}  // namespace ampel::predict
