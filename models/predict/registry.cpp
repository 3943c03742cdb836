#include "models/predict/registry.hpp"

#include <fmt/format.h>
#include <cmath>

#include "models/predict/historical.hpp"
#include "models/predict/learned.hpp"
#include "models/predict/model.hpp"
#include "models/predict/persistence.hpp"
#include "models/predict/platoon.hpp"
#include "models/registry/params.hpp"
#include "sim/error.hpp"

namespace ampel::predict {

const std::vector<PredictorInfo>& predictor_catalog() {
  static const std::vector<PredictorInfo> catalog = {
      {"persistence", "every future bin equals the last observed one", false},
      {"historical_average", "mean of earlier runs at the same time of day (model file)", true},
      {"platoon", "vehicles already in the network projected along their routes, queue-aware", false},
      {"ridge", "ridge regression on lagged counts of the lane and its upstream neighbours (model file)",
       true},
      {"ridge_rls", "the ridge model updated online by recursive least squares with forgetting (model file)",
       true},
  };
  return catalog;
}

std::unique_ptr<Predictor> make_predictor(const std::string& name, const ParamMap& params,
                                          const Scenario& scenario,
                                          std::shared_ptr<const PredictionModel> model,
                                          const std::string& where) {
  const Network& net = *scenario.network;
  const PredictorInfo* info = nullptr;
  for (const auto& c : predictor_catalog())
    if (c.name == name) info = &c;
  if (!info) {
    std::string known;
    for (const auto& c : predictor_catalog()) known += (known.empty() ? "" : ", ") + c.name;
    throw InputError(scenario.source_file, where,
                     fmt::format("unknown predictor '{}'; known: {}", name, known));
  }
  ParamReader p(params, "predictor '" + name + "'", scenario.source_file, where);
  std::string model_path = info->needs_model ? p.text("model", "") : "";
  if (info->needs_model && !model && model_path.empty())
    throw InputError(
        scenario.source_file, where,
        fmt::format("predictor '{}' needs a fitted model: give its file (model=FILE, written by `ampel "
                    "fit`)",
                    name));
  if (info->needs_model && !model_path.empty()) {
    auto loaded = std::make_shared<PredictionModel>(read_model_file(model_path));
    check_model_matches(*loaded, net, scenario.name, model_path);
    model = std::move(loaded);
  } else if (model) {
    check_model_matches(*model, net, scenario.name, where);
  }
  PredictorSettings settings;
  double default_bin_s = info->needs_model ? model->bin_s : 60.0;
  settings.bin_s = p.number("bin_s", default_bin_s, 5.0, 3600.0);
  double horizon_s = p.number("horizon_s", 900.0, 1.0, 4.0 * 3600.0);
  // One more bin than the horizon needs, so the longest horizon is covered from anywhere inside a bin.
  settings.horizon_bins = static_cast<int>(std::ceil(horizon_s / settings.bin_s - 1e-9)) + 1;
  if (info->needs_model && std::abs(settings.bin_s - model->bin_s) > 1e-9)
    throw InputError(scenario.source_file, where,
                     fmt::format("predictor '{}': bin_s {} differs from the model's {} s", name,
                                 settings.bin_s, model->bin_s));
  if (name == "persistence") {
    p.finish();
    return std::make_unique<PersistencePredictor>(net, settings);
  }
  if (name == "historical_average") {
    p.finish();
    return std::make_unique<HistoricalAveragePredictor>(net, settings, model);
  }
  if (name == "platoon") {
    PlatoonSettings ps;
    ps.queue_aware = p.choice("mode", "queue_aware", {"queue_aware", "free_flow"}) == "queue_aware";
    ps.saturation_headway_s = p.number("saturation_headway_s", 2.0, 0.5, 10.0);
    p.finish();
    return std::make_unique<PlatoonPredictor>(net, settings, ps);
  }
  // ridge, ridge_rls
  if (!model->has_ridge())
    throw InputError(
        scenario.source_file, where,
        fmt::format("predictor '{}': the model holds no ridge coefficients (fitted with --profile-only)",
                    name));
  LearnedSettings ls;
  ls.max_abs_z = p.number("max_abs_z", model->max_abs_z, 0.1, 1e6);
  if (name == "ridge_rls") {
    ls.adapt = p.choice("adapt", "correction", {"correction", "coefficients"}) == "correction"
                   ? Adaptation::correction
                   : Adaptation::coefficients;
    ls.forgetting = p.number("forgetting", ls.adapt == Adaptation::correction ? 0.9 : 0.98, 0.5, 1.0);
    ls.prior_samples = p.number("prior_samples", ls.adapt == Adaptation::correction ? 5.0 : 50.0, 0.0, 1e6);
    ls.max_trace_factor = p.number("max_trace_factor", 1e3, 1.0, 1e12);
    if (ls.adapt == Adaptation::correction)
      ls.correct_queue = p.number("correct_queue", 0.0, 0.0, 1.0) != 0.0;
  }
  p.finish();
  return std::make_unique<LearnedPredictor>(net, settings, model, ls);
}

}  // namespace ampel::predict
