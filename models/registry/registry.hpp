#pragma once
// Builds controllers by name and parameters (no static self-registration: the list is here, in one place).
#include <functional>
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

// Every strategy a scenario or the command line can name: the built-in ones, then those registered at run
// time, in registration order.
std::vector<ControllerInfo> controller_catalog();

// Throws InputError (naming `where`) for an unknown strategy or a bad parameter.
std::unique_ptr<Controller> make_controller(const ControllerSpec& spec, const Scenario& scenario);

// A strategy added at run time (the Python module registers Python controllers this way), built once per
// run from the scenario and the parameters the run names. Registration is thread-safe; the name of a
// built-in strategy is refused (std::invalid_argument), an existing registration is replaced.
using ControllerFactory =
    std::function<std::unique_ptr<Controller>(const Scenario& scenario, const ParamMap& params)>;
void register_controller(const ControllerInfo& info, ControllerFactory factory);
bool unregister_controller(const std::string& name);  // false if it was not registered

}  // namespace ampel
