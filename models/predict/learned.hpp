#pragma once
// The learned model ("ridge"): per road lane and horizon, a linear forecast of arrivals and queue over the
// features of features.hpp, with coefficients fitted offline by ridge regression (`ampel fit`) and, when
// `online`, updated every bin by recursive least squares with forgetting as the true values of earlier
// forecasts become known, so the model adapts when an incident changes the flows.
#include <deque>

#include "models/predict/features.hpp"
#include "models/predict/model.hpp"
#include "models/predict/predictor.hpp"
#include "models/predict/ridge.hpp"

namespace ampel::predict {

struct LearnedSettings {
  bool online = true;
  double forgetting = 0.98;       // RLS forgetting factor per bin (memory of about 1 / (1 - rho) bins)
  double prior_samples = 50.0;    // the offline fit weighs as much as this many new samples
  double max_trace_factor = 1e3;  // bound on trace(P) relative to its prior value (anti wind-up)
};

class LearnedPredictor : public Predictor {
 public:
  LearnedPredictor(const Network& net, const PredictorSettings& settings,
                   std::shared_ptr<const PredictionModel> model, const LearnedSettings& learned);
  std::string name() const override { return learned_.online ? "ridge_rls" : "ridge"; }
  std::unique_ptr<Predictor> clone() const override { return std::make_unique<LearnedPredictor>(*this); }

 protected:
  void on_bin_closed(const ControlContext& ctx) override;

 private:
  // Standardised feature vector of `lane` from its base features and the target bin's profile.
  void standardise(LaneId lane, const double* base, std::int64_t target_tod, Eigen::VectorXd& z) const;

  std::shared_ptr<const PredictionModel> model_;
  LearnedSettings learned_;
  FeatureLayout layout_;
  std::vector<RecursiveLeastSquares> rls_;     // [lane * horizon_bins + k - 1], when online
  std::deque<std::vector<double>> past_base_;  // base features of the last horizon_bins bins, front = latest
};

}  // namespace ampel::predict
