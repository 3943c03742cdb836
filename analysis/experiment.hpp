#pragma once
// An experiment: scenarios (files or generated) x demand sweep x strategies x replications, the KPIs to
// report and the baseline to compare against. The file format is in scenarios/README.md ("Experiment files").
//
// An Experiment holds the loaded scenario definitions (for running); its Plan holds only what the
// statistics and the report need (labels, seeds, run ids), is written to experiment.json in the output
// folder, and is all `ampel merge` reads.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/spec.hpp"

namespace ampel::batch {

// A run fails as gridlocked when at its end at least `min_vehicles` vehicles have been halting longer than
// the scenario's time.gridlock_after_s (Summary::gridlock.vehicles).
struct GridlockRule {
  bool fail = true;
  std::uint32_t min_vehicles = 1;
};

struct StrategyEntry {
  std::string label;          // unique name in the experiment, used in run ids and reports
  ControllerSpec controller;  // registry name + parameters
};

// One scenario at one demand factor: the unit the statistics compare strategies on.
struct CaseInfo {
  std::string label;     // "grid4x4", or "grid4x4_d0.8" in a demand sweep
  std::string scenario;  // label of the scenario entry
  std::string source;    // the file as written in the experiment, or "generate:grid"
  double demand = 1.0;
  std::string fingerprint;  // hash of the resolved scenario definition (detects a changed scenario)
};

struct RunKey {
  std::string id;  // "<case>--<strategy>--r<replication, 3 digits>"
  std::size_t case_index = 0;
  std::size_t strategy = 0;
  std::size_t replication = 0;  // 0-based; reports show it 1-based
  std::uint64_t seed = 0;       // seed_base + replication: common random numbers across strategies
};

// What each run folder of a batch keeps (`ampel batch --keep`): summary.json, batch_run.json, network.csv and
// junctions.csv always; `runs` adds trips.csv.gz and signals.csv.gz, with each case's resolved scenario
// written once under scenarios/; `all` is every file of `ampel run`, uncompressed, the scenario in every
// manifest.
enum class Keep { summary, runs, all };
const char* keep_name(Keep k);
// Parses "summary", "runs" or "all"; throws InputError naming `option`.
Keep parse_keep(const std::string& text, const std::string& option);

struct Plan {
  std::string name;
  std::string description;
  std::vector<CaseInfo> cases;
  std::vector<StrategyEntry> strategies;
  std::size_t baseline = 0;  // index into strategies
  std::size_t replications = 10;
  std::uint64_t seed_base = 1;
  std::optional<double> warmup_s;  // overrides every scenario's warm-up
  std::vector<std::string> kpis;
  GridlockRule gridlock;
  bool demand_swept = false;
  Keep keep = Keep::all;  // folders written before --keep existed hold everything

  // Every run in matrix order: case, then replication, then strategy (pairs finish close together).
  std::vector<RunKey> runs() const;
  nlohmann::ordered_json to_json() const;
  // Reads what to_json wrote; throws InputError naming `file`.
  static Plan from_json(const nlohmann::json& j, const std::string& file);
};

struct Experiment {
  Plan plan;
  // Per case: the scenario compiled with the demand factor and the warm-up applied, shared by its runs.
  std::vector<std::shared_ptr<const Scenario>> compiled;
};

// Where a batch writes a case's resolved scenario (relative to its output folder) when runs do not embed it.
std::filesystem::path scenario_file_of(const CaseInfo& c);

// Reads and checks an experiment file, loads and compiles every scenario it names (so every problem is
// reported before any run starts). Throws InputError listing every problem with its JSON path.
Experiment load_experiment(const std::string& path);

// Scales demand by `factor`: every flow rate, and explicit vehicles thinned or repeated evenly.
void scale_demand(ScenarioSpec& spec, double factor);

// Builds the Plan and the case definitions from scenario specs, strategies and settings (used by the file
// loader and by `ampel compare`). Checks labels and the warm-up; throws InputError naming `file`.
struct ScenarioEntry {
  std::string label;
  std::string source;
  ScenarioSpec spec;
};
Experiment make_experiment(Plan plan_settings, const std::vector<ScenarioEntry>& scenarios,
                           const std::vector<double>& demand, const std::string& file);

// A label is safe in file names and ids: letters, digits, '_', '.', '+', '-' and no "--".
bool valid_label(const std::string& label);

}  // namespace ampel::batch
