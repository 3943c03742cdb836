#pragma once
// Builds controllers by name and parameters (no static self-registration: the list is here, in one place).
#include <memory>
#include <string>
#include <vector>

#include "sim/controller.hpp"
#include "sim/scenario.hpp"
#include "sim/spec.hpp"

namespace ampel {

struct ControllerInfo {
  std::string name;
  std::string summary;
};

// Every strategy a scenario or the command line can name.
const std::vector<ControllerInfo>& controller_catalog();

// Throws InputError (naming `where`) for an unknown strategy or a bad parameter.
std::unique_ptr<Controller> make_controller(const ControllerSpec& spec, const Scenario& scenario);

}  // namespace ampel
