#include "models/predict/fit_runs.hpp"

#include <chrono>
#include <cmath>

#include "models/registry/registry.hpp"

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

int horizon_bins_for(double horizon_s, double bin_s) {
  return static_cast<int>(std::ceil(horizon_s / bin_s - 1e-9)) + 1;
}

}  // namespace ampel::predict
