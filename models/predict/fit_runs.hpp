#pragma once
// Fitting a prediction model from simulated history: one run per seed of a scenario under its own controller,
// then fit_model. Shared by `ampel fit`, `ampel forecast` (when no model file is given) and the Python
// module. Part of ampel_models: it builds controllers by name.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/predict/fit.hpp"
#include "models/predict/model.hpp"
#include "models/predict/road_series.hpp"
#include "sim/scenario.hpp"

namespace ampel::predict {

// After each recorded run: its number (1-based), the count, its seed, its bins and its wall time.
using FitProgress = std::function<void(std::size_t run, std::size_t runs, std::uint64_t seed,
                                       std::size_t bins, double wall_s)>;

// Simulates `scenario` (with its controller) once per seed and fits a model with its provenance (scenario,
// controller, seeds).
PredictionModel fit_scenario_model(std::shared_ptr<const Scenario> scenario,
                                   const std::vector<std::uint64_t>& seeds, const FitOptions& options,
                                   const FitProgress& progress = {});

// One day of a scenario with day-to-day variability, run under its controller and recorded per road
// (issue 12). `event_windows_s` are the day's planned events (begin, end), known in advance.
RoadSeries record_road_day(std::shared_ptr<const Scenario> scenario, std::uint64_t day, double bin_s,
                           const std::vector<std::pair<double, double>>& event_windows_s, bool bad_weather);

// Horizon bins covering `horizon_s` with bins of `bin_s` (plus the bin being filled).
int horizon_bins_for(double horizon_s, double bin_s);

}  // namespace ampel::predict
