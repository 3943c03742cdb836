#include "models/predict/fit_runs.hpp"

#include <chrono>
#include <cmath>

#include "models/registry/registry.hpp"
#include "sim/simulation.hpp"

namespace ampel::predict {

PredictionModel fit_scenario_model(std::shared_ptr<const Scenario> scenario,
                                   const std::vector<std::uint64_t>& seeds, const FitOptions& options,
                                   const FitProgress& progress) {
  std::vector<std::vector<BinRecord>> runs;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    runs.push_back(
        record_run(scenario, make_controller(scenario->controller, *scenario), seeds[i], options.bin_s));
    if (progress)
      progress(i + 1, seeds.size(), seeds[i], runs.back().size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  PredictionModel model = fit_model(*scenario->network, scenario->name, runs, options);
  model.scenario = scenario->source_file.empty() ? scenario->name : scenario->source_file;
  model.controller = scenario->controller.type;
  model.seeds = seeds;
  return model;
}

RoadSeries record_road_day(std::shared_ptr<const Scenario> scenario, std::uint64_t day, double bin_s,
                           const std::vector<std::pair<double, double>>& event_windows_s, bool bad_weather) {
  Simulation sim(scenario, make_controller(scenario->controller, *scenario), day);
  RoadRecorder rec(*scenario, bin_s);
  sim.add_observer(&rec);
  sim.run();
  RoadSeries s = rec.take(sim);
  s.day = day;
  s.bad_weather = bad_weather;
  double begin_s = ms_to_seconds(scenario->begin_ms);
  for (int b = 0; b < s.bins; ++b) {
    double from = begin_s + b * bin_s, to = from + bin_s;
    for (auto [eb, ee] : event_windows_s)
      if (eb < to && ee > from) s.event[b] = 1.0f;
  }
  return s;
}

int horizon_bins_for(double horizon_s, double bin_s) {
  return static_cast<int>(std::ceil(horizon_s / bin_s - 1e-9)) + 1;
}

}  // namespace ampel::predict
