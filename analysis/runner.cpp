#include "analysis/runner.hpp"

#include <chrono>

#include "models/registry/registry.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::cli {

RunResult run_one(const RunRequest& req) {
  auto controller = make_controller(req.controller, *req.scenario);
  RunResult result;
  result.controller_name = controller->name();
  Simulation sim(req.scenario, std::move(controller), req.seed);
  result.seed = sim.seed();
  auto metrics = std::make_shared<MetricsCollector>(sim);
  sim.add_observer(metrics.get());
  for (StepObserver* o : req.observers) sim.add_observer(o);
  auto t0 = std::chrono::steady_clock::now();
  sim.run();
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  metrics->finish(sim);
  result.summary = metrics->summary();
  if (req.out)
    io::write_run_outputs(*req.out, sim, *metrics,
                          {req.command_line, io::controller_to_json(req.controller)});
  result.metrics = std::move(metrics);
  return result;
}

}  // namespace ampel::cli
