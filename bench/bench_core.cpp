// Simulator speed and memory on one thread: vehicle-steps per second and peak resident memory for an hour of
// the 16x16 benchmark grid (300 m links, 3 lanes, 300 veh/h per entry), both as ampel generates it and as the
// shared SUMO files describe it (../shared/data/bench/grid16, where SUMO 1.15 does 67 k vehicle-steps/s).
//
// Peak memory is per process: bench/run_core.sh runs each benchmark in its own process.
//   bench_core                      every benchmark
//   bench_core --benchmark_filter=Sumo
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>

#include "models/registry/registry.hpp"
#include "sim/io/generators.hpp"
#include "sim/io/load.hpp"
#include "sim/metrics.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace ampel;

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

void run_hour(benchmark::State& state, ScenarioSpec spec, bool with_metrics) {
  auto scenario = std::make_shared<const Scenario>(compile_scenario(std::move(spec)));
  std::uint64_t vehicle_steps = 0;
  for (auto _ : state) {
    Simulation sim(scenario, make_controller(scenario->controller, *scenario));
    std::unique_ptr<MetricsCollector> metrics;
    if (with_metrics) {
      metrics = std::make_unique<MetricsCollector>(sim);
      sim.add_observer(metrics.get());
    }
    while (!sim.finished()) {
      sim.step();
      vehicle_steps += sim.state().running;
    }
    if (metrics) metrics->finish(sim);
    benchmark::DoNotOptimize(sim.state().arrived);
  }
  state.counters["vehicle_steps_per_s"] =
      benchmark::Counter(static_cast<double>(vehicle_steps), benchmark::Counter::kIsRate);
  state.counters["vehicle_steps"] =
      static_cast<double>(vehicle_steps) / static_cast<double>(state.iterations());
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

ScenarioSpec generated_grid16() {
  io::GridParams p;
  p.rows = p.cols = 16;
  p.spacing_m = 300;
  p.lanes = 3;
  p.entry_rate_vph = 300;
  p.morning_peak = false;
  p.duration_s = 3600;
  p.green_s = 42;
  return io::make_grid(p);
}

void BM_GeneratedGrid16Hour(benchmark::State& state) {
  run_hour(state, generated_grid16(), state.range(0) != 0);
}
BENCHMARK(BM_GeneratedGrid16Hour)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("metrics")
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

void BM_SumoGrid16Hour(benchmark::State& state) {
  std::string dir = std::string(AMPEL_SHARED_DATA) + "/bench/grid16/";
  if (!std::filesystem::exists(dir + "grid.net.xml")) {
    state.SkipWithError("shared grid16 files not found");
    return;
  }
  io::LoadOptions opts;
  opts.route_files = {dir + "grid.rou.xml"};
  ScenarioSpec spec = io::load_scenario_file(dir + "grid.net.xml", opts);
  spec.time.end_s = 3600;
  run_hour(state, std::move(spec), state.range(0) != 0);
}
BENCHMARK(BM_SumoGrid16Hour)->Arg(0)->Arg(1)->ArgName("metrics")->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
