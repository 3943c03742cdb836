#pragma once
// The queue at a stop line (docs/metrics.md), as SUMO's lane area detectors find a jam: walking back from
// the stop line, a vehicle at or below 5 km/h is in the queue (crawling up counts), and a gap of more than
// 10 m to the vehicle ahead (or, for the first, to the stop line) ends it. Vehicles pulling away at the head
// of the queue (a discharge at the start of green) are not counted but keep it anchored to the stop line.
#include <algorithm>
#include <cstdint>

#include "sim/lane_queue.hpp"

namespace ampel {

inline constexpr double kQueueSpeedMps = 5.0 / 3.6;
inline constexpr double kQueueGapM = 10.0;

struct QueueExtent {
  std::uint32_t vehicles = 0;
  double length_m = 0.0;  // stop line to the back of the queue's last vehicle
};

inline QueueExtent measure_queue(const LaneQueue& q, double lane_m) {
  QueueExtent out;
  double edge_m = lane_m;  // how far back the platoon reaches: the stop line, then each vehicle's back
  for (std::uint32_t i = 0; i < q.size(); ++i) {
    const LaneVehicle& v = q[i];
    bool slow = v.speed_mps <= kQueueSpeedMps;
    if (edge_m - v.pos_m > kQueueGapM || (!slow && out.vehicles > 0)) break;
    edge_m = v.pos_m - v.length_m;
    if (slow) {
      ++out.vehicles;
      out.length_m = std::clamp(lane_m - edge_m, 0.0, lane_m);
    }
  }
  return out;
}

}  // namespace ampel
