#pragma once
// The day-to-day variability a command uses: the file given with --days-spec, else the scenario's own
// `days` block (sim/io/days.hpp).
#include <string>

#include <cstdint>
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

}  // namespace ampel::cli
