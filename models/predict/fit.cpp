#include "models/predict/fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "models/predict/features.hpp"
#include "models/predict/ridge.hpp"
#include "sim/simulation.hpp"

namespace ampel::predict {

namespace {

// Feeds a log after every step, keeping every bin.
class Recorder : public StepObserver {
 public:
  Recorder(const Network& net, TimeMs bin_ms) : log_(net, bin_ms, std::numeric_limits<std::size_t>::max()) {}
  void on_step(const Simulation& sim) override {
    log_.observe(ControlContext{sim.scenario(), sim.network(), sim.state(), sim.now_ms()});
  }
  std::vector<BinRecord> bins() const {
    std::vector<BinRecord> out;
    for (std::size_t i = log_.kept_bins(); i-- > 0;) out.push_back(*log_.bin(i));
    return out;
  }

 private:
  ObservationLog log_;
};

// Time-of-day profile: per (bin, lane) sums and counts over runs, optionally leaving one run out.
struct ProfileSums {
  std::int64_t first = 0, bins = 0;
  std::size_t lanes = 0;
  std::vector<double> arrivals, queue, count;

  ProfileSums(const std::vector<std::vector<BinRecord>>& runs, std::size_t lane_count) : lanes(lane_count) {
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
    for (const auto& run : runs)
      for (const BinRecord& b : run) lo = std::min(lo, b.tod_bin), hi = std::max(hi, b.tod_bin);
    if (lo > hi) return;
    first = lo;
    bins = hi - lo + 1;
    std::size_t n = static_cast<std::size_t>(bins) * lanes;
    arrivals.assign(n, 0.0), queue.assign(n, 0.0), count.assign(static_cast<std::size_t>(bins), 0.0);
    for (const auto& run : runs) add(run, 1.0);
  }
  void add(const std::vector<BinRecord>& run, double sign) {
    for (const BinRecord& b : run) {
      std::size_t i = static_cast<std::size_t>(b.tod_bin - first);
      count[i] += sign;
      for (std::size_t l = 0; l < lanes; ++l)
        arrivals[i * lanes + l] += sign * b.arrivals_veh[l], queue[i * lanes + l] += sign * b.queue_veh[l];
    }
  }
  // Means into the profile fields of a model.
  void to_model(PredictionModel& m) const {
    m.profile_first_bin = first;
    m.profile_bins = bins;
    m.profile_arrivals_veh.assign(static_cast<std::size_t>(bins) * lanes, 0.0f);
    m.profile_queue_veh.assign(static_cast<std::size_t>(bins) * lanes, 0.0f);
    m.lane_mean_arrivals_veh.assign(lanes, 0.0f);
    m.lane_mean_queue_veh.assign(lanes, 0.0f);
    std::vector<double> sa(lanes, 0.0), sq(lanes, 0.0);
    double total = 0.0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(bins); ++i) {
      if (count[i] <= 0) continue;
      total += count[i];
      for (std::size_t l = 0; l < lanes; ++l) {
        m.profile_arrivals_veh[i * lanes + l] = static_cast<float>(arrivals[i * lanes + l] / count[i]);
        m.profile_queue_veh[i * lanes + l] = static_cast<float>(queue[i * lanes + l] / count[i]);
        sa[l] += arrivals[i * lanes + l], sq[l] += queue[i * lanes + l];
      }
    }
    for (std::size_t l = 0; l < lanes && total > 0; ++l) {
      m.lane_mean_arrivals_veh[l] = static_cast<float>(sa[l] / total);
      m.lane_mean_queue_veh[l] = static_cast<float>(sq[l] / total);
    }
  }
};

}  // namespace

std::vector<BinRecord> record_run(std::shared_ptr<const Scenario> scenario,
                                  std::unique_ptr<Controller> controller, std::uint64_t seed, double bin_s) {
  Simulation sim(scenario, std::move(controller), seed);
  Recorder rec(sim.network(), seconds_to_ms(bin_s));
  sim.add_observer(&rec);
  sim.run();
  return rec.bins();
}

