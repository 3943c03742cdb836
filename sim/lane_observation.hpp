#pragma once
// What a detector sees on one road lane: halting vehicles, the queue's length, the vehicles' speeds and
// lengths. The simulator observes every lane this way at the start of each step (stage 4, what controllers
// see); the Python module observes the current state the same way.
#include <algorithm>
#include <cstdint>

#include "sim/lane_queue.hpp"
#include "sim/queue_rule.hpp"
#include "sim/types.hpp"

namespace ampel {

struct LaneObservation {
  std::uint32_t halting = 0;  // vehicles at or below the halting speed
  std::uint32_t queue_veh = 0;  // the platoon at the stop line (sim/queue_rule.hpp)
  double queue_m = 0.0;         // stop line to the back of that platoon
  double speed_sum_mps = 0.0;
  double occupied_m = 0.0;  // sum of the vehicles' lengths, at most the lane's length
};

inline LaneObservation observe_lane(const LaneQueue& q, double length_m) {
  LaneObservation o;
  double occupied = 0.0;
  for (std::uint32_t i = 0; i < q.size(); ++i) {
    o.speed_sum_mps += q[i].speed_mps;
    occupied += q[i].length_m;
    if (q[i].speed_mps <= kHaltingSpeedMps) ++o.halting;
  }
  o.occupied_m = std::min(occupied, length_m);
  QueueExtent queue = measure_queue(q, length_m);  // the platoon at the stop line only
  o.queue_veh = queue.vehicles;
  o.queue_m = queue.length_m;
  return o;
}

}  // namespace ampel
