#pragma once
// One entry point for every scenario format: ampel JSON, SUMO (.sumocfg, .net.xml[.gz] + routes) and
// CityFlow (config.json, roadnet.json + flow.json), chosen by file name and content.
#include <optional>
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace ampel::io {

// Files that go with the one named: route files for a SUMO network, a flow file for a CityFlow roadnet.
struct LoadOptions {
  std::vector<std::string> route_files;  // SUMO .rou.xml[.gz]: for a .net.xml, or added to a .sumocfg's own
  std::optional<std::string> flow_file;  // CityFlow flow.json: for a roadnet.json, or instead of a config's
  // The simulated time, replacing the file's (SUMO: vehicles outside it are not loaded, as in SUMO). Other
  // formats get them from ScenarioOverrides after loading.
  std::optional<double> begin_s, end_s;
  // Run even when the import leaves out more than 1 % of the vehicles or a signal program (--allow-drop;
  // sim/io/import_losses.hpp).
  bool allow_drop = false;
};

// Throws InputError naming the file, the place and the reason, also when the import leaves out more than
// the options allow.
ScenarioSpec load_scenario_file(const std::string& path);
ScenarioSpec load_scenario_file(const std::string& path, const LoadOptions& options);

}  // namespace ampel::io
