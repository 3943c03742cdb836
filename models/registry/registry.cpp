#include "models/registry/registry.hpp"

#include <fmt/format.h>

#include "models/control/fixed_time.hpp"
#include "sim/error.hpp"

namespace ampel {

const std::vector<ControllerInfo>& controller_catalog() {
  static const std::vector<ControllerInfo> catalog = {
      {"fixed_time", "the scenario's signal plans, cyclic, with their offsets"},
  };
  return catalog;
}

std::unique_ptr<Controller> make_controller(const ControllerSpec& spec, const Scenario& scenario) {
  auto reject_params = [&](const char* name) {
    for (const auto& [key, value] : spec.params)
      throw InputError(scenario.source_file, spec.where,
                       fmt::format("controller '{}' has no parameter '{}'", name, key));
  };
  if (spec.type == "fixed_time") {
    reject_params("fixed_time");
    return std::make_unique<FixedTimeController>();
  }
  std::string known;
  for (const auto& c : controller_catalog()) known += (known.empty() ? "" : ", ") + c.name;
  throw InputError(scenario.source_file, spec.where,
                   fmt::format("unknown controller '{}'; known: {}", spec.type, known));
}

}  // namespace ampel
