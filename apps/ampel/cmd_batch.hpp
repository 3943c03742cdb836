#pragma once
// Shared by `batch`, `compare` and `merge`: running an experiment and finishing its output folder.
#include <filesystem>
#include <string>

#include "analysis/batch_job.hpp"

namespace ampel::cli {

// Runs the experiment (batch::run_batch_job) and prints its texts: runs the experiment's unfinished runs (of
// one shard) into `out`; unsharded, also writes the tables and the report and prints the terminal table.
// Returns the exit code (1 when some runs failed).
int run_experiment(const batch::Experiment& ex, const std::filesystem::path& out, unsigned jobs,
                   const batch::Shard& shard, const std::string& command);

// Tables, report and terminal table of a finished output folder; the exit code.
int finish_batch_output(const std::filesystem::path& out);

}  // namespace ampel::cli
