// ampel fit: fit the congestion-prediction model (time-of-day profile and ridge coefficients) from simulated
// history, and write it as a model file for `forecast`, the `historical_average` / `ridge` predictors and the
// predictive controller.
#include <fmt/format.h>

#include <chrono>
#include "apps/ampel/cli.hpp"
#include "apps/ampel/days_options.hpp"
#include "apps/ampel/predict_options.hpp"

#include "models/predict/fit_runs.hpp"
#include "models/predict/road_model.hpp"
#include "sim/error.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::cli {

namespace {

struct FitCliOptions {
  std::string scenario;
  std::string seeds = "1001-1005";
  std::string out;
  std::optional<std::string> controller;
  std::vector<std::string> params;
  std::optional<double> end_s;
  double bin_s = 60.0;
  double horizon_s = 900.0;
  int lags = 4;
  std::vector<double> lambdas;
  bool profile_only = false;
  bool without_events = false;
  bool quiet = false;
  bool allow_drop = false;  // --allow-drop
  std::string days;         // --days: fit the per-road model on these days (issue 12)
  std::string days_spec;    // --days-spec
  double road_bin_s = 300.0;
};

int fit(const FitCliOptions& o) {
  io::LoadOptions load;  // --end is applied after loading, as it always was here
  load.allow_drop = o.allow_drop;
  ScenarioSpec spec = io::load_scenario_file(o.scenario, load);
  print_import_summary(spec);
  ScenarioOverrides ov;
  ov.controller = o.controller;
  ov.params = o.params;
  ov.end_s = o.end_s;
  ov.apply(spec);
  // Training on ordinary days: the incident a model must cope with is not in its history.
  if (o.without_events) spec.events.clear();
  if (!o.days.empty())
    return fit_days(spec, {o.days, o.days_spec, o.out, o.quiet, o.road_bin_s, o.lambdas, o.profile_only});
  auto scenario = std::make_shared<const Scenario>(compile_scenario(spec));
  std::vector<std::uint64_t> seeds = parse_seed_list(o.seeds, "--seeds");
  predict::FitOptions fo;
  fo.bin_s = o.bin_s;
  fo.horizon_bins = predict::horizon_bins_for(o.horizon_s, o.bin_s);
  fo.lags = o.lags;
  if (!o.lambdas.empty()) fo.lambdas = o.lambdas;
  fo.ridge = !o.profile_only;
  if (!o.quiet)
    fmt::print("fitting {} on {} runs ({}, bin {} s, {} horizons, {} lags){}\n", scenario->name, seeds.size(),
               scenario->controller.type, fo.bin_s, fo.horizon_bins, fo.lags,
               o.without_events ? ", events removed" : "");
  predict::FitProgress progress;
  if (!o.quiet) progress = print_fit_progress;
  predict::PredictionModel model = predict::fit_scenario_model(scenario, seeds, fo, progress);
  io::write_file_atomically(o.out, predict::model_to_json(model));
  if (!o.quiet) {
    fmt::print("  {} lanes x {} features, {} samples per lane and horizon", model.lane_count(),
               model.feature_count(), model.samples_per_lane);
    if (model.has_ridge())
      fmt::print("; ridge penalty {} (arrivals), {} (queue) by leave-one-run-out", model.lambda_arrivals,
                 model.lambda_queue);
    fmt::print("\n  model: {} (network fingerprint {})\n", o.out, model.fingerprint);
  }
  return kExitOk;
}

}  // namespace

void add_fit_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto o = std::make_shared<FitCliOptions>();
  CLI::App* cmd = app.add_subcommand("fit", "fit the congestion-prediction model from simulated runs");
  cmd->add_option("scenario", o->scenario, "scenario file")->required();
  add_allow_drop_to(*cmd, o->allow_drop);
  cmd->add_option("--out,-o", o->out, "model file to write (JSON)")->required();
  cmd->add_option("--seeds", o->seeds, "training seeds: 11,12,13 or 11-15 (default 1001-1005)");
  cmd->add_option("--controller,-c", o->controller,
                  "signal strategy of the training runs (default: the scenario's)");
  cmd->add_option("--param,-p", o->params, "controller parameter key=value (repeatable)");
  cmd->add_option("--end", o->end_s, "end time in seconds (default: the scenario's)");
  cmd->add_option("--bin", o->bin_s, "aggregation bin in seconds (default 60)")
      ->check(CLI::Range(5.0, 3600.0));
  cmd->add_option("--horizon", o->horizon_s, "longest forecast horizon in seconds (default 900)")
      ->check(CLI::Range(1.0, 4.0 * 3600.0));
  cmd->add_option("--lags", o->lags, "lagged bins of the lane's own counts (default 4)")
      ->check(CLI::Range(1, 30));
  cmd->add_option("--lambda", o->lambdas,
                  "ridge penalty candidates (default 1,3,...,1000; chosen by leave-one-run-out)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--profile-only", o->profile_only, "fit the time-of-day profile only (historical_average)");
  cmd->add_flag("--without-events", o->without_events,
                "train on the scenario without its timed events (ordinary days, no incident)");
  cmd->add_option("--days", o->days,
                  "fit the per-road forecast on these days of the scenario's variability, e.g. 1-60");
  cmd->add_option("--days-spec", o->days_spec, "file with a days block (default: the scenario's own)");
  cmd->add_option("--road-bin", o->road_bin_s, "per-road bin in seconds with --days (default 300)")
      ->check(CLI::Range(60.0, 3600.0));
  cmd->add_flag("--quiet,-q", o->quiet, "print nothing on success");
  cmd->callback([o, set_action] { set_action([o]() -> int { return fit(*o); }); });
}

}  // namespace ampel::cli
