#pragma once
// A finished batch read back from its output folder, its statistics, and the tables written from them:
// runs.csv (one row per run and KPI), summary.csv and summary.json (one entry per case, strategy and KPI).
// Everything is computed from the run folders on disk, so a resumed, a sharded-and-merged and an
// uninterrupted batch give byte-identical files.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/batch_run.hpp"
#include "analysis/experiment.hpp"
#include "analysis/stats.hpp"

namespace ampel::batch {

struct CellStats {
  std::size_t case_index = 0, strategy = 0;
  std::string kpi;
  // Runs of the cell; n (every run that finished, gridlocked ones included) is in `estimate`.
  std::size_t planned = 0, failed = 0, missing = 0, gridlocked = 0;
  Estimate estimate;
  std::optional<std::size_t> runs_for_5pct;  // runs a +-5 % interval around the mean needs
  // this - baseline, paired by replication over the replications every strategy of the case finished (the
  // same seeds for every strategy); none for the baseline
  std::optional<PairedDifference> vs_baseline;
};

struct Results {
  Plan plan;
  std::vector<RunKey> keys;                       // plan.runs()
  std::vector<std::optional<RunRecord>> records;  // per key; nullopt: not run (missing)
  std::vector<CellStats> cells;                   // case x strategy x KPI, in plan order
  std::size_t failed = 0, missing = 0, gridlocked = 0;

  // KPI values of one cell by replication (nullopt where the run failed or is missing; a gridlocked run has
  // its values).
  std::vector<std::optional<double>> values(std::size_t case_index, std::size_t strategy,
                                            const std::string& kpi) const;
  const CellStats& cell(std::size_t case_index, std::size_t strategy, std::size_t kpi_index) const;
};

// Reads experiment.json and every run folder of `out`.
Results collect_results(const std::filesystem::path& out);

std::string runs_csv(const Results& r);
std::string summary_csv(const Results& r);
std::string summary_json(const Results& r);

// Numbers in the tables: 6 significant digits, so files are stable and readable.
std::string number_text(double v);

// collect_results + runs.csv, summary.csv, summary.json and report.html (each written atomically).
Results finalize_batch(const std::filesystem::path& out);

}  // namespace ampel::batch

namespace ampel::batch {

// The terminal table of `batch`, `merge` and `compare`: per case, each strategy's KPI means with their
// 95 % half-widths and the paired difference to the baseline in percent.
std::string terminal_table(const Results& r);

}  // namespace ampel::batch
