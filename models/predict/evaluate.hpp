#pragma once
// Scores predictors side by side on one run: at every bin boundary each predictor issues its forecasts for
// the bins k = h / bin ahead; when that bin closes the forecast is compared with what happened. Every
// predictor is scored on exactly the same (lane, bin) pairs. Errors are per road lane: arrivals in veh/h,
// queue in vehicles.
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "models/predict/predictor.hpp"
#include "sim/simulation.hpp"

namespace ampel::predict {

struct ErrorStats {
  std::uint64_t n = 0;
  double abs_sum = 0.0;
  double sq_sum = 0.0;
  void add(double error) {
    ++n;
    abs_sum += std::abs(error);
    sq_sum += error * error;
  }
  double mae() const { return n ? abs_sum / static_cast<double>(n) : 0.0; }
  double rmse() const { return n ? std::sqrt(sq_sum / static_cast<double>(n)) : 0.0; }
};

// One row of the accuracy table.
struct ForecastScore {
  std::string predictor;
  std::string quantity;  // "arrivals" (veh/h) or "queue" (veh)
  std::string scope;     // "all": every scored bin; "event": bins inside the scenario's event window
  double horizon_min = 0.0;
  ErrorStats errors;
};

struct EvaluationOptions {
  std::vector<double> horizons_min = {1, 5, 10, 15};
  TimeMs score_from_ms = 0;  // score target bins ending after this (the scenario's warm-up)
  // Event window: target bins overlapping [event_from_ms, event_to_ms) are also scored in scope "event".
  TimeMs event_from_ms = -1, event_to_ms = -1;
  bool keep_series = false;  // keep every scored forecast with its outcome (series())
};

// One scored forecast: predictor p's forecast at horizon h for one lane and bin, with what happened.
struct SeriesRow {
  std::uint16_t predictor = 0;
  std::uint16_t horizon = 0;  // index into EvaluationOptions::horizons_min
  LaneId lane = 0;
  TimeMs bin_end_ms = 0;
  float predicted_arrivals_vph = 0, actual_arrivals_vph = 0, predicted_queue_veh = 0, actual_queue_veh = 0;
};

class ForecastEvaluator : public StepObserver {
 public:
  // All predictors must share the bin length.
  ForecastEvaluator(const Network& net, std::vector<std::unique_ptr<Predictor>> predictors,
                    EvaluationOptions options);
  void on_step(const Simulation& sim) override;
  // Rows in predictor order, then quantity, scope and horizon.
  std::vector<ForecastScore> scores() const;
  const std::vector<std::unique_ptr<Predictor>>& predictors() const { return predictors_; }
  const std::vector<SeriesRow>& series() const { return series_; }

 private:
  struct Pending {
    std::int64_t target_index;
    std::vector<LaneForecast> lanes;
  };
  const Network& net_;
  std::vector<std::unique_ptr<Predictor>> predictors_;
  EvaluationOptions options_;
  std::vector<int> horizon_bins_;
  ObservationLog truth_;
  // [predictor][horizon]: forecasts waiting for their target bin, oldest first.
  std::vector<std::vector<std::vector<Pending>>> pending_;
  // [predictor][horizon][quantity][scope]
  std::vector<std::vector<std::array<std::array<ErrorStats, 2>, 2>>> errors_;
  std::vector<SeriesRow> series_;
};

}  // namespace ampel::predict
