// `ampel fit --days` and `ampel forecast --days`: per-road forecasts learned from, and scored on, days of a
// scenario's day-to-day variability.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "apps/ampel/cli.hpp"
#include "apps/ampel/days_options.hpp"
#include "apps/ampel/predict_options.hpp"
#include "models/predict/road_forecast.hpp"
#include "models/predict/road_model.hpp"
#include "sim/error.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::cli {

// Per-road forecasts learned from many days: historical average and the graph regression.
int fit_days(const ScenarioSpec& spec, const FitDaysArgs& o) {
  DaysSpec days = resolve_days(spec, o.days_spec);
  std::vector<std::uint64_t> list = parse_seed_list(o.days, "--days");
  Scenario compiled = compile_scenario(spec);
  if (!o.quiet)
    fmt::print("recording {} days of {} ({}, bins of {:g} s)\n", list.size(), spec.name,
               compiled.controller.type, o.road_bin_s);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<predict::RoadSeries> series = record_days(spec, days, list, o.road_bin_s, o.quiet);
  auto t1 = std::chrono::steady_clock::now();
  predict::RoadModelOptions ro;
  ro.bin_s = o.road_bin_s;
  if (!o.lambdas.empty()) ro.lambdas = o.lambdas;
  predict::RoadModel m = predict::fit_road_model(*compiled.network, spec.name, series, ro, !o.profile_only);
  auto t2 = std::chrono::steady_clock::now();
  io::write_file_atomically(o.out, predict::road_model_to_json(m));
  if (!o.quiet)
    fmt::print("  {} roads x {} bins, {} horizons; simulation {:.1f} s, fit {:.1f} s\n  model: {}\n", m.roads,
               m.bins, m.horizons_min.size(), std::chrono::duration<double>(t1 - t0).count(),
               std::chrono::duration<double>(t2 - t1).count(), o.out);
  return kExitOk;
}

// Scores a per-road model on days it has (usually) not seen: a table, and two CSVs with --out.
int forecast_days(const ScenarioSpec& spec, const ForecastDaysArgs& o) {
  if (!o.model) throw InputError("", "--model", "--days needs a per-road model (`ampel fit --days`)");
  predict::RoadModel m = predict::read_road_model_file(*o.model);
  Scenario compiled = compile_scenario(spec);
  predict::check_road_model(m, *compiled.network, *o.model);
  DaysSpec days = resolve_days(spec, o.days_spec);
  std::vector<std::uint64_t> list = parse_seed_list(o.days, "--days");
  for (std::uint64_t d : list)
    if (std::find(m.days.begin(), m.days.end(), d) != m.days.end())
      fmt::print(stderr, "warning: day {} is one of the model's training days: the scores are in-sample\n",
                 d);
  std::vector<predict::RoadSeries> series = record_days(spec, days, list, m.bin_s, o.quiet);
  predict::RoadGraph g(*compiled.network);
  int score_from = static_cast<int>(std::ceil(ms_to_seconds(compiled.warmup_ms) / m.bin_s - 1e-9));
  predict::RoadRlsOptions rls;
  rls.forgetting = o.rls_forgetting;
  predict::RoadEvaluation e = predict::evaluate_road_forecasts(m, g, series, score_from, rls);
  if (!o.out.empty())
    io::create_folder_atomically(o.out, [&](const std::filesystem::path& dir) {
      io::write_file_atomically(dir / "forecast_roads.csv", predict::road_accuracy_csv(spec.name, e));
      io::write_file_atomically(dir / "per_road.csv", predict::road_per_road_csv(e, *compiled.network));
    });
  if (!o.quiet) {
    fmt::print(
        "{} | {} | {} days | {} roads | bins of {:g} s | scored after {:g} s | model trained on {} days\n",
        spec.name, compiled.controller.type, list.size(), m.roads, m.bin_s, score_from * m.bin_s,
        m.days.size());
    fmt::print("{}", predict::road_accuracy_table(e));
    if (!o.out.empty()) fmt::print("\noutput: {}/forecast_roads.csv, {}/per_road.csv\n", o.out, o.out);
  }
  return kExitOk;
}

}  // namespace ampel::cli
