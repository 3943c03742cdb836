#pragma once
// Basic value types shared by the whole simulator.
#include <cstdint>
#include <limits>

namespace ampel {

// Simulation time in integer milliseconds: exact, so runs are reproducible whatever dt is.
using TimeMs = std::int64_t;

inline constexpr TimeMs kMsPerSecond = 1000;
// Rounds to the nearest ms; saturates (a NaN gives 0) so that no input can overflow the conversion.
inline constexpr TimeMs seconds_to_ms(double s) {
  constexpr double kLimit = 9.0e15;  // ms, well inside int64 and exact in a double
  double ms = s * 1000.0;
  if (!(ms == ms)) return 0;
  if (ms >= kLimit) return static_cast<TimeMs>(kLimit);
  if (ms <= -kLimit) return -static_cast<TimeMs>(kLimit);
  return static_cast<TimeMs>(ms + (ms >= 0 ? 0.5 : -0.5));
}
inline constexpr double ms_to_seconds(TimeMs t) {
  return static_cast<double>(t) / 1000.0;
}

// Dense indices into the network's flat arrays.
using NodeId = std::uint32_t;
using RoadId = std::uint32_t;
using LaneId = std::uint32_t;
using LinkId = std::uint32_t;
using MovementId = std::uint32_t;
using SignalId = std::uint32_t;
using RouteId = std::uint32_t;
using VehicleId = std::uint32_t;  // slot in SimState::vehicles, reused after arrival
using TypeId = std::uint16_t;

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// A vehicle is halting (waiting) at or below this speed; SUMO uses the same threshold.
inline constexpr double kHaltingSpeedMps = 0.1;

struct Point {
  double x = 0.0;  // metres
  double y = 0.0;  // metres
};

}  // namespace ampel
