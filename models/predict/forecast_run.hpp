#pragma once
// Congestion-prediction accuracy on one run: every predictor sees the same simulation; at each bin boundary
// it forecasts arrivals and queues of every road lane, scored against what happened (MAE and RMSE per
// horizon). Shared by `ampel forecast` and the Python module; part of ampel_models (it builds controllers).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/predict/evaluate.hpp"
#include "models/predict/fit_runs.hpp"
#include "models/predict/model.hpp"
#include "sim/scenario.hpp"

namespace ampel::predict {

struct ForecastRequest {
  std::shared_ptr<const Scenario> scenario;
  std::uint64_t seed = 1;                            // of the evaluated run
  std::vector<std::string> predictors;               // empty: every one in the catalogue
  std::map<std::string, ParamMap> predictor_params;  // per predictor name
  std::shared_ptr<const PredictionModel> model;      // null: fitted on fit_seeds if a predictor needs one
  std::vector<std::uint64_t> fit_seeds;              // the evaluation seed is left out
  std::vector<double> horizons_min = {1, 5, 10, 15};
  bool keep_series = false;  // also every scored forecast with its outcome (ForecastResult::series_csv)
  FitProgress fit_progress;  // called while a model is fitted
};

struct ForecastResult {
  std::vector<ForecastScore> scores;
  std::shared_ptr<const PredictionModel> model;  // the one used (given or fitted); null if none was needed
  bool model_fitted = false;
  bool in_sample = false;  // the evaluation seed is one of the model's training seeds
  double bin_s = 0.0;
  double score_from_s = 0.0;
  double wall_s = 0.0;     // of the evaluated run
  std::string series_csv;  // with keep_series
};

// True when one of the named predictors (empty: all) needs a fitted model.
bool needs_model(const std::vector<std::string>& predictors);

// Throws InputError (naming the option of `ampel forecast`) for a bad horizon, predictor or parameter.
ForecastResult run_forecast(const ForecastRequest& request);

// forecast.csv: one row per predictor, quantity, scope and horizon.
std::string forecast_csv(const std::string& scenario, std::uint64_t seed,
                         const std::vector<ForecastScore>& scores);
// The accuracy tables as the terminal shows them, and the learned model against both baselines.
std::string forecast_table(const std::vector<ForecastScore>& scores, const std::vector<double>& horizons_min);
std::string forecast_comparison(const std::vector<ForecastScore>& scores);

}  // namespace ampel::predict
