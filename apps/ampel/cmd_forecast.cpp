// ampel forecast: congestion-prediction accuracy on one run. Every predictor sees the same simulation; at
// each bin boundary it forecasts arrivals and queues of every road lane, which are scored against what
// happened: MAE and RMSE at 1, 5, 10 and 15 minutes, as a table and a long-format CSV.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "apps/ampel/cli.hpp"
#include "apps/ampel/cmd_fit.hpp"
#include "models/predict/evaluate.hpp"
#include "models/predict/registry.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/io/run_output.hpp"
#include "sim/simulation.hpp"

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
};

// "ridge_rls.forgetting=0.95" -> params of predictor ridge_rls.
std::map<std::string, ParamMap> predictor_params(const std::vector<std::string>& items) {
  std::map<std::string, ParamMap> out;
  for (const std::string& item : items) {
    auto dot = item.find('.'), eq = item.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot == 0 || eq < dot + 2)
      throw InputError("", "--predictor-param", fmt::format("'{}' is not predictor.key=value", item));
    std::string value = item.substr(eq + 1);
    ParamMap& m = out[item.substr(0, dot)];
    try {
      std::size_t used = 0;
      double d = std::stod(value, &used);
      if (used == value.size()) {
        m[item.substr(dot + 1, eq - dot - 1)] = d;
        continue;
      }
    } catch (const std::exception&) {
    }
    m[item.substr(dot + 1, eq - dot - 1)] = value;
  }
  return out;
}

std::string csv(const std::string& scenario, std::uint64_t seed,
                const std::vector<predict::ForecastScore>& scores) {
  std::string b = "scenario,seed,predictor,quantity,unit,scope,horizon_min,n,mae,rmse\n";
  for (const auto& s : scores)
    b += fmt::format("{},{},{},{},{},{},{},{},{:.4f},{:.4f}\n", scenario, seed, s.predictor, s.quantity,
                     s.quantity == "arrivals" ? "veh/h" : "veh", s.scope, s.horizon_min, s.errors.n,
                     s.errors.mae(), s.errors.rmse());
  return b;
}

// Every scored forecast with its outcome: predicted versus actual per lane and bin.
std::string series_csv(const predict::ForecastEvaluator& ev, const predict::EvaluationOptions& eo,
                       const Network& net) {
  fmt::memory_buffer b;
  fmt::format_to(
      std::back_inserter(b),
      "predictor,horizon_min,lane,bin_end_s,predicted_arrivals_vph,actual_arrivals_vph,predicted_queue_veh,"
      "actual_queue_veh\n");
  for (const auto& r : ev.series())
    fmt::format_to(std::back_inserter(b), "{},{},{},{:.0f},{:.1f},{:.1f},{:.3f},{:.3f}\n",
                   ev.predictors()[r.predictor]->name(), eo.horizons_min[r.horizon], net.lane(r.lane).id,
                   ms_to_seconds(r.bin_end_ms), r.predicted_arrivals_vph, r.actual_arrivals_vph,
                   r.predicted_queue_veh, r.actual_queue_veh);
  return fmt::to_string(b);
}

void print_table(const std::vector<predict::ForecastScore>& scores, const std::vector<double>& horizons) {
  for (const char* scope : {"all", "event"}) {
    bool any = std::any_of(scores.begin(), scores.end(), [&](const auto& s) { return s.scope == scope; });
    if (!any) continue;
    for (const char* quantity : {"arrivals", "queue"}) {
      bool arrivals = std::string(quantity) == "arrivals";
      fmt::print("\n{} per road lane, {} ({}), MAE / RMSE\n", arrivals ? "arrivals" : "queue",
                 arrivals ? "veh/h" : "vehicles",
                 std::string(scope) == "all" ? "every scored bin" : "event window");
      fmt::print("  {:<20}", "predictor");
      for (double h : horizons) fmt::print(" {:>17}", fmt::format("{:g} min", h));
      fmt::print("\n");
      std::string last;
      for (const auto& s : scores) {
        if (s.scope != scope || s.quantity != quantity) continue;
        if (s.predictor != last) fmt::print("{}  {:<20}", last.empty() ? "" : "\n", s.predictor);
        last = s.predictor;
        fmt::print(" {:>17}", fmt::format("{:.2f} / {:.2f}", s.errors.mae(), s.errors.rmse()));
      }
      fmt::print("\n");
    }
  }
}

// MAE of the learned model relative to both baselines, per horizon (the figure docs/prediction.md reports).
void print_comparison(const std::vector<predict::ForecastScore>& scores) {
  auto mae = [&](const std::string& p, const std::string& q, const std::string& scope, double h) {
    for (const auto& s : scores)
      if (s.predictor == p && s.quantity == q && s.scope == scope && s.horizon_min == h)
        return s.errors.mae();
    return -1.0;
  };
  std::string learned = "ridge_rls";
  bool have =
      std::any_of(scores.begin(), scores.end(), [&](const auto& s) { return s.predictor == learned; });
  if (!have) return;
  fmt::print("\n{} MAE relative to the baselines (negative: better)\n", learned);
  for (const auto& s : scores) {
    if (s.predictor != learned) continue;
    double m = s.errors.mae(), p = mae("persistence", s.quantity, s.scope, s.horizon_min),
           h = mae("historical_average", s.quantity, s.scope, s.horizon_min);
    auto rel = [&](double base) {
      return base > 0 ? fmt::format("{:+.1f} %", 100.0 * (m / base - 1.0)) : std::string("-");
    };
    fmt::print("  {:<8} {:<5} {:>4g} min: vs persistence {:>9}, vs historical average {:>9}\n", s.quantity,
               s.scope, s.horizon_min, rel(p), rel(h));
  }
}

