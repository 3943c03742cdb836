#include "sim/io/load.hpp"

#include "sim/io/json_reader.hpp"
#include "sim/io/scenario_json.hpp"

namespace ampel::io {

ScenarioSpec load_scenario_file(const std::string& path) {
  return load_scenario_json(path);
}

}  // namespace ampel::io
