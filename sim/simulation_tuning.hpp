#pragma once
// Behavioural constants shared by the simulation's stages (one place, so the files agree).

#include <algorithm>
#include <limits>

#include "sim/types.hpp"

namespace ampel::tuning {

inline constexpr TimeMs kNever = std::numeric_limits<TimeMs>::max();
inline constexpr double kInf = std::numeric_limits<double>::infinity();
// Gap acceptance: a yielding driver needs this long before a priority vehicle reaches the conflict.
inline constexpr double kCriticalGapS = 4.0;
// A driver who must change lanes accepts tighter gaps this close to the end of the lane.
inline constexpr double kUrgentLaneChangeM = 60.0;
// When judging room on the exit lane, the last vehicle there is assumed to keep its speed this long (about
// the time to cross a junction): a moving queue makes room, a standing one does not.
inline constexpr double kRoomAnticipationS = 3.0;
// Strategic lane choice: a lane is good enough when the route goes on from it this far without another lane
// change (or as far as from the best lane, if that is less).
inline constexpr double kGoodReachM = 300.0;
inline double good_reach_m(double best_reach_m) {
  return std::min(best_reach_m, kGoodReachM) - 0.5;
}
inline constexpr TimeMs kWatchdogPeriodMs = 10 * kMsPerSecond;

}  // namespace ampel::tuning
