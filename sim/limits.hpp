#pragma once
// The documented range of every number a scenario may hold and the largest scenario ampel accepts, checked
// before any work starts (scenarios/README.md, "Limits"). The ranges are wide enough for any real city and
// tight enough that no arithmetic overflows and no run grows without bound.
#include <cstddef>
#include <cstdint>

namespace ampel::limits {

// Seeds are written to JSON and CSV, which many readers take as signed 64-bit numbers.
inline constexpr std::uint64_t kMaxSeed = (std::uint64_t{1} << 63) - 1;
// Time.
inline constexpr double kMaxRunS = 30 * 86400.0;    // end - begin: 30 days
inline constexpr double kMaxTimeS = 366 * 86400.0;  // any time of day or date offset (begin, departures)
inline constexpr double kMaxPhaseS = 86400.0;       // one signal phase, green limit, yellow, offset
// Geometry and speeds.
inline constexpr double kMaxCoordinateM = 1e7;   // |x|, |y| of nodes and shapes
inline constexpr double kMaxLengthM = 100000.0;  // one road or lane
inline constexpr double kMaxSpeedMps = 100.0;    // speed limits, vehicle speeds (360 km/h)
inline constexpr double kMaxLaneWidthM = 20.0;
inline constexpr int kMaxLanesPerRoad = 16;
inline constexpr std::size_t kMaxShapePoints = 100000;  // one polyline
// Vehicle types.
inline constexpr double kMaxVehicleLengthM = 100.0;
inline constexpr double kMaxGapM = 100.0;
inline constexpr double kMaxAccelMps2 = 50.0;
inline constexpr double kMaxHeadwayS = 100.0;
inline constexpr double kMaxSpeedFactor = 10.0;
// Demand.
inline constexpr double kMaxRateVph = 20000.0;  // more than any road can carry
inline constexpr double kMaxDemandFactor = 100.0;
// Sizes: a whole city is a few hundred thousand roads; these bound memory before it is spent.
inline constexpr std::size_t kMaxNodes = 1000000;
inline constexpr std::size_t kMaxRoads = 2000000;
inline constexpr std::size_t kMaxConnections = 8000000;
inline constexpr std::size_t kMaxSignals = 200000;
inline constexpr std::size_t kMaxPhases = 1000;  // per signal
inline constexpr std::size_t kMaxFlows = 1000000;
inline constexpr std::size_t kMaxVehicles = 10000000;       // listed vehicles
inline constexpr double kMaxExpectedVehicles = 10000000.0;  // listed + expected from every flow
inline constexpr std::size_t kMaxEvents = 100000;
inline constexpr std::size_t kMaxVehicleTypes = 10000;

}  // namespace ampel::limits
