#pragma once
// One headless run: scenario + controller + seed in, metrics (and optionally the output folder) out.
// Shared by `ampel run`, `compare` and `batch`.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/run_output.hpp"
#include "sim/metrics.hpp"
#include "sim/scenario.hpp"

namespace ampel::cli {

struct RunRequest {
  std::shared_ptr<const Scenario> scenario;
  ControllerSpec controller;                 // which strategy, with its parameters
  std::optional<std::uint64_t> seed;         // default: the scenario's
  std::optional<std::filesystem::path> out;  // write the run's folder here (atomically)
  std::string command_line;
  std::vector<StepObserver*> observers = {};  // extra observers for this run (e.g. batch statistics)
  io::RunFiles files = {};                    // what the folder holds
  bool staged = false;        // `out` is a private staging folder of the caller: written directly
  bool force = false;         // replace an `out` folder ampel did not write
  MetricsLog* log = nullptr;  // also keep every row in memory (tests, analyses)
};

struct RunResult {
  std::string controller_name;
  std::uint64_t seed = 0;
  Summary summary;
  double wall_s = 0.0;
};

// Throws InputError for a bad controller or parameter, io::Interrupted after SIGINT/SIGTERM/SIGHUP (nothing
// of the output folder is left then).
RunResult run_one(const RunRequest& request);

}  // namespace ampel::cli
