#pragma once
// Offline fitting of the prediction model from simulated history: record the binned observations of whole
// runs (replications with different seeds), then build the time-of-day profile and fit the ridge
// coefficients per lane and horizon, with the penalty chosen by leave-one-run-out cross-validation.
#include <memory>
#include <vector>

#include "models/predict/model.hpp"
#include "models/predict/observations.hpp"
#include "sim/controller.hpp"
#include "sim/scenario.hpp"

namespace ampel::predict {

// Every closed bin of one run, in time order (observed after every step).
std::vector<BinRecord> record_run(std::shared_ptr<const Scenario> scenario,
                                  std::unique_ptr<Controller> controller, std::uint64_t seed, double bin_s);

struct FitOptions {
  double bin_s = 60.0;
  int horizon_bins = 16;
  int lags = 4;
  // Candidate ridge penalties (on standardised features); with two runs or more the one with the smallest
  // leave-one-run-out squared error is chosen per target, otherwise the first.
  std::vector<double> lambdas = {1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0};
  double max_abs_z = 6.0;  // standardised features are clipped to +-max_abs_z (in training as in forecasting)
  bool ridge = true;       // false: the time-of-day profile only
};

// Fits a model for `net` from recorded runs (each a sequence of bins of the same bin length). Fills the
// network, layout, profile and coefficient fields; the caller adds the provenance (scenario, controller,
// seeds).
PredictionModel fit_model(const Network& net, const std::string& network_name,
                          const std::vector<std::vector<BinRecord>>& runs, const FitOptions& options);

}  // namespace ampel::predict
