// ampel batch: an experiment's scenario x strategy x seed matrix on worker threads, resumable and shardable,
// with paired statistics and an HTML report.
#include <fmt/format.h>
#include <unistd.h>

#include <set>

#include "analysis/batch_job.hpp"
#include "apps/ampel/cli.hpp"
#include "apps/ampel/cmd_batch.hpp"

namespace ampel::cli {

namespace {

struct BatchCliOptions {
  std::string experiment;
  unsigned jobs = 0;
  std::string out;
  std::string shard;
  std::string keep = "runs";
};

}  // namespace

int finish_batch_output(const std::filesystem::path& out) {
  batch::Results res = batch::finalize_batch(out);
  fmt::print("{}", batch::finished_text(res, out));
  return res.failed + res.missing > 0 ? kExitRunsFailed : kExitOk;
}

int run_experiment(const batch::Experiment& ex, const std::filesystem::path& out, unsigned jobs,
                   const batch::Shard& shard, const std::string& command) {
  batch::BatchJob job = batch::run_batch_job(ex, out, jobs, shard, command, ::isatty(STDOUT_FILENO) != 0);
  fmt::print("{}", batch::counts_text(job));
  fmt::print("{}", job.results ? batch::finished_text(*job.results, out) : batch::shard_done_text(out));
  return job.any_failed() ? kExitRunsFailed : kExitOk;
}

void add_batch_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto opts = std::make_shared<BatchCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "batch", "run an experiment (scenarios x strategies x seeds) with paired statistics and a report");
  cmd->add_option("experiment", opts->experiment, "experiment file (JSON, see scenarios/README.md)")
      ->required();
  cmd->add_option("--jobs,-j", opts->jobs, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  cmd->add_option("--out,-o", opts->out, "output folder (default: runs/<experiment name>)");
  cmd->add_option("--shard", opts->shard, "run only share i of N (1-based), e.g. 3/16; then `ampel merge`");
  cmd->add_option(
      "--keep", opts->keep,
      "per run: summary (figures only), runs (default: + trips and signals, gzipped) or all (every "
      "file of `ampel run`)");
  cmd->callback([opts, set_action] {
    set_action([opts]() -> int {
      // Everything is checked before the first run starts.
      batch::Shard shard = opts->shard.empty() ? batch::Shard{} : batch::parse_shard(opts->shard);
      batch::Keep keep = batch::parse_keep(opts->keep, "--keep");
      batch::Experiment ex = batch::load_experiment(opts->experiment);
      ex.plan.keep = keep;
      std::set<std::string> summarised;  // one line per scenario, not per demand level
      for (const auto& compiled : ex.compiled)
        if (summarised.insert(compiled->spec.name).second) print_import_summary(compiled->spec);
      std::filesystem::path out =
          opts->out.empty() ? std::filesystem::path("runs") / ex.plan.name : std::filesystem::path(opts->out);
      return run_experiment(ex, out, opts->jobs, shard, "ampel batch " + opts->experiment);
    });
  });
}

}  // namespace ampel::cli
