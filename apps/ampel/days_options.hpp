#pragma once
// The day-to-day variability a command uses: the file given with --days-spec, else the scenario's own
// `days` block (sim/io/days.hpp).
#include <string>

#include <cstdint>
#include <optional>
#include <vector>

#include "models/predict/road_series.hpp"
#include "sim/spec.hpp"

namespace ampel::cli {

// Throws InputError naming the scenario when neither is there.
DaysSpec resolve_days(const ScenarioSpec& spec, const std::string& days_spec_file);

// One line on what a day drew (demand factor, peak shift, weather, planned events, incidents).
std::string describe_day(const ScenarioSpec& base, const DaysSpec& days, std::uint64_t day);

// Runs every listed day of `base` under `days` (each under the scenario's controller, seed = day number) and
// records it per road in bins of bin_s; one progress line per day unless quiet.
std::vector<predict::RoadSeries> record_days(const ScenarioSpec& base, const DaysSpec& days,
                                             const std::vector<std::uint64_t>& day_list, double bin_s,
                                             bool quiet);

// `ampel fit --days`: the per-road model (historical average and graph regression) fitted on the listed days
// of the scenario's variability, written to `out`.
struct FitDaysArgs {
  std::string days, days_spec, out;
  bool quiet = false;
  double road_bin_s = 300.0;
  std::vector<double> lambdas;  // empty: the model's defaults
  bool profile_only = false;
};
int fit_days(const ScenarioSpec& spec, const FitDaysArgs& args);

// `ampel forecast --days`: a per-road model scored on the listed days (table; CSVs into `out` if given).
struct ForecastDaysArgs {
  std::string days, days_spec, out;
  bool quiet = false;
  std::optional<std::string> model;
  double rls_forgetting = 0.9;
};
int forecast_days(const ScenarioSpec& spec, const ForecastDaysArgs& args);

}  // namespace ampel::cli
