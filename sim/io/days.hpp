#pragma once
// Days that differ as real days do: day d of a scenario with a `days` block (sim/spec.hpp DaysSpec) is the
// base scenario with a lognormal day factor on demand, slow per-flow shifts, a shifted peak, random lane
// closures, planned surges on some routes and bad weather, all drawn from (days.seed, d). Everything is done
// on the spec with what the simulator already offers (rates, close_lane events, driver parameters), so a day
// is an ordinary scenario: `ampel generate day` writes it as a file. Documented in scenarios/README.md.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/json_reader.hpp"
#include "sim/io/scenario_json.hpp"
#include "sim/spec.hpp"

namespace ampel::io {

struct DayIncident {
  std::string road;
  int lane = 0;
  double at_s = 0.0;
  double duration_s = 0.0;
};

// What was drawn for one day (known to a forecaster as far as a traffic centre would know it: the weather and
// the planned events in advance, an incident from its start).
struct DayDraw {
  std::uint64_t day = 0;
  double demand_factor = 1.0;
  double peak_shift_s = 0.0;
  bool bad_weather = false;
  std::vector<std::string> planned_events;  // names of the planned events taking place
  std::vector<DayIncident> incidents;
};

// The `days` block of a scenario file, read at field `f`; problems go to f's diagnostics.
DaysSpec read_days(const Field& f);
OrderedJson days_to_json(const DaysSpec& days);
// A file holding {"days": {...}} (or a whole scenario with a days block); throws InputError naming the file.
DaysSpec load_days_file(const std::string& path);

// Day `day` (>= 1) of `base` under `days`: a scenario without a days block, named "<name>_day<d>", whose seed
// is the day number. Throws InputError for a planned event naming an unknown flow.
ScenarioSpec day_scenario(const ScenarioSpec& base, const DaysSpec& days, std::uint64_t day,
                          DayDraw* draw = nullptr);

// Length of a road of a spec (its length_m, else its shape, else the straight line between its nodes).
double spec_road_length_m(const NetworkSpec& net, const RoadSpec& road);

}  // namespace ampel::io
