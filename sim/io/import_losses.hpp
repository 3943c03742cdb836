#pragma once
// What an import left out of a scenario's files, against what they hold, and the rule for how much may be
// left out before a command refuses to run (the user can accept it with --allow-drop).
#include <cstdint>
#include <string>

#include "sim/spec.hpp"

namespace ampel::io {

// More than this share of the files' vehicles left out is an error unless allowed; any signal program that
// does not run as the file defines it is too.
inline constexpr double kMaxDroppedVehicleShare = 0.01;

struct ImportLosses {
  double vehicles_in_files = 0;  // loaded (flows: their expected count in the simulated time) + dropped
  std::uint64_t dropped_vehicles = 0;
  std::uint32_t dropped_signals = 0;
  std::size_t notes = 0;
  double dropped_share() const { return vehicles_in_files > 0 ? dropped_vehicles / vehicles_in_files : 0.0; }
};

ImportLosses import_losses(const ScenarioSpec& spec);

// "import: 8776 vehicles in the files' simulated time, 12 left out (0.1 %), ..."; a shorter line when only
// notes; empty when the import left nothing out and noted nothing.
std::string import_summary(const ScenarioSpec& spec);

// Throws InputError naming `path` when the losses are above the limit and `allow` is false.
void refuse_losses(const ScenarioSpec& spec, const std::string& path, bool allow);

}  // namespace ampel::io
