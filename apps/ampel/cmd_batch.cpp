// ampel batch: an experiment's scenario x strategy x seed matrix on worker threads, resumable and shardable,
// with paired statistics and an HTML report.
#include <fmt/format.h>
#include <unistd.h>
#include <thread>

#include "analysis/batch_run.hpp"
#include "analysis/experiment.hpp"
#include "analysis/results.hpp"
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

unsigned default_jobs() {
  return std::max(1u, std::thread::hardware_concurrency());
}

int finish_batch_output(const std::filesystem::path& out) {
  batch::Results res = batch::finalize_batch(out);
  fmt::print("{}", batch::terminal_table(res));
  fmt::print("\nreport: {}\ntables: {}, {}, {}\n", (out / "report.html").string(),
             (out / "summary.csv").string(), (out / "summary.json").string(), (out / "runs.csv").string());
  if (res.failed + res.missing > 0) {
    fmt::print("{} of {} runs failed{}; reasons in runs.csv and the report\n", res.failed + res.missing,
               res.keys.size(), res.missing ? fmt::format(" ({} missing: not run)", res.missing) : "");
    return kExitRunsFailed;
  }
  return kExitOk;
}

int run_experiment(const batch::Experiment& ex, const std::filesystem::path& out, unsigned jobs,
                   const batch::Shard& shard, const std::string& command) {
  batch::BatchOptions opt;
  opt.out = out;
  opt.jobs = jobs ? jobs : default_jobs();
  opt.shard = shard;
  opt.command = command;
  opt.terminal = ::isatty(STDOUT_FILENO) != 0;
  batch::BatchCounts counts = batch::run_batch(ex, opt);
  std::string where = shard.active() ? fmt::format("shard {}/{}: ", shard.index, shard.count) : "";
  fmt::print("{}{} runs: {} already done, {} run now on {} worker(s), {} of them failed\n", where,
             counts.planned, counts.skipped, counts.ran, opt.jobs, counts.failed);
  if (!shard.active()) return finish_batch_output(out);
  // A shard writes only its run folders; summaries come from `ampel merge` once every shard has finished.
  std::size_t failed = 0;
  auto keys = ex.plan.runs();
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (shard.owns(i))
      if (auto rec = batch::read_run_record(out / "runs" / keys[i].id); rec && !rec->ok) ++failed;
  fmt::print("when every shard has finished: ampel merge {}\n", out.string());
  return failed ? kExitRunsFailed : kExitOk;
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
      std::filesystem::path out =
          opts->out.empty() ? std::filesystem::path("runs") / ex.plan.name : std::filesystem::path(opts->out);
      return run_experiment(ex, out, opts->jobs, shard, "ampel batch " + opts->experiment);
    });
  });
}

}  // namespace ampel::cli
