#include "models/predict/learned.hpp"

#include <algorithm>
#include <cmath>

namespace ampel::predict {

LearnedPredictor::LearnedPredictor(const Network& net, const PredictorSettings& settings,
                                   std::shared_ptr<const PredictionModel> model,
                                   const LearnedSettings& learned)
    : Predictor(net, settings), model_(std::move(model)), learned_(learned), layout_(net, model_->lags) {
  for (LaneId l = 0; l < net.road_lane_count(); ++l)
    max_queue_veh_.push_back(net.lane(l).length_m / kJamSpacingM);
  baseline_ = {layout_.index_of(model_->baseline_arrivals), layout_.index_of(model_->baseline_queue)};
  const PredictionModel& m = *model_;
  std::size_t lanes = net.road_lane_count(), d = layout_.size(), h = static_cast<std::size_t>(m.horizon_bins);
  if (learned_.adapt == Adaptation::correction) {
    // Neutral start (level 0, gain 1), worth prior_samples samples.
    Eigen::MatrixXd theta(2, 1);
    theta << 0.0, 1.0;
    Eigen::MatrixXd p = Eigen::MatrixXd::Identity(2, 2) / std::max(learned_.prior_samples, 1e-6);
    correction_.assign(lanes * 2,
                       RecursiveLeastSquares(theta, p, 1.0, p.trace() * learned_.max_trace_factor));
  }
  if (learned_.adapt != Adaptation::coefficients) return;
  rls_.reserve(lanes * static_cast<std::size_t>(settings_.horizon_bins));
  for (std::size_t l = 0; l < lanes; ++l) {
    // Prior information: the offline samples, down-weighted to prior_samples, plus the ridge penalty.
    Eigen::MatrixXd info =
        Eigen::Map<const Eigen::MatrixXd>(&m.gram[l * d * d], d, d) * learned_.prior_samples;
    for (std::size_t i = 1; i < d; ++i) info(i, i) += m.lambda_arrivals;
    info(0, 0) += 1e-6;
    Eigen::MatrixXd p = info.ldlt().solve(Eigen::MatrixXd::Identity(d, d));
    double max_trace = p.trace() * learned_.max_trace_factor;
    for (int k = 1; k <= settings_.horizon_bins; ++k) {
      std::size_t kk = std::min<std::size_t>(static_cast<std::size_t>(k), h) - 1;
      Eigen::MatrixXd theta(d, 2);
      theta.col(0) = Eigen::Map<const Eigen::VectorXd>(&m.coef_arrivals[(l * h + kk) * d], d);
      theta.col(1) = Eigen::Map<const Eigen::VectorXd>(&m.coef_queue[(l * h + kk) * d], d);
      rls_.emplace_back(std::move(theta), p, learned_.forgetting, max_trace);
    }
  }
}

Eigen::Vector2d LearnedPredictor::standardise(LaneId lane, const double* base, std::int64_t target_tod,
                                              Eigen::VectorXd& z) const {
  const PredictionModel& m = *model_;
  std::size_t d = layout_.size(), db = layout_.base_size();
  z.resize(static_cast<Eigen::Index>(d));
  double target[2];
  FeatureLayout::target_features(&m, target_tod, lane, target);
  const double* mean = &m.feature_mean[lane * d];
  const double* scale = &m.feature_scale[lane * d];
  z[0] = 1.0;
  for (std::size_t j = 1; j < d; ++j) {
    double x = j < db ? base[j] : target[j - db];
    z[static_cast<Eigen::Index>(j)] =
        std::clamp((x - mean[j]) / scale[j], -learned_.max_abs_z, learned_.max_abs_z);
  }
  auto raw = [&](std::size_t j) { return j < db ? base[j] : target[j - db]; };
  return {raw(baseline_[0]), raw(baseline_[1])};
}

void LearnedPredictor::offline_forecasts(const std::vector<double>& base, std::int64_t tod,
                                         std::vector<OfflineForecast>& out) const {
  const PredictionModel& m = *model_;
  std::size_t lanes = net_.road_lane_count(), db = layout_.base_size(), d = layout_.size();
  std::size_t hm = static_cast<std::size_t>(m.horizon_bins);
  int hb = settings_.horizon_bins;
  out.resize(static_cast<std::size_t>(hb) * lanes);
  Eigen::VectorXd z;
  for (int k = 1; k <= hb; ++k) {
    std::size_t kk = std::min<std::size_t>(static_cast<std::size_t>(k), hm) - 1;
    for (LaneId l = 0; l < lanes; ++l) {
      OfflineForecast& f = out[static_cast<std::size_t>(k - 1) * lanes + l];
      f.baseline = standardise(l, &base[l * db], tod + k, z);
      f.residual = {Eigen::Map<const Eigen::VectorXd>(&m.coef_arrivals[(l * hm + kk) * d], d).dot(z),
                    Eigen::Map<const Eigen::VectorXd>(&m.coef_queue[(l * hm + kk) * d], d).dot(z)};
    }
  }
}

void LearnedPredictor::update_coefficients(const BinRecord& now) {
  // The bin just closed is the target of the forecasts made k bins ago.
  std::size_t lanes = net_.road_lane_count(), db = layout_.base_size();
  int hb = settings_.horizon_bins;
  Eigen::VectorXd z, y(2);
  for (int k = 1; k <= hb && k <= static_cast<int>(past_base_.size()); ++k) {
    const std::vector<double>& old = past_base_[static_cast<std::size_t>(k - 1)];
    for (LaneId l = 0; l < lanes; ++l) {
      Eigen::Vector2d baseline = standardise(l, &old[l * db], now.tod_bin, z);
      y << now.arrivals_veh[l] - baseline[0], now.queue_veh[l] - baseline[1];
      rls_[l * static_cast<std::size_t>(hb) + static_cast<std::size_t>(k - 1)].update(z, y);
    }
  }
}

void LearnedPredictor::update_corrections(const BinRecord& now) {
  std::size_t lanes = net_.road_lane_count();
  std::size_t n =
      std::min<std::size_t>(static_cast<std::size_t>(settings_.horizon_bins), past_offline_.size());
  if (n == 0) return;
  // One level and gain per lane and target, pooled over the horizons: the n samples this bin brings together
  // weigh one bin, so the memory is about 1 / (1 - forgetting) bins whatever the number of horizons.
  double rho = std::pow(learned_.forgetting, 1.0 / static_cast<double>(n));
  Eigen::VectorXd c(2), t(1);
  for (std::size_t k = 1; k <= n; ++k) {
    const std::vector<OfflineForecast>& issued = past_offline_[k - 1];
    for (LaneId l = 0; l < lanes; ++l) {
      const OfflineForecast& f = issued[(k - 1) * lanes + l];
      double actual[2] = {now.arrivals_veh[l], now.queue_veh[l]};
      for (int target = 0; target < 2; ++target) {
        c << 1.0, f.residual[target];
        t << actual[target] - f.baseline[target];
        correction_[l * 2 + static_cast<std::size_t>(target)].update(c, t, rho);
      }
    }
  }
}

void LearnedPredictor::on_bin_closed(const ControlContext&) {
  std::size_t lanes = net_.road_lane_count(), db = layout_.base_size();
  int hb = settings_.horizon_bins;
  std::vector<const BinRecord*> history(static_cast<std::size_t>(std::max(layout_.lags(), 2)));
  for (std::size_t i = 0; i < history.size(); ++i) history[i] = log_.bin(i);
  const BinRecord& now = *history[0];
  std::vector<double> base;
  layout_.base_features(history, model_.get(), base);

  std::vector<OfflineForecast> offline;
  if (learned_.adapt == Adaptation::coefficients) {
    update_coefficients(now);
    past_base_.push_front(base);
    if (past_base_.size() > static_cast<std::size_t>(hb)) past_base_.pop_back();
  } else {
    offline_forecasts(base, now.tod_bin, offline);
  }
  if (learned_.adapt == Adaptation::correction) {
    update_corrections(now);
    past_offline_.push_front(offline);
    if (past_offline_.size() > static_cast<std::size_t>(hb)) past_offline_.pop_back();
  }

  double to_vph = 3600.0 / settings_.bin_s;
  Eigen::VectorXd z, c(2);
  for (int k = 1; k <= hb; ++k) {
    for (LaneId l = 0; l < lanes; ++l) {
      std::size_t i = static_cast<std::size_t>(k - 1) * lanes + l;
      double a, q;
      if (learned_.adapt == Adaptation::coefficients) {
        Eigen::Vector2d baseline = standardise(l, &base[l * db], now.tod_bin + k, z);
        Eigen::VectorXd p =
            rls_[l * static_cast<std::size_t>(hb) + static_cast<std::size_t>(k - 1)].predict(z);
        a = baseline[0] + p[0], q = baseline[1] + p[1];
      } else {
        const OfflineForecast& f = offline[i];
        a = f.residual[0], q = f.residual[1];
        if (learned_.adapt == Adaptation::correction) {
          c << 1.0, a;
          a = correction_[l * 2].predict(c)[0];
          c << 1.0, q;
          if (learned_.correct_queue) q = correction_[l * 2 + 1].predict(c)[0];
        }
        a += f.baseline[0], q += f.baseline[1];
      }
      forecasts_[i] = {std::clamp(a * to_vph, 0.0, kMaxArrivalsVph), std::clamp(q, 0.0, max_queue_veh_[l])};
    }
  }
}

}  // namespace ampel::predict
