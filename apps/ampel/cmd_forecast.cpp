// ampel forecast: congestion-prediction accuracy on one run. Every predictor sees the same simulation; at
// each bin boundary it forecasts arrivals and queues of every road lane, which are scored against what
// happened: MAE and RMSE at 1, 5, 10 and 15 minutes, as a table and a long-format CSV.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "apps/ampel/cli.hpp"
#include "apps/ampel/days_options.hpp"
#include "apps/ampel/predict_options.hpp"
#include "models/predict/forecast_run.hpp"
#include "models/predict/road_forecast.hpp"
#include "sim/error.hpp"
#include "sim/io/run_output.hpp"

namespace ampel::cli {

namespace {

struct ForecastCliOptions {
  std::string scenario;
  std::optional<std::string> model;
  std::uint64_t seed = 1;
  bool seed_given = false;
  std::string out;
  std::string predictors;
  std::vector<std::string> predictor_params;  // "predictor.key=value"
  std::string fit_seeds = "2001-2005";
  std::optional<std::string> controller;
  std::vector<std::string> params;
  std::optional<double> end_s;
  std::vector<double> horizons_min = {1, 5, 10, 15};
  bool series = false;
  bool quiet = false;
  bool allow_drop = false;  // --allow-drop
  std::string days;         // --days: score the per-road forecasts on these days (issue 12)
  std::string days_spec;    // --days-spec
  double rls_forgetting = 0.9;
};

int forecast(const ForecastCliOptions& o) {
  io::LoadOptions load;  // --end is applied after loading, as it always was here
  load.allow_drop = o.allow_drop;
  ScenarioSpec spec = io::load_scenario_file(o.scenario, load);
  print_import_summary(spec);
  ScenarioOverrides ov;
  ov.controller = o.controller;
  ov.params = o.params;
  ov.end_s = o.end_s;
  ov.apply(spec);
  if (!o.days.empty())
    return forecast_days(spec, {o.days, o.days_spec, o.out, o.quiet, o.model, o.rls_forgetting});
  predict::ForecastRequest req;
  req.scenario = std::make_shared<const Scenario>(compile_scenario(spec));
  req.seed = o.seed_given ? o.seed : req.scenario->seed;
  req.predictors = split_list(o.predictors);
  req.predictor_params = parse_predictor_params(o.predictor_params);
  req.horizons_min = o.horizons_min;
  req.keep_series = o.series && !o.out.empty();
  if (o.model) {
    auto m = std::make_shared<predict::PredictionModel>(predict::read_model_file(*o.model));
    predict::check_model_matches(*m, *req.scenario->network, req.scenario->name, *o.model);
    req.model = std::move(m);
  } else if (predict::needs_model(req.predictors)) {
    req.fit_seeds = parse_seed_list(o.fit_seeds, "--fit-seeds");
    if (!o.quiet) {
      fmt::print("no --model: fitting one on {} runs (seeds {}) ...\n", req.fit_seeds.size(), o.fit_seeds);
      req.fit_progress = print_fit_progress;
    }
  }
  predict::ForecastResult r = predict::run_forecast(req);
  if (r.in_sample)
    fmt::print(stderr, "warning: seed {} is one of the model's training seeds: the scores are in-sample\n",
               req.seed);
  const Scenario& sc = *req.scenario;
  if (!o.out.empty()) {
    std::string text = predict::forecast_csv(sc.name, req.seed, r.scores);
    io::create_folder_atomically(o.out, [&](const std::filesystem::path& dir) {
      io::write_file_atomically(dir / "forecast.csv", text);
      if (req.keep_series) io::write_file_atomically(dir / "series.csv", r.series_csv);
    });
  }
  if (!o.quiet) {
    fmt::print("{} | {} | seed {} | {} road lanes | bin {:g} s | scored after {:g} s | {:.1f} s\n", sc.name,
               sc.controller.type, req.seed, sc.network->road_lane_count(), r.bin_s, r.score_from_s,
               r.wall_s);
    if (r.model)
      fmt::print("model: {} seeds [{}], fitted on {}\n", r.model->seeds.size(),
                 fmt::format("{}", fmt::join(r.model->seeds, ",")), r.model->scenario);
    fmt::print("{}{}", predict::forecast_table(r.scores, o.horizons_min),
               predict::forecast_comparison(r.scores));
    if (!o.out.empty()) fmt::print("\noutput: {}/forecast.csv\n", o.out);
  }
  return kExitOk;
}

}  // namespace

void add_forecast_command(CLI::App& app, std::function<void(std::function<int()>)> set_action) {
  auto o = std::make_shared<ForecastCliOptions>();
  CLI::App* cmd =
      app.add_subcommand("forecast", "accuracy of every congestion predictor per horizon on one run");
  cmd->add_option("scenario", o->scenario, "scenario file")->required();
  add_allow_drop_to(*cmd, o->allow_drop);
  cmd->add_option("--model,-m", o->model,
                  "model file from `ampel fit` (default: fit one on --fit-seeds first)");
  cmd->add_option("--seed,-s", o->seed, "seed of the evaluated run (default: the scenario's)")
      ->check(seed_check())
      ->each([o](const std::string&) { o->seed_given = true; });
  cmd->add_option("--out,-o", o->out, "output folder for forecast.csv");
  cmd->add_option("--predictors", o->predictors, "comma-separated predictors (default: all)");
  cmd->add_option("--predictor-param", o->predictor_params, "predictor.key=value (repeatable)");
  cmd->add_option("--fit-seeds", o->fit_seeds, "training seeds when no --model is given (default 2001-2005)");
  cmd->add_option("--controller,-c", o->controller, "signal strategy (default: the scenario's)");
  cmd->add_option("--param,-p", o->params, "controller parameter key=value (repeatable)");
  cmd->add_option("--end", o->end_s, "end time in seconds (default: the scenario's)");
  cmd->add_option("--horizons", o->horizons_min, "horizons in minutes (default 1,5,10,15)")->delimiter(',');
  cmd->add_flag("--series", o->series,
                "also write series.csv: every scored forecast with its outcome (needs --out)");
  cmd->add_option(
      "--days", o->days,
      "score per-road forecasts (5-60 min) on these days of the scenario's variability, e.g. 61-80");
  cmd->add_option("--days-spec", o->days_spec, "file with a days block (default: the scenario's own)");
  cmd->add_option("--rls-forgetting", o->rls_forgetting, "ridge_rls forgetting factor per bin with --days")
      ->check(CLI::Range(0.5, 1.0));
  cmd->add_flag("--quiet,-q", o->quiet, "print nothing on success");
  cmd->callback([o, set_action] { set_action([o]() -> int { return forecast(*o); }); });
}

}  // namespace ampel::cli
