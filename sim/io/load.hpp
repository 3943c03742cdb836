#pragma once
// One entry point for every scenario format: ampel JSON, SUMO (.sumocfg, .net.xml[.gz] + routes) and
// CityFlow (config.json, roadnet.json + flow.json), chosen by file name and content.
#include <string>

#include "sim/spec.hpp"

namespace ampel::io {

// Throws InputError naming the file, the place and the reason.
ScenarioSpec load_scenario_file(const std::string& path);

}  // namespace ampel::io
