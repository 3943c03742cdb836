#pragma once
// ampel's scenario format: JSON with comments, documented field by field in scenarios/README.md.
#include <nlohmann/json.hpp>
#include <string>

#include "sim/spec.hpp"

namespace ampel::io {

using OrderedJson = nlohmann::ordered_json;

// Throws InputError listing every problem, each with its JSON path (or line and column for syntax errors).
ScenarioSpec load_scenario_json(const std::string& path);
ScenarioSpec scenario_from_json(const nlohmann::json& root, const std::string& file);

// The spec as a scenario file (reading it back gives the same spec).
OrderedJson scenario_to_json(const ScenarioSpec& spec);
OrderedJson controller_to_json(const ControllerSpec& controller);
OrderedJson params_to_json(const ParamMap& params);

}  // namespace ampel::io