PredictionModel fit_model(const Network& net, const std::string& network_name,
                          const std::vector<std::vector<BinRecord>>& runs, const FitOptions& options) {
  std::size_t lanes = net.road_lane_count();
  PredictionModel m;
  m.network_name = network_name;
  m.fingerprint = network_fingerprint(net);
  for (LaneId l = 0; l < lanes; ++l) m.lane_ids.push_back(net.lane(l).id);
  m.bin_s = options.bin_s;
  m.horizon_bins = options.horizon_bins;
  m.lags = options.lags;
  m.max_abs_z = options.max_abs_z;
  FeatureLayout layout(net, options.lags);
  m.features = layout.names();
  ProfileSums sums(runs, lanes);
  sums.to_model(m);
  if (!options.ridge || runs.empty()) return m;

  // Features of each run use the profile of the other runs: a profile that contains the run itself would
  // leak its own noise into the "time of day" features and overstate how much they explain.
  std::size_t nr = runs.size(), d = layout.size(), db = layout.base_size(),
              h = static_cast<std::size_t>(options.horizon_bins);
  std::vector<PredictionModel> loo(nr);
  std::vector<std::vector<std::vector<double>>> base(nr);  // [run][bin] -> lanes x db
  for (std::size_t r = 0; r < nr; ++r) {
    if (nr > 1) {
      ProfileSums others = sums;
      others.add(runs[r], -1.0);
      others.to_model(loo[r]);
    } else {
      loo[r] = m;
    }
    std::vector<const BinRecord*> history(static_cast<std::size_t>(std::max(options.lags, 2)));
    for (std::size_t i = 0; i < runs[r].size(); ++i) {
      for (std::size_t a = 0; a < history.size(); ++a) history[a] = a <= i ? &runs[r][i - a] : nullptr;
      base[r].emplace_back();
      layout.base_features(history, &loo[r], base[r].back());
    }
  }

  std::size_t nl = options.lambdas.size();
  // Per lambda: validation squared error per target, and the coefficients of every lane and horizon.
  std::vector<std::array<double, 2>> cv_error(nl, {0.0, 0.0});
  std::vector<std::vector<double>> coef_a(nl, std::vector<double>(lanes * h * d)), coef_q = coef_a;
  m.feature_mean.assign(lanes * d, 0.0);
  m.feature_scale.assign(lanes * d, 1.0);
  m.gram.assign(lanes * d * d, 0.0);
  Eigen::VectorXd x(static_cast<Eigen::Index>(d));
  Eigen::Index ia = static_cast<Eigen::Index>(layout.index_of(m.baseline_arrivals));
  Eigen::Index iq = static_cast<Eigen::Index>(layout.index_of(m.baseline_queue));
  auto raw = [&](std::size_t r, std::size_t i, std::size_t k, LaneId l) {
    const double* b = &base[r][i][l * db];
    for (std::size_t j = 0; j < db; ++j) x[static_cast<Eigen::Index>(j)] = b[j];
    double t[2];
    FeatureLayout::target_features(&loo[r], runs[r][i].tod_bin + static_cast<std::int64_t>(k), l, t);
    x[static_cast<Eigen::Index>(db)] = t[0];
    x[static_cast<Eigen::Index>(db + 1)] = t[1];
  };

  for (LaneId l = 0; l < lanes; ++l) {
    // Standardisation from the one-bin-ahead samples.
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(d)), sq = sum;
    double n = 0;
    for (std::size_t r = 0; r < nr; ++r)
      for (std::size_t i = 0; i + 1 < runs[r].size(); ++i) {
        raw(r, i, 1, l);
        sum += x, sq += x.cwiseProduct(x), n += 1;
      }
    if (n < 2) continue;
    double* mean = &m.feature_mean[l * d];
    double* scale = &m.feature_scale[l * d];
    for (std::size_t j = 1; j < d; ++j) {
      Eigen::Index jj = static_cast<Eigen::Index>(j);
      mean[j] = sum[jj] / n;
      double var = sq[jj] / n - mean[j] * mean[j];
      scale[j] = var > 1e-12 ? std::sqrt(var) : 1.0;
    }
    m.samples_per_lane = static_cast<std::uint64_t>(n);
    Eigen::VectorXd z(static_cast<Eigen::Index>(d));
    for (std::size_t k = 1; k <= h; ++k) {
      std::vector<Eigen::MatrixXd> g(
          nr, Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d)));
      std::vector<Eigen::MatrixXd> b(nr, Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d), 2));
      std::vector<Eigen::Vector2d> yy(nr, Eigen::Vector2d::Zero());
      double count = 0;
      for (std::size_t r = 0; r < nr; ++r)
        for (std::size_t i = 0; i + k < runs[r].size(); ++i) {
          raw(r, i, k, l);
          z[0] = 1.0;
          for (std::size_t j = 1; j < d; ++j)
            z[static_cast<Eigen::Index>(j)] =
                std::clamp((x[static_cast<Eigen::Index>(j)] - mean[j]) / scale[j], -options.max_abs_z,
                           options.max_abs_z);
          // Targets relative to their baselines (raw feature values).
          Eigen::Vector2d y(runs[r][i + k].arrivals_veh[l] - x[ia], runs[r][i + k].queue_veh[l] - x[iq]);
          g[r].selfadjointView<Eigen::Lower>().rankUpdate(z);
          b[r] += z * y.transpose();
          yy[r] += y.cwiseProduct(y);
          count += 1;
        }
      Eigen::MatrixXd gall =
          Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
      Eigen::MatrixXd ball = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d), 2);
      for (std::size_t r = 0; r < nr; ++r) {
        g[r] = g[r].selfadjointView<Eigen::Lower>();
        gall += g[r], ball += b[r];
      }
      if (k == 1 && count > 0)
        Eigen::Map<Eigen::MatrixXd>(&m.gram[l * d * d], static_cast<Eigen::Index>(d),
                                    static_cast<Eigen::Index>(d)) = gall / count;
      for (std::size_t li = 0; li < nl; ++li) {
        double lambda = options.lambdas[li];
        Eigen::MatrixXd theta = solve_ridge(gall, ball, lambda);
        for (std::size_t j = 0; j < d; ++j) {
          coef_a[li][(l * h + k - 1) * d + j] = theta(static_cast<Eigen::Index>(j), 0);
          coef_q[li][(l * h + k - 1) * d + j] = theta(static_cast<Eigen::Index>(j), 1);
        }
        if (nr < 2 || nl < 2) continue;
        for (std::size_t r = 0; r < nr; ++r) {
          Eigen::MatrixXd th = solve_ridge(gall - g[r], ball - b[r], lambda);
          for (int t = 0; t < 2; ++t) {
            // Held-out squared error from the run's own sufficient statistics.
            double e = yy[r][t] - 2.0 * th.col(t).dot(b[r].col(t)) + th.col(t).dot(g[r] * th.col(t));
            cv_error[li][static_cast<std::size_t>(t)] += e;
          }
        }
      }
    }
  }
  std::size_t best[2] = {0, 0};
  for (int t = 0; t < 2; ++t)
    for (std::size_t li = 1; li < nl; ++li)
      if (cv_error[li][static_cast<std::size_t>(t)] < cv_error[best[t]][static_cast<std::size_t>(t)])
        best[t] = li;
  m.lambda_arrivals = options.lambdas[best[0]];
  m.lambda_queue = options.lambdas[best[1]];
  m.coef_arrivals = std::move(coef_a[best[0]]);
  m.coef_queue = std::move(coef_q[best[1]]);
  return m;
}

}  // namespace ampel::predict
