#pragma once
// Intergreens for signal programs written without them. CityFlow roadnets switch from one phase to the next
// at once (a short right-turn-only or empty phase, once per cycle, stands in for a clearance); on the street
// every change that takes a stream's green away runs an amber and an all-red first. A signal engineer
// converting such a file keeps the file's phases as the stages and inserts the intergreens:
//   amber 3 s (ITE: 1 s reaction + v / (2 x 3.05 m/s2) gives 2.8 s at 40 km/h);
//   all-red (W + L) / v (ITE 2020; RiLSA's clearing time has the same form): W the longest junction path
//   among the links that lose green (stop line to the exit lane), L a 6 m vehicle, v their approach speed
//   limit; rounded up to whole seconds, within 1-6 s.
// The clearance-only phases of such a file (no green, or only links green in every other phase: the CityFlow
// right-turn phase) are then not stages: the intergreens take their place.
#include <string>
#include <vector>

#include "sim/network.hpp"
#include "sim/spec.hpp"

namespace ampel {

inline constexpr double kInsertedAmberS = 3.0;
inline constexpr double kClearingVehicleLengthM = 6.0;
inline constexpr double kMinInsertedAllRedS = 1.0;
inline constexpr double kMaxInsertedAllRedS = 6.0;

// True when the signal has no default clearance and its program, read cyclically, goes from a green phase
// straight to another green phase in which one of its streams is red (no amber, no all-red phase between).
bool lacks_intergreen(const std::vector<SignalPhaseSpec>& phases, const SignalSpec& signal);

// The phases without those that release nothing, or only links green in every phase that releases anything
// (kept all when that would leave none).
std::vector<SignalPhaseSpec> without_clearance_phases(const std::vector<SignalPhaseSpec>& phases);

// All-red (s) that clears signal links `indices` of `signal` (ITE (W + L) / v, whole seconds, 1-6 s).
double clearing_all_red_s(const Network& net, const Signal& signal,
                          const std::vector<std::uint32_t>& indices);

// Gives every stage of `signal` that takes a stream's green away (to any other stage) the amber and the
// all-red that clears those streams; the signal's defaults become the amber and the longest all-red.
void insert_intergreens(const Network& net, Signal& signal);

// One line for the run's notes, or empty when no signal got intergreens inserted.
std::string intergreen_note(const Network& net);

}  // namespace ampel
