#include "models/registry/registry.hpp"

#include <fmt/format.h>

#include "models/control/fixed_time.hpp"
#include "models/registry/params.hpp"
#include "sim/error.hpp"

namespace ampel {

const std::vector<ControllerInfo>& controller_catalog() {
  static const std::vector<ControllerInfo> catalog = {
      {"fixed_time", "the scenario's signal plans, cyclic, with their offsets"},
  };
  return catalog;
}

std::unique_ptr<Controller> make_controller(const ControllerSpec& spec, const Scenario& scenario) {
  ParamReader params(spec.params, "controller '" + spec.type + "'", scenario.source_file, spec.where);
  if (spec.type == "fixed_time") {
    params.finish();
    return std::make_unique<FixedTimeController>();
  }
  std::string known;
  for (const auto& c : controller_catalog()) known += (known.empty() ? "" : ", ") + c.name;
  throw InputError(scenario.source_file, spec.where,
                   fmt::format("unknown controller '{}'; known: {}", spec.type, known));
}

}  // namespace ampel
