// ampel compare: every strategy of the catalog on one scenario with paired seeds; a table and the report.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/batch_run.hpp"
#include "analysis/experiment.hpp"
#include "analysis/kpi.hpp"
#include "apps/ampel/cli.hpp"
#include "apps/ampel/cmd_batch.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/load.hpp"
#include "sim/io/output_folder.hpp"

namespace ampel::cli {

namespace {

struct CompareOptions {
  std::string scenario;
  int seeds = 10;
  std::string strategies;
  std::string out;
  unsigned jobs = 0;
  std::optional<double> end_s, warmup_s;
  std::string kpis;
  std::string baseline;  // empty: fixed_time if compared, else the first strategy
  std::string keep = "runs";
};

int compare(const CompareOptions& o) {
  batch::ScenarioEntry entry;
  entry.spec = io::load_scenario_file(o.scenario);
  entry.source = o.scenario;
  std::string label;
  for (char c : io::safe_name(entry.spec.name, "scenario")) label += c == '-' || c == '+' ? '_' : c;
  entry.label = label;
  if (o.end_s) {
    check_end(*o.end_s, entry.spec.time);
    entry.spec.time.end_s = *o.end_s;
  }

  batch::Plan plan;
  plan.name = "compare_" + label;
  plan.description = fmt::format("ampel compare {}: every strategy, {} paired seeds", o.scenario, o.seeds);
  std::vector<std::string> names = split_list(o.strategies);
  if (names.empty())
    for (const ControllerInfo& c : controller_catalog()) names.push_back(c.name);
  for (const std::string& n : names) {
    batch::StrategyEntry s;
    s.label = n;
    s.controller.type = n;
    s.controller.where = "--strategies";
    plan.strategies.push_back(std::move(s));
  }
  // Fixed time is the natural baseline: what is on the street today; --baseline picks another.
  std::string baseline = o.baseline.empty() ? "fixed_time" : o.baseline;
  bool found = false;
  for (std::size_t i = 0; i < plan.strategies.size(); ++i)
    if (plan.strategies[i].label == baseline) plan.baseline = i, found = true;
  if (!found && !o.baseline.empty())
    throw InputError(
        "", "--baseline",
        fmt::format("'{}' is not one of the compared strategies ({})", o.baseline, fmt::join(names, ", ")));
  plan.replications = static_cast<std::size_t>(o.seeds);
  plan.warmup_s = o.warmup_s;
  plan.kpis = o.kpis.empty() ? batch::default_kpis() : split_list(o.kpis);
  plan.keep = batch::parse_keep(o.keep, "--keep");
  batch::Experiment ex = batch::make_experiment(plan, {entry}, {1.0}, "ampel compare");
  std::filesystem::path out =
      o.out.empty() ? std::filesystem::path("runs") / plan.name : std::filesystem::path(o.out);
  std::string command = "ampel compare " + o.scenario;
  return run_experiment(ex, out, o.jobs, batch::Shard{}, command);
}

}  // namespace

void add_compare_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto opts = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "compare every strategy on one scenario with paired seeds");
  cmd->add_option("scenario", opts->scenario, "scenario file")->required();
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
