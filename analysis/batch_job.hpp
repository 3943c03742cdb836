#pragma once
// One batch job end to end, as `ampel batch`, `compare`, `merge` and the Python module run it: the
// experiment's unfinished runs (of one shard) into the output folder; unsharded, then the tables and the
// report. The texts are returned for the caller to print.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/batch_run.hpp"
#include "analysis/experiment.hpp"
#include "analysis/results.hpp"

namespace ampel::batch {

unsigned default_jobs();  // all cores

struct BatchJob {
  BatchCounts counts;
  unsigned jobs = 1;
  Shard shard;
  std::optional<Results> results;  // unsharded: the finished batch, with its tables and report written
  std::size_t shard_failed = 0;    // sharded: failed runs of this shard, including earlier starts
  bool any_failed() const {
    return results ? results->failed + results->missing + results->gridlocked > 0 : shard_failed > 0;
  }
};

// `jobs` 0: all cores. `terminal`: progress as one updating line.
BatchJob run_batch_job(const Experiment& ex, const std::filesystem::path& out, unsigned jobs,
                       const Shard& shard, const std::string& command, bool terminal);

// `ampel merge`: checks that the folders hold shards of one experiment, then copies into `out` (which may be
// one of them) the run folders it lacks, each appearing atomically. Returns how many were copied; the caller
// then finalizes `out`. Throws InputError for folders of different experiments.
std::size_t merge_batch_folders(const std::vector<std::filesystem::path>& dirs,
                                const std::filesystem::path& out);

// "N runs: k already done, m run now on j worker(s), f of them failed" (with the shard in front).
std::string counts_text(const BatchJob& job);
// The terminal table, where the report and tables are, and which runs failed.
std::string finished_text(const Results& results, const std::filesystem::path& out);
// What a shard prints once its runs are done.
std::string shard_done_text(const std::filesystem::path& out);

}  // namespace ampel::batch
