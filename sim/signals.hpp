#pragma once
// The signal state machine: the one place where minimum green, maximum green, yellow and all-red are
// enforced, whatever the controller proposes.
#include <span>

#include "sim/controller.hpp"
#include "sim/network.hpp"
#include "sim/state.hpp"

namespace ampel {

// Yellow and all-red (ms) used when `signal` leaves stage `from` for stage `to`: the plan's clearance, the
// signal's defaults if the plan has none for this stage, nothing if no stream loses its green.
struct Clearance {
  TimeMs yellow_ms = 0;
  TimeMs all_red_ms = 0;
};
Clearance clearance_between(const Signal& signal, std::uint16_t from, std::uint16_t to);

// Puts every signal at its starting point and writes the link states.
void initialize_signals(const Network& net, std::span<const SignalStart> starts, TimeMs now_ms,
                        SimState& state);

// Ends clearances whose time is up, then (when `decisions` is not empty) applies the controller's
// proposals within the limits, forcing a switch at maximum green. Records every change in state.events.
void update_signals(const Network& net, TimeMs now_ms, std::span<const SignalDecision> decisions,
                    SimState& state);

// The state a signal link shows for a signal in the given state.
char link_state(const Signal& signal, const SignalState& s, std::uint32_t link_index);

const char* interval_name(SignalInterval i);

}  // namespace ampel
