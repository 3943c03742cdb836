#include "analysis/stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ampel::batch {

namespace {

// Continued fraction of the regularised incomplete beta function (modified Lentz's method).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-15;
  double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0, d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 1000; ++m) {
    double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

// I_x(a, b), the regularised incomplete beta function.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  double front = std::exp(log_front);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

// The standard normal quantile, by bisection on the CDF 0.5 * erfc(-x / sqrt 2).
double normal_quantile(double p) {
  double lo = -40.0, hi = 40.0;
  for (int i = 0; i < 200 && hi - lo > 1e-14; ++i) {
    double mid = 0.5 * (lo + hi);
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double student_t_cdf(double t, double df) {
  if (!(df > 0.0)) throw std::invalid_argument("student_t_cdf: degrees of freedom must be positive");
  double x = df / (df + t * t);
  double tail = 0.5 * incomplete_beta(0.5 * df, 0.5, x);  // P(T > |t|)
  return t >= 0.0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("student_t_quantile: p must be in (0, 1)");
  if (p < 0.5) return -student_t_quantile(1.0 - p, df);
  if (p == 0.5) return 0.0;
  double lo = 0.0, hi = 1.0;
  while (student_t_cdf(hi, df) < p) {
    lo = hi;
    hi *= 2.0;
    if (hi > 1e12) return hi;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-13 * std::max(1.0, hi); ++i) {
    double mid = 0.5 * (lo + hi);
    if (student_t_cdf(mid, df) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

Estimate estimate(const std::vector<double>& values, double confidence) {
  Estimate e;
  e.n = values.size();
  if (e.n == 0) return e;
  double sum = 0.0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2) return e;
  double ss = 0.0;
  for (double v : values) ss += (v - e.mean) * (v - e.mean);
  e.sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  double t = student_t_quantile(0.5 + 0.5 * confidence, static_cast<double>(e.n - 1));
  e.half_width = t * e.sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

PairedDifference paired_difference(const std::vector<std::optional<double>>& a,
                                   const std::vector<std::optional<double>>& b, double confidence) {
  std::vector<double> diffs;
  double base_sum = 0.0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (!a[i] || !b[i]) continue;
    diffs.push_back(*b[i] - *a[i]);
    base_sum += *a[i];
  }
  PairedDifference out;
  out.diff = estimate(diffs, confidence);
  if (!diffs.empty() && base_sum != 0.0)
    out.relative_pct = 100.0 * out.diff.mean / (base_sum / static_cast<double>(diffs.size()));
  return out;
}

std::optional<std::size_t> runs_for_relative_interval(double mean, double sd, double relative,
                                                      double confidence) {
  double target = relative * std::fabs(mean);
  if (!(target > 0.0)) return std::nullopt;
  if (sd == 0.0) return 2;
  double p = 0.5 + 0.5 * confidence;
  // The normal approximation is a lower bound (t > z), so start there and step up.
  double z = normal_quantile(p);
  double n_normal = std::pow(z * sd / target, 2.0);
  constexpr double kMaxRuns = 1e7;
  if (n_normal > kMaxRuns) return std::nullopt;
  std::size_t n = std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(n_normal)));
  for (; n <= static_cast<std::size_t>(kMaxRuns); ++n) {
    double t = student_t_quantile(p, static_cast<double>(n - 1));
    if (t * sd / std::sqrt(static_cast<double>(n)) <= target) return n;
  }
  return std::nullopt;
}

}  // namespace ampel::batch
