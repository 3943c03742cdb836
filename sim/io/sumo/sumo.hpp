#pragma once
// SUMO scenarios into ScenarioSpec: a .sumocfg, or a .net.xml[.gz] with route and additional files.
// Road motor vehicles of every class are kept (lane permissions per class); bicycles, pedestrians and rail
// are left out. Everything left out is named in ScenarioSpec::notes, and vehicles that will never run are
// counted in ScenarioSpec::dropped_vehicles.
#include <optional>
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace ampel::io {

struct SumoInputs {
  std::string net_file;
  std::vector<std::string> route_files;          // .rou.xml[.gz]: vType, route, vehicle, trip, flow
  std::vector<std::string> additional_files;     // tlLogic (and vTypes/routes); the rest is noted as ignored
  std::optional<double> begin_s, end_s, step_s;  // unset end: the run follows the demand
  std::optional<std::uint64_t> seed;
  std::string source_file;  // what the user named (the .sumocfg or the net); empty: the net file
};

// Throws InputError (file, "line N", reason) for bad input.
ScenarioSpec load_sumo(const SumoInputs& inputs);

// Reads a .sumocfg (paths relative to it); `extra_route_files` are loaded after the configured ones.
SumoInputs read_sumocfg(const std::string& path);

// In memory (fuzzing and tests): the texts stand for a net file and route files of these names.
ScenarioSpec load_sumo_texts(const std::string& net_text, const std::vector<std::string>& route_texts);

// Everything SUMO would load from a .sumocfg, plus extra route files; begin_s / end_s replace the
// configuration's times (the command line's --begin / --end).
ScenarioSpec load_sumocfg(const std::string& path, const std::vector<std::string>& extra_route_files = {},
                          std::optional<double> begin_s = std::nullopt,
                          std::optional<double> end_s = std::nullopt);

}  // namespace ampel::io
