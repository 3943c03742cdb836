#include "models/predict/registry.hpp"

#include <fmt/format.h>
#include <cmath>

#include "models/predict/persistence.hpp"
#include "models/registry/params.hpp"
#include "sim/error.hpp"

namespace ampel::predict {

const std::vector<PredictorInfo>& predictor_catalog() {
  static const std::vector<PredictorInfo> catalog = {
      {"persistence", "every future bin equals the last observed one", false},
  };
  return catalog;
}

std::unique_ptr<Predictor> make_predictor(const std::string& name, const ParamMap& params,
                                          const Scenario& scenario,
                                          std::shared_ptr<const PredictionModel> model,
                                          const std::string& where) {
  (void)model;
  ParamReader p(params, "predictor '" + name + "'", scenario.source_file, where);
  PredictorSettings settings;
  settings.bin_s = p.number("bin_s", 60.0, 5.0, 3600.0);
  double horizon_s = p.number("horizon_s", 900.0, 1.0, 4.0 * 3600.0);
  // One more bin than the horizon needs, so the longest horizon is covered from anywhere inside a bin.
  settings.horizon_bins = static_cast<int>(std::ceil(horizon_s / settings.bin_s - 1e-9)) + 1;
  const Network& net = *scenario.network;
  if (name == "persistence") {
    p.finish();
    return std::make_unique<PersistencePredictor>(net, settings);
  }
  std::string known;
  for (const auto& c : predictor_catalog()) known += (known.empty() ? "" : ", ") + c.name;
  throw InputError(scenario.source_file, where,
                   fmt::format("unknown predictor '{}'; known: {}", name, known));
}

}  // namespace ampel::predict
