#include "apps/ampel/days_options.hpp"

#include <fmt/format.h>
#include <chrono>

#include "models/predict/fit_runs.hpp"

#include "sim/error.hpp"
#include "sim/io/days.hpp"

namespace ampel::cli {

DaysSpec resolve_days(const ScenarioSpec& spec, const std::string& days_spec_file) {
  if (!days_spec_file.empty()) return io::load_days_file(days_spec_file);
  if (spec.days) return *spec.days;
  throw InputError(spec.source_file, "/days",
                   "the scenario has no 'days' block; give one with --days-spec FILE (scenarios/README.md)");
}

std::string describe_day(const ScenarioSpec& base, const DaysSpec& days, std::uint64_t day) {
  io::DayDraw d;
  io::day_scenario(base, days, day, &d);
  std::string s = fmt::format("day {}: demand x{:.3f}, peak shifted {:+.0f} s, {} weather", day,
                              d.demand_factor, d.peak_shift_s, d.bad_weather ? "bad" : "normal");
  for (const auto& e : d.planned_events) s += fmt::format(", event {}", e);
  for (const auto& i : d.incidents)
    s += fmt::format(", incident {}:{} at {:.0f} s for {:.0f} s", i.road, i.lane, i.at_s, i.duration_s);
  return s;
}

std::vector<predict::RoadSeries> record_days(const ScenarioSpec& base, const DaysSpec& days,
                                             const std::vector<std::uint64_t>& day_list, double bin_s,
                                             bool quiet) {
  std::vector<predict::RoadSeries> out;
  for (std::uint64_t day : day_list) {
    auto t0 = std::chrono::steady_clock::now();
    io::DayDraw draw;
    ScenarioSpec spec = io::day_scenario(base, days, day, &draw);
    std::vector<std::pair<double, double>> windows;
    for (const auto& e : days.events)
      for (const auto& name : draw.planned_events)
        if (name == e.name) windows.emplace_back(e.begin_s, e.end_s);
    auto scenario = std::make_shared<const Scenario>(compile_scenario(std::move(spec)));
    out.push_back(predict::record_road_day(scenario, day, bin_s, windows, draw.bad_weather));
    if (!quiet)
      fmt::print("  day {:>3}: demand x{:.3f}, {} incidents{}{} ({:.1f} s)\n", day, draw.demand_factor,
                 draw.incidents.size(), draw.bad_weather ? ", bad weather" : "",
                 draw.planned_events.empty() ? "" : ", planned event",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return out;
}

}  // namespace ampel::cli
