#pragma once
// Scenarios for the viewer tests: the bundled single intersection, and small networks built in code.
#include <memory>
#include <string>

#include "sim/io/load.hpp"
#include "sim/scenario.hpp"

namespace ampel::viz::testing {

inline std::shared_ptr<const Scenario> single_scenario() {
  ScenarioSpec spec =
      io::load_scenario_file(std::string(AMPEL_SOURCE_DIR) + "/scenarios/single/scenario.json");
  return std::make_shared<const Scenario>(compile_scenario(spec));
}

}  // namespace ampel::viz::testing
