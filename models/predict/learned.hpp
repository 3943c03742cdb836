#pragma once
// The learned model ("ridge"): per road lane and horizon, a linear forecast of arrivals and queue over the
// features of features.hpp, relative to a baseline feature (PredictionModel::baseline_*), with coefficients
// fitted offline by ridge regression (`ampel fit`). "ridge_rls" updates it online by recursive least squares
// with forgetting as the true values of earlier forecasts become known, so it adapts when an incident changes
// the flows. Two ways (`adapt`):
//   correction    (default) per lane and target, a level and a gain on the offline forecast,
//                 y = baseline + a + b * offline, fitted by RLS over the forecasts of every horizon: two
//                 numbers per lane learn fast and stay quiet in a steady regime;
//   coefficients  every coefficient of every lane and horizon (29 per model), from the offline fit as prior:
//                 the most flexible, but noisy with a memory of tens of bins.
#include <array>
#include <deque>

#include "models/predict/features.hpp"
#include "models/predict/model.hpp"
#include "models/predict/predictor.hpp"
#include "models/predict/ridge.hpp"

namespace ampel::predict {

enum class Adaptation : std::uint8_t { none, correction, coefficients };

struct LearnedSettings {
  Adaptation adapt = Adaptation::none;
  double forgetting = 0.98;  // RLS forgetting factor per bin (memory of about 1 / (1 - rho) bins)
  double prior_samples =
      50.0;  // the offline fit (or the neutral correction) weighs as much as this many samples
  double max_trace_factor = 1e3;  // bound on trace(P) relative to its prior value (anti wind-up)
  // correction: also correct the queue forecasts. Off by default: on the incident scenario's validation runs
  // (docs/prediction.md) the corrected queues were worse; the queue baseline (the last queue) already adapts.
  bool correct_queue = false;
  // Standardised features are clipped to +-max_abs_z: a lane far outside anything seen in training (a queue
  // ten times its usual length) must not be extrapolated by a sum of large, partly cancelling coefficients.
  double max_abs_z = 6.0;  // the model's own value unless given
};

// Forecasts are also kept physical: queues within what fits on the lane at this jam spacing (a car and its
// standstill gap), arrivals at most one vehicle per second per lane.
inline constexpr double kJamSpacingM = 6.5;
inline constexpr double kMaxArrivalsVph = 3600.0;

class LearnedPredictor : public Predictor {
 public:
  LearnedPredictor(const Network& net, const PredictorSettings& settings,
                   std::shared_ptr<const PredictionModel> model, const LearnedSettings& learned);
  std::string name() const override { return learned_.adapt == Adaptation::none ? "ridge" : "ridge_rls"; }
  std::unique_ptr<Predictor> clone() const override { return std::make_unique<LearnedPredictor>(*this); }

 protected:
  void on_bin_closed(const ControlContext& ctx) override;

 private:
  // Standardised feature vector of `lane` from its base features and the target bin's profile; returns the
  // raw baseline features (arrivals, queue) the coefficients are relative to.
  Eigen::Vector2d standardise(LaneId lane, const double* base, std::int64_t target_tod,
                              Eigen::VectorXd& z) const;

  // The offline model's forecast of one lane and horizon, per target (arrivals, queue): baseline + residual.
  struct OfflineForecast {
    Eigen::Vector2d baseline, residual;
  };
  // Offline forecasts of every lane and horizon, [(k - 1) * lanes + lane], made at the end of bin `tod`.
  void offline_forecasts(const std::vector<double>& base, std::int64_t tod,
                         std::vector<OfflineForecast>& out) const;
  // Online updates: the bin just closed is the outcome of the forecasts made 1..horizon_bins bins ago.
  void update_coefficients(const BinRecord& now);
  void update_corrections(const BinRecord& now);

  std::shared_ptr<const PredictionModel> model_;
  LearnedSettings learned_;
  FeatureLayout layout_;
  std::vector<RecursiveLeastSquares> rls_;         // coefficients: [lane * horizon_bins + k - 1]
  std::vector<RecursiveLeastSquares> correction_;  // correction: [lane * 2 + target]
  std::deque<std::vector<OfflineForecast>>
      past_offline_;                           // correction: the last horizon_bins, front = latest
  std::deque<std::vector<double>> past_base_;  // base features of the last horizon_bins bins, front = latest
  std::array<std::size_t, 2> baseline_{};      // feature indices of the baselines (arrivals, queue)
  std::vector<double> max_queue_veh_;          // per road lane: length / jam spacing
};

}  // namespace ampel::predict
