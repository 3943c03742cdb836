#pragma once
// Builds predictors by name and parameters (no static self-registration: the list is here, in one place).
//   persistence         the last closed bin, for every horizon
//   historical_average  the mean of earlier runs at the same time of day (needs a model file)
//   platoon             vehicles already in the network projected along their routes
//   ridge               ridge regression on lagged counts (needs a model file), updated online by RLS
// Parameters every predictor takes: bin_s (aggregation bin, s, default 60) and horizon_s (longest horizon, s,
// default 900). Those that need a fitted model take `model` (path of a file written by `ampel fit`) unless
// the caller passes the model itself.
#include <memory>
#include <string>
#include <vector>

#include "models/predict/predictor.hpp"
#include "sim/scenario.hpp"
#include "sim/spec.hpp"

namespace ampel::predict {

struct PredictionModel;

struct PredictorInfo {
  std::string name;
  std::string summary;
  bool needs_model = false;
};

const std::vector<PredictorInfo>& predictor_catalog();

// Throws InputError (naming `where`) for an unknown predictor, a bad parameter, a missing model or a model
// fitted on another network.
std::unique_ptr<Predictor> make_predictor(const std::string& name, const ParamMap& params,
                                          const Scenario& scenario,
                                          std::shared_ptr<const PredictionModel> model = nullptr,
                                          const std::string& where = "predictor");

}  // namespace ampel::predict
