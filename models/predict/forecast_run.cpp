#include "models/predict/forecast_run.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <iterator>

#include "models/predict/registry.hpp"
#include "models/registry/registry.hpp"
#include "sim/error.hpp"
#include "sim/simulation.hpp"

namespace ampel::predict {

namespace {

std::vector<std::string> names_or_all(const std::vector<std::string>& names) {
  if (!names.empty()) return names;
  std::vector<std::string> all;
  for (const auto& c : predictor_catalog()) all.push_back(c.name);
  return all;
}

// Every scored forecast with its outcome: predicted versus actual per lane and bin.
std::string series_csv(const ForecastEvaluator& ev, const EvaluationOptions& eo, const Network& net) {
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

}  // namespace

bool needs_model(const std::vector<std::string>& predictors) {
  for (const auto& n : names_or_all(predictors))
    for (const auto& c : predictor_catalog())
      if (c.name == n && c.needs_model) return true;
  return false;
}

ForecastResult run_forecast(const ForecastRequest& req) {
  const Scenario& scenario = *req.scenario;
  for (double h : req.horizons_min)
    if (!(h > 0 && h <= 240))
      throw InputError("", "--horizons", fmt::format("horizon {} min is not in (0, 240]", h));
  std::vector<std::string> names = names_or_all(req.predictors);

  ForecastResult result;
  result.model = req.model;
  if (req.model) {
    const auto& seeds = req.model->seeds;
    result.in_sample = std::find(seeds.begin(), seeds.end(), req.seed) != seeds.end();
  } else if (needs_model(names)) {
    std::vector<std::uint64_t> seeds = req.fit_seeds;
    seeds.erase(std::remove(seeds.begin(), seeds.end(), req.seed), seeds.end());
    if (seeds.empty()) throw InputError("", "--fit-seeds", "no training seed other than the evaluation seed");
    result.model = std::make_shared<PredictionModel>(
        fit_scenario_model(req.scenario, seeds, FitOptions{}, req.fit_progress));
    result.model_fitted = true;
  }

  auto params = req.predictor_params;
  std::vector<std::unique_ptr<Predictor>> predictors;
  for (const auto& n : names) {
    ParamMap pm = params.count(n) ? params[n] : ParamMap{};
    params.erase(n);
    predictors.push_back(make_predictor(n, pm, scenario, result.model, "--predictors"));
  }
  if (!params.empty())
    throw InputError("", "--predictor-param",
                     fmt::format("predictor '{}' is not among those evaluated", params.begin()->first));
  for (const auto& p : predictors)
    if (p->settings().bin_s != predictors[0]->settings().bin_s)
      throw InputError("", "--predictor-param", "all predictors must use the same bin_s");
  result.bin_s = predictors[0]->settings().bin_s;

  EvaluationOptions eo;
  eo.horizons_min = req.horizons_min;
  eo.keep_series = req.keep_series;
  eo.score_from_ms = scenario.begin_ms + scenario.warmup_ms;
  // The event window: from the first timed event until 15 minutes after the last one ends.
  if (!scenario.events.empty()) {
    eo.event_from_ms = scenario.events.front().at_ms;
    eo.event_to_ms = scenario.events.back().at_ms + 15 * 60 * kMsPerSecond;
  }
  result.score_from_s = ms_to_seconds(eo.score_from_ms);
  ForecastEvaluator evaluator(*scenario.network, std::move(predictors), eo);
  Simulation sim(req.scenario, make_controller(scenario.controller, scenario), req.seed);
  sim.add_observer(&evaluator);
  auto t0 = std::chrono::steady_clock::now();
  sim.run();
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  result.scores = evaluator.scores();
  if (eo.keep_series) result.series_csv = series_csv(evaluator, eo, *scenario.network);
  return result;
}

std::string forecast_csv(const std::string& scenario, std::uint64_t seed,
                         const std::vector<ForecastScore>& scores) {
  std::string b = "scenario,seed,predictor,quantity,unit,scope,horizon_min,n,mae,rmse\n";
  for (const auto& s : scores)
    b += fmt::format("{},{},{},{},{},{},{},{},{:.4f},{:.4f}\n", scenario, seed, s.predictor, s.quantity,
                     s.quantity == "arrivals" ? "veh/h" : "veh", s.scope, s.horizon_min, s.errors.n,
                     s.errors.mae(), s.errors.rmse());
  return b;
}

std::string forecast_table(const std::vector<ForecastScore>& scores, const std::vector<double>& horizons) {
  fmt::memory_buffer b;
  auto out = std::back_inserter(b);
  for (const char* scope : {"all", "event"}) {
    bool any = std::any_of(scores.begin(), scores.end(), [&](const auto& s) { return s.scope == scope; });
    if (!any) continue;
    for (const char* quantity : {"arrivals", "queue"}) {
      bool arrivals = std::string(quantity) == "arrivals";
      fmt::format_to(out, "\n{} per road lane, {} ({}), MAE / RMSE\n", arrivals ? "arrivals" : "queue",
                     arrivals ? "veh/h" : "vehicles",
                     std::string(scope) == "all" ? "every scored bin" : "event window");
      fmt::format_to(out, "  {:<20}", "predictor");
      for (double h : horizons) fmt::format_to(out, " {:>17}", fmt::format("{:g} min", h));
      fmt::format_to(out, "\n");
      std::string last;
      for (const auto& s : scores) {
        if (s.scope != scope || s.quantity != quantity) continue;
        if (s.predictor != last) fmt::format_to(out, "{}  {:<20}", last.empty() ? "" : "\n", s.predictor);
        last = s.predictor;
        fmt::format_to(out, " {:>17}", fmt::format("{:.2f} / {:.2f}", s.errors.mae(), s.errors.rmse()));
      }
      fmt::format_to(out, "\n");
    }
  }
  return fmt::to_string(b);
}

// MAE of the learned model relative to both baselines, per horizon (the figure docs/prediction.md reports).
std::string forecast_comparison(const std::vector<ForecastScore>& scores) {
  auto mae = [&](const std::string& p, const std::string& q, const std::string& scope, double h) {
    for (const auto& s : scores)
      if (s.predictor == p && s.quantity == q && s.scope == scope && s.horizon_min == h)
        return s.errors.mae();
    return -1.0;
  };
  std::string learned = "ridge_rls";
  bool have =
      std::any_of(scores.begin(), scores.end(), [&](const auto& s) { return s.predictor == learned; });
  if (!have) return {};
  fmt::memory_buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out, "\n{} MAE relative to the baselines (negative: better)\n", learned);
  for (const auto& s : scores) {
    if (s.predictor != learned) continue;
    double m = s.errors.mae(), p = mae("persistence", s.quantity, s.scope, s.horizon_min),
           h = mae("historical_average", s.quantity, s.scope, s.horizon_min);
    auto rel = [&](double base) {
      return base > 0 ? fmt::format("{:+.1f} %", 100.0 * (m / base - 1.0)) : std::string("-");
    };
    fmt::format_to(out, "  {:<8} {:<5} {:>4g} min: vs persistence {:>9}, vs historical average {:>9}\n",
                   s.quantity, s.scope, s.horizon_min, rel(p), rel(h));
  }
  return fmt::to_string(b);
}

}  // namespace ampel::predict
