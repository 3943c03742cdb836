#pragma once
// CityFlow scenarios into ScenarioSpec: config.json (naming roadnet and flow files), or a roadnet.json with
// an optional flow.json. CityFlow numbers lanes from the left; ampel from the right: indices are reversed
// here.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sim/spec.hpp"

namespace ampel::io {

bool is_cityflow_config(const nlohmann::json& root);
bool is_cityflow_roadnet(const nlohmann::json& root);

// Throws InputError with the file and the JSON path of the problem.
ScenarioSpec load_cityflow_config(const std::string& path, const std::optional<std::string>& flow_file = {});
ScenarioSpec load_cityflow_roadnet(const std::string& roadnet_file,
                                   const std::optional<std::string>& flow_file = {});

// The parts, for already parsed JSON (tests and fuzzing). `step_s` is CityFlow's interval.
void read_cityflow_roadnet(const nlohmann::json& root, const std::string& file, ScenarioSpec& spec);
void read_cityflow_flows(const nlohmann::json& root, const std::string& file, double step_s,
                         ScenarioSpec& spec);

}  // namespace ampel::io
