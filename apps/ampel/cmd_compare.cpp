// ampel compare: every strategy of the catalog on one scenario with paired seeds; a table and the report.
#include <fmt/format.h>

#include "analysis/compare.hpp"
#include "apps/ampel/cli.hpp"
#include "apps/ampel/cmd_batch.hpp"
#include "sim/io/load.hpp"

namespace ampel::cli {

namespace {

struct CompareOptions {
  std::string scenario;
  std::size_t seeds = 10;
  std::string strategies;
  std::string out;
  unsigned jobs = 0;
  std::optional<double> end_s, warmup_s;
  std::string kpis;
  std::string baseline;
  std::vector<std::string> route_files;  // --routes
  std::optional<std::string> flow_file;  // --flow
  std::string keep = "runs";
  bool allow_drop = false;
};

int compare(const CompareOptions& o) {
  batch::CompareSettings s;
  s.seeds = o.seeds;
  s.strategies = split_list(o.strategies);
  s.end_s = o.end_s;
  s.warmup_s = o.warmup_s;
  s.kpis = split_list(o.kpis);
  s.baseline = o.baseline;
  batch::Keep keep = batch::parse_keep(o.keep, "--keep");
  ScenarioSpec spec = io::load_scenario_file(o.scenario, {o.route_files, o.flow_file, {}, {}, o.allow_drop});
  print_import_summary(spec);
  batch::Experiment ex = batch::make_compare_experiment(std::move(spec), o.scenario, s);
  ex.plan.keep = keep;
  for (const std::string& note : ex.compiled.front()->spec.notes) fmt::print("note: {}\n", note);
  std::filesystem::path out =
      o.out.empty() ? std::filesystem::path("runs") / ex.plan.name : std::filesystem::path(o.out);
  return run_experiment(ex, out, o.jobs, batch::Shard{}, "ampel compare " + o.scenario);
}

}  // namespace

void add_compare_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto opts = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "compare every strategy on one scenario with paired seeds");
  cmd->add_option("scenario", opts->scenario, "scenario file")->required();
  add_input_files_to(*cmd, opts->route_files, opts->flow_file);
  add_allow_drop_to(*cmd, opts->allow_drop);
  cmd->add_option("--seeds,-n", opts->seeds, "replications (paired seeds 1..n)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--strategies", opts->strategies,
                  "comma-separated strategies (default: every one in the catalog)");
  cmd->add_option("--out,-o", opts->out, "output folder (default: runs/compare_<scenario>)");
  cmd->add_option("--jobs,-j", opts->jobs, "worker threads (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  cmd->add_option("--end", opts->end_s, "end time in seconds (default: the scenario's)");
  cmd->add_option("--warmup", opts->warmup_s,
                  "warm-up left out of the statistics, s (default: the scenario's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--baseline", opts->baseline,
                  "strategy the paired differences are taken against (default: fixed_time)");
  cmd->add_option("--keep", opts->keep, "per run: summary, runs (default) or all, as for `ampel batch`");
  cmd->add_option("--kpis", opts->kpis,
                  "comma-separated KPIs (default: delay, travel time, throughput, queue)");
  cmd->callback([opts, set_action] { set_action([opts] { return compare(*opts); }); });
}

}  // namespace ampel::cli
