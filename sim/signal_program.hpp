#pragma once
// Turns a signal program (SUMO-style phases, possibly with explicit yellow and all-red phases) into stages:
// the green states a controller chooses between, each with the clearance times used when leaving it.
#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/spec.hpp"

namespace ampel {

// Empty result (and *reason set) if the program has no green phase.
std::vector<SignalStage> derive_stages(const std::vector<SignalPhaseSpec>& phases, const SignalSpec& signal,
                                       std::string* reason);

inline bool is_green(char c) {
  return c == 'G' || c == 'g' || c == 'o' || c == 'O' || c == 's';
}

// True if a link green in state `from` is not green in `to` (the change needs a clearance).
bool loses_green(const std::string& from, const std::string& to);

}  // namespace ampel