int forecast(const ForecastCliOptions& o) {
  ScenarioSpec spec = io::load_scenario_file(o.scenario);
  ScenarioOverrides ov;
  ov.controller = o.controller;
  ov.params = o.params;
  ov.end_s = o.end_s;
  ov.apply(spec);
  auto scenario = std::make_shared<const Scenario>(compile_scenario(spec));
  std::uint64_t seed = o.seed_given ? o.seed : scenario->seed;
  for (double h : o.horizons_min)
    if (!(h > 0 && h <= 240))
      throw InputError("", "--horizons", fmt::format("horizon {} min is not in (0, 240]", h));

  std::vector<std::string> names = split_list(o.predictors);
  if (names.empty())
    for (const auto& c : predict::predictor_catalog()) names.push_back(c.name);
  bool needs_model = false;
  for (const auto& n : names)
    for (const auto& c : predict::predictor_catalog())
      if (c.name == n && c.needs_model) needs_model = true;

  std::shared_ptr<const predict::PredictionModel> model;
  if (o.model) {
    auto m = std::make_shared<predict::PredictionModel>(predict::read_model_file(*o.model));
    predict::check_model_matches(*m, *scenario->network, scenario->name, *o.model);
    if (std::find(m->seeds.begin(), m->seeds.end(), seed) != m->seeds.end())
      fmt::print(stderr, "warning: seed {} is one of the model's training seeds: the scores are in-sample\n",
                 seed);
    model = std::move(m);
  } else if (needs_model) {
    std::vector<std::uint64_t> seeds = parse_seed_list(o.fit_seeds, "--fit-seeds");
    seeds.erase(std::remove(seeds.begin(), seeds.end(), seed), seeds.end());
    if (seeds.empty()) throw InputError("", "--fit-seeds", "no training seed other than the evaluation seed");
    if (!o.quiet)
      fmt::print("no --model: fitting one on {} runs (seeds {}) ...\n", seeds.size(), o.fit_seeds);
    model = std::make_shared<predict::PredictionModel>(
        fit_scenario_model(scenario, seeds, predict::FitOptions{}, o.quiet));
  }

  auto params = predictor_params(o.predictor_params);
  std::vector<std::unique_ptr<predict::Predictor>> predictors;
  for (const auto& n : names) {
    ParamMap pm = params.count(n) ? params[n] : ParamMap{};
    params.erase(n);
    predictors.push_back(predict::make_predictor(n, pm, *scenario, model, "--predictors"));
  }
  if (!params.empty())
    throw InputError("", "--predictor-param",
                     fmt::format("predictor '{}' is not among those evaluated", params.begin()->first));
  for (const auto& p : predictors)
    if (p->settings().bin_s != predictors[0]->settings().bin_s)
      throw InputError("", "--predictor-param", "all predictors must use the same bin_s");

  predict::EvaluationOptions eo;
  eo.horizons_min = o.horizons_min;
  eo.keep_series = o.series && !o.out.empty();
  eo.score_from_ms = scenario->begin_ms + scenario->warmup_ms;
  // The event window: from the first timed event until 15 minutes after the last one ends.
  if (!scenario->events.empty()) {
    eo.event_from_ms = scenario->events.front().at_ms;
    eo.event_to_ms = scenario->events.back().at_ms + 15 * 60 * kMsPerSecond;
  }
  predict::ForecastEvaluator evaluator(*scenario->network, std::move(predictors), eo);
  Simulation sim(scenario, make_controller(scenario->controller, *scenario), seed);
  sim.add_observer(&evaluator);
  auto t0 = std::chrono::steady_clock::now();
  sim.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<predict::ForecastScore> scores = evaluator.scores();

  if (!o.out.empty()) {
    std::string text = csv(scenario->name, seed, scores);
    io::create_folder_atomically(o.out, [&](const std::filesystem::path& dir) {
      io::write_file_atomically(dir / "forecast.csv", text);
      if (eo.keep_series)
        io::write_file_atomically(dir / "series.csv", series_csv(evaluator, eo, *scenario->network));
    });
  }
  if (!o.quiet) {
    fmt::print("{} | {} | seed {} | {} road lanes | bin {:g} s | scored after {:g} s | {:.1f} s\n",
               scenario->name, scenario->controller.type, seed, scenario->network->road_lane_count(),
               evaluator.predictors()[0]->settings().bin_s, ms_to_seconds(eo.score_from_ms), wall);
    if (model)
      fmt::print("model: {} seeds [{}], fitted on {}\n", model->seeds.size(),
                 fmt::format("{}", fmt::join(model->seeds, ",")), model->scenario);
    print_table(scores, o.horizons_min);
    print_comparison(scores);
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
  cmd->add_flag("--quiet,-q", o->quiet, "print nothing on success");
  cmd->callback([o, set_action] { set_action([o]() -> int { return forecast(*o); }); });
}

}  // namespace ampel::cli
