#pragma once
// Executing an experiment's runs on worker threads, each into its own run folder, resumably.
//
// Output folder layout:
//   experiment.json        the Plan (what merge and resume check against)
//   scenarios/<case>.json  each case's resolved scenario, once (not with --keep all)
//   runs/<run id>/         summary.json, network.csv, junctions.csv, batch_run.json (status, reason, KPI
//   values),
//                          manifest.json, and by --keep: trips.csv.gz + signals.csv.gz (runs, the default) or
//                          everything `ampel run` writes (all); the folder appears by one rename, so it is
//                          complete or absent
//   .partial-<shard>/      runs being written (removed when that shard starts again)
// A run whose folder exists is finished (successfully or not) and is skipped when the batch starts again.
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "analysis/experiment.hpp"

namespace ampel::batch {

struct RunRecord {
  std::string id;
  bool ok = false;          // the simulation finished and its KPIs count (a gridlocked run too)
  bool gridlocked = false;  // finished in gridlock (the plan's rule): counted in every mean, and flagged
  std::string reason;       // why it failed or what the gridlock was; empty otherwise
  std::map<std::string, double> kpis;  // every KPI of the plan, when the simulation finished
  std::string status() const { return !ok ? "failed" : gridlocked ? "gridlocked" : "ok"; }
};

// batch_run.json of a run folder; nullopt when the folder does not exist. Throws InputError if unreadable.
std::optional<RunRecord> read_run_record(const std::filesystem::path& run_dir);

struct Shard {
  std::size_t index = 1;  // 1-based: the i of --shard i/N
  std::size_t count = 1;
  bool active() const { return count > 1; }
  bool owns(std::size_t run_index) const { return run_index % count == index - 1; }
  std::string tag() const;
};
// Parses "i/N" (1 <= i <= N); throws InputError naming --shard.
Shard parse_shard(const std::string& text);

struct BatchOptions {
  std::filesystem::path out;
  unsigned jobs = 1;
  Shard shard;
  std::string
      command;  // recorded in each run's manifest (kept free of --jobs, so outputs do not depend on it)
  bool terminal = false;  // progress as one updating line (else plain lines)
};

struct BatchCounts {
  std::size_t planned = 0;  // runs in this shard
  std::size_t skipped = 0;  // already finished before this start
  std::size_t ran = 0;
  std::size_t failed = 0;  // among those run now: failed or gridlocked
};

// Writes (or checks) experiment.json, then runs every unfinished run of the shard. Throws InputError when
// `out` holds a different experiment.
BatchCounts run_batch(const Experiment& ex, const BatchOptions& options);

// Each case's resolved scenario under OUT/scenarios/ (unless every run keeps its own: --keep all), once.
void write_case_scenarios(const Experiment& ex, const std::filesystem::path& out);
// `ampel merge`: the case scenarios a shard folder holds and `out` lacks.
void copy_case_scenarios(const Plan& plan, const std::filesystem::path& from,
                         const std::filesystem::path& out);

// Writes experiment.json, or checks that the one there is the same plan.
void write_or_check_plan(const Plan& plan, const std::filesystem::path& out);
Plan read_plan(const std::filesystem::path& out);

// Moves a filled staging folder into runs/<id> with one rename (keeps an existing one).
void publish_run_folder(const std::filesystem::path& staged, const std::filesystem::path& final_dir);

}  // namespace ampel::batch
