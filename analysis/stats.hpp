#pragma once
// Statistics for batches of paired runs, written here so results never depend on an outside library:
// Student-t quantiles, means with t-intervals, paired differences and the runs a target interval needs.
#include <cstddef>
#include <optional>
#include <vector>

namespace ampel::batch {

// P(T <= t) for Student's t with `df` > 0 degrees of freedom.
double student_t_cdf(double t, double df);
// The t with P(T <= t) = p, for 0 < p < 1 (bisection on the CDF to ~1e-12).
double student_t_quantile(double p, double df);

// Mean, sample standard deviation and a two-sided t-interval of independent observations.
struct Estimate {
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;          // sample (n - 1) standard deviation; 0 when n < 2
  double half_width = 0.0;  // t(1 - alpha/2, n - 1) * sd / sqrt(n); 0 when n < 2 (no interval)
  bool has_interval() const { return n >= 2; }
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

Estimate estimate(const std::vector<double>& values, double confidence = 0.95);

// Paired difference b - a over the pairs where both are present (replications with common random numbers).
struct PairedDifference {
  Estimate diff;  // of b_r - a_r
  std::optional<double>
      relative_pct;  // 100 * mean difference / mean of a over the same pairs (none if that is 0)
};
PairedDifference paired_difference(const std::vector<std::optional<double>>& a,
                                   const std::vector<std::optional<double>>& b, double confidence = 0.95);

// Smallest n >= 2 with t(1 - alpha/2, n - 1) * sd / sqrt(n) <= relative * |mean|: the runs an interval of
// +- relative (e.g. 0.05 for +-5 %) around the mean needs. None when the mean is 0 or the answer exceeds
// ten million.
std::optional<std::size_t> runs_for_relative_interval(double mean, double sd, double relative = 0.05,
                                                      double confidence = 0.95);

}  // namespace ampel::batch
